/**
 * Dense LU with partial pivoting, for small systems (see `chooseSolverFactory` in ./index.ts for the
 * crossover). Row-major Float64Array storage, right-looking elimination (the inner loop runs along a
 * contiguous row). Complex systems use split re/im arrays: no object per flop.
 *
 * Rows are equilibrated first (each row divided by its largest magnitude, as KLU does by default) so that
 * badly scaled rows (device state rows with entries ~1e30) neither win every pivot search nor make the
 * singularity test meaningless.
 *
 * Singularity test (shared with the sparse solver, see `SINGULAR_RTOL`): a pivot is unusable when
 *   |pivot| <= SINGULAR_RTOL * scale,   scale = max(max |scaled A(:,k)|, max |U(:,k)|, max |candidates|)
 * i.e. when it is within a few ulps of the largest magnitude that was combined into this column. A column
 * that is (numerically) a combination of earlier ones leaves exactly that kind of cancellation residue, and a
 * pivot that small would give a solution with O(1) relative error anyway. Anything larger is accepted:
 * SPICE matrices legitimately carry pivots ~1e-12 relative (gmin against 1 S), and an absolute threshold
 * such as 1e-300 would let a dependent pair through whenever rounding leaves a residue of ~1e-16.
 */
import type {
  ComplexLinearSolver,
  LinearSolverFactory,
  RealLinearSolver,
  SparsityPattern,
} from './solver.ts';
import { SingularMatrixError } from './solver.ts';

/** A pivot at or below this multiple of the column's scale is treated as cancellation residue (8 ulps). */
export const SINGULAR_RTOL = 8 * Number.EPSILON;

/** Dense index (row * n + col) of every pattern position. */
function densePositions(pattern: SparsityPattern): Int32Array {
  const { n, colStart, rowIndex } = pattern;
  const nnz = colStart[n];
  const pos = new Int32Array(nnz);
  for (let c = 0; c < n; c++) {
    for (let p = colStart[c]; p < colStart[c + 1]; p++) pos[p] = rowIndex[p] * n + c;
  }
  return pos;
}

export class DenseRealSolver implements RealLinearSolver {
  readonly n: number;
  private readonly pos: Int32Array;
  private readonly rowOf: Int32Array;
  private readonly nnz: number;
  /** LU factors in place, row-major; L unit lower (below diagonal), U upper. */
  private readonly a: Float64Array;
  /** piv[k] = original row placed at position k */
  private readonly piv: Int32Array;
  private readonly rowScale: Float64Array;
  private readonly colMax: Float64Array;
  private readonly work: Float64Array;
  private factored = false;

  constructor(pattern: SparsityPattern) {
    const n = pattern.n;
    this.n = n;
    this.nnz = pattern.colStart[n];
    this.pos = densePositions(pattern);
    this.rowOf = pattern.rowIndex.slice(0, this.nnz);
    this.a = new Float64Array(n * n);
    this.piv = new Int32Array(n);
    this.rowScale = new Float64Array(n);
    this.colMax = new Float64Array(n);
    this.work = new Float64Array(n);
  }

  factor(values: Float64Array): void {
    const n = this.n;
    const a = this.a;
    const pos = this.pos;
    const rowOf = this.rowOf;
    const nnz = this.nnz;
    const rs = this.rowScale;
    const colMax = this.colMax;
    const piv = this.piv;
    this.factored = false;
    a.fill(0);
    rs.fill(0);
    colMax.fill(0);
    for (let p = 0; p < nnz; p++) {
      const v = Math.abs(values[p]);
      const r = rowOf[p];
      if (v > rs[r]) rs[r] = v;
    }
    for (let r = 0; r < n; r++) rs[r] = rs[r] > 0 && rs[r] < Infinity ? 1 / rs[r] : 1;
    for (let p = 0; p < nnz; p++) {
      const r = rowOf[p];
      const v = values[p] * rs[r];
      a[pos[p]] = v;
      const c = pos[p] - r * n;
      const av = Math.abs(v);
      if (av > colMax[c]) colMax[c] = av;
    }
    for (let k = 0; k < n; k++) piv[k] = k;

    for (let k = 0; k < n; k++) {
      // growth in this column: the U part computed so far
      let scale = colMax[k];
      for (let i = 0; i < k; i++) {
        const v = Math.abs(a[i * n + k]);
        if (v > scale) scale = v;
      }
      let best = -1;
      let bestAbs = -1;
      for (let i = k; i < n; i++) {
        const v = Math.abs(a[i * n + k]);
        if (v > bestAbs) {
          bestAbs = v;
          best = i;
        }
      }
      if (bestAbs > scale) scale = bestAbs;
      // NaN fails the comparison too
      if (!(bestAbs > SINGULAR_RTOL * scale) || bestAbs === Infinity) throw new SingularMatrixError(k);
      if (best !== k) {
        const ob = best * n;
        const ok = k * n;
        for (let c = 0; c < n; c++) {
          const t = a[ok + c];
          a[ok + c] = a[ob + c];
          a[ob + c] = t;
        }
        const t = piv[k];
        piv[k] = piv[best];
        piv[best] = t;
      }
      const rowK = k * n;
      const inv = 1 / a[rowK + k];
      for (let i = k + 1; i < n; i++) {
        const rowI = i * n;
        const aik = a[rowI + k];
        if (aik === 0) continue;
        const l = aik * inv;
        a[rowI + k] = l;
        for (let c = k + 1; c < n; c++) a[rowI + c] -= l * a[rowK + c];
      }
    }
    this.factored = true;
  }

  solve(rhs: Float64Array): void {
    if (!this.factored) throw new Error('DenseRealSolver.solve called without a successful factor()');
    const n = this.n;
    const a = this.a;
    const w = this.work;
    const piv = this.piv;
    const rs = this.rowScale;
    for (let k = 0; k < n; k++) {
      const r = piv[k];
      w[k] = rhs[r] * rs[r];
    }
    for (let i = 1; i < n; i++) {
      const row = i * n;
      let s = w[i];
      for (let c = 0; c < i; c++) s -= a[row + c] * w[c];
      w[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      const row = i * n;
      let s = w[i];
      for (let c = i + 1; c < n; c++) s -= a[row + c] * w[c];
      w[i] = s / a[row + i];
    }
    for (let k = 0; k < n; k++) rhs[k] = w[k];
  }
}

export class DenseComplexSolver implements ComplexLinearSolver {
  readonly n: number;
  private readonly pos: Int32Array;
  private readonly rowOf: Int32Array;
  private readonly nnz: number;
  private readonly ar: Float64Array;
  private readonly ai: Float64Array;
  private readonly piv: Int32Array;
  private readonly rowScale: Float64Array;
  private readonly colMax2: Float64Array;
  private readonly wr: Float64Array;
  private readonly wi: Float64Array;
  private factored = false;

  constructor(pattern: SparsityPattern) {
    const n = pattern.n;
    this.n = n;
    this.nnz = pattern.colStart[n];
    this.pos = densePositions(pattern);
    this.rowOf = pattern.rowIndex.slice(0, this.nnz);
    this.ar = new Float64Array(n * n);
    this.ai = new Float64Array(n * n);
    this.piv = new Int32Array(n);
    this.rowScale = new Float64Array(n);
    this.colMax2 = new Float64Array(n);
    this.wr = new Float64Array(n);
    this.wi = new Float64Array(n);
  }

  factor(re: Float64Array, im: Float64Array): void {
    const n = this.n;
    const ar = this.ar;
    const ai = this.ai;
    const pos = this.pos;
    const rowOf = this.rowOf;
    const nnz = this.nnz;
    const rs = this.rowScale;
    const colMax2 = this.colMax2;
    const piv = this.piv;
    this.factored = false;
    ar.fill(0);
    ai.fill(0);
    rs.fill(0);
    colMax2.fill(0);
    for (let p = 0; p < nnz; p++) {
      const v = re[p] * re[p] + im[p] * im[p];
      const r = rowOf[p];
      if (v > rs[r]) rs[r] = v;
    }
    for (let r = 0; r < n; r++) rs[r] = rs[r] > 0 && rs[r] < Infinity ? 1 / Math.sqrt(rs[r]) : 1;
    for (let p = 0; p < nnz; p++) {
      const r = rowOf[p];
      const s = rs[r];
      const vr = re[p] * s;
      const vi = im[p] * s;
      ar[pos[p]] = vr;
      ai[pos[p]] = vi;
      const c = pos[p] - r * n;
      const m2 = vr * vr + vi * vi;
      if (m2 > colMax2[c]) colMax2[c] = m2;
    }
    for (let k = 0; k < n; k++) piv[k] = k;
    const tol2 = SINGULAR_RTOL * SINGULAR_RTOL;

    for (let k = 0; k < n; k++) {
      let scale2 = colMax2[k];
      for (let i = 0; i < k; i++) {
        const q = i * n + k;
        const v = ar[q] * ar[q] + ai[q] * ai[q];
        if (v > scale2) scale2 = v;
      }
      let best = -1;
      let best2 = -1;
      for (let i = k; i < n; i++) {
        const q = i * n + k;
        const v = ar[q] * ar[q] + ai[q] * ai[q];
        if (v > best2) {
          best2 = v;
          best = i;
        }
      }
      if (best2 > scale2) scale2 = best2;
      if (!(best2 > tol2 * scale2) || best2 === Infinity) throw new SingularMatrixError(k);
      if (best !== k) {
        const ob = best * n;
        const ok = k * n;
        for (let c = 0; c < n; c++) {
          let t = ar[ok + c];
          ar[ok + c] = ar[ob + c];
          ar[ob + c] = t;
          t = ai[ok + c];
          ai[ok + c] = ai[ob + c];
          ai[ob + c] = t;
        }
        const t = piv[k];
        piv[k] = piv[best];
        piv[best] = t;
      }
      const rowK = k * n;
      const pr = ar[rowK + k];
      const pi = ai[rowK + k];
      const pm = pr * pr + pi * pi;
      const invR = pr / pm;
      const invI = -pi / pm;
      for (let i = k + 1; i < n; i++) {
        const rowI = i * n;
        const xr = ar[rowI + k];
        const xi = ai[rowI + k];
        if (xr === 0 && xi === 0) continue;
        const lr = xr * invR - xi * invI;
        const li = xr * invI + xi * invR;
        ar[rowI + k] = lr;
        ai[rowI + k] = li;
        for (let c = k + 1; c < n; c++) {
          const ur = ar[rowK + c];
          const ui = ai[rowK + c];
          ar[rowI + c] -= lr * ur - li * ui;
          ai[rowI + c] -= lr * ui + li * ur;
        }
      }
    }
    this.factored = true;
  }

  solve(rhsRe: Float64Array, rhsIm: Float64Array): void {
    if (!this.factored) throw new Error('DenseComplexSolver.solve called without a successful factor()');
    const n = this.n;
    const ar = this.ar;
    const ai = this.ai;
    const wr = this.wr;
    const wi = this.wi;
    const piv = this.piv;
    const rs = this.rowScale;
    for (let k = 0; k < n; k++) {
      const r = piv[k];
      wr[k] = rhsRe[r] * rs[r];
      wi[k] = rhsIm[r] * rs[r];
    }
    for (let i = 1; i < n; i++) {
      const row = i * n;
      let sr = wr[i];
      let si = wi[i];
      for (let c = 0; c < i; c++) {
        const lr = ar[row + c];
        const li = ai[row + c];
        sr -= lr * wr[c] - li * wi[c];
        si -= lr * wi[c] + li * wr[c];
      }
      wr[i] = sr;
      wi[i] = si;
    }
    for (let i = n - 1; i >= 0; i--) {
      const row = i * n;
      let sr = wr[i];
      let si = wi[i];
      for (let c = i + 1; c < n; c++) {
        const ur = ar[row + c];
        const ui = ai[row + c];
        sr -= ur * wr[c] - ui * wi[c];
        si -= ur * wi[c] + ui * wr[c];
      }
      const dr = ar[row + i];
      const di = ai[row + i];
      const dm = dr * dr + di * di;
      wr[i] = (sr * dr + si * di) / dm;
      wi[i] = (si * dr - sr * di) / dm;
    }
    for (let k = 0; k < n; k++) {
      rhsRe[k] = wr[k];
      rhsIm[k] = wi[k];
    }
  }
}

export const denseSolverFactory: LinearSolverFactory = {
  name: 'dense',
  real: (pattern) => new DenseRealSolver(pattern),
  complex: (pattern) => new DenseComplexSolver(pattern),
};
