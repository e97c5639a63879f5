/**
 * Real sparse LU, KLU-style: left-looking Gilbert–Peierls factorisation with threshold partial pivoting on a
 * fill-reducing column order, then numeric-only refactorisation on the stored pattern and pivot order.
 *
 * Storage (all typed arrays, grown only by a pivoting factorisation):
 *   L: unit lower triangular, column k in Li/Lx[Lp[k] .. Lp[k+1]), row indices are elimination steps (> k)
 *   U: strictly upper part, column k in Ui/Ux[Up[k] .. Up[k+1]), row indices are steps (< k) stored in a
 *      topological order of the column's reach (any order where a step precedes the steps it updates),
 *      diagonal in Udiag[k]
 * Factorised matrix: Prow * R * A * Qcol = L * U with R the row equilibration, Prow the pivot rows, Qcol the
 * column order.
 */
import type { RealLinearSolver, SparsityPattern } from '../solver.ts';
import { SingularMatrixError } from '../solver.ts';
import { SINGULAR_RTOL } from '../dense.ts';
import { analyseOrdering, resolveOptions } from './analysis.ts';
import type { ColumnOrdering, ResolvedOptions, SparseLUOptions } from './analysis.ts';

export interface SparseLUStats {
  /** factorisations with pivot search and symbolic reach (the first one, and fallbacks) */
  pivotingFactors: number;
  /** numeric-only refactorisations that succeeded */
  refactors: number;
  /** refactorisations abandoned because a stored pivot became unacceptable */
  refactorFailures: number;
  /** ordering analyses (transversal + AMD) */
  analyses: number;
  nnzL: number;
  nnzU: number;
}

function growInt(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}
function growFloat(a: Float64Array, need: number): Float64Array {
  if (need <= a.length) return a;
  const b = new Float64Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Sort the row indices of every column ascending (values follow) by transposing twice, O(nnz + n).
 * For L this makes the scatter into the work vector sweep memory forwards; for U ascending step order is a
 * valid topological order (L(i, s) != 0 only for i > s), so refactor and solve can use it too.
 */
export function sortColumns(n: number, Ap: Int32Array, Ai: Int32Array, Ax: Float64Array, Ax2: Float64Array | null): void {
  const nnz = Ap[n];
  const Rp = new Int32Array(n + 1);
  for (let q = 0; q < nnz; q++) Rp[Ai[q] + 1]++;
  for (let i = 0; i < n; i++) Rp[i + 1] += Rp[i];
  const next = Rp.slice(0, n);
  const Rj = new Int32Array(nnz);
  const Rx = new Float64Array(nnz);
  const Rx2 = Ax2 === null ? null : new Float64Array(nnz);
  for (let c = 0; c < n; c++) {
    for (let q = Ap[c]; q < Ap[c + 1]; q++) {
      const t = next[Ai[q]]++;
      Rj[t] = c;
      Rx[t] = Ax[q];
      if (Rx2 !== null && Ax2 !== null) Rx2[t] = Ax2[q];
    }
  }
  const fill = Ap.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let t = Rp[i]; t < Rp[i + 1]; t++) {
      const c = Rj[t];
      const q = fill[c]++;
      Ai[q] = i;
      Ax[q] = Rx[t];
      if (Rx2 !== null && Ax2 !== null) Ax2[q] = Rx2[t];
    }
  }
}

export class SparseLURealSolver implements RealLinearSolver {
  readonly n: number;
  readonly stats: SparseLUStats = {
    pivotingFactors: 0,
    refactors: 0,
    refactorFailures: 0,
    analyses: 0,
    nnzL: 0,
    nnzU: 0,
  };
  private readonly colStart: Int32Array;
  private readonly rowIndex: Int32Array;
  private readonly nnz: number;
  private readonly opts: ResolvedOptions;
  private ordering: ColumnOrdering | null = null;
  /** true when L/U patterns and pivot order are valid for refactor */
  private symbolic = false;
  private factored = false;
  private everFactored = false;

  private readonly pinv: Int32Array; // original row -> step
  private readonly prow: Int32Array; // step -> original row
  private readonly Lp: Int32Array;
  private Li: Int32Array;
  private Lx: Float64Array;
  private readonly Up: Int32Array;
  private Ui: Int32Array;
  private Ux: Float64Array;
  private readonly Udiag: Float64Array;
  /** row scale indexed by original row during pivoting, by step afterwards (see rsStep) */
  private readonly rsRow: Float64Array;
  private readonly rsStep: Float64Array;
  /** step of the row of every pattern entry (valid when symbolic) */
  private readonly aStep: Int32Array;
  private readonly X: Float64Array;
  private readonly stack: Int32Array;
  private readonly pstack: Int32Array;
  private readonly flag: Int32Array;
  private readonly pattern: Int32Array;

  constructor(pattern: SparsityPattern, options?: SparseLUOptions) {
    const n = pattern.n;
    this.n = n;
    this.colStart = pattern.colStart;
    this.rowIndex = pattern.rowIndex;
    this.nnz = pattern.colStart[n];
    this.opts = resolveOptions(options);
    this.pinv = new Int32Array(n);
    this.prow = new Int32Array(n);
    this.Lp = new Int32Array(n + 1);
    this.Up = new Int32Array(n + 1);
    const cap = Math.max(16, 2 * this.nnz);
    this.Li = new Int32Array(cap);
    this.Lx = new Float64Array(cap);
    this.Ui = new Int32Array(cap);
    this.Ux = new Float64Array(cap);
    this.Udiag = new Float64Array(n);
    this.rsRow = new Float64Array(n);
    this.rsStep = new Float64Array(n);
    this.aStep = new Int32Array(this.nnz);
    this.X = new Float64Array(n);
    this.stack = new Int32Array(n);
    this.pstack = new Int32Array(n);
    this.flag = new Int32Array(n);
    this.pattern = new Int32Array(n);
  }

  factor(values: Float64Array): void {
    this.factored = false;
    if (this.symbolic) {
      if (this.refactor(values)) {
        this.stats.refactors++;
        this.factored = true;
        return;
      }
      this.stats.refactorFailures++;
      this.symbolic = false;
    }
    if (this.ordering === null) {
      const nonzero = new Uint8Array(this.nnz);
      for (let p = 0; p < this.nnz; p++) nonzero[p] = values[p] !== 0 ? 1 : 0;
      this.ordering = analyseOrdering({ n: this.n, colStart: this.colStart, rowIndex: this.rowIndex }, nonzero, this.opts);
      this.stats.analyses++;
    }
    this.stats.pivotingFactors++;
    try {
      this.factorPivoting(values, this.ordering);
    } catch (e) {
      // a singular first matrix may have produced a poor transversal: analyse again next time
      if (!this.everFactored) this.ordering = null;
      throw e;
    }
    this.everFactored = true;
    this.symbolic = true;
    this.factored = true;
  }

  /** Number of entries of L (without the unit diagonal) plus U (with the diagonal). */
  get nnzLU(): number {
    return this.Lp[this.n] + this.Up[this.n] + this.n;
  }

  private computeRowScale(values: Float64Array): void {
    const rs = this.rsRow;
    const n = this.n;
    if (!this.opts.scale) {
      rs.fill(1);
      return;
    }
    rs.fill(0);
    const ri = this.rowIndex;
    const nnz = this.nnz;
    for (let p = 0; p < nnz; p++) {
      const a = Math.abs(values[p]);
      const r = ri[p];
      if (a > rs[r]) rs[r] = a;
    }
    for (let r = 0; r < n; r++) {
      const m = rs[r];
      rs[r] = m > 0 && m < Infinity ? 1 / m : 1;
    }
  }

  /** Gilbert–Peierls with threshold partial pivoting; builds the L/U patterns. */
  private factorPivoting(values: Float64Array, ord: ColumnOrdering): void {
    const n = this.n;
    const colStart = this.colStart;
    const rowIndex = this.rowIndex;
    const colPerm = ord.colPerm;
    const prefRow = ord.prefRow;
    const pinv = this.pinv;
    const prow = this.prow;
    const Lp = this.Lp;
    const Up = this.Up;
    const Udiag = this.Udiag;
    const X = this.X;
    const stack = this.stack;
    const pstack = this.pstack;
    const flag = this.flag;
    const pat = this.pattern;
    const tol = this.opts.pivotTol;
    this.computeRowScale(values);
    const rs = this.rsRow;
    let Li = this.Li;
    let Lx = this.Lx;
    let Ui = this.Ui;
    let Ux = this.Ux;
    pinv.fill(-1);
    flag.fill(-1);
    X.fill(0);
    let lnz = 0;
    let unz = 0;
    Lp[0] = 0;
    Up[0] = 0;
    for (let k = 0; k < n; k++) {
      const j = colPerm[k];
      const p0 = colStart[j];
      const p1 = colStart[j + 1];
      // symbolic: reach of A(:,j) in the graph of L, in topological order, into pat[top..n)
      let top = n;
      for (let p = p0; p < p1; p++) {
        const i0 = rowIndex[p];
        if (flag[i0] === k) continue;
        let head = 0;
        stack[0] = i0;
        while (head >= 0) {
          const i = stack[head];
          const col = pinv[i];
          if (flag[i] !== k) {
            flag[i] = k;
            pstack[head] = col < 0 ? 0 : Lp[col];
          }
          let done = true;
          if (col >= 0) {
            const end = Lp[col + 1];
            for (let q = pstack[head]; q < end; q++) {
              const r = Li[q];
              if (flag[r] === k) continue;
              pstack[head] = q + 1;
              stack[++head] = r;
              done = false;
              break;
            }
          }
          if (done) {
            head--;
            pat[--top] = i;
          }
        }
      }
      // numeric: x = L \ A(:,j)
      let colMax = 0;
      for (let p = p0; p < p1; p++) {
        const i = rowIndex[p];
        const v = values[p] * rs[i];
        X[i] = v;
        const a = Math.abs(v);
        if (a > colMax) colMax = a;
      }
      let uMax = 0;
      for (let t = top; t < n; t++) {
        const i = pat[t];
        const col = pinv[i];
        if (col < 0) continue;
        const u = X[i];
        const au = Math.abs(u);
        if (au > uMax) uMax = au;
        if (u === 0) continue;
        const end = Lp[col + 1];
        let q = Lp[col];
        for (; q + 3 < end; q += 4) {
          const i0 = Li[q];
          const i1 = Li[q + 1];
          const i2 = Li[q + 2];
          const i3 = Li[q + 3];
          const a0 = X[i0] - Lx[q] * u;
          const a1 = X[i1] - Lx[q + 1] * u;
          const a2 = X[i2] - Lx[q + 2] * u;
          const a3 = X[i3] - Lx[q + 3] * u;
          X[i0] = a0;
          X[i1] = a1;
          X[i2] = a2;
          X[i3] = a3;
        }
        for (; q < end; q++) X[Li[q]] -= Lx[q] * u;
      }
      // pivot search
      const pref = prefRow[k];
      let best = -1;
      let bestAbs = -1;
      let prefAbs = -1;
      for (let t = top; t < n; t++) {
        const i = pat[t];
        if (pinv[i] >= 0) continue;
        const a = Math.abs(X[i]);
        if (a > bestAbs) {
          bestAbs = a;
          best = i;
        }
        if (i === pref) prefAbs = a;
      }
      if (prefAbs >= 0 && prefAbs >= tol * bestAbs) best = pref;
      const pivAbs = best >= 0 ? Math.abs(X[best]) : 0;
      let scale = colMax > uMax ? colMax : uMax;
      if (bestAbs > scale) scale = bestAbs;
      if (!(pivAbs > SINGULAR_RTOL * scale) || pivAbs === Infinity) {
        for (let t = top; t < n; t++) X[pat[t]] = 0;
        this.Li = Li;
        this.Lx = Lx;
        this.Ui = Ui;
        this.Ux = Ux;
        throw new SingularMatrixError(j);
      }
      const piv = X[best];
      // store U(:,k) and L(:,k)
      const room = n - top;
      if (unz + room > Ui.length) {
        Ui = growInt(Ui, unz + room);
        Ux = growFloat(Ux, unz + room);
      }
      if (lnz + room > Li.length) {
        Li = growInt(Li, lnz + room);
        Lx = growFloat(Lx, lnz + room);
      }
      for (let t = top; t < n; t++) {
        const i = pat[t];
        const col = pinv[i];
        if (col < 0) continue;
        Ui[unz] = col;
        Ux[unz++] = X[i];
        X[i] = 0;
      }
      Up[k + 1] = unz;
      Udiag[k] = piv;
      pinv[best] = k;
      prow[k] = best;
      X[best] = 0;
      const inv = 1 / piv;
      for (let t = top; t < n; t++) {
        const i = pat[t];
        if (pinv[i] >= 0) continue;
        Li[lnz] = i;
        Lx[lnz++] = X[i] * inv;
        X[i] = 0;
      }
      Lp[k + 1] = lnz;
    }
    // relabel L rows to steps; index the pattern by step for refactor
    for (let q = 0; q < lnz; q++) Li[q] = pinv[Li[q]];
    const aStep = this.aStep;
    for (let p = 0; p < this.nnz; p++) aStep[p] = pinv[rowIndex[p]];
    const rsStep = this.rsStep;
    for (let k = 0; k < n; k++) rsStep[k] = rs[prow[k]];
    sortColumns(n, Lp, Li, Lx, null);
    sortColumns(n, Up, Ui, Ux, null);
    this.Li = Li;
    this.Lx = Lx;
    this.Ui = Ui;
    this.Ux = Ux;
    this.stats.nnzL = lnz;
    this.stats.nnzU = unz + n;
  }

  /** Numeric refactorisation on the stored patterns; false if a pivot is no longer acceptable. */
  private refactor(values: Float64Array): boolean {
    const n = this.n;
    const ord = this.ordering as ColumnOrdering;
    const colPerm = ord.colPerm;
    const colStart = this.colStart;
    const aStep = this.aStep;
    const Lp = this.Lp;
    const Li = this.Li;
    const Lx = this.Lx;
    const Up = this.Up;
    const Ui = this.Ui;
    const Ux = this.Ux;
    const Udiag = this.Udiag;
    const X = this.X;
    const rs = this.rsStep;
    const nnz = this.nnz;
    const tol = this.opts.refactorTol;
    if (this.opts.scale) {
      rs.fill(0);
      for (let p = 0; p < nnz; p++) {
        const a = Math.abs(values[p]);
        const s = aStep[p];
        if (a > rs[s]) rs[s] = a;
      }
      for (let s = 0; s < n; s++) {
        const m = rs[s];
        rs[s] = m > 0 && m < Infinity ? 1 / m : 1;
      }
    }
    for (let k = 0; k < n; k++) {
      const j = colPerm[k];
      let colMax = 0;
      const p1 = colStart[j + 1];
      for (let p = colStart[j]; p < p1; p++) {
        const s = aStep[p];
        const v = values[p] * rs[s];
        X[s] = v;
        const a = v < 0 ? -v : v;
        if (a > colMax) colMax = a;
      }
      let uMax = 0;
      const u1 = Up[k + 1];
      for (let up = Up[k]; up < u1; up++) {
        const s = Ui[up];
        const u = X[s];
        X[s] = 0;
        Ux[up] = u;
        if (u === 0) continue;
        const a = u < 0 ? -u : u;
        if (a > uMax) uMax = a;
        const l1 = Lp[s + 1];
        let q = Lp[s];
        // unrolled by 4: the rows of one L column are distinct, so the loads and stores do not alias
        for (; q + 3 < l1; q += 4) {
          const i0 = Li[q];
          const i1 = Li[q + 1];
          const i2 = Li[q + 2];
          const i3 = Li[q + 3];
          const a0 = X[i0] - Lx[q] * u;
          const a1 = X[i1] - Lx[q + 1] * u;
          const a2 = X[i2] - Lx[q + 2] * u;
          const a3 = X[i3] - Lx[q + 3] * u;
          X[i0] = a0;
          X[i1] = a1;
          X[i2] = a2;
          X[i3] = a3;
        }
        for (; q < l1; q++) X[Li[q]] -= Lx[q] * u;
      }
      const piv = X[k];
      X[k] = 0;
      const l0 = Lp[k];
      const l1 = Lp[k + 1];
      let lMax = 0;
      for (let q = l0; q < l1; q++) {
        const s = Li[q];
        const v = X[s];
        X[s] = 0;
        Lx[q] = v;
        const a = v < 0 ? -v : v;
        if (a > lMax) lMax = a;
      }
      const pivAbs = piv < 0 ? -piv : piv;
      let scale = colMax > uMax ? colMax : uMax;
      if (lMax > scale) scale = lMax;
      if (!(pivAbs > SINGULAR_RTOL * scale) || pivAbs < tol * lMax || pivAbs === Infinity) {
        X.fill(0);
        return false;
      }
      const inv = 1 / piv;
      for (let q = l0; q < l1; q++) Lx[q] *= inv;
      Udiag[k] = piv;
    }
    return true;
  }

  solve(rhs: Float64Array): void {
    if (!this.factored) throw new Error('SparseLURealSolver.solve called without a successful factor()');
    const n = this.n;
    const X = this.X;
    const prow = this.prow;
    const rs = this.rsStep;
    const Lp = this.Lp;
    const Li = this.Li;
    const Lx = this.Lx;
    const Up = this.Up;
    const Ui = this.Ui;
    const Ux = this.Ux;
    const Udiag = this.Udiag;
    const colPerm = (this.ordering as ColumnOrdering).colPerm;
    for (let k = 0; k < n; k++) X[k] = rhs[prow[k]] * rs[k];
    for (let k = 0; k < n; k++) {
      const x = X[k];
      if (x === 0) continue;
      const l1 = Lp[k + 1];
      let q = Lp[k];
      for (; q + 3 < l1; q += 4) {
        const i0 = Li[q];
        const i1 = Li[q + 1];
        const i2 = Li[q + 2];
        const i3 = Li[q + 3];
        const a0 = X[i0] - Lx[q] * x;
        const a1 = X[i1] - Lx[q + 1] * x;
        const a2 = X[i2] - Lx[q + 2] * x;
        const a3 = X[i3] - Lx[q + 3] * x;
        X[i0] = a0;
        X[i1] = a1;
        X[i2] = a2;
        X[i3] = a3;
      }
      for (; q < l1; q++) X[Li[q]] -= Lx[q] * x;
    }
    for (let k = n - 1; k >= 0; k--) {
      const x = X[k] / Udiag[k];
      X[k] = x;
      if (x === 0) continue;
      const u1 = Up[k + 1];
      let up = Up[k];
      for (; up + 3 < u1; up += 4) {
        const i0 = Ui[up];
        const i1 = Ui[up + 1];
        const i2 = Ui[up + 2];
        const i3 = Ui[up + 3];
        const a0 = X[i0] - Ux[up] * x;
        const a1 = X[i1] - Ux[up + 1] * x;
        const a2 = X[i2] - Ux[up + 2] * x;
        const a3 = X[i3] - Ux[up + 3] * x;
        X[i0] = a0;
        X[i1] = a1;
        X[i2] = a2;
        X[i3] = a3;
      }
      for (; up < u1; up++) X[Ui[up]] -= Ux[up] * x;
    }
    for (let k = 0; k < n; k++) {
      rhs[colPerm[k]] = X[k];
      X[k] = 0;
    }
  }
}
