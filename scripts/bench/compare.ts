/**
 * Differences between two results of the same analysis (memspice vs ngspice), relative to the signal scale:
 *
 *   max over signals s and points k of |a_s(k) - b_s(k)|  /  max over s, k of |b_s(k)|
 *
 * (normalising by each signal's own largest magnitude would blow up near-zero signals; the crossbar's column
 * currents share one scale). Transients are compared at the reference's time points, the other result
 * interpolated (cubic Hermite with finite-difference slopes; its error is far below 1e-4 at the benchmarks'
 * steps); AC results at the same frequencies (checked), as complex differences.
 */

export interface Result {
  columns: string[];
  data: number[][];
}

export interface Difference {
  /** max |a - b| / max |b| */
  relative: number;
  /** max |a - b| */
  absolute: number;
  /** max |b| */
  scale: number;
  /** Signal and abscissa of the largest difference. */
  where: string;
  /** Points compared. */
  points: number;
}

function col(r: Result, name: string): number[] {
  const k = r.columns.indexOf(name);
  if (k < 0) throw new Error(`compare: no column ${name} in [${r.columns.slice(0, 8).join(', ')}...]`);
  return r.data.map((row) => row[k]);
}

/** Cubic Hermite interpolation of (t, y) at tq (t ascending; duplicates tolerated). */
export function interpolate(t: number[], y: number[], tq: number): number {
  const n = t.length;
  if (tq <= t[0]) return y[0];
  if (tq >= t[n - 1]) return y[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t[mid] <= tq) lo = mid;
    else hi = mid;
  }
  const h = t[hi] - t[lo];
  if (h <= 0) return y[hi];
  const slope = (i: number): number => {
    const a = Math.max(0, i - 1);
    const b = Math.min(n - 1, i + 1);
    return t[b] > t[a] ? (y[b] - y[a]) / (t[b] - t[a]) : 0;
  };
  const s = (tq - t[lo]) / h;
  const h00 = (1 + 2 * s) * (1 - s) * (1 - s);
  const h10 = s * (1 - s) * (1 - s);
  const h01 = s * s * (3 - 2 * s);
  const h11 = s * s * (s - 1);
  return h00 * y[lo] + h10 * h * slope(lo) + h01 * y[hi] + h11 * h * slope(hi);
}

/** Compare `a` (memspice) with the reference `b` (ngspice) over the signals both have. */
export function compareResults(kind: 'op' | 'tran' | 'ac', a: Result, b: Result): Difference {
  let absolute = 0;
  let scale = 0;
  let where = '';
  let points = 0;
  if (kind === 'op') {
    for (const name of b.columns) {
      const x = col(a, name)[0];
      const y = col(b, name)[0];
      scale = Math.max(scale, Math.abs(y));
      const d = Math.abs(x - y);
      points++;
      if (d >= absolute) {
        absolute = d;
        where = name;
      }
    }
  } else if (kind === 'tran') {
    const ta = col(a, 'time');
    const tb = col(b, 'time');
    for (const name of b.columns.slice(1)) {
      const ya = col(a, name);
      const yb = col(b, name);
      for (let k = 0; k < tb.length; k++) {
        const x = interpolate(ta, ya, tb[k]);
        scale = Math.max(scale, Math.abs(yb[k]));
        const d = Math.abs(x - yb[k]);
        points++;
        if (d >= absolute) {
          absolute = d;
          where = `${name} at t=${tb[k].toPrecision(4)}`;
        }
      }
    }
  } else {
    const fa = col(a, 'freq');
    const fb = col(b, 'freq');
    if (fa.length !== fb.length || fa.some((f, k) => Math.abs(f - fb[k]) > 1e-6 * fb[k])) {
      throw new Error(`compare: AC frequency grids differ (${fa.length} vs ${fb.length} points)`);
    }
    const names = b.columns.filter((c) => c.startsWith('re(')).map((c) => c.slice(3, -1));
    for (const name of names) {
      const ar = col(a, `re(${name})`);
      const ai = col(a, `im(${name})`);
      const br = col(b, `re(${name})`);
      const bi = col(b, `im(${name})`);
      for (let k = 0; k < fb.length; k++) {
        scale = Math.max(scale, Math.hypot(br[k], bi[k]));
        const d = Math.hypot(ar[k] - br[k], ai[k] - bi[k]);
        points++;
        if (d >= absolute) {
          absolute = d;
          where = `${name} at f=${fb[k].toPrecision(4)}`;
        }
      }
    }
  }
  return { relative: scale > 0 ? absolute / scale : absolute, absolute, scale, where, points };
}
