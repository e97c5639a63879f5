/**
 * .meas: measurements on an analysis' own results, in the SPICE tradition (ngspice syntax).
 *
 *   .meas tran NAME FIND sig AT=x                         value at x (linear interpolation)
 *   .meas tran NAME FIND sig WHEN lhs=rhs [crossing]      value of sig where lhs crosses rhs
 *   .meas tran NAME DERIV sig AT=x | WHEN lhs=rhs ...     d sig / dx there
 *   .meas tran NAME WHEN lhs=rhs [crossing]               abscissa of the crossing
 *   .meas tran NAME AVG|MAX|MIN|PP|RMS|INTEG sig [FROM=x1] [TO=x2]
 *   .meas tran NAME TRIG sig VAL=v [crossing] | TRIG AT=x   TARG sig VAL=v [crossing] | TARG AT=x
 *   .meas tran NAME PULSES sig drive [VAL=v] [DELAY=d] [FROM=x1] [TO=x2]     (memspice)
 *
 * crossing: `RISE=k`, `FALL=k` or `CROSS=k` (k a whole number >= 1 or `LAST`; default CROSS=1), bare `LAST`
 * (= CROSS=LAST), `TD=x` (crossings before x are ignored). `rhs` is a number or another signal.
 * The abscissa is time (tran), the inner sweep value (dc) or the frequency (ac); `.meas op` is an error. In `.ac`, as in
 * ngspice, `v(n)`, `i(X)`, `z(V)` measure the real part; the suffixes m, p, db, r, i give the magnitude, the phase in
 * radians, 20 log10 of the magnitude, real and imaginary part (`vdb(out)`, `ip(v1)`, `zr(v1)`).
 *
 * PULSES reads `sig / drive` at the end of every pulse of the drive signal: a pulse is a run of consecutive points
 * with |drive| >= VAL (default half the largest |drive| in the window), its end the last point at which |drive| is
 * within 0.1 % of the pulse's largest |drive| (for a flat-topped PULSE/PWL source: the end of the plateau, a
 * breakpoint the transient hits exactly), moved DELAY earlier if given. The results are NAME_1 ... NAME_N in pulse
 * order, and NAME = N, the number of pulses.
 *
 * Numbers: INTEG is the trapezoidal integral over the accepted points (window ends interpolated), AVG = INTEG / span,
 * RMS = sqrt(trapezoidal integral of sig^2 / span), PP = MAX - MIN; MAX/MIN also see the interpolated window ends.
 * Errors: a malformed measurement (unknown type, missing signal, bad option) is a NetlistError at the .meas line;
 * a measurement the data can not satisfy (no such crossing, AT or window outside the data, no pulses) is NaN
 * (null in JSON) with a warning. The analyses evaluate printed and measured signals together; the measured-only
 * columns are dropped from the result.
 */
import type { AnalysisType, Circuit, MeasureSpec, SignalSpec, SourceLocation } from '../circuit/circuit.ts';
import { NetlistError } from '../errors.ts';
import type { Simulator } from '../engine/simulator.ts';
import type { AnalysisResult } from './results.ts';
import { signalName } from './signals.ts';

type Token = MeasureSpec['tokens'][number];
type AssignToken = Extract<Token, { kind: 'assign' }>;

/** How a complex (.ac) signal becomes a real number; 'real' for real analyses. */
type Part = 'real' | 'mag' | 'phase' | 'db' | 're' | 'im';

interface Operand {
  /** The signal the analysis evaluates (base signal in .ac: v, i or z). */
  spec: SignalSpec;
  part: Part;
  /** As written, for messages. */
  text: string;
}

type Edge = 'rise' | 'fall' | 'cross';

interface Crossing {
  lhs: Operand;
  rhs: number | Operand;
  edge: Edge;
  /** k-th crossing (1-based) or the last one. */
  count: number | 'last';
  td: number;
}

type Point = { kind: 'at'; at: number } | { kind: 'when'; crossing: Crossing };

type StatOp = 'avg' | 'max' | 'min' | 'pp' | 'rms' | 'integ';

type Measurement =
  | { kind: 'find'; signal: Operand; point: Point }
  | { kind: 'deriv'; signal: Operand; point: Point }
  | { kind: 'when'; crossing: Crossing }
  | { kind: 'stat'; op: StatOp; signal: Operand; from: number; to: number }
  | { kind: 'trigtarg'; trig: Point; targ: Point }
  | { kind: 'pulses'; signal: Operand; drive: Operand; val: number | null; delay: number; from: number; to: number };

interface Parsed {
  spec: MeasureSpec;
  m: Measurement;
}

const STATS: Record<string, StatOp> = {
  avg: 'avg',
  max: 'max',
  min: 'min',
  pp: 'pp',
  rms: 'rms',
  integ: 'integ',
  integral: 'integ',
};

const TYPES = 'FIND, DERIV, WHEN, AVG, MAX, MIN, PP, RMS, INTEG, TRIG/TARG, PULSES';

// ---------------------------------------------------------------------------------------------------------
// Parsing the tokens of one .meas line

class Cursor {
  private k = 0;
  constructor(private readonly spec: MeasureSpec) {}

  fail(message: string, loc?: SourceLocation): never {
    throw new NetlistError(`.meas ${this.spec.name}: ${message}`, loc ?? this.spec.loc);
  }

  peek(): Token | undefined {
    return this.spec.tokens[this.k];
  }

  done(): boolean {
    return this.k >= this.spec.tokens.length;
  }

  /** Consumes a word among `words` if it comes next. */
  word(...words: string[]): string | null {
    const t = this.peek();
    if (t?.kind === 'word' && words.includes(t.value.toLowerCase())) {
      this.k++;
      return t.value.toLowerCase();
    }
    return null;
  }

  signal(what: string): SignalSpec {
    const t = this.peek();
    if (t?.kind !== 'signal') this.fail(`expected ${what} (a signal such as v(out)), got ${describe(t)}`);
    this.k++;
    return t.signal;
  }

  /** The next token if it is `key=value` (with a plain key among `keys`); keys are lower-case. */
  assign(...keys: string[]): AssignToken | null {
    const t = this.peek();
    if (t?.kind === 'assign' && t.keySignal === undefined && keys.includes(t.key.toLowerCase())) {
      this.k++;
      return t;
    }
    return null;
  }

  /** `sig=value` (the WHEN condition). */
  condition(): AssignToken & { keySignal: SignalSpec } {
    const t = this.peek();
    if (t?.kind !== 'assign' || t.keySignal === undefined) this.fail(`expected a condition such as v(out)=0.5 after WHEN, got ${describe(t)}`);
    this.k++;
    return { ...t, keySignal: t.keySignal };
  }

  number(t: AssignToken): number {
    if (typeof t.value !== 'number') this.fail(`${t.key.toUpperCase()}= needs a number, got '${valueText(t.value)}'`);
    return t.value;
  }

  rest(): never {
    return this.fail(`unexpected ${describe(this.peek())}`);
  }
}

function valueText(v: number | SignalSpec | string): string {
  return typeof v === 'object' ? signalName(v) : String(v);
}

function describe(t: Token | undefined): string {
  if (!t) return 'the end of the line';
  switch (t.kind) {
    case 'word':
      return `'${t.value}'`;
    case 'number':
      return `the number ${t.value}`;
    case 'signal':
      return `the signal ${signalName(t.signal)}`;
    case 'assign':
      return `'${t.key}=${valueText(t.value)}'`;
  }
}

/** A signal as measured in analysis `type`: .ac signals take a part (the real part by default, as in ngspice). */
function operand(c: Cursor, spec: SignalSpec, type: AnalysisType): Operand {
  const text = signalName(spec);
  if (type !== 'ac') return { spec, part: 'real', text };
  const m = /^([viz])(m|p|db|r|i)?$/.exec(spec.fn);
  if (!m) c.fail(`${text}: in .ac measure v(), i(), z() or their parts vm, vp, vdb, vr, vi (im, ip, ..., zm, ...)`, spec.loc);
  const parts: Record<string, Part> = { m: 'mag', p: 'phase', db: 'db', r: 're', i: 'im' };
  return { spec: { ...spec, fn: m[1] }, part: m[2] ? parts[m[2]] : 're', text };
}

function crossingOptions(c: Cursor, lhs: Operand, rhs: number | Operand): Crossing {
  let edge: Edge | null = null;
  let count: number | 'last' = 1;
  let td = -Infinity;
  for (;;) {
    const a = c.assign('rise', 'fall', 'cross', 'td');
    if (a) {
      const key = a.key.toLowerCase();
      if (key === 'td') {
        td = c.number(a);
        continue;
      }
      if (edge !== null) c.fail(`give only one of RISE=, FALL=, CROSS=, LAST`);
      edge = key as Edge;
      if (typeof a.value === 'string' && a.value.toLowerCase() === 'last') count = 'last';
      else {
        const k = c.number(a);
        if (!Number.isInteger(k) || k < 1) c.fail(`${key.toUpperCase()}= needs a whole number >= 1 or LAST, got ${k}`);
        count = k;
      }
      continue;
    }
    if (c.word('last')) {
      if (edge !== null) c.fail(`give only one of RISE=, FALL=, CROSS=, LAST`);
      edge = 'cross';
      count = 'last';
      continue;
    }
    break;
  }
  return { lhs, rhs, edge: edge ?? 'cross', count, td };
}

function whenCondition(c: Cursor, type: AnalysisType): Crossing {
  const cond = c.condition();
  const lhs = operand(c, cond.keySignal, type);
  let rhs: number | Operand;
  if (typeof cond.value === 'number') rhs = cond.value;
  else if (typeof cond.value === 'object') rhs = operand(c, cond.value, type);
  else c.fail(`WHEN ${cond.key}= needs a number or a signal, got '${cond.value}'`);
  return crossingOptions(c, lhs, rhs);
}

/** AT=x or WHEN ... (for FIND and DERIV). */
function point(c: Cursor, type: AnalysisType, what: string): Point {
  const at = c.assign('at');
  if (at) return { kind: 'at', at: c.number(at) };
  if (c.word('when')) return { kind: 'when', crossing: whenCondition(c, type) };
  return c.fail(`${what} needs AT=value or WHEN sig=value`);
}

/** TRIG/TARG side: `sig VAL=v [crossing]` or `AT=x`. */
function trigPoint(c: Cursor, type: AnalysisType, what: string): Point {
  const at = c.assign('at');
  if (at) return { kind: 'at', at: c.number(at) };
  const sig = operand(c, c.signal(`the ${what} signal`), type);
  const val = c.assign('val');
  if (!val) c.fail(`${what} ${sig.text} needs VAL=value`);
  const target = c.number(val);
  return { kind: 'when', crossing: crossingOptions(c, sig, target) };
}

function window(c: Cursor): { from: number; to: number } {
  let from = -Infinity;
  let to = Infinity;
  for (;;) {
    const a = c.assign('from', 'to');
    if (!a) break;
    if (a.key.toLowerCase() === 'from') from = c.number(a);
    else to = c.number(a);
  }
  if (from > to) c.fail(`FROM=${from} is after TO=${to}`);
  return { from, to };
}

function parseMeasure(spec: MeasureSpec): Measurement {
  const c = new Cursor(spec);
  const type = spec.analysis;
  const first = c.peek();
  if (first?.kind !== 'word') return c.fail(`expected a measurement type (${TYPES}), got ${describe(first)}`);
  const kind = first.value.toLowerCase();
  let m: Measurement;
  if (type === 'op') {
    return c.fail(`.meas op is not supported: the operating point is one row, print it with .print op`);
  } else if (kind === 'find' || kind === 'deriv') {
    c.word(kind);
    const signal = operand(c, c.signal(`the signal after ${kind.toUpperCase()}`), type);
    const p = point(c, type, kind.toUpperCase());
    m = kind === 'find' ? { kind: 'find', signal, point: p } : { kind: 'deriv', signal, point: p };
  } else if (kind === 'when') {
    c.word('when');
    m = { kind: 'when', crossing: whenCondition(c, type) };
  } else if (kind in STATS) {
    c.word(kind);
    const signal = operand(c, c.signal(`the signal after ${kind.toUpperCase()}`), type);
    m = { kind: 'stat', op: STATS[kind], signal, ...window(c) };
  } else if (kind === 'trig') {
    c.word('trig');
    const trig = trigPoint(c, type, 'TRIG');
    if (!c.word('targ')) c.fail(`TRIG ... needs TARG ...`);
    const targ = trigPoint(c, type, 'TARG');
    m = { kind: 'trigtarg', trig, targ };
  } else if (kind === 'pulses') {
    if (type !== 'tran') c.fail(`PULSES is a .tran measurement`);
    c.word('pulses');
    const signal = operand(c, c.signal('the measured signal after PULSES (e.g. i(p1))'), type);
    const drive = operand(c, c.signal('the drive signal after PULSES sig (e.g. v(in))'), type);
    let val: number | null = null;
    let delay = 0;
    let from = -Infinity;
    let to = Infinity;
    for (;;) {
      const a = c.assign('val', 'delay', 'from', 'to');
      if (!a) break;
      const v = c.number(a);
      const key = a.key.toLowerCase();
      if (key === 'val') {
        if (!(v > 0)) c.fail(`VAL= must be positive (it is compared with |drive|)`);
        val = v;
      } else if (key === 'delay') {
        if (v < 0) c.fail(`DELAY= must not be negative`);
        delay = v;
      } else if (key === 'from') from = v;
      else to = v;
    }
    if (from > to) c.fail(`FROM=${from} is after TO=${to}`);
    m = { kind: 'pulses', signal, drive, val, delay, from, to };
  } else {
    return c.fail(`unknown measurement type '${first.value}' (supported: ${TYPES})`);
  }
  if (!c.done()) c.rest();
  return m;
}

function operandsOf(m: Measurement): Operand[] {
  const ofPoint = (p: Point): Operand[] => (p.kind === 'when' ? ofCrossing(p.crossing) : []);
  const ofCrossing = (x: Crossing): Operand[] => (typeof x.rhs === 'number' ? [x.lhs] : [x.lhs, x.rhs]);
  switch (m.kind) {
    case 'find':
    case 'deriv':
      return [m.signal, ...ofPoint(m.point)];
    case 'when':
      return ofCrossing(m.crossing);
    case 'stat':
      return [m.signal];
    case 'trigtarg':
      return [...ofPoint(m.trig), ...ofPoint(m.targ)];
    case 'pulses':
      return [m.signal, m.drive];
  }
}

function parseAll(circuit: Circuit, type?: AnalysisType): Parsed[] {
  const out: Parsed[] = [];
  const seen = new Map<string, Set<string>>();
  for (const spec of circuit.measures) {
    if (type !== undefined && spec.analysis !== type) continue;
    const names = seen.get(spec.analysis) ?? new Set<string>();
    seen.set(spec.analysis, names);
    if (names.has(spec.name)) throw new NetlistError(`.meas ${spec.name}: a ${spec.analysis} measurement of that name already exists`, spec.loc);
    names.add(spec.name);
    out.push({ spec, m: parseMeasure(spec) });
  }
  // PULSES results NAME_1 ... must not clash with other measurement names.
  for (const p of out) {
    if (p.m.kind !== 'pulses') continue;
    const re = new RegExp(`^${p.spec.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_\\d+$`);
    for (const q of out) {
      if (q.spec.analysis === p.spec.analysis && re.test(q.spec.name)) {
        throw new NetlistError(`.meas ${q.spec.name}: clashes with the results ${p.spec.name}_1, ${p.spec.name}_2, ... of PULSES measurement ${p.spec.name}`, q.spec.loc);
      }
    }
  }
  return out;
}

/**
 * Checks every .meas line before any analysis runs (syntax errors first, not after a long transient) and warns
 * about measurements whose analysis type the netlist does not run.
 */
export function checkMeasures(sim: Simulator, circuit: Circuit): void {
  const parsed = parseAll(circuit);
  const types = new Set(circuit.analyses.map((a) => a.type));
  for (const p of parsed) {
    if (!types.has(p.spec.analysis)) {
      sim.warnings.push({ message: `.meas ${p.spec.name}: the netlist has no .${p.spec.analysis} analysis; measurement not made`, loc: p.spec.loc });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// The hook for the analyses

export interface MeasurePlan {
  /** The signals the analysis evaluates: the printed ones first, then those only measurements need. */
  readonly signals: SignalSpec[];
  /** Adds `measures` to the analysis' result and drops the measured-only columns. */
  finish(result: AnalysisResult): AnalysisResult;
}

export function planMeasures(sim: Simulator, circuit: Circuit, type: AnalysisType, printed: SignalSpec[]): MeasurePlan {
  const parsed = parseAll(circuit, type);
  if (parsed.length === 0) return { signals: printed, finish: (r) => r };
  const signals = [...printed];
  const position = new Map<string, number>();
  printed.forEach((s, k) => {
    if (!position.has(signalName(s))) position.set(signalName(s), k);
  });
  for (const p of parsed) {
    for (const o of operandsOf(p.m)) {
      const key = signalName(o.spec);
      if (!position.has(key)) {
        position.set(key, signals.length);
        signals.push(o.spec);
      }
    }
  }
  const extra = signals.length - printed.length;
  const width = type === 'ac' ? 2 : 1;
  return {
    signals,
    finish(result) {
      // Leading non-signal columns: time / freq, the .dc sweep values.
      const lead = type === 'dc' ? result.columns.length - width * signals.length : 1;
      if (type === 'dc' && lead !== 1) {
        const p = parsed[0];
        throw new NetlistError(`.meas ${p.spec.name}: .dc measurements need a single swept source (this .dc has ${lead})`, p.spec.loc);
      }
      const data = new Data(result, lead, width, position);
      const measures: Record<string, number> = {};
      for (const p of parsed) {
        const warn = (message: string): void => {
          sim.warnings.push({ message: `.meas ${p.spec.name}: ${message}`, loc: p.spec.loc });
        };
        evaluate(p, data, measures, warn);
      }
      const cut = lead + width * printed.length;
      const drop = width * extra;
      const keep = <T>(row: T[]): T[] => (drop === 0 ? row : [...row.slice(0, cut), ...row.slice(cut + drop)]);
      return { ...result, columns: keep(result.columns), data: result.data.map((row) => keep(row)), measures };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation

/** Column access over an analysis result. */
class Data {
  readonly x: Float64Array;
  private readonly cache = new Map<string, Float64Array>();
  constructor(
    private readonly result: AnalysisResult,
    private readonly lead: number,
    private readonly width: number,
    private readonly position: Map<string, number>,
  ) {
    this.x = Float64Array.from(result.data, (row) => row[0]);
  }

  get length(): number {
    return this.result.data.length;
  }

  values(o: Operand): Float64Array {
    const key = `${o.part}:${signalName(o.spec)}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const pos = this.position.get(signalName(o.spec));
    if (pos === undefined) throw new Error(`measure: signal ${o.text} was not evaluated`);
    const col = this.lead + this.width * pos;
    const rows = this.result.data;
    let out: Float64Array;
    if (o.part === 'real') out = Float64Array.from(rows, (r) => r[col]);
    else {
      out = Float64Array.from(rows, (r) => {
        const re = r[col];
        const im = r[col + 1];
        switch (o.part) {
          case 'mag':
            return Math.hypot(re, im);
          case 'db':
            return 20 * Math.log10(Math.hypot(re, im));
          case 'phase':
            return Math.atan2(im, re); // radians, as ngspice's vp()
          case 're':
            return re;
          default:
            return im;
        }
      });
    }
    this.cache.set(key, out);
    return out;
  }
}

/** A position between samples i0 and i1: value = y[i0] + frac (y[i1] - y[i0]). */
interface Spot {
  i0: number;
  i1: number;
  frac: number;
  x: number;
}

function valueAt(y: Float64Array, s: Spot): number {
  return s.frac === 0 ? y[s.i0] : y[s.i0] + s.frac * (y[s.i1] - y[s.i0]);
}

function slopeAt(x: Float64Array, y: Float64Array, s: Spot): number {
  const slope = (a: number, b: number): number => (y[b] - y[a]) / (x[b] - x[a]);
  const n = x.length;
  if (n < 2) return NaN;
  if (s.i0 !== s.i1 && s.frac > 0 && s.frac < 1) return slope(s.i0, s.i1);
  // At a sample: the mean of the slopes on both sides.
  const k = s.frac >= 1 ? s.i1 : s.i0;
  if (k === 0) return slope(0, 1);
  if (k === n - 1) return slope(n - 2, n - 1);
  return 0.5 * (slope(k - 1, k) + slope(k, k + 1));
}

/** Where the abscissa equals `at` (monotone abscissa, either direction), or null outside the data. */
function locate(x: Float64Array, at: number): Spot | null {
  const n = x.length;
  if (n === 0) return null;
  const first = x[0];
  const last = x[n - 1];
  const lo = Math.min(first, last);
  const hi = Math.max(first, last);
  const slack = 1e-12 * Math.max(hi - lo, Math.abs(hi), Math.abs(lo), 1e-300);
  if (at < lo - slack || at > hi + slack) return null;
  if (n === 1) return { i0: 0, i1: 0, frac: 0, x: first };
  const dir = last >= first ? 1 : -1;
  // Binary search for the first k with dir*x[k] >= dir*at.
  let a = 0;
  let b = n - 1;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (dir * x[mid] >= dir * at) b = mid;
    else a = mid + 1;
  }
  if (a === 0 || x[a] === at) return { i0: a, i1: a, frac: 0, x: at };
  const frac = Math.min(1, Math.max(0, (at - x[a - 1]) / (x[a] - x[a - 1])));
  return { i0: a - 1, i1: a, frac, x: at };
}

/** Every crossing of lhs - rhs through zero, in data order. Touching zero and turning back is not a crossing. */
function crossings(x: Float64Array, d: Float64Array, td: number): Array<Spot & { dir: 1 | -1 }> {
  const out: Array<Spot & { dir: 1 | -1 }> = [];
  let lastSign = 0;
  let lastIndex = -1;
  for (let k = 0; k < d.length; k++) {
    const v = d[k];
    if (Number.isNaN(v)) continue;
    const s = v > 0 ? 1 : v < 0 ? -1 : 0;
    if (s === 0) continue;
    if (lastSign !== 0 && s !== lastSign) {
      let spot: Spot;
      if (lastIndex === k - 1) {
        const frac = d[k - 1] / (d[k - 1] - d[k]);
        spot = { i0: k - 1, i1: k, frac, x: x[k - 1] + frac * (x[k] - x[k - 1]) };
      } else {
        // Zero samples in between: the crossing is the first of them.
        spot = { i0: lastIndex + 1, i1: lastIndex + 1, frac: 0, x: x[lastIndex + 1] };
      }
      if (spot.x >= td) out.push({ ...spot, dir: s > 0 ? 1 : -1 });
    }
    lastSign = s;
    lastIndex = k;
  }
  return out;
}

function findCrossing(data: Data, c: Crossing): Spot | string {
  const lhs = data.values(c.lhs);
  const rhs = typeof c.rhs === 'number' ? null : data.values(c.rhs);
  const target = typeof c.rhs === 'number' ? c.rhs : 0;
  const d = Float64Array.from(lhs, (v, k) => v - (rhs ? rhs[k] : target));
  const all = crossings(data.x, d, c.td).filter((s) => c.edge === 'cross' || (c.edge === 'rise' ? s.dir === 1 : s.dir === -1));
  const pick = c.count === 'last' ? all[all.length - 1] : all[c.count - 1];
  if (pick) return pick;
  const what = `${c.lhs.text} = ${typeof c.rhs === 'number' ? c.rhs : c.rhs.text}`;
  const which = c.count === 'last' ? 'no' : `no ${ordinal(c.count)}`;
  const edge = c.edge === 'cross' ? 'crossing' : c.edge;
  const after = Number.isFinite(c.td) ? ` after TD=${c.td}` : '';
  return `${which} ${edge} of ${what}${after} (found ${all.length})`;
}

function ordinal(k: number): string {
  const s = k % 100 >= 11 && k % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][k % 10] ?? 'th');
  return `${k}${s}`;
}

function resolvePoint(data: Data, p: Point): Spot | string {
  if (p.kind === 'at') return locate(data.x, p.at) ?? `AT=${p.at} is outside the data (${data.x[0]} ... ${data.x[data.length - 1]})`;
  return findCrossing(data, p.crossing);
}

/** Samples of y over [from, to] (ascending abscissa), window ends interpolated. */
function windowed(data: Data, y: Float64Array, from: number, to: number): { xs: number[]; ys: number[] } | string {
  let x = data.x;
  let v = y;
  const n = x.length;
  if (n === 0) return 'no data';
  if (n > 1 && x[n - 1] < x[0]) {
    x = x.slice().reverse();
    v = v.slice().reverse();
  }
  const lo = Math.max(from, x[0]);
  const hi = Math.min(to, x[n - 1]);
  if (lo > hi) return `the window FROM=${from} TO=${to} is outside the data (${x[0]} ... ${x[n - 1]})`;
  const a = locate(x, lo);
  const b = locate(x, hi);
  if (!a || !b) return `the window FROM=${from} TO=${to} is outside the data`;
  const xs = [lo];
  const ys = [valueAt(v, a)];
  for (let k = 0; k < n; k++) {
    if (x[k] > lo && x[k] < hi) {
      xs.push(x[k]);
      ys.push(v[k]);
    }
  }
  if (hi > lo) {
    xs.push(hi);
    ys.push(valueAt(v, b));
  }
  return { xs, ys };
}

function trapezoid(xs: number[], ys: number[]): number {
  let s = 0;
  for (let k = 1; k < xs.length; k++) s += 0.5 * (ys[k] + ys[k - 1]) * (xs[k] - xs[k - 1]);
  return s;
}

function statistic(op: StatOp, xs: number[], ys: number[]): number | string {
  const span = xs[xs.length - 1] - xs[0];
  switch (op) {
    case 'max':
      return Math.max(...ys);
    case 'min':
      return Math.min(...ys);
    case 'pp':
      return Math.max(...ys) - Math.min(...ys);
    case 'integ':
      return trapezoid(xs, ys);
    case 'avg':
      return span > 0 ? trapezoid(xs, ys) / span : 'the window has zero width';
    case 'rms':
      return span > 0 ? Math.sqrt(trapezoid(xs, ys.map((v) => v * v)) / span) : 'the window has zero width';
  }
}

function evaluate(p: Parsed, data: Data, out: Record<string, number>, warn: (message: string) => void): void {
  const name = p.spec.name;
  const fail = (why: string): void => {
    warn(`${why}; result NaN`);
    out[name] = NaN;
  };
  const m = p.m;
  switch (m.kind) {
    case 'find': {
      const y = data.values(m.signal);
      const s = resolvePoint(data, m.point);
      if (typeof s === 'string') return fail(s);
      out[name] = valueAt(y, s);
      return;
    }
    case 'deriv': {
      const s = resolvePoint(data, m.point);
      if (typeof s === 'string') return fail(s);
      out[name] = slopeAt(data.x, data.values(m.signal), s);
      return;
    }
    case 'when': {
      const s = findCrossing(data, m.crossing);
      if (typeof s === 'string') return fail(s);
      out[name] = s.x;
      return;
    }
    case 'stat': {
      const w = windowed(data, data.values(m.signal), m.from, m.to);
      if (typeof w === 'string') return fail(w);
      const v = statistic(m.op, w.xs, w.ys);
      if (typeof v === 'string') return fail(v);
      out[name] = v;
      return;
    }
    case 'trigtarg': {
      const a = resolvePoint(data, m.trig);
      if (typeof a === 'string') return fail(`TRIG: ${a}`);
      const b = resolvePoint(data, m.targ);
      if (typeof b === 'string') return fail(`TARG: ${b}`);
      out[name] = b.x - a.x;
      return;
    }
    case 'pulses':
      pulses(m, data, name, out, warn);
      return;
  }
}

/** Relative tolerance on |drive| that still counts as the pulse's plateau. */
const PLATEAU = 1e-3;

function pulses(m: Extract<Measurement, { kind: 'pulses' }>, data: Data, name: string, out: Record<string, number>, warn: (message: string) => void): void {
  const x = data.x;
  const y = data.values(m.signal);
  const v = data.values(m.drive);
  const inside = (k: number): boolean => x[k] >= m.from && x[k] <= m.to;
  let peak = 0;
  for (let k = 0; k < x.length; k++) if (inside(k)) peak = Math.max(peak, Math.abs(v[k]));
  const threshold = m.val ?? 0.5 * peak;
  // Runs of points with |drive| >= threshold and one sign.
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let k = 0; k <= x.length; k++) {
    const on = k < x.length && inside(k) && threshold > 0 && Math.abs(v[k]) >= threshold;
    const continues = on && start >= 0 && Math.sign(v[k]) === Math.sign(v[start]);
    if (start >= 0 && !continues) {
      runs.push([start, k - 1]);
      start = -1;
    }
    if (on && start < 0) start = k;
  }
  out[name] = runs.length;
  if (runs.length === 0) {
    warn(`no pulses of ${m.drive.text} (|value| >= ${threshold})`);
    return;
  }
  runs.forEach(([a, b], j) => {
    let top = 0;
    for (let k = a; k <= b; k++) top = Math.max(top, Math.abs(v[k]));
    let end = b;
    while (end > a && Math.abs(v[end]) < top * (1 - PLATEAU)) end--;
    const key = `${name}_${j + 1}`;
    let spot: Spot | null = { i0: end, i1: end, frac: 0, x: x[end] };
    if (m.delay > 0) {
      const t = x[end] - m.delay;
      spot = t >= x[a] ? locate(x, t) : null;
      if (!spot) {
        warn(`pulse ${j + 1} (${x[a]} ... ${x[end]}) is shorter than DELAY=${m.delay}; ${key} = NaN`);
        out[key] = NaN;
        return;
      }
    }
    out[key] = valueAt(y, spot) / valueAt(v, spot);
  });
}
