/**
 * How memspice's result of a public netlist is compared with what ngspice computed for it: shared by
 * test/compat/netlists.test.ts (against the stored fixtures) and scripts/compat/compare.ts (which runs both
 * simulators on corpus netlists to find the ones that agree). The tolerances and why they are what they are:
 * the header of test/compat/netlists.test.ts.
 */
import type { AnalysisResult } from '../../../src/analysis/results.ts';
import type { CompatPlot } from './regen-netlists.ts';

/** Relative to the largest magnitude of the vector in ngspice's result (justified in netlists.test.ts). */
export const TOLERANCE = { op: 1e-6, dc: 1e-6, ac: 1e-6, tran: 2e-3 } as const;

/** Least share of ngspice's time points memspice must share for a comparison at shared points only. */
export const MIN_SHARED = 0.4;

/** One comparison of a vector (for .ac: its real or imaginary part) and its worst deviation. */
export interface VectorCheck {
  part: '' | 're ' | 'im ';
  reference: number[];
  actual: number[];
  allowance?: number[];
  /** The sweep value (time, frequency, source value) of each reference point; empty for .op. */
  scale: number[];
}

/** Indices [reference k, actual j] of the times both lists hold (ascending lists; equal within `within`). */
export function sharedTimes(reference: number[], actual: number[], within: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let j = 0;
  reference.forEach((t, k) => {
    while (j < actual.length && actual[j] < t - within) j++;
    if (j < actual.length && Math.abs(actual[j] - t) <= within) out.push([k, j]);
  });
  return out;
}

export function column(result: AnalysisResult, name: string): number[] {
  const k = result.columns.indexOf(name);
  if (k < 0) throw new Error(`memspice has no column ${name} (has ${result.columns.join(', ')})`);
  return result.data.map((row) => row[k]);
}

/** Linear interpolation of (xs, ys) at x; xs ascending (a repeated x, a breakpoint, takes the later value). */
export function interpolate(xs: number[], ys: number[], x: number): number {
  if (x <= xs[0]) return ys[0];
  let lo = 0;
  let hi = xs.length - 1;
  if (x >= xs[hi]) return ys[hi];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  return xs[hi] === xs[lo] ? ys[hi] : ys[lo] + ((ys[hi] - ys[lo]) * (x - xs[lo])) / (xs[hi] - xs[lo]);
}

/**
 * Bound of linear interpolation's error at each reference time: |f''|max / 2 * (t - a)(b - t) on the step
 * [a, b] of `steps` that holds t, with |f''| from the reference's second divided differences at the points
 * in [a, b] and one neighbour on each side.
 */
export function interpolationAllowance(times: number[], values: number[], steps: number[]): number[] {
  const curvature = times.map((_, k) => {
    if (k === 0 || k === times.length - 1) return 0;
    const right = (values[k + 1] - values[k]) / (times[k + 1] - times[k]);
    const left = (values[k] - values[k - 1]) / (times[k] - times[k - 1]);
    const span = times[k + 1] - times[k - 1];
    return span > 0 ? Math.abs((2 * (right - left)) / span) : 0;
  });
  // Both lists ascend, so the step holding t and the reference points inside it only move forward: two
  // pointers keep this linear in the lengths (a search from the start for every time is quadratic, and a
  // netlist with 400,000 time points would never finish).
  let hi = 0;
  let first = 0; // first reference index with times >= a
  let last = 0; // first reference index with times > b
  let cachedStep = -1;
  let fpp = 0;
  return times.map((t) => {
    while (hi < steps.length && steps[hi] < t) hi++;
    if (hi === 0 || hi === steps.length) return 0;
    const a = steps[hi - 1];
    const b = steps[hi];
    if (hi !== cachedStep) {
      while (first < times.length && times[first] < a) first++;
      if (last < first) last = first;
      while (last < times.length && times[last] <= b) last++;
      // The points in [a, b] and one neighbour on each side.
      fpp = 0;
      for (let k = Math.max(0, first - 1); k <= Math.min(times.length - 1, last); k++) fpp = Math.max(fpp, curvature[k]);
      cachedStep = hi;
    }
    return (fpp / 2) * (t - a) * (b - t);
  });
}

/** The worst deviation of memspice from ngspice beyond `allowance`, relative to the largest |ngspice value|, and where. */
export function worstDeviation(reference: number[], actual: number[], allowance?: number[]): { relative: number; at: number } {
  const scale = Math.max(...reference.map(Math.abs));
  let worst = { relative: 0, at: 0 };
  reference.forEach((r, k) => {
    const excess = Math.max(0, Math.abs(actual[k] - r) - (allowance?.[k] ?? 0));
    const relative = excess / (scale > 0 ? scale : 1);
    if (relative > worst.relative) worst = { relative, at: k };
  });
  return worst;
}

/**
 * The comparisons of one vector of an ngspice plot with memspice's analysis of the same type. Throws (with
 * the reason) where the two cannot be compared at all: a missing column, a different number of points, or
 * (sharedOnly) too few shared time points.
 */
export function vectorChecks(mine: AnalysisResult, plot: CompatPlot, name: string, sharedOnly: boolean): VectorCheck[] {
  const reference = plot.vectors[name];
  if (plot.type === 'op') return [{ part: '', reference, actual: [column(mine, name)[0]], scale: [] }];
  if (plot.type === 'tran') {
    const time = column(mine, 'time');
    const values = column(mine, name);
    if (sharedOnly) {
      const shared = sharedTimes(plot.scale, time, 1e-9 * plot.scale[plot.scale.length - 1]);
      if (shared.length < MIN_SHARED * plot.scale.length) throw new Error(`only ${shared.length} of ngspice's ${plot.scale.length} time points shared`);
      return [{ part: '', reference: shared.map(([k]) => reference[k]), actual: shared.map(([, j]) => values[j]), scale: shared.map(([k]) => plot.scale[k]) }];
    }
    // With a tstart > 0 each simulator starts its output at its own first step past tstart: ngspice's
    // points before memspice's first one (or after its last) have nothing to interpolate between.
    const inside = plot.scale.map((_, k) => k).filter((k) => plot.scale[k] >= time[0] && plot.scale[k] <= time[time.length - 1]);
    const times = inside.map((k) => plot.scale[k]);
    const within = inside.map((k) => reference[k]);
    const allowance = interpolationAllowance(times, within, time);
    return [{ part: '', reference: within, actual: times.map((t) => interpolate(time, values, t)), allowance, scale: times }];
  }
  if (plot.type === 'ac') {
    // Same frequency grid (dec/oct/lin points are a closed form): compare point by point.
    const points = column(mine, 'freq').length;
    if (points !== plot.scale.length) throw new Error(`memspice has ${points} frequencies, ngspice ${plot.scale.length}`);
    return [
      { part: 're ', reference, actual: column(mine, `re(${name})`), scale: plot.scale },
      { part: 'im ', reference: plot.imag![name], actual: column(mine, `im(${name})`), scale: plot.scale },
    ];
  }
  if (mine.data.length !== plot.scale.length) throw new Error(`memspice has ${mine.data.length} sweep points, ngspice ${plot.scale.length}`);
  return [{ part: '', reference, actual: column(mine, name), scale: plot.scale }];
}
