/** Error measures and interpolation shared by the tests that compare simulated numbers with exact ones. */
import { Complex } from 'complex.js';

/** |a - b| / max(|b|, floor): relative error, with an absolute floor where the exact value crosses zero. */
export function rel(a: number, b: number, floor = 0): number {
  if (a === b) return 0; // also +-Infinity on both sides
  return Math.abs(a - b) / Math.max(Math.abs(b), floor);
}

/** Largest `rel` over two equally long series. */
export function maxRel(got: number[], want: number[], floor = 0): number {
  return got.reduce((m, g, k) => Math.max(m, rel(g, want[k]!, floor)), 0);
}

/** Complex relative error |z - zExact| / |zExact|, z given as [re, im] (as `complexColumn` returns it). */
export function cRel(z: [number, number], exact: Complex): number {
  return new Complex(z[0], z[1]).sub(exact).abs() / exact.abs();
}

/**
 * Linear interpolation of ys at t over increasing ts (extrapolates linearly beyond the ends). Uses the segment
 * [ts[k-1], ts[k]] with the first ts[k] >= t, so a t on a sample, or on a repeated time point (a breakpoint),
 * takes the segment that ends there. Binary search: the figure tests sample loops of ~1e5 points thousands of times.
 */
export function interp(ts: number[], ys: number[], t: number): number {
  let lo = 1;
  let hi = ts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  const k = lo;
  const t0 = ts[k - 1]!;
  const t1 = ts[k]!;
  return ys[k - 1]! + ((ys[k]! - ys[k - 1]!) * (t - t0)) / (t1 - t0);
}

/**
 * Deviation of a simulated series from a reference solution at the simulated times: max_t |sim - ref| as a
 * fraction of `peak` = max_t |ref| (the scale the transient tolerances are stated in).
 */
export function deviationFromReference(times: number[], simulated: number[], reference: (t: number) => number): { err: number; peak: number } {
  let err = 0;
  let peak = 0;
  for (let k = 0; k < times.length; k++) {
    const r = reference(times[k]!);
    peak = Math.max(peak, Math.abs(r));
    err = Math.max(err, Math.abs(simulated[k]! - r));
  }
  return { err: err / peak, peak };
}

/** Root of a monotonic increasing function on [lo, hi] to double precision (the tests' own, not the code's). */
export function bisect(fn: (x: number) => number, lo: number, hi: number): number {
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (lo + hi);
    if (fn(mid) > 0) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/** k T / q at 300.15 K with the CODATA 2014 constants ngspice 39 uses (an independent value, not the code's). */
export const THERMAL_VOLTAGE_NGSPICE = (1.38064852e-23 * 300.15) / 1.6021766208e-19;
