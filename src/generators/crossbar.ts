/**
 * Crossbar netlist generator (Bisquert, Adv. Phys. Res. 2024, Fig 3b): an N x M array with one device at every crossing
 * of a row wire and a column wire. Row voltages in, column currents out: with ideal wires and virtual-ground
 * columns, I_j = sum_i G_ij V_i.
 *
 * Topology and names (rows i = 1..N, columns j = 1..M, 1-based):
 *
 *   row driver   V `vr<i>` from `r<i>` to ground (DC / SIN / PULSE, optional AC)
 *   row wire     with resistance: `r<i>` -R- `r<i>_c1` -R- `r<i>_c2` ... `r<i>_c<M>` (M segments `rr<i>_<j>`)
 *   column wire  with resistance: `c<j>_r1` -R- `c<j>_r2` ... `c<j>_r<N>` -R- `c<j>` (N segments `rc<j>_<i>`)
 *   device       between `r<i>_c<j>` (n+) and `c<j>_r<i>` (n-): named `m<i>_<j>`
 *   column end   `c<j>` to ground through a sense resistor `rs<j>`, or a 0 V source `vc<j>` (virtual ground)
 *                whose current i(vc<j>) is the column current (flowing out of the array into ground)
 *
 * A wire resistance of 0 means ideal wires: no segment resistors, every crossing of row i sits on node `r<i>`
 * and every crossing of column j on node `c<j>`. Device current flows from the row (n+) to the column (n-).
 *
 * The generated text is an ordinary memspice netlist (docs/netlist.md); `scripts/crossbar.ts` is the CLI.
 */

/** What sits at each crossing. */
export type CrossbarCell =
  /** `Y<type> m<i>_<j> row col [model] [params]`; params without model go into a generated `.model`. */
  | { kind: 'device'; type: string; model?: string; params?: Record<string, number | string> }
  /**
   * `Xm<i>_<j> row col <name> [params]`: a two-port subcircuit (defined in `preamble` or an `.include`);
   * with `wordLines`, a three-port one `Xm<i>_<j> row col w<i> <name>` (the gate of a 1T1R cell).
   */
  | { kind: 'subckt'; name: string; params?: Record<string, number | string> }
  /** `Rm<i>_<j> row col <value>`: a linear resistor (tests, IR-drop studies). */
  | { kind: 'resistor'; value: number };

/** Transient waveform of one row driver (SPICE conventions, see docs/netlist.md "Sources"). */
export type RowDriver =
  | { kind: 'dc'; value: number }
  | { kind: 'sin'; offset?: number; amplitude: number; freq: number; delay?: number; damping?: number; phaseDeg?: number; dc?: number }
  | { kind: 'pulse'; v1: number; v2: number; delay: number; rise: number; fall: number; width: number; period: number; dc?: number }
  | { kind: 'pwl'; points: Array<[number, number]>; dc?: number };

export type ColumnSense = { kind: 'virtual-ground' } | { kind: 'resistor'; value: number };

export interface CrossbarOptions {
  rows: number;
  cols: number;
  cell: CrossbarCell;
  /**
   * Instance parameters per crossing (1-based row, col), e.g. a conductance map; they override the cell's parameters.
   * For a resistor cell, `value` is the resistance of that crossing.
   */
  cellParams?: (row: number, col: number) => Record<string, number | string> | undefined;
  /** One driver for every row, one per row (length rows), or a function of the 1-based row. Default DC 0. */
  drivers?: RowDriver | RowDriver[] | ((row: number) => RowDriver);
  /** AC magnitude on the row sources (a number for all rows, or per row; 0 / absent: no AC). */
  ac?: number | number[];
  /**
   * Word lines (1T1R arrays): a DC source `vw<i>` from node `w<i>` to ground per row (one value for every
   * row, or one per row), wired to the third port of every subcircuit cell of row i. Subcircuit cells only.
   */
  wordLines?: number | number[];
  /** Resistance of one row-wire segment (0 = ideal). */
  rowWireR?: number;
  /** Resistance of one column-wire segment (0 = ideal). */
  colWireR?: number;
  /** Column termination; default virtual ground. */
  sense?: ColumnSense;
  title?: string;
  /** Lines after the header and before the array: `.include`, `.model`, `.subckt` definitions, `.param`. */
  preamble?: string[];
  /** Analysis and other control lines appended after the array (`.op`, `.tran 1m 2`, `.ac dec 10 1 1k`). */
  analyses?: string[];
  /** `.options` entries. */
  options?: Record<string, number | string>;
  /**
   * What to output: 'columns' (default) probes the column currents only (virtual ground: i(vc<j>); sense
   * resistors: v(c<j>) and i(rs<j>)); 'all' writes no .probe (every node, current and state); or explicit signals.
   */
  probe?: 'columns' | 'all' | string[];
  /** Comment lines explaining each block (readable netlists); default true below 64 devices, false above. */
  comments?: boolean;
  /** Extra header comment lines (e.g. how the file was generated). */
  headerNotes?: string[];
}

/** Node of row i at crossing j (1-based). */
export function rowNode(i: number, j: number, rowWireR: number): string {
  return rowWireR === 0 ? `r${i}` : `r${i}_c${j}`;
}

/** Node of column j at crossing i (1-based). */
export function colNode(j: number, i: number, colWireR: number): string {
  return colWireR === 0 ? `c${j}` : `c${j}_r${i}`;
}

/** Name of the device at crossing (i, j) as the simulator reports it (lower case). */
export function cellName(cell: CrossbarCell, i: number, j: number): string {
  const base = `m${i}_${j}`;
  return cell.kind === 'device' ? base : cell.kind === 'subckt' ? `x${base}` : `r${base}`;
}

/** The signal giving the current of column j, out of the array, for a sense choice. */
export function columnCurrentSignal(j: number, sense: ColumnSense = { kind: 'virtual-ground' }): string {
  return sense.kind === 'virtual-ground' ? `i(vc${j})` : `i(rs${j})`;
}

/** A number as netlist text: shortest round-trip form (exact). */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`crossbar: non-finite value ${x}`);
  return String(x);
}

function value(v: number | string): string {
  return typeof v === 'number' ? num(v) : v;
}

function paramText(params: Record<string, number | string> | undefined): string {
  if (!params) return '';
  return Object.entries(params)
    .map(([k, v]) => `${k}=${value(v)}`)
    .join(' ');
}

/** The source specification of a row driver (what follows the nodes on a V line). */
export function driverSpec(d: RowDriver, acMag: number): string {
  const parts: string[] = [];
  switch (d.kind) {
    case 'dc':
      parts.push(`DC ${num(d.value)}`);
      break;
    case 'sin':
      if (d.dc !== undefined) parts.push(`DC ${num(d.dc)}`);
      break;
    case 'pulse':
    case 'pwl':
      if (d.dc !== undefined) parts.push(`DC ${num(d.dc)}`);
      break;
  }
  if (acMag !== 0) parts.push(`AC ${num(acMag)}`);
  switch (d.kind) {
    case 'dc':
      break;
    case 'sin':
      parts.push(
        `SIN(${[d.offset ?? 0, d.amplitude, d.freq, d.delay ?? 0, d.damping ?? 0, d.phaseDeg ?? 0].map(num).join(' ')})`,
      );
      break;
    case 'pulse':
      parts.push(`PULSE(${[d.v1, d.v2, d.delay, d.rise, d.fall, d.width, d.period].map(num).join(' ')})`);
      break;
    case 'pwl':
      parts.push(`PWL(${d.points.map(([t, v]) => `${num(t)} ${num(v)}`).join(' ')})`);
      break;
  }
  return parts.join(' ');
}

function driverOf(o: CrossbarOptions, i: number): RowDriver {
  const d = o.drivers;
  if (d === undefined) return { kind: 'dc', value: 0 };
  if (typeof d === 'function') return d(i);
  if (Array.isArray(d)) {
    if (d.length !== o.rows) throw new Error(`crossbar: ${d.length} drivers for ${o.rows} rows`);
    return d[i - 1];
  }
  return d;
}

function acOf(o: CrossbarOptions, i: number): number {
  if (o.ac === undefined) return 0;
  if (typeof o.ac === 'number') return o.ac;
  if (o.ac.length !== o.rows) throw new Error(`crossbar: ${o.ac.length} AC magnitudes for ${o.rows} rows`);
  return o.ac[i - 1];
}

function describeDriver(d: RowDriver): string {
  const dc = d.kind !== 'dc' && d.dc !== undefined ? `, DC ${num(d.dc)} V` : '';
  switch (d.kind) {
    case 'dc':
      return `DC ${num(d.value)} V`;
    case 'sin':
      return `SIN ${num(d.amplitude)} V ${num(d.freq)} Hz${d.offset ? ` offset ${num(d.offset)} V` : ''}${d.phaseDeg ? ` phase ${num(d.phaseDeg)} deg` : ''}${dc}`;
    case 'pulse':
      return `PULSE ${num(d.v1)} -> ${num(d.v2)} V, delay ${num(d.delay)} s, width ${num(d.width)} s, period ${num(d.period)} s${dc}`;
    case 'pwl':
      return `PWL (${d.points.length} points)${dc}`;
  }
}

/** One header line about the row drivers: all alike, or the first two and the last. */
function describeDrivers(o: CrossbarOptions): string {
  const texts = Array.from({ length: o.rows }, (_, k) => describeDriver(driverOf(o, k + 1)));
  const ac = o.ac === undefined ? '' : typeof o.ac === 'number' ? `; AC ${num(o.ac)} on every row` : '; AC per row';
  if (texts.every((t) => t === texts[0])) return `every row ${texts[0]}${ac}`;
  const shown = o.rows <= 3 ? texts.map((t, k) => `row ${k + 1} ${t}`) : [`row 1 ${texts[0]}`, `row 2 ${texts[1]}`, '...', `row ${o.rows} ${texts[o.rows - 1]}`];
  return shown.join('; ') + ac;
}

const CELL_MODEL = 'xbcell';

/**
 * Selector cells as subcircuit definitions, for `cell: { kind: 'subckt', name }` with their lines in the
 * preamble: a diode selector in series with a MEMDIODE (1D1R: row -> diode -> memristor -> column), and a
 * MEMDIODE whose column end goes through an NMOS access transistor with its gate on the word line (1T1R:
 * row -> memristor -> drain, source -> column, bulk grounded). Subcircuit parameters: the memristor's
 * conductances gL, gH and initial state x0; the transistor's W and L.
 */
export const SELECTOR_CELLS: Readonly<Record<'cell1d1r' | 'cell1t1r', readonly string[]>> = {
  cell1d1r: [
    '.subckt cell1d1r row col gL=1e-5 gH=1e-4 x0=0.5',
    'Dsel row mid dsel',
    'YMEMDIODE mem mid col gL={gL} gH={gH} x0={x0}',
    '.model dsel D(IS=1e-14 N=1 RS=10 BV=5 IBV=1u)',
    '.ends',
  ],
  cell1t1r: [
    '.subckt cell1t1r row col wl gL=1e-5 gH=1e-4 x0=0.5 W=1u L=0.2u',
    'YMEMDIODE mem row mid gL={gL} gH={gH} x0={x0}',
    'Macc mid wl col 0 nacc W={W} L={L}',
    '.model nacc NMOS(VTO=0.5 KP=200u LAMBDA=0.02)',
    '.ends',
  ],
};

/** The crossbar netlist text. */
export function crossbarNetlist(o: CrossbarOptions): string {
  const N = o.rows;
  const M = o.cols;
  if (!Number.isInteger(N) || !Number.isInteger(M) || N < 1 || M < 1) throw new Error(`crossbar: rows and cols must be positive integers (got ${N} x ${M})`);
  const rw = o.rowWireR ?? 0;
  const cw = o.colWireR ?? 0;
  if (!(rw >= 0) || !(cw >= 0)) throw new Error('crossbar: wire resistances must be >= 0');
  const sense = o.sense ?? { kind: 'virtual-ground' };
  if (sense.kind === 'resistor' && !(sense.value > 0)) throw new Error('crossbar: sense resistance must be > 0');
  const comments = o.comments ?? N * M < 64;
  const cell = o.cell;
  const wordLines = o.wordLines;
  if (wordLines !== undefined) {
    if (cell.kind !== 'subckt') throw new Error('crossbar: word lines need a three-port subcircuit cell');
    if (Array.isArray(wordLines) && wordLines.length !== N) throw new Error(`crossbar: ${wordLines.length} word-line voltages for ${N} rows`);
  }
  const wordLineOf = (i: number): number => (wordLines === undefined ? 0 : Array.isArray(wordLines) ? wordLines[i - 1] : wordLines);
  const out: string[] = [];
  const c = (line: string): void => {
    if (comments) out.push(line);
  };

  // Header.
  out.push(o.title ?? `${N}x${M} crossbar`);
  const cellText =
    cell.kind === 'device'
      ? `Y${cell.type.toUpperCase()}${cell.model ? ` model ${cell.model}` : ''}${cell.params ? ` (${paramText(cell.params)})` : ''}`
      : cell.kind === 'subckt'
        ? `subcircuit ${cell.name}${cell.params ? ` (${paramText(cell.params)})` : ''}`
        : `resistor ${num(cell.value)} Ohm`;
  out.push(`* Crossbar: ${N} rows x ${M} columns = ${N * M} devices, one at each crossing: ${cellText}${o.cellParams ? ', per-device parameters' : ''}.`);
  out.push(`* Rows: source vr<i> drives node r<i>: ${describeDrivers(o)}.`);
  out.push(
    `* Wires: ${rw === 0 ? 'ideal rows (devices of row i on node r<i>)' : `row segments of ${num(rw)} Ohm (r<i> -> r<i>_c1 -> ... -> r<i>_c<M>)`}; ` +
      `${cw === 0 ? 'ideal columns (devices of column j on node c<j>)' : `column segments of ${num(cw)} Ohm (c<j>_r1 -> ... -> c<j>_r<N> -> c<j>)`}.`,
  );
  out.push(`* Device m<i>_<j> from its row node (n+) to its column node (n-); current flows from row to column.`);
  out.push(
    sense.kind === 'virtual-ground'
      ? `* Columns: virtual ground, 0 V source vc<j> from c<j> to 0; i(vc<j>) is the current of column j out of the array.`
      : `* Columns: sense resistor rs<j> of ${num(sense.value)} Ohm from c<j> to 0; i(rs<j>) is the column current.`,
  );
  if (wordLines !== undefined) out.push(`* Word lines: source vw<i> drives node w<i>, the third port of every cell of row i.`);
  for (const note of o.headerNotes ?? []) out.push(`* ${note}`);
  out.push('');

  for (const line of o.preamble ?? []) out.push(line);
  if (cell.kind === 'device' && !cell.model && cell.params && Object.keys(cell.params).length > 0) {
    c('* The device at every crossing');
    out.push(`.model ${CELL_MODEL} ${cell.type.toUpperCase()} (${paramText(cell.params)})`);
  }
  if ((o.preamble?.length ?? 0) > 0 || out[out.length - 1].startsWith('.model')) out.push('');

  // Row drivers.
  c('* Row drivers');
  for (let i = 1; i <= N; i++) out.push(`vr${i} r${i} 0 ${driverSpec(driverOf(o, i), acOf(o, i))}`);
  out.push('');
  if (wordLines !== undefined) {
    c('* Word lines');
    for (let i = 1; i <= N; i++) out.push(`vw${i} w${i} 0 DC ${num(wordLineOf(i))}`);
    out.push('');
  }

  // Wires.
  if (rw !== 0) {
    c(`* Row wires: ${M} segments of ${num(rw)} Ohm per row, from the driver node to the last column`);
    for (let i = 1; i <= N; i++) {
      for (let j = 1; j <= M; j++) out.push(`rr${i}_${j} ${j === 1 ? `r${i}` : `r${i}_c${j - 1}`} r${i}_c${j} ${num(rw)}`);
    }
    out.push('');
  }
  if (cw !== 0) {
    c(`* Column wires: ${N} segments of ${num(cw)} Ohm per column, from the first row down to the column end c<j>`);
    for (let j = 1; j <= M; j++) {
      for (let i = 1; i <= N; i++) out.push(`rc${j}_${i} c${j}_r${i} ${i === N ? `c${j}` : `c${j}_r${i + 1}`} ${num(cw)}`);
    }
    out.push('');
  }

  // Devices.
  c('* Devices: m<i>_<j> between row i and column j');
  const model = cell.kind === 'device' ? (cell.model ?? (cell.params && Object.keys(cell.params).length > 0 ? CELL_MODEL : '')) : '';
  for (let i = 1; i <= N; i++) {
    for (let j = 1; j <= M; j++) {
      const a = rowNode(i, j, rw);
      const b = colNode(j, i, cw);
      const own = o.cellParams?.(i, j);
      let line: string;
      if (cell.kind === 'device') {
        const extra = paramText(own);
        line = `Y${cell.type.toUpperCase()} m${i}_${j} ${a} ${b}${model ? ` ${model}` : ''}${extra ? ` ${extra}` : ''}`;
      } else if (cell.kind === 'subckt') {
        const extra = paramText(cell.params || own ? { ...cell.params, ...own } : undefined);
        const gate = wordLines !== undefined ? ` w${i}` : '';
        line = `xm${i}_${j} ${a} ${b}${gate} ${cell.name}${extra ? ` ${extra}` : ''}`;
      } else {
        // A resistor: `value` sets its resistance, other entries are written as instance parameters.
        const { value: r, ...rest } = own ?? {};
        const extra = paramText(Object.keys(rest).length > 0 ? rest : undefined);
        line = `rm${i}_${j} ${a} ${b} ${r !== undefined ? value(r) : num(cell.value)}${extra ? ` ${extra}` : ''}`;
      }
      out.push(line);
    }
  }
  out.push('');

  // Column terminations.
  c(sense.kind === 'virtual-ground' ? '* Column ends: virtual ground (column current = i(vc<j>))' : '* Column ends: sense resistors');
  for (let j = 1; j <= M; j++) {
    out.push(sense.kind === 'virtual-ground' ? `vc${j} c${j} 0 DC 0` : `rs${j} c${j} 0 ${num(sense.value)}`);
  }
  out.push('');

  // Control.
  if (o.options && Object.keys(o.options).length > 0) out.push(`.options ${paramText(o.options)}`);
  for (const line of o.analyses ?? []) out.push(line);
  const probe = o.probe ?? 'columns';
  if (probe === 'columns') {
    const sigs: string[] = [];
    for (let j = 1; j <= M; j++) sigs.push(columnCurrentSignal(j, sense));
    pushWrapped(out, '.probe', sigs);
  } else if (probe !== 'all') {
    pushWrapped(out, '.probe', probe);
  }
  out.push('.end');
  return out.join('\n') + '\n';
}

/** `head a b c ...` wrapped into continuation lines of at most ~100 characters. */
function pushWrapped(out: string[], head: string, words: string[]): void {
  if (words.length === 0) return;
  let line = head;
  for (const w of words) {
    if (line.length + 1 + w.length > 100 && line !== head && line !== '+') {
      out.push(line);
      line = '+';
    }
    line += ` ${w}`;
  }
  out.push(line);
}
