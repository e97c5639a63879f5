/**
 * .meas syntax: the tokens of one .meas line (src/circuit/circuit.ts `MeasureSpec`) read into a `Measurement`.
 * The measurement module is split into this syntax, the plan that tells each analysis which signals to
 * evaluate (plan.ts) and the evaluation on its results (evaluate.ts).
 *
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
import type { AnalysisType, Circuit, MeasureSpec, SignalSpec } from '../../circuit/circuit.ts';
import { NetlistError, type SourceLocation } from '../../base/errors.ts';
import { signalName } from '../signals.ts';

export type Token = MeasureSpec['tokens'][number];
type AssignToken = Extract<Token, { kind: 'assign' }>;

/** How a complex (.ac) signal becomes a real number; 'real' for real analyses. */
export type Part = 'real' | 'mag' | 'phase' | 'db' | 're' | 'im';

export interface Operand {
  /** The signal the analysis evaluates (base signal in .ac: v, i or z). */
  spec: SignalSpec;
  part: Part;
  /** As written, for messages. */
  text: string;
}

export type Edge = 'rise' | 'fall' | 'cross';

export interface Crossing {
  lhs: Operand;
  rhs: number | Operand;
  edge: Edge;
  /** k-th crossing (1-based) or the last one. */
  count: number | 'last';
  td: number;
}

export type Point = { kind: 'at'; at: number } | { kind: 'when'; crossing: Crossing };

export type StatOp = 'avg' | 'max' | 'min' | 'pp' | 'rms' | 'integ';

export type Measurement =
  | { kind: 'find'; signal: Operand; point: Point }
  | { kind: 'deriv'; signal: Operand; point: Point }
  | { kind: 'when'; crossing: Crossing }
  | { kind: 'stat'; op: StatOp; signal: Operand; from: number; to: number }
  | { kind: 'trigtarg'; trig: Point; targ: Point }
  | { kind: 'pulses'; signal: Operand; drive: Operand; val: number | null; delay: number; from: number; to: number };

export interface Parsed {
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

/** The signals a measurement reads, so the analysis can evaluate them. */
export function operandsOf(m: Measurement): Operand[] {
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

/**
 * Every .meas line of the circuit read into a measurement, or the NetlistError of the first malformed one
 * (also for two measurements of one analysis with the same name, and for PULSES result names that clash).
 */
export function parseMeasures(circuit: Circuit): Parsed[] {
  const out: Parsed[] = [];
  const seen = new Map<string, Set<string>>();
  for (const spec of circuit.measures) {
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
