/**
 * Crossbar netlist generator (CLI around src/generators/crossbar.ts):
 *
 *   npx tsx scripts/crossbar.ts --rows N --cols M [options] > file.cir
 *
 * Cell (one of):
 *   --device "TYPE [model] [p=v ...]"   Y device at each crossing, e.g. --device "MEMDIODE gL=0.1 gH=1"
 *                                       (parameters go into a generated .model xbcell; default "MEMDIODE")
 *   --subckt NAME ["p=v ..."]           two-port subcircuit (define it with --include or --preamble);
 *                                       built in: cell1d1r (diode selector + MEMDIODE), cell1t1r (MEMDIODE +
 *                                       NMOS access transistor, three ports: needs --word-lines)
 *   --word-lines V | V1,V2,...          word-line DC voltages (one for all rows, or one per row): sources
 *                                       vw<i> on nodes w<i>, the third port of each subcircuit cell of row i
 *   --resistor R                        linear resistor
 * Row drivers (default DC 0):
 *   --dc V | --dc V1,V2,...             DC read voltages (one for all rows, or one per row); with --sin or
 *                                       --pulse: the DC value of those sources (used by .op and .ac)
 *   --dc-ramp "V1 VN"                   DC values from V1 (row 1) to VN (row N), linearly
 *   --sin "AMP FREQ [OFFSET]"           SIN rows; --row-phase DEG shifts row i by (i-1)*DEG
 *   --pulse "V1 V2 TD TR TF PW PER"     PULSE programming trains; --stagger T delays row i by (i-1)*T
 *   --ac MAG                            AC magnitude on every row source
 * Wires and columns:
 *   --wire R | --rw R --cw R            resistance per row / column wire segment (0 = ideal wires, default)
 *   --sense virtual | --sense R         virtual-ground columns (default) or sense resistors of R Ohm
 * Control:
 *   --op  --tran "TSTEP TSTOP [TSTART [TMAX]]"  --acsweep "dec N FSTART FSTOP"  --line ".any line" (repeatable)
 *   --options "reltol=1e-4 abstol=1e-12"
 *   --probe columns|all|"sig sig ..."   default: the column currents
 *   --include FILE --preamble LINE      (repeatable) lines before the array
 *   --define FILE                       (repeatable) a file of .define device types, copied into the netlist
 *                                       (so it runs from anywhere), e.g. --define team.inc --device "TEAM ron=120"
 *   --title TEXT  --note TEXT (repeatable header comment)  --comments | --no-comments
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { crossbarNetlist, SELECTOR_CELLS, type CrossbarCell, type CrossbarOptions, type RowDriver } from '../src/generators/crossbar.ts';

function fail(message: string): never {
  process.stderr.write(`crossbar: ${message}\n`);
  process.exit(1);
}

function numberOf(text: string, what: string): number {
  const v = Number(text);
  if (!Number.isFinite(v)) fail(`${what}: not a number: '${text}'`);
  return v;
}

function numbers(text: string, what: string): number[] {
  return text
    .trim()
    .split(/[\s,]+/)
    .filter((s) => s !== '')
    .map((s) => numberOf(s, what));
}

function keyValues(words: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const w of words) {
    const k = w.indexOf('=');
    if (k <= 0) fail(`${what}: expected name=value, got '${w}'`);
    out[w.slice(0, k)] = w.slice(k + 1);
  }
  return out;
}

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    cols: { type: 'string' },
    device: { type: 'string' },
    subckt: { type: 'string' },
    'word-lines': { type: 'string' },
    resistor: { type: 'string' },
    dc: { type: 'string' },
    'dc-ramp': { type: 'string' },
    sin: { type: 'string' },
    'row-phase': { type: 'string' },
    pulse: { type: 'string' },
    stagger: { type: 'string' },
    ac: { type: 'string' },
    wire: { type: 'string' },
    rw: { type: 'string' },
    cw: { type: 'string' },
    sense: { type: 'string' },
    op: { type: 'boolean' },
    tran: { type: 'string' },
    acsweep: { type: 'string' },
    line: { type: 'string', multiple: true },
    options: { type: 'string' },
    probe: { type: 'string' },
    include: { type: 'string', multiple: true },
    define: { type: 'string', multiple: true },
    preamble: { type: 'string', multiple: true },
    title: { type: 'string' },
    note: { type: 'string', multiple: true },
    comments: { type: 'boolean' },
    'no-comments': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});

if (values.help) {
  process.stdout.write('usage: npx tsx scripts/crossbar.ts --rows N --cols M [options] > file.cir  (see the header of scripts/crossbar.ts)\n');
  process.exit(0);
}
if (!values.rows || !values.cols) fail('--rows and --cols are required');
const rows = numberOf(values.rows, '--rows');
const cols = numberOf(values.cols, '--cols');
if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) fail('--rows and --cols must be positive integers');

// Cell.
const cellChoices = [values.device, values.subckt, values.resistor].filter((v) => v !== undefined).length;
if (cellChoices > 1) fail('give only one of --device, --subckt, --resistor');
let cell: CrossbarCell;
if (values.subckt !== undefined) {
  const [name, ...rest] = values.subckt.trim().split(/\s+/);
  cell = { kind: 'subckt', name, params: rest.length > 0 ? keyValues(rest, '--subckt') : undefined };
} else if (values.resistor !== undefined) {
  cell = { kind: 'resistor', value: numberOf(values.resistor, '--resistor') };
} else {
  const [type, ...rest] = (values.device ?? 'MEMDIODE').trim().split(/\s+/);
  const model = rest.length > 0 && !rest[0].includes('=') ? rest.shift() : undefined;
  cell = { kind: 'device', type, model, params: rest.length > 0 ? keyValues(rest, '--device') : undefined };
}

// Drivers. --dc alone: DC rows; with --sin or --pulse it is the DC value of those sources (.op, .ac).
if (values.sin !== undefined && values.pulse !== undefined) fail('give only one of --sin, --pulse');
let dcValues: number[] | undefined;
if (values.dc !== undefined && values['dc-ramp'] !== undefined) fail('give only one of --dc, --dc-ramp');
if (values['dc-ramp'] !== undefined) {
  const ends = numbers(values['dc-ramp'], '--dc-ramp');
  if (ends.length !== 2) fail('--dc-ramp needs "V1 VN"');
  dcValues = Array.from({ length: rows }, (_, k) => Number((rows === 1 ? ends[0] : ends[0] + ((ends[1] - ends[0]) * k) / (rows - 1)).toPrecision(12)));
} else if (values.dc !== undefined) {
  dcValues = numbers(values.dc, '--dc');
  if (dcValues.length !== 1 && dcValues.length !== rows) fail(`--dc: give one value or ${rows} values`);
}
const dcOf = (i: number): number | undefined => (dcValues === undefined ? undefined : dcValues.length === 1 ? dcValues[0] : dcValues[i - 1]);
let drivers: CrossbarOptions['drivers'];
if (values.sin !== undefined) {
  const [amplitude, freq, offset = 0] = numbers(values.sin, '--sin');
  if (freq === undefined) fail('--sin needs "AMP FREQ [OFFSET]"');
  const phase = values['row-phase'] !== undefined ? numberOf(values['row-phase'], '--row-phase') : 0;
  drivers = (i: number): RowDriver => ({ kind: 'sin', offset, amplitude, freq, phaseDeg: (i - 1) * phase, dc: dcOf(i) });
} else if (values.pulse !== undefined) {
  const p = numbers(values.pulse, '--pulse');
  if (p.length !== 7) fail('--pulse needs "V1 V2 TD TR TF PW PER"');
  const stagger = values.stagger !== undefined ? numberOf(values.stagger, '--stagger') : 0;
  drivers = (i: number): RowDriver => ({
    kind: 'pulse',
    v1: p[0],
    v2: p[1],
    delay: p[2] + (i - 1) * stagger,
    rise: p[3],
    fall: p[4],
    width: p[5],
    period: p[6],
    dc: dcOf(i),
  });
} else if (dcValues !== undefined) {
  drivers = (i: number): RowDriver => ({ kind: 'dc', value: dcOf(i) as number });
}

const wire = values.wire !== undefined ? numberOf(values.wire, '--wire') : 0;
const rowWireR = values.rw !== undefined ? numberOf(values.rw, '--rw') : wire;
const colWireR = values.cw !== undefined ? numberOf(values.cw, '--cw') : wire;
const sense: CrossbarOptions['sense'] =
  values.sense === undefined || values.sense === 'virtual' ? { kind: 'virtual-ground' } : { kind: 'resistor', value: numberOf(values.sense, '--sense') };

const analyses: string[] = [];
if (values.op) analyses.push('.op');
if (values.acsweep !== undefined) analyses.push(`.ac ${values.acsweep}`);
if (values.tran !== undefined) analyses.push(`.tran ${values.tran}`);
for (const l of values.line ?? []) analyses.push(l);

const preamble: string[] = [];
for (const f of values.include ?? []) preamble.push(`.include "${f}"`);
for (const f of values.define ?? []) {
  let text: string;
  try {
    text = readFileSync(f, 'utf8');
  } catch (e) {
    fail(`--define ${f}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!/^\s*\.define\s/im.test(text)) fail(`--define ${f}: the file has no .define line`);
  preamble.push(`* device types from ${f}`, ...text.trimEnd().split(/\r?\n/));
}
for (const l of values.preamble ?? []) preamble.push(l);
if (cell.kind === 'subckt' && cell.name in SELECTOR_CELLS) preamble.push(...SELECTOR_CELLS[cell.name as keyof typeof SELECTOR_CELLS]);
let wordLines: number[] | undefined;
if (values['word-lines'] !== undefined) {
  wordLines = numbers(values['word-lines'], '--word-lines');
  if (wordLines.length !== 1 && wordLines.length !== rows) fail(`--word-lines: give one value or ${rows} values`);
}

const probe = values.probe === undefined || values.probe === 'columns' ? 'columns' : values.probe === 'all' ? 'all' : values.probe.trim().split(/\s+/);

// The command that regenerates this file, wrapped into comment lines (shell line continuations).
const quoted = process.argv.slice(2).map((a) => (/^[\w.,=/+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`));
const commandLines: string[] = ['  npx tsx scripts/crossbar.ts'];
for (let k = 0; k < quoted.length; k++) {
  const word = quoted[k];
  const pairWithNext = word.startsWith('--') && k + 1 < quoted.length && !quoted[k + 1].startsWith('--');
  const piece = pairWithNext ? `${word} ${quoted[++k]}` : word;
  const last = commandLines.length - 1;
  if (commandLines[last].length + 1 + piece.length > 100) {
    commandLines[last] += ' \\';
    commandLines.push(`    ${piece}`);
  } else {
    commandLines[last] += ` ${piece}`;
  }
}
const text = crossbarNetlist({
  rows,
  cols,
  cell,
  drivers,
  ac: values.ac !== undefined ? numberOf(values.ac, '--ac') : undefined,
  rowWireR,
  colWireR,
  wordLines: wordLines && (wordLines.length === 1 ? wordLines[0] : wordLines),
  sense,
  title: values.title,
  preamble,
  analyses,
  options: values.options ? keyValues(values.options.trim().split(/\s+/), '--options') : undefined,
  probe,
  comments: values['no-comments'] ? false : values.comments ? true : undefined,
  headerNotes: [...(values.note ?? []), 'Generated by (from the repository root):', ...commandLines],
});
process.stdout.write(text);
