/**
 * .meas evaluation: the numbers of each measurement, computed on an analysis' result (conventions in
 * syntax.ts: interpolation, crossings, windows, PULSES).
 */
import type { AnalysisResult } from '../results.ts';
import { signalName } from '../signals.ts';
import type { Crossing, Measurement, Operand, Parsed, Point, StatOp } from './syntax.ts';

/** Column access over an analysis result. */
export class Data {
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

/** Computes one measurement on the data into `out` (NaN with a warning where the data can not satisfy it). */
export function evaluate(p: Parsed, data: Data, out: Record<string, number>, warn: (message: string) => void): void {
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
