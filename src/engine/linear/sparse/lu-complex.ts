/**
 * Complex counterpart of ./lu-real.ts (same algorithm and storage, values as split re/im Float64Arrays).
 * Magnitudes are compared squared (no sqrt in the pivot search); thresholds are squared accordingly.
 * Intended use: an AC sweep analyses at the first frequency and refactors at every other one.
 */
import type { ComplexLinearSolver, SparsityPattern } from '../solver.ts';
import { SingularMatrixError } from '../solver.ts';
import { SINGULAR_RTOL } from '../dense.ts';
import { analyseOrdering, resolveOptions } from './analysis.ts';
import type { ColumnOrdering, ResolvedOptions, SparseLUOptions } from './analysis.ts';
import { sortColumns } from './lu-real.ts';
import type { SparseLUStats } from './lu-real.ts';

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

const SING2 = SINGULAR_RTOL * SINGULAR_RTOL;

export class SparseLUComplexSolver implements ComplexLinearSolver {
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
  private symbolic = false;
  private factored = false;
  private everFactored = false;

  private readonly pinv: Int32Array;
  private readonly prow: Int32Array;
  private readonly Lp: Int32Array;
  private Li: Int32Array;
  private Lr: Float64Array;
  private Lim: Float64Array;
  private readonly Up: Int32Array;
  private Ui: Int32Array;
  private Ur: Float64Array;
  private Uim: Float64Array;
  private readonly Dr: Float64Array;
  private readonly Di: Float64Array;
  private readonly rsRow: Float64Array;
  private readonly rsStep: Float64Array;
  private readonly aStep: Int32Array;
  private readonly Xr: Float64Array;
  private readonly Xi: Float64Array;
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
    this.Lr = new Float64Array(cap);
    this.Lim = new Float64Array(cap);
    this.Ui = new Int32Array(cap);
    this.Ur = new Float64Array(cap);
    this.Uim = new Float64Array(cap);
    this.Dr = new Float64Array(n);
    this.Di = new Float64Array(n);
    this.rsRow = new Float64Array(n);
    this.rsStep = new Float64Array(n);
    this.aStep = new Int32Array(this.nnz);
    this.Xr = new Float64Array(n);
    this.Xi = new Float64Array(n);
    this.stack = new Int32Array(n);
    this.pstack = new Int32Array(n);
    this.flag = new Int32Array(n);
    this.pattern = new Int32Array(n);
  }

  factor(re: Float64Array, im: Float64Array): void {
    this.factored = false;
    if (this.symbolic) {
      if (this.refactor(re, im)) {
        this.stats.refactors++;
        this.factored = true;
        return;
      }
      this.stats.refactorFailures++;
      this.symbolic = false;
    }
    if (this.ordering === null) {
      const nonzero = new Uint8Array(this.nnz);
      for (let p = 0; p < this.nnz; p++) nonzero[p] = re[p] !== 0 || im[p] !== 0 ? 1 : 0;
      this.ordering = analyseOrdering({ n: this.n, colStart: this.colStart, rowIndex: this.rowIndex }, nonzero, this.opts);
      this.stats.analyses++;
    }
    this.stats.pivotingFactors++;
    try {
      this.factorPivoting(re, im, this.ordering);
    } catch (e) {
      if (!this.everFactored) this.ordering = null;
      throw e;
    }
    this.everFactored = true;
    this.symbolic = true;
    this.factored = true;
  }

  get nnzLU(): number {
    return this.Lp[this.n] + this.Up[this.n] + this.n;
  }

  private computeRowScale(re: Float64Array, im: Float64Array): void {
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
      const a = re[p] * re[p] + im[p] * im[p];
      const r = ri[p];
      if (a > rs[r]) rs[r] = a;
    }
    for (let r = 0; r < n; r++) {
      const m = rs[r];
      rs[r] = m > 0 && m < Infinity ? 1 / Math.sqrt(m) : 1;
    }
  }

  private factorPivoting(re: Float64Array, im: Float64Array, ord: ColumnOrdering): void {
    const n = this.n;
    const colStart = this.colStart;
    const rowIndex = this.rowIndex;
    const colPerm = ord.colPerm;
    const prefRow = ord.prefRow;
    const pinv = this.pinv;
    const prow = this.prow;
    const Lp = this.Lp;
    const Up = this.Up;
    const Dr = this.Dr;
    const Di = this.Di;
    const Xr = this.Xr;
    const Xi = this.Xi;
    const stack = this.stack;
    const pstack = this.pstack;
    const flag = this.flag;
    const pat = this.pattern;
    const tol2 = this.opts.pivotTol * this.opts.pivotTol;
    this.computeRowScale(re, im);
    const rs = this.rsRow;
    let Li = this.Li;
    let Lr = this.Lr;
    let Lim = this.Lim;
    let Ui = this.Ui;
    let Ur = this.Ur;
    let Uim = this.Uim;
    pinv.fill(-1);
    flag.fill(-1);
    Xr.fill(0);
    Xi.fill(0);
    let lnz = 0;
    let unz = 0;
    Lp[0] = 0;
    Up[0] = 0;
    for (let k = 0; k < n; k++) {
      const j = colPerm[k];
      const p0 = colStart[j];
      const p1 = colStart[j + 1];
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
      let colMax2 = 0;
      for (let p = p0; p < p1; p++) {
        const i = rowIndex[p];
        const s = rs[i];
        const vr = re[p] * s;
        const vi = im[p] * s;
        Xr[i] = vr;
        Xi[i] = vi;
        const a = vr * vr + vi * vi;
        if (a > colMax2) colMax2 = a;
      }
      let uMax2 = 0;
      for (let t = top; t < n; t++) {
        const i = pat[t];
        const col = pinv[i];
        if (col < 0) continue;
        const ur = Xr[i];
        const ui = Xi[i];
        const a = ur * ur + ui * ui;
        if (a > uMax2) uMax2 = a;
        if (a === 0) continue;
        const end = Lp[col + 1];
        for (let q = Lp[col]; q < end; q++) {
          const r = Li[q];
          const lr = Lr[q];
          const li = Lim[q];
          Xr[r] -= lr * ur - li * ui;
          Xi[r] -= lr * ui + li * ur;
        }
      }
      const pref = prefRow[k];
      let best = -1;
      let best2 = -1;
      let pref2 = -1;
      for (let t = top; t < n; t++) {
        const i = pat[t];
        if (pinv[i] >= 0) continue;
        const a = Xr[i] * Xr[i] + Xi[i] * Xi[i];
        if (a > best2) {
          best2 = a;
          best = i;
        }
        if (i === pref) pref2 = a;
      }
      if (pref2 >= 0 && pref2 >= tol2 * best2) best = pref;
      const piv2 = best >= 0 ? Xr[best] * Xr[best] + Xi[best] * Xi[best] : 0;
      let scale2 = colMax2 > uMax2 ? colMax2 : uMax2;
      if (best2 > scale2) scale2 = best2;
      if (!(piv2 > SING2 * scale2) || piv2 === Infinity) {
        for (let t = top; t < n; t++) {
          Xr[pat[t]] = 0;
          Xi[pat[t]] = 0;
        }
        this.Li = Li;
        this.Lr = Lr;
        this.Lim = Lim;
        this.Ui = Ui;
        this.Ur = Ur;
        this.Uim = Uim;
        throw new SingularMatrixError(j);
      }
      const pr = Xr[best];
      const pi = Xi[best];
      const room = n - top;
      if (unz + room > Ui.length) {
        Ui = growInt(Ui, unz + room);
        Ur = growFloat(Ur, unz + room);
        Uim = growFloat(Uim, unz + room);
      }
      if (lnz + room > Li.length) {
        Li = growInt(Li, lnz + room);
        Lr = growFloat(Lr, lnz + room);
        Lim = growFloat(Lim, lnz + room);
      }
      for (let t = top; t < n; t++) {
        const i = pat[t];
        const col = pinv[i];
        if (col < 0) continue;
        Ui[unz] = col;
        Ur[unz] = Xr[i];
        Uim[unz++] = Xi[i];
        Xr[i] = 0;
        Xi[i] = 0;
      }
      Up[k + 1] = unz;
      Dr[k] = pr;
      Di[k] = pi;
      pinv[best] = k;
      prow[k] = best;
      Xr[best] = 0;
      Xi[best] = 0;
      const invR = pr / piv2;
      const invI = -pi / piv2;
      for (let t = top; t < n; t++) {
        const i = pat[t];
        if (pinv[i] >= 0) continue;
        const xr = Xr[i];
        const xi = Xi[i];
        Li[lnz] = i;
        Lr[lnz] = xr * invR - xi * invI;
        Lim[lnz++] = xr * invI + xi * invR;
        Xr[i] = 0;
        Xi[i] = 0;
      }
      Lp[k + 1] = lnz;
    }
    for (let q = 0; q < lnz; q++) Li[q] = pinv[Li[q]];
    const aStep = this.aStep;
    for (let p = 0; p < this.nnz; p++) aStep[p] = pinv[rowIndex[p]];
    const rsStep = this.rsStep;
    for (let k = 0; k < n; k++) rsStep[k] = rs[prow[k]];
    sortColumns(n, Lp, Li, Lr, Lim);
    sortColumns(n, Up, Ui, Ur, Uim);
    this.Li = Li;
    this.Lr = Lr;
    this.Lim = Lim;
    this.Ui = Ui;
    this.Ur = Ur;
    this.Uim = Uim;
    this.stats.nnzL = lnz;
    this.stats.nnzU = unz + n;
  }

  private refactor(re: Float64Array, im: Float64Array): boolean {
    const n = this.n;
    const colPerm = (this.ordering as ColumnOrdering).colPerm;
    const colStart = this.colStart;
    const aStep = this.aStep;
    const Lp = this.Lp;
    const Li = this.Li;
    const Lr = this.Lr;
    const Lim = this.Lim;
    const Up = this.Up;
    const Ui = this.Ui;
    const Ur = this.Ur;
    const Uim = this.Uim;
    const Dr = this.Dr;
    const Di = this.Di;
    const Xr = this.Xr;
    const Xi = this.Xi;
    const rs = this.rsStep;
    const nnz = this.nnz;
    const tol2 = this.opts.refactorTol * this.opts.refactorTol;
    if (this.opts.scale) {
      rs.fill(0);
      for (let p = 0; p < nnz; p++) {
        const a = re[p] * re[p] + im[p] * im[p];
        const s = aStep[p];
        if (a > rs[s]) rs[s] = a;
      }
      for (let s = 0; s < n; s++) {
        const m = rs[s];
        rs[s] = m > 0 && m < Infinity ? 1 / Math.sqrt(m) : 1;
      }
    }
    for (let k = 0; k < n; k++) {
      const j = colPerm[k];
      let colMax2 = 0;
      const p1 = colStart[j + 1];
      for (let p = colStart[j]; p < p1; p++) {
        const s = aStep[p];
        const sc = rs[s];
        const vr = re[p] * sc;
        const vi = im[p] * sc;
        Xr[s] = vr;
        Xi[s] = vi;
        const a = vr * vr + vi * vi;
        if (a > colMax2) colMax2 = a;
      }
      let uMax2 = 0;
      const u1 = Up[k + 1];
      for (let up = Up[k]; up < u1; up++) {
        const s = Ui[up];
        const ur = Xr[s];
        const ui = Xi[s];
        Xr[s] = 0;
        Xi[s] = 0;
        Ur[up] = ur;
        Uim[up] = ui;
        const a = ur * ur + ui * ui;
        if (a === 0) continue;
        if (a > uMax2) uMax2 = a;
        const l1 = Lp[s + 1];
        let q = Lp[s];
        // unrolled by 2: the rows of one L column are distinct
        for (; q + 1 < l1; q += 2) {
          const r0 = Li[q];
          const r1 = Li[q + 1];
          const lr0 = Lr[q];
          const li0 = Lim[q];
          const lr1 = Lr[q + 1];
          const li1 = Lim[q + 1];
          const a0 = Xr[r0] - (lr0 * ur - li0 * ui);
          const b0 = Xi[r0] - (lr0 * ui + li0 * ur);
          const a1 = Xr[r1] - (lr1 * ur - li1 * ui);
          const b1 = Xi[r1] - (lr1 * ui + li1 * ur);
          Xr[r0] = a0;
          Xi[r0] = b0;
          Xr[r1] = a1;
          Xi[r1] = b1;
        }
        if (q < l1) {
          const r = Li[q];
          const lr = Lr[q];
          const li = Lim[q];
          Xr[r] -= lr * ur - li * ui;
          Xi[r] -= lr * ui + li * ur;
        }
      }
      const pr = Xr[k];
      const pi = Xi[k];
      Xr[k] = 0;
      Xi[k] = 0;
      const l0 = Lp[k];
      const l1 = Lp[k + 1];
      let lMax2 = 0;
      for (let q = l0; q < l1; q++) {
        const s = Li[q];
        const vr = Xr[s];
        const vi = Xi[s];
        Xr[s] = 0;
        Xi[s] = 0;
        Lr[q] = vr;
        Lim[q] = vi;
        const a = vr * vr + vi * vi;
        if (a > lMax2) lMax2 = a;
      }
      const piv2 = pr * pr + pi * pi;
      let scale2 = colMax2 > uMax2 ? colMax2 : uMax2;
      if (lMax2 > scale2) scale2 = lMax2;
      if (!(piv2 > SING2 * scale2) || piv2 < tol2 * lMax2 || piv2 === Infinity) {
        Xr.fill(0);
        Xi.fill(0);
        return false;
      }
      const invR = pr / piv2;
      const invI = -pi / piv2;
      for (let q = l0; q < l1; q++) {
        const vr = Lr[q];
        const vi = Lim[q];
        Lr[q] = vr * invR - vi * invI;
        Lim[q] = vr * invI + vi * invR;
      }
      Dr[k] = pr;
      Di[k] = pi;
    }
    return true;
  }

  solve(rhsRe: Float64Array, rhsIm: Float64Array): void {
    if (!this.factored) throw new Error('SparseLUComplexSolver.solve called without a successful factor()');
    const n = this.n;
    const Xr = this.Xr;
    const Xi = this.Xi;
    const prow = this.prow;
    const rs = this.rsStep;
    const Lp = this.Lp;
    const Li = this.Li;
    const Lr = this.Lr;
    const Lim = this.Lim;
    const Up = this.Up;
    const Ui = this.Ui;
    const Ur = this.Ur;
    const Uim = this.Uim;
    const Dr = this.Dr;
    const Di = this.Di;
    const colPerm = (this.ordering as ColumnOrdering).colPerm;
    for (let k = 0; k < n; k++) {
      const r = prow[k];
      Xr[k] = rhsRe[r] * rs[k];
      Xi[k] = rhsIm[r] * rs[k];
    }
    for (let k = 0; k < n; k++) {
      const xr = Xr[k];
      const xi = Xi[k];
      if (xr === 0 && xi === 0) continue;
      const l1 = Lp[k + 1];
      for (let q = Lp[k]; q < l1; q++) {
        const r = Li[q];
        const lr = Lr[q];
        const li = Lim[q];
        Xr[r] -= lr * xr - li * xi;
        Xi[r] -= lr * xi + li * xr;
      }
    }
    for (let k = n - 1; k >= 0; k--) {
      const dr = Dr[k];
      const di = Di[k];
      const dm = dr * dr + di * di;
      const br = Xr[k];
      const bi = Xi[k];
      const xr = (br * dr + bi * di) / dm;
      const xi = (bi * dr - br * di) / dm;
      Xr[k] = xr;
      Xi[k] = xi;
      if (xr === 0 && xi === 0) continue;
      const u1 = Up[k + 1];
      for (let up = Up[k]; up < u1; up++) {
        const r = Ui[up];
        const ur = Ur[up];
        const ui = Uim[up];
        Xr[r] -= ur * xr - ui * xi;
        Xi[r] -= ur * xi + ui * xr;
      }
    }
    for (let k = 0; k < n; k++) {
      const c = colPerm[k];
      rhsRe[c] = Xr[k];
      rhsIm[c] = Xi[k];
      Xr[k] = 0;
      Xi[k] = 0;
    }
  }
}
