/**
 * The complex refactorisation and solve of the sparse LU on interleaved storage: a complex number is two
 * adjacent doubles (re at 2i, im at 2i + 1) of one Float64Array, and the rows of L are stored premultiplied by 2
 * (offsets into the work vector), as are those of U. This is the departure from the generated kernels (../kernels.generated.ts,
 * split re/im arrays), which still do the pivoting factorisation: the scatter at the heart of a refactor loads and
 * stores a work-vector entry at a row it reads from an index array, and with split arrays that is two cache lines
 * and two address computations per complex entry, with interleaving one of each. Measured on the refactor of the
 * 32 x 32 crossbar's AC matrix (571k complex multiply-adds, CPU time, kernels alternated in one process, with the
 * other helpers' load on the machine): in a prototype split 4.8 ms, interleaved 3.8 ms, with the doubled row offsets
 * 3.0 ms; the whole sweep 1.36x faster than with the split kernels (both changes of this file together).
 *
 * The algorithm, the pivot checks (in the measure |z|^2, as every complex kernel) and the order of the floating-point
 * operations are those of the generated split-complex kernels this replaced (the template sparseRefactor /
 * sparseSolve in scripts/gen-lu-kernels.ts, which still generates the real ones): on the crossbar AC matrix the
 * solutions came out bitwise the same.
 */
import { SINGULAR_RTOL } from '../singularity.ts';
import { rowScaleComplex } from '../kernels.generated.ts';
import type { SparseLUFactors } from './lu.ts';

/**
 * X(rows[q]) -= V[q] * (xr + i xi) for q0 <= q < q1, X and V interleaved, rows[q] = 2 * step. Unrolled by 2: the
 * rows of one column are distinct, so the loads and stores of a pair do not alias.
 */
function scatterInterleaved(X: Float64Array, rows: Int32Array, V: Float64Array, q0: number, q1: number, xr: number, xi: number): void {
  let q = q0;
  for (; q + 1 < q1; q += 2) {
    const i0 = rows[q];
    const i1 = rows[q + 1];
    const v = 2 * q;
    const v0r = V[v];
    const v0i = V[v + 1];
    const v1r = V[v + 2];
    const v1i = V[v + 3];
    const a0r = X[i0];
    const a0i = X[i0 + 1];
    const a1r = X[i1];
    const a1i = X[i1 + 1];
    X[i0] = a0r - (v0r * xr - v0i * xi);
    X[i0 + 1] = a0i - (v0r * xi + v0i * xr);
    X[i1] = a1r - (v1r * xr - v1i * xi);
    X[i1 + 1] = a1i - (v1r * xi + v1i * xr);
  }
  if (q < q1) {
    const i = rows[q];
    const vr = V[2 * q];
    const vi = V[2 * q + 1];
    X[i] -= vr * xr - vi * xi;
    X[i + 1] -= vr * xi + vi * xr;
  }
}

/**
 * Copy the factors of a pivoting factorisation (split arrays, columns sorted) into the interleaved storage the
 * refactor and the solve use.
 */
export function packInterleaved(lu: SparseLUFactors): void {
  const { n, Lp, Up } = lu;
  const lnz = Lp[n];
  const unz = Up[n];
  lu.reserveInterleaved(lnz, unz);
  const { Li, Ui, Lre, Lim, Ure, Uim, Dre, Dim, Lrow2, Urow2, Lc, Uc, Dc } = lu;
  for (let q = 0; q < lnz; q++) {
    Lrow2[q] = 2 * Li[q];
    Lc[2 * q] = Lre[q];
    Lc[2 * q + 1] = Lim[q];
  }
  for (let q = 0; q < unz; q++) {
    Urow2[q] = 2 * Ui[q];
    Uc[2 * q] = Ure[q];
    Uc[2 * q + 1] = Uim[q];
  }
  for (let k = 0; k < n; k++) {
    Dc[2 * k] = Dre[k];
    Dc[2 * k + 1] = Dim[k];
  }
}

/**
 * Numeric refactorisation on the stored patterns and pivot order into lu.Lc, lu.Uc, lu.Dc; false (work vector
 * cleared) when a pivot is singular or below lu.opts.refactorTol * max |L(:,k)| (the checks of refactorReal).
 */
export function refactorInterleaved(lu: SparseLUFactors, matrix: readonly Float64Array[]): boolean {
  const { n, nnz, colStart, colPerm, aStep, Lp, Up, Ui, rsStep: rs, Lrow2, Lc, Uc, Dc, Xc: X } = lu;
  const Ar = matrix[0];
  const Ai = matrix[1];
  const tol = lu.opts.refactorTol * lu.opts.refactorTol;
  const singular = SINGULAR_RTOL * SINGULAR_RTOL;
  if (lu.opts.scale) rowScaleComplex(rs, aStep, nnz, n, Ar, Ai);
  for (let k = 0; k < n; k++) {
    const j = colPerm[k];
    let colMax = 0;
    const p1 = colStart[j + 1];
    for (let p = colStart[j]; p < p1; p++) {
      const s = aStep[p];
      const ar = Ar[p] * rs[s];
      const ai = Ai[p] * rs[s];
      X[2 * s] = ar;
      X[2 * s + 1] = ai;
      const m = ar * ar + ai * ai;
      if (m > colMax) colMax = m;
    }
    let uMax = 0;
    const u1 = Up[k + 1];
    for (let up = Up[k]; up < u1; up++) {
      const col = Ui[up];
      const s = 2 * col;
      const ur = X[s];
      const ui = X[s + 1];
      X[s] = 0;
      X[s + 1] = 0;
      Uc[2 * up] = ur;
      Uc[2 * up + 1] = ui;
      const m = ur * ur + ui * ui;
      if (m === 0) continue;
      if (m > uMax) uMax = m;
      scatterInterleaved(X, Lrow2, Lc, Lp[col], Lp[col + 1], ur, ui);
    }
    const pivr = X[2 * k];
    const pivi = X[2 * k + 1];
    X[2 * k] = 0;
    X[2 * k + 1] = 0;
    // L(:,k) gathered and divided by the pivot in one pass; max |L(:,k)| before the division is max |l| * |pivot|
    const pivMag = pivr * pivr + pivi * pivi;
    const invr = pivr / pivMag;
    const invi = -pivi / pivMag;
    const l0 = Lp[k];
    const l1 = Lp[k + 1];
    let lMaxScaled = 0;
    for (let q = l0; q < l1; q++) {
      const s = Lrow2[q];
      const xr = X[s];
      const xi = X[s + 1];
      X[s] = 0;
      X[s + 1] = 0;
      const lr = xr * invr - xi * invi;
      const li = xr * invi + xi * invr;
      Lc[2 * q] = lr;
      Lc[2 * q + 1] = li;
      const m = lr * lr + li * li;
      if (m > lMaxScaled) lMaxScaled = m;
    }
    const lMax = lMaxScaled * pivMag;
    let scale = colMax > uMax ? colMax : uMax;
    if (lMax > scale) scale = lMax;
    // NaN (a zero pivot makes the quotients NaN) fails the comparisons too
    if (!(pivMag > singular * scale) || !(pivMag >= tol * lMax) || pivMag === Infinity) {
      X.fill(0);
      return false;
    }
    Dc[2 * k] = pivr;
    Dc[2 * k + 1] = pivi;
  }
  return true;
}

/** Solve A x = b in place (real and imaginary parts of b on entry, of x on return) with the interleaved factors. */
export function solveInterleaved(lu: SparseLUFactors, rhs: readonly Float64Array[]): void {
  const { n, colPerm, prow, rsStep: rs, Lp, Lrow2, Up, Urow2, Lc, Uc, Dc, Xc: X } = lu;
  const Br = rhs[0];
  const Bi = rhs[1];
  for (let k = 0; k < n; k++) {
    const r = prow[k];
    X[2 * k] = Br[r] * rs[k];
    X[2 * k + 1] = Bi[r] * rs[k];
  }
  for (let k = 0; k < n; k++) {
    const xr = X[2 * k];
    const xi = X[2 * k + 1];
    if (xr === 0 && xi === 0) continue;
    scatterInterleaved(X, Lrow2, Lc, Lp[k], Lp[k + 1], xr, xi);
  }
  for (let k = n - 1; k >= 0; k--) {
    const dr = Dc[2 * k];
    const di = Dc[2 * k + 1];
    const m = dr * dr + di * di;
    const ar = X[2 * k];
    const ai = X[2 * k + 1];
    const xr = (ar * dr + ai * di) / m;
    const xi = (ai * dr - ar * di) / m;
    X[2 * k] = xr;
    X[2 * k + 1] = xi;
    if (xr === 0 && xi === 0) continue;
    scatterInterleaved(X, Urow2, Uc, Up[k], Up[k + 1], xr, xi);
  }
  for (let k = 0; k < n; k++) {
    const c = colPerm[k];
    Br[c] = X[2 * k];
    Bi[c] = X[2 * k + 1];
    X[2 * k] = 0;
    X[2 * k + 1] = 0;
  }
}

/**
 * Two matrices of the pattern factored in one pass (an AC sweep's next two frequencies): every entry holds
 * (re A, im A, re B, im B) in four adjacent doubles, the rows of L and U are offsets 4 * step (lu.Lrow4, lu.Urow4).
 * Each index, loop step and cache line then serves two complex multiply-adds with independent dependency chains,
 * which the scatter of a single factorisation, bound by the latency of its loads and stores, leaves the core room
 * for. Measured on the 32 x 32 crossbar's AC matrix (CPU time, alternated in one process, 2-core VM under a load
 * of 6-13 from other processes): 1.0-1.5x faster per matrix than two single refactors; not yet measured idle.
 */
function scatterPair(X: Float64Array, rows: Int32Array, V: Float64Array, q0: number, q1: number, ar: number, ai: number, br: number, bi: number): void {
  for (let q = q0; q < q1; q++) {
    const i = rows[q];
    const v = 4 * q;
    const var_ = V[v];
    const vai = V[v + 1];
    const vbr = V[v + 2];
    const vbi = V[v + 3];
    const x0 = X[i];
    const x1 = X[i + 1];
    const x2 = X[i + 2];
    const x3 = X[i + 3];
    X[i] = x0 - (var_ * ar - vai * ai);
    X[i + 1] = x1 - (var_ * ai + vai * ar);
    X[i + 2] = x2 - (vbr * br - vbi * bi);
    X[i + 3] = x3 - (vbr * bi + vbi * br);
  }
}

/** The pivot check of refactorInterleaved for one matrix of a pair (measures are |z|^2). */
function pivotAcceptable(pivMag: number, colMax: number, uMax: number, lMax: number, tol: number, singular: number): boolean {
  let scale = colMax > uMax ? colMax : uMax;
  if (lMax > scale) scale = lMax;
  return pivMag > singular * scale && pivMag >= tol * lMax && pivMag !== Infinity;
}

/**
 * refactorInterleaved for A = reA + i imA and B = reB + i imB at once into lu.Lpair, lu.Upair, lu.Dpair (the layout of
 * scatterPair); false (work vector cleared) when a pivot of either is unacceptable. Row scales are those of A
 * (lu.rsStep) and of B (lu.rsPair), as the single refactor of each would compute them.
 */
export function refactorPair(lu: SparseLUFactors, reA: Float64Array, imA: Float64Array, reB: Float64Array, imB: Float64Array): boolean {
  const { n, nnz, colStart, colPerm, aStep, Lp, Up, Ui, rsStep: rsA, rsPair: rsB, Lrow4, Lpair: Lv, Upair: Uv, Dpair: D, Xpair: X } = lu;
  const tol = lu.opts.refactorTol * lu.opts.refactorTol;
  const singular = SINGULAR_RTOL * SINGULAR_RTOL;
  if (lu.opts.scale) {
    rowScaleComplex(rsA, aStep, nnz, n, reA, imA);
    rowScaleComplex(rsB, aStep, nnz, n, reB, imB);
  } else {
    rsB.fill(1);
  }
  for (let k = 0; k < n; k++) {
    const j = colPerm[k];
    let colMaxA = 0;
    let colMaxB = 0;
    const p1 = colStart[j + 1];
    for (let p = colStart[j]; p < p1; p++) {
      const step = aStep[p];
      const s = 4 * step;
      const a0 = reA[p] * rsA[step];
      const a1 = imA[p] * rsA[step];
      const b0 = reB[p] * rsB[step];
      const b1 = imB[p] * rsB[step];
      X[s] = a0;
      X[s + 1] = a1;
      X[s + 2] = b0;
      X[s + 3] = b1;
      const mA = a0 * a0 + a1 * a1;
      const mB = b0 * b0 + b1 * b1;
      if (mA > colMaxA) colMaxA = mA;
      if (mB > colMaxB) colMaxB = mB;
    }
    let uMaxA = 0;
    let uMaxB = 0;
    const u1 = Up[k + 1];
    for (let up = Up[k]; up < u1; up++) {
      const col = Ui[up];
      const s = 4 * col;
      const ar = X[s];
      const ai = X[s + 1];
      const br = X[s + 2];
      const bi = X[s + 3];
      X[s] = 0;
      X[s + 1] = 0;
      X[s + 2] = 0;
      X[s + 3] = 0;
      const u = 4 * up;
      Uv[u] = ar;
      Uv[u + 1] = ai;
      Uv[u + 2] = br;
      Uv[u + 3] = bi;
      const mA = ar * ar + ai * ai;
      const mB = br * br + bi * bi;
      if (mA > uMaxA) uMaxA = mA;
      if (mB > uMaxB) uMaxB = mB;
      if (mA === 0 && mB === 0) continue;
      scatterPair(X, Lrow4, Lv, Lp[col], Lp[col + 1], ar, ai, br, bi);
    }
    const s = 4 * k;
    const par = X[s];
    const pai = X[s + 1];
    const pbr = X[s + 2];
    const pbi = X[s + 3];
    X[s] = 0;
    X[s + 1] = 0;
    X[s + 2] = 0;
    X[s + 3] = 0;
    const pivA = par * par + pai * pai;
    const pivB = pbr * pbr + pbi * pbi;
    const iar = par / pivA;
    const iai = -pai / pivA;
    const ibr = pbr / pivB;
    const ibi = -pbi / pivB;
    let lMaxA = 0;
    let lMaxB = 0;
    const l1 = Lp[k + 1];
    for (let q = Lp[k]; q < l1; q++) {
      const i = Lrow4[q];
      const x0 = X[i];
      const x1 = X[i + 1];
      const x2 = X[i + 2];
      const x3 = X[i + 3];
      X[i] = 0;
      X[i + 1] = 0;
      X[i + 2] = 0;
      X[i + 3] = 0;
      const lar = x0 * iar - x1 * iai;
      const lai = x0 * iai + x1 * iar;
      const lbr = x2 * ibr - x3 * ibi;
      const lbi = x2 * ibi + x3 * ibr;
      const v = 4 * q;
      Lv[v] = lar;
      Lv[v + 1] = lai;
      Lv[v + 2] = lbr;
      Lv[v + 3] = lbi;
      const mA = lar * lar + lai * lai;
      const mB = lbr * lbr + lbi * lbi;
      if (mA > lMaxA) lMaxA = mA;
      if (mB > lMaxB) lMaxB = mB;
    }
    if (
      !pivotAcceptable(pivA, colMaxA, uMaxA, lMaxA * pivA, tol, singular) ||
      !pivotAcceptable(pivB, colMaxB, uMaxB, lMaxB * pivB, tol, singular)
    ) {
      X.fill(0);
      return false;
    }
    D[s] = par;
    D[s + 1] = pai;
    D[s + 2] = pbr;
    D[s + 3] = pbi;
  }
  return true;
}

/** Solve A x = a and B y = b in place with the factors of refactorPair. */
export function solvePair(lu: SparseLUFactors, aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array): void {
  const { n, colPerm, prow, rsStep: rsA, rsPair: rsB, Lp, Lrow4, Up, Urow4, Lpair: Lv, Upair: Uv, Dpair: D, Xpair: X } = lu;
  for (let k = 0; k < n; k++) {
    const r = prow[k];
    const s = 4 * k;
    X[s] = aRe[r] * rsA[k];
    X[s + 1] = aIm[r] * rsA[k];
    X[s + 2] = bRe[r] * rsB[k];
    X[s + 3] = bIm[r] * rsB[k];
  }
  for (let k = 0; k < n; k++) {
    const s = 4 * k;
    const ar = X[s];
    const ai = X[s + 1];
    const br = X[s + 2];
    const bi = X[s + 3];
    if (ar === 0 && ai === 0 && br === 0 && bi === 0) continue;
    scatterPair(X, Lrow4, Lv, Lp[k], Lp[k + 1], ar, ai, br, bi);
  }
  for (let k = n - 1; k >= 0; k--) {
    const s = 4 * k;
    const dar = D[s];
    const dai = D[s + 1];
    const dbr = D[s + 2];
    const dbi = D[s + 3];
    const mA = dar * dar + dai * dai;
    const mB = dbr * dbr + dbi * dbi;
    const x0 = X[s];
    const x1 = X[s + 1];
    const x2 = X[s + 2];
    const x3 = X[s + 3];
    const ar = (x0 * dar + x1 * dai) / mA;
    const ai = (x1 * dar - x0 * dai) / mA;
    const br = (x2 * dbr + x3 * dbi) / mB;
    const bi = (x3 * dbr - x2 * dbi) / mB;
    X[s] = ar;
    X[s + 1] = ai;
    X[s + 2] = br;
    X[s + 3] = bi;
    if (ar === 0 && ai === 0 && br === 0 && bi === 0) continue;
    scatterPair(X, Urow4, Uv, Up[k], Up[k + 1], ar, ai, br, bi);
  }
  for (let k = 0; k < n; k++) {
    const c = colPerm[k];
    const s = 4 * k;
    aRe[c] = X[s];
    aIm[c] = X[s + 1];
    bRe[c] = X[s + 2];
    bIm[c] = X[s + 3];
    X[s] = 0;
    X[s + 1] = 0;
    X[s + 2] = 0;
    X[s + 3] = 0;
  }
}
