/**
 * Finite poles of the linearised circuit: the s with det(G + s C) = 0, for the pencil (G, C) of the equation
 * system at an operating point (G = df/dy, C = dq/dy; a perturbation y = v e^{st} solves (G + s C) v = 0).
 *
 * C is singular in every real circuit (node rows without a capacitor, source branches, algebraic device rows),
 * so the pencil has infinite eigenvalues. They are removed exactly, not by a magnitude test on |s| or |mu| that a
 * stiff circuit breaks (a pole at -1e12 1/s has mu = 1e-12 in the shift-invert form, as small as rounding noise):
 *
 * 1. Rank-revealing LU of C with complete pivoting: C = L1 R, L1 n x r, R r x n, r = rank C. An entry of the
 *    eliminated matrix counts as zero when it is below its own forward error bound (the running sum of the
 *    magnitudes that produced it, times n eps): a componentwise test, invariant under row and column scaling,
 *    so a 1 pF and a 1 kF capacitor are never compared unless they are summed into the same entry, and then
 *    the sum is the right quantity. The n - r null vectors of C are the infinite poles of index 1: deflated.
 * 2. The remaining r eigenvalues are those of the r x r matrix M = R (G + sigma C)^-1 L1, the nonzero part of
 *    the shift-invert operator (G + sigma C)^-1 C (same nonzero eigenvalues mu, s = sigma - 1/mu). An index-2
 *    circuit (a capacitor loop through a voltage source, an inductor cut-set with a current source) leaves
 *    exact zeros in M, one per Jordan chain of length 2: their number is the nullity of G22 = Z^T G N (N, Z the
 *    right and left null spaces of C), decided by the same componentwise test, and that many mu of smallest
 *    modulus are dropped. Chains longer than 2 (index 3 and up) do not occur in MNA of RLC and device
 *    circuits with positive capacitances; they would show as spurious poles of huge modulus.
 * 3. Every pole is then polished by inverse iteration on the full sparse pencil at the pole itself, which gives
 *    it full relative accuracy whatever the shift sigma was (s = sigma - 1/mu alone loses |sigma/s| eps).
 *
 * A state without any restoring term has a zero column in G: the pencil has an exact zero pole for each such
 * column (structural), and the poles nearest 0 are set to exactly 0 for them.
 *
 * Dense eigenvalues: ml-matrix's EigenvalueDecomposition (the JAMA algorithm: Householder reduction to
 * Hessenberg form and shifted QR). Large systems when only the rightmost poles are wanted: shift-invert
 * implicitly restarted Arnoldi (`arnoldiPoles`).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { SingularMatrixError, type ComplexLinearSolver, type LinearSolverFactory, type RealLinearSolver, type SparsityPattern } from '../engine/linear/solver.ts';

/** A pole s = re + i im (1/s). `floating`: the exact zero pole of a state with no restoring term. */
export interface Pole {
  re: number;
  im: number;
  floating?: boolean;
}

/** The linearised system: G and C as value arrays on the equation system's sparsity pattern (0-based). */
export interface Pencil {
  pattern: SparsityPattern;
  g: Float64Array;
  c: Float64Array;
  solvers: LinearSolverFactory;
  /**
   * A real solver already analysed for `pattern` (the simulator's own after its DC solve), used instead of a new
   * one: its ordering and symbolic analysis, the costly part of a first factorisation, are reused.
   */
  real?: RealLinearSolver;
}

const EPS = Number.EPSILON;

/**
 * Solvers per pattern, kept between calls: a .stability sweep asks for the poles of the same pattern hundreds of
 * times, and a sparse solver's first factorisation (ordering, symbolic analysis) costs more than its refactors.
 */
const realSolvers = new WeakMap<SparsityPattern, RealLinearSolver>();
const complexSolvers = new WeakMap<SparsityPattern, ComplexLinearSolver>();

function realSolver(pencil: Pencil, pattern: SparsityPattern = pencil.pattern): RealLinearSolver {
  if (pattern === pencil.pattern && pencil.real !== undefined) return pencil.real;
  let solver = realSolvers.get(pattern);
  if (solver === undefined) realSolvers.set(pattern, (solver = pencil.solvers.real(pattern)));
  return solver;
}

function complexSolver(pencil: Pencil): ComplexLinearSolver {
  let solver = complexSolvers.get(pencil.pattern);
  if (solver === undefined) complexSolvers.set(pencil.pattern, (solver = pencil.solvers.complex(pencil.pattern)));
  return solver;
}

/** Bordered patterns of the index test by the system pattern, reused while the structure of L1 and R is the same. */
const borderedPatterns = new WeakMap<SparsityPattern, SparsityPattern>();

function samePattern(a: SparsityPattern, b: SparsityPattern): boolean {
  if (a.n !== b.n || a.rowIndex.length !== b.rowIndex.length) return false;
  for (let k = 0; k <= a.n; k++) if (a.colStart[k] !== b.colStart[k]) return false;
  for (let k = 0; k < a.rowIndex.length; k++) if (a.rowIndex[k] !== b.rowIndex[k]) return false;
  return true;
}

/** Sort: descending real part, ties by descending imaginary part (a conjugate pair: +im first). */
export function sortPoles(poles: Pole[]): Pole[] {
  return poles.sort((a, b) => b.re - a.re || b.im - a.im);
}

interface RankFactors {
  rank: number;
  /** L1 (n x rank), row-major, in the original row order. */
  l1: Float64Array;
  /** R (rank x n), row-major, in the original column order. */
  r: Float64Array;
  /** The factored block of C: its rows and columns (original indices) and the LU in place (see rankFactor). */
  rowsOf: Int32Array;
  colsOf: Int32Array;
  lu: Float64Array;
}

/**
 * LU with complete pivoting of the dense m x k matrix `a` (row-major, overwritten) with the componentwise zero
 * test of the file comment; `bound` holds each entry's forward error bound scale (|entries| at the start).
 * Returns the rank and the row and column permutations; `a` holds L (unit, below) and U (above) in permuted
 * order.
 */
function completePivotLu(a: Float64Array, bound: Float64Array, m: number, k: number): { rank: number; rows: Int32Array; cols: Int32Array } {
  const rows = Int32Array.from({ length: m }, (_, i) => i);
  const cols = Int32Array.from({ length: k }, (_, j) => j);
  const zeroFactor = 4 * Math.max(m, k) * EPS;
  let rank = 0;
  const steps = Math.min(m, k);
  for (let s = 0; s < steps; s++) {
    let best = -1;
    let bi = -1;
    let bj = -1;
    for (let i = s; i < m; i++) {
      for (let j = s; j < k; j++) {
        const v = Math.abs(a[i * k + j]);
        if (v <= zeroFactor * bound[i * k + j] || v <= best) continue;
        best = v;
        bi = i;
        bj = j;
      }
    }
    if (bi < 0) break;
    swapRows(a, s, bi, k);
    swapRows(bound, s, bi, k);
    [rows[s], rows[bi]] = [rows[bi], rows[s]];
    swapCols(a, s, bj, m, k);
    swapCols(bound, s, bj, m, k);
    [cols[s], cols[bj]] = [cols[bj], cols[s]];
    const pivot = a[s * k + s];
    for (let i = s + 1; i < m; i++) {
      const l = a[i * k + s] / pivot;
      a[i * k + s] = l;
      if (l === 0) continue;
      const al = Math.abs(l);
      for (let j = s + 1; j < k; j++) {
        const t = l * a[s * k + j];
        if (t === 0) continue;
        a[i * k + j] -= t;
        bound[i * k + j] += al * bound[s * k + j] + Math.abs(t);
      }
    }
    rank++;
  }
  return { rank, rows, cols };
}

function swapRows(a: Float64Array, i: number, j: number, k: number): void {
  if (i === j) return;
  for (let c = 0; c < k; c++) {
    const t = a[i * k + c];
    a[i * k + c] = a[j * k + c];
    a[j * k + c] = t;
  }
}

function swapCols(a: Float64Array, i: number, j: number, m: number, k: number): void {
  if (i === j) return;
  for (let r = 0; r < m; r++) {
    const t = a[r * k + i];
    a[r * k + i] = a[r * k + j];
    a[r * k + j] = t;
  }
}

/**
 * C = L1 R (step 1 of the file comment). Rows and columns of C that are exactly zero (equations without a
 * charge, unknowns no charge depends on: most of an MNA system) stay zero under elimination, so only the block of
 * the others is factored: O(r^3) for rank r, not O(n^3).
 */
function rankFactor(pattern: SparsityPattern, c: Float64Array): RankFactors {
  const n = pattern.n;
  const rowUsed = new Uint8Array(n);
  const colUsed = new Uint8Array(n);
  for (let col = 0; col < n; col++) {
    for (let p = pattern.colStart[col]; p < pattern.colStart[col + 1]; p++) {
      if (c[p] !== 0) {
        rowUsed[pattern.rowIndex[p]] = 1;
        colUsed[col] = 1;
      }
    }
  }
  const rowsOf = Int32Array.from([...rowUsed.keys()].filter((i) => rowUsed[i] === 1));
  const colsOf = Int32Array.from([...colUsed.keys()].filter((j) => colUsed[j] === 1));
  const m = rowsOf.length;
  const k = colsOf.length;
  const rowAt = new Int32Array(n).fill(-1);
  rowsOf.forEach((row, i) => (rowAt[row] = i));
  const colAt = new Int32Array(n).fill(-1);
  colsOf.forEach((col, j) => (colAt[col] = j));
  const a = new Float64Array(m * k);
  for (let col = 0; col < n; col++) {
    if (colAt[col] < 0) continue;
    for (let p = pattern.colStart[col]; p < pattern.colStart[col + 1]; p++) {
      const i = rowAt[pattern.rowIndex[p]];
      if (i >= 0) a[i * k + colAt[col]] += c[p];
    }
  }
  const bound = a.map(Math.abs);
  const { rank, rows, cols } = completePivotLu(a, bound, m, k);
  // P C_block Q = Lfull U with U's rows below the rank zero: C = P^T Lfull[:, :r] U[:r, :] Q^T.
  const l1 = new Float64Array(n * rank);
  const r = new Float64Array(rank * n);
  for (let i = 0; i < m; i++) {
    const row = rowsOf[rows[i]];
    for (let j = 0; j < rank && j <= i; j++) l1[row * rank + j] = i === j ? 1 : a[i * k + j];
  }
  for (let i = 0; i < rank; i++) for (let j = i; j < k; j++) r[i * n + colsOf[cols[j]]] = a[i * k + j];
  return {
    rank,
    l1,
    r,
    rowsOf: Int32Array.from(rows, (i) => rowsOf[i]),
    colsOf: Int32Array.from(cols, (j) => colsOf[j]),
    lu: a,
  };
}

/**
 * Right and left null spaces of C from its rank factorisation (n x d each, row-major, d = n - rank): the unit
 * vectors of the zero columns (rows) of C, and for the factored m x k block N = Q [-U11^-1 U12; I],
 * Z = P^T Lfull^-T [0; I].
 */
function nullSpaces(f: RankFactors, n: number): { right: Float64Array; left: Float64Array; d: number } {
  const { rank, lu: a, rowsOf, colsOf } = f;
  const m = rowsOf.length;
  const k = colsOf.length;
  const d = n - rank;
  const right = new Float64Array(n * d);
  const left = new Float64Array(n * d);
  let t = 0;
  const inCols = new Uint8Array(n);
  colsOf.forEach((col) => (inCols[col] = 1));
  for (let col = 0; col < n; col++) if (inCols[col] === 0) right[col * d + t++] = 1;
  const x = new Float64Array(Math.max(m, k));
  for (let u = rank; u < k; u++, t++) {
    x.fill(0);
    x[u] = 1;
    for (let i = rank - 1; i >= 0; i--) {
      let sum = a[i * k + u];
      for (let j = i + 1; j < rank; j++) sum += a[i * k + j] * x[j];
      x[i] = -sum / a[i * k + i];
    }
    for (let j = 0; j < k; j++) right[colsOf[j] * d + t] = x[j];
  }
  t = 0;
  const inRows = new Uint8Array(n);
  rowsOf.forEach((row) => (inRows[row] = 1));
  for (let row = 0; row < n; row++) if (inRows[row] === 0) left[row * d + t++] = 1;
  // Lfull = [L11 0; L21 I]: w = [w1; e_u], w1[i] = -sum_{j > i} Lfull[j][i] w[j], from the last row of L11 up.
  for (let u = rank; u < m; u++, t++) {
    x.fill(0);
    x[u] = 1;
    for (let i = rank - 1; i >= 0; i--) {
      let sum = 0;
      for (let j = i + 1; j < m; j++) sum += a[j * k + i] * x[j];
      x[i] = -sum;
    }
    for (let i = 0; i < m; i++) left[rowsOf[i] * d + t] = x[i];
  }
  return { right, left, d };
}

/**
 * Index-2 Jordan chains (step 2): the nullity of G22 = Z^T G N. First the cheap test: the bordered matrix
 * [G L1; R 0] is nonsingular exactly when G22 is (transform by the factors of C: its determinant is +-det G22),
 * and one sparse LU decides that for the usual index-1 circuit. Only when it is singular (to the sparse LU's
 * pivot test) is G22 formed densely and its nullity counted with the componentwise zero test.
 */
function indexTwoChains(pencil: Pencil, f: RankFactors): number {
  const { pattern, g } = pencil;
  const n = pattern.n;
  const r = f.rank;
  if (n === r) return 0;
  // Bordered pattern: column c < n holds G's column c then R's column c (rows n..n+r-1); column n + j holds L1's column j.
  const colStart = new Int32Array(n + r + 1);
  const rows: number[] = [];
  const vals: number[] = [];
  for (let col = 0; col < n; col++) {
    colStart[col] = rows.length;
    for (let p = pattern.colStart[col]; p < pattern.colStart[col + 1]; p++) {
      rows.push(pattern.rowIndex[p]);
      vals.push(g[p]);
    }
    for (let i = 0; i < r; i++) {
      const v = f.r[i * n + col];
      if (v !== 0) {
        rows.push(n + i);
        vals.push(v);
      }
    }
  }
  for (let j = 0; j < r; j++) {
    colStart[n + j] = rows.length;
    for (let i = 0; i < n; i++) {
      const v = f.l1[i * r + j];
      if (v !== 0) {
        rows.push(i);
        vals.push(v);
      }
    }
  }
  colStart[n + r] = rows.length;
  let bordered: SparsityPattern = { n: n + r, colStart, rowIndex: Int32Array.from(rows) };
  const known = borderedPatterns.get(pattern);
  if (known !== undefined && samePattern(known, bordered)) bordered = known;
  else borderedPatterns.set(pattern, bordered);
  try {
    realSolver(pencil, bordered).factor(Float64Array.from(vals));
    return 0;
  } catch (err) {
    if (!(err instanceof SingularMatrixError)) throw err;
  }
  const { right, left, d } = nullSpaces(f, n);
  // G N with the magnitudes of its terms, then Z^T (G N).
  const gn = new Float64Array(n * d);
  const gnBound = new Float64Array(n * d);
  for (let col = 0; col < n; col++) {
    for (let p = pattern.colStart[col]; p < pattern.colStart[col + 1]; p++) {
      const i = pattern.rowIndex[p];
      for (let t = 0; t < d; t++) {
        const term = g[p] * right[col * d + t];
        if (term === 0) continue;
        gn[i * d + t] += term;
        gnBound[i * d + t] += Math.abs(term);
      }
    }
  }
  const g22 = new Float64Array(d * d);
  const bound = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let u = 0; u < d; u++) {
      const z = left[i * d + u];
      if (z === 0) continue;
      for (let t = 0; t < d; t++) {
        g22[u * d + t] += z * gn[i * d + t];
        bound[u * d + t] += Math.abs(z) * (gnBound[i * d + t] + Math.abs(gn[i * d + t]));
      }
    }
  }
  return d - completePivotLu(g22, bound, d, d).rank;
}

/** Unknowns (0-based) whose G column is exactly zero while C's is not: each gives an exact zero pole. */
function floatingStates(pattern: SparsityPattern, g: Float64Array, c: Float64Array): number {
  let count = 0;
  for (let col = 0; col < pattern.n; col++) {
    let gAny = false;
    let cAny = false;
    for (let p = pattern.colStart[col]; p < pattern.colStart[col + 1]; p++) {
      if (g[p] !== 0) gAny = true;
      if (c[p] !== 0) cAny = true;
    }
    if (!gAny && cAny) count++;
  }
  return count;
}

/**
 * A real shift sigma for (G + sigma C): the median of |G_ii / C_ii| over the rows with a capacitance (the
 * circuit's own rate scale), times an irrational factor so that it is not a pole of a circuit made of round
 * numbers; tried at a few more scales if G + sigma C is singular there.
 */
function shiftCandidates(pattern: SparsityPattern, g: Float64Array, c: Float64Array): number[] {
  const rates: number[] = [];
  for (let col = 0; col < pattern.n; col++) {
    for (let p = pattern.colStart[col]; p < pattern.colStart[col + 1]; p++) {
      if (pattern.rowIndex[p] === col && c[p] !== 0 && g[p] !== 0) rates.push(Math.abs(g[p] / c[p]));
    }
  }
  rates.sort((a, b) => a - b);
  const base = rates.length > 0 ? rates[rates.length >> 1] : 1;
  return [1.0472, 3.7183, 0.2718, 31.416, 0.031416].map((f) => base * f);
}

/** Factor G + sigma C (real, sparse) at the first candidate shift where it is nonsingular. */
function factorShifted(pencil: Pencil): { sigma: number; solver: RealLinearSolver } {
  const { pattern, g, c } = pencil;
  const nnz = pattern.colStart[pattern.n];
  const values = new Float64Array(nnz);
  let lastError: unknown;
  for (const sigma of shiftCandidates(pattern, g, c)) {
    for (let p = 0; p < nnz; p++) values[p] = g[p] + sigma * c[p];
    const solver = realSolver(pencil);
    try {
      solver.factor(values);
      return { sigma, solver };
    } catch (err) {
      if (!(err instanceof SingularMatrixError)) throw err;
      lastError = err;
    }
  }
  throw lastError;
}

/**
 * Every finite pole of the pencil, dense (O(r^3) in r = rank C). Sorted by descending real part.
 * Throws SingularMatrixError when G + s C is singular for every s tried (a singular pencil: an unknown that
 * neither G nor C determines).
 */
export function densePoles(pencil: Pencil, max?: number): Pole[] {
  const { pattern, g, c } = pencil;
  const n = pattern.n;
  const factors = rankFactor(pattern, c);
  const r = factors.rank;
  if (r === 0) return [];
  const { sigma, solver } = factorShifted(pencil);
  // K^-1 L1, column by column, then M = R (K^-1 L1).
  const kl = new Float64Array(n * r);
  const col = new Float64Array(n);
  for (let j = 0; j < r; j++) {
    for (let i = 0; i < n; i++) col[i] = factors.l1[i * r + j];
    solver.solve(col);
    for (let i = 0; i < n; i++) kl[i * r + j] = col[i];
  }
  const m: number[][] = [];
  for (let i = 0; i < r; i++) {
    const row = new Array<number>(r).fill(0);
    for (let k = 0; k < n; k++) {
      const rik = factors.r[i * n + k];
      if (rik === 0) continue;
      for (let j = 0; j < r; j++) row[j] += rik * kl[k * r + j];
    }
    m.push(row);
  }
  const evd = new EigenvalueDecomposition(new Matrix(m), { assumeSymmetric: false });
  const mus = evd.realEigenvalues.map((re, k) => ({ re, im: evd.imaginaryEigenvalues[k] }));
  // Drop the index-2 zeros (step 2): the mu of smallest modulus.
  const chains = indexTwoChains(pencil, factors);
  mus.sort((a, b) => Math.hypot(a.re, a.im) - Math.hypot(b.re, b.im));
  const finite = sortPoles(mus.slice(chains).map((mu) => fromMu(sigma, mu)));
  // Only the poles that will be reported are polished (with their neighbours as the gaps to respect).
  return finishPoles(pencil, finite, max);
}

/** s = sigma - 1/mu. */
function fromMu(sigma: number, mu: { re: number; im: number }): Pole {
  const d = mu.re * mu.re + mu.im * mu.im;
  return { re: sigma - mu.re / d, im: mu.im / d };
}

/** Polish (the first `max` of the sorted list; all without it), snap the structural zero poles, make conjugate pairs exact, sort. */
function finishPoles(pencil: Pencil, poles: Pole[], max?: number): Pole[] {
  const polished = polishPoles(pencil, poles, max === undefined ? poles.length : cutCount(poles, max));
  const zeros = floatingStates(pencil.pattern, pencil.g, pencil.c);
  if (zeros > 0) {
    const byModulus = [...polished].sort((a, b) => Math.hypot(a.re, a.im) - Math.hypot(b.re, b.im));
    for (const p of byModulus.slice(0, zeros)) {
      p.re = 0;
      p.im = 0;
      p.floating = true;
    }
  }
  return sortPoles(polished);
}

/** Inverse iterations per pole at most; each one roughly squares the relative error. */
const POLISH_ITERATIONS = 6;

/**
 * Inverse iteration on the pencil at each pole's own estimate (step 3): with z = (G + s C)^-1 C v,
 * z ~ v / (s - s_k), so s_k ~ s - (v^H v)/(v^H z). A step is kept only if it moves the pole by less than a
 * quarter of the distance to its nearest neighbour (clustered poles: it would otherwise jump to the neighbour).
 * Conjugate pairs: the upper member is polished and mirrored.
 */
function polishPoles(pencil: Pencil, poles: Pole[], count: number): Pole[] {
  const { pattern, g, c } = pencil;
  const n = pattern.n;
  const nnz = pattern.colStart[n];
  const re = new Float64Array(nnz);
  const im = new Float64Array(nnz);
  const vRe = new Float64Array(n);
  const vIm = new Float64Array(n);
  const zRe = new Float64Array(n);
  const zIm = new Float64Array(n);
  const solver = complexSolver(pencil);
  const real = realSolver(pencil);
  const out: Pole[] = [];
  const upper = poles.filter((p, k) => p.im >= 0 && k < count);
  for (const pole of upper) {
    let gap = Infinity;
    for (const other of poles) if (other !== pole) gap = Math.min(gap, Math.hypot(other.re - pole.re, other.im - pole.im));
    let sRe = pole.re;
    let sIm = pole.im;
    const isReal = pole.im === 0 || !poles.some((o) => o !== pole && o.re === pole.re && o.im === -pole.im);
    if (isReal) sIm = 0;
    // Deterministic start vector with every component nonzero.
    for (let i = 0; i < n; i++) {
      vRe[i] = 1 + ((i * 0.6180339887) % 1);
      vIm[i] = 0;
    }
    let first = true;
    // The shift of the factors in hand: the second iteration has the first one's shift (its Rayleigh quotient is
    // not used), and its factors serve again.
    let factoredRe = NaN;
    let factoredIm = NaN;
    for (let it = 0; it < POLISH_ITERATIONS; it++) {
      if (sRe !== factoredRe || sIm !== factoredIm) {
        for (let p = 0; p < nnz; p++) {
          re[p] = g[p] + sRe * c[p];
          im[p] = sIm * c[p];
        }
        // A real pole keeps real vectors: the real LU, a quarter of the complex work.
        try {
          if (isReal) real.factor(re);
          else solver.factor(re, im);
        } catch (err) {
          if (err instanceof SingularMatrixError) break; // s is a pole to working precision
          throw err;
        }
        factoredRe = sRe;
        factoredIm = sIm;
      }
      // z = K^-1 C v
      cTimes(pattern, c, vRe, zRe);
      if (isReal) {
        zIm.fill(0);
        real.solve(zRe);
      } else {
        cTimes(pattern, c, vIm, zIm);
        solver.solve(zRe, zIm);
      }
      // ratio = (v^H z)/(v^H v)
      let hr = 0;
      let hi = 0;
      let vv = 0;
      for (let i = 0; i < n; i++) {
        hr += vRe[i] * zRe[i] + vIm[i] * zIm[i];
        hi += vRe[i] * zIm[i] - vIm[i] * zRe[i];
        vv += vRe[i] * vRe[i] + vIm[i] * vIm[i];
      }
      const norm = Math.sqrt(zRe.reduce((s, x) => s + x * x, 0) + zIm.reduce((s, x) => s + x * x, 0));
      if (!(norm > 0) || !Number.isFinite(norm)) break;
      for (let i = 0; i < n; i++) {
        vRe[i] = zRe[i] / norm;
        vIm[i] = zIm[i] / norm;
      }
      if (first) {
        // The start vector is arbitrary: its Rayleigh quotient is not yet an estimate; iterate once more.
        first = false;
        continue;
      }
      // s_k = s - vv / (hr + i hi)
      const d = hr * hr + hi * hi;
      if (!(d > 0)) break;
      const dRe = (vv * hr) / d;
      const dIm = (-vv * hi) / d;
      const nextRe = sRe - dRe;
      const nextIm = isReal ? 0 : sIm - dIm;
      const move = Math.hypot(nextRe - pole.re, nextIm - pole.im);
      if (!(move < 0.25 * gap)) break;
      const change = Math.hypot(nextRe - sRe, nextIm - sIm);
      sRe = nextRe;
      sIm = nextIm;
      if (change <= 4 * EPS * Math.hypot(sRe, sIm)) break;
    }
    out.push({ re: sRe, im: sIm });
    if (!isReal) out.push({ re: sRe, im: -sIm });
  }
  // The rest as they are (dropped by the caller's cut).
  for (let k = count; k < poles.length; k++) out.push({ ...poles[k] });
  return out;
}

/** out = C v over the pattern. */
function cTimes(pattern: SparsityPattern, c: Float64Array, v: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let col = 0; col < pattern.n; col++) {
    const x = v[col];
    if (x === 0) continue;
    for (let p = pattern.colStart[col]; p < pattern.colStart[col + 1]; p++) out[pattern.rowIndex[p]] += c[p] * x;
  }
}

/** Options of the Arnoldi iteration (tests force it on small systems; the defaults serve `.poles max=`). */
export interface ArnoldiOptions {
  /** Krylov basis size; default max(2 wanted + 1, wanted + 20), at most the rank bound n. */
  basis?: number;
  /** Restarts before giving up, per run; default 300. */
  maxRestarts?: number;
  /** Ritz residual per |mu| that counts as converged (the poles are polished afterwards); default 1e-8. */
  tol?: number;
}

/** |A v_j| shrunk by this much by the orthogonalisation: the basis spans an invariant subspace (a few eps times the basis size). */
const INVARIANT_RATIO = 1e-13;

/** Most verification runs after the first (each one adds at least one pole it found right of the cut). */
const MAX_VERIFICATIONS = 50;

/**
 * The `wanted` rightmost finite poles, by implicitly restarted Arnoldi (Sorensen 1992; Lehoucq, Sorensen, SIAM J.
 * Matrix Anal. Appl. 17, 789 (1996); Saad, "Numerical Methods for Large Eigenvalue Problems", 2nd ed. 2011,
 * ch. 6-7) on shift-invert operators A = (G + sigma C)^-1 C, one sparse LU of G + sigma C applied per step, in
 * two stages:
 *
 * 1. At sigma = 0 (or a nearby shift if G is singular), the `wanted` Ritz values of largest |mu|: the poles
 *    nearest 0. They are the rightmost when the poles lie in the left half plane around the origin, but not in
 *    general: an unstable pole at +1e6 beside stable ones at -1 .. -10 is the farthest from 0.
 * 2. Verification, on the same pencil with the poles found so far deflated (their Ritz vectors span an invariant
 *    subspace of every shift-invert operator of the pencil, so the basis is kept orthogonal to it): Arnoldi at a
 *    real shift sigma_v to the right of the cut line Re s = l (l the real part of the wanted-th rightmost pole
 *    found), wanting the Ritz values with Re s > l. The map mu = 1/(sigma_v - s) sends the half plane Re s < l
 *    into the disk with diameter [0, 1/(sigma_v - l)] and Re s > l outside it (the Cayley transform's property:
 *    Meerbergen, Spence, Roose, BIT 34, 409 (1994)), and for a normal operator the Ritz values lie in the convex
 *    hull of the remaining eigenvalues: with none right of l, every Ritz value of the first basis is left of l
 *    and the run ends there, one basis build. A pole missed by stage 1 (far from 0, or absent from the first
 *    Krylov space: a second copy of a multiple pole, a mode the start vector misses) shows as a Ritz value right
 *    of l; it is converged, added, l moves right, and the verification is repeated until it finds nothing.
 *    sigma_v is placed at the circuit's fastest rate scale (`rateScale`), so that a fast unstable pole maps
 *    well away from the bulk of the spectrum.
 * Infinite poles are mu = 0 in every run (never wanted); each start vector is A^2 r for a pseudo-random r (a
 * constant vector would miss every mode orthogonal to it, as the antisymmetric modes of a symmetric crossbar are)
 * so that the basis has no component in the null space of C nor in an index-2 chain (purification). The poles are
 * polished as in `densePoles`; returned sorted by descending real part, at most `wanted` of them (a conjugate pair
 * kept whole).
 */
export function arnoldiPoles(pencil: Pencil, wanted: number, options: ArnoldiOptions = {}): Pole[] {
  const { pattern, g, c } = pencil;
  const n = pattern.n;
  const nnz = pattern.colStart[n];
  const values = new Float64Array(nnz);
  let sigma = 0;
  const solver = realSolver(pencil);
  try {
    solver.factor(g.subarray(0, nnz));
  } catch (err) {
    if (!(err instanceof SingularMatrixError)) throw err;
    sigma = factorShifted(pencil).sigma;
  }
  const apply = (x: Float64Array, out: Float64Array): void => {
    cTimes(pattern, c, x, out);
    solver.solve(out);
  };
  const m = Math.min(n, options.basis ?? Math.max(2 * wanted + 1, wanted + 20));
  const settings = { m, tol: options.tol ?? 1e-8, maxRestarts: options.maxRestarts ?? 300 };
  const random = seededRandom(0x9e3779b9);
  const first = restartedArnoldi(apply, n, [], random, wanted, modulusScore, undefined, settings);
  const found: Pole[] = first.mus.map((mu) => fromMu(sigma, mu));
  const deflation: Float64Array[] = [];
  extendBasis(deflation, first.vectors.flat());
  for (let round = 0; round < MAX_VERIFICATIONS && deflation.length < n - 2; round++) {
    const sorted = sortPoles([...found]);
    // Fewer found than wanted: any other pole is wanted, wherever it lies.
    const cut = sorted.length >= wanted ? sorted[wanted - 1].re : -Infinity;
    // Strictly right of the cut by more than the poles' own accuracy: a pole equal to the cut is not "missed".
    const line = cut + 1e-10 * Math.abs(cut);
    const sigmaV = factorVerificationShift(pencil, values, Number.isFinite(line) ? line : 0);
    const score = (mu: Complex): number => fromMu(sigmaV, mu).re;
    const more = restartedArnoldi(apply, n, deflation, random, wanted, score, line, settings);
    // A Ritz value of the compressed operator is taken as a missed pole only if it is one of the pencil: its Ritz
    // vector's backward error (see backwardError) at most VERIFIED_BACKWARD_ERROR. Ritz values of the rounding left
    // in an exhausted basis (mu ~ 0, s far out) are not.
    const verified = more.mus.flatMap((mu, k) => {
      const pole = fromMu(sigmaV, mu);
      // A pair's lower member goes with its upper one.
      const upper = mu.im < 0 ? more.mus.findIndex((o) => o.re === mu.re && o.im === -mu.im) : k;
      return upper >= 0 && backwardError(pencil, fromMu(sigmaV, more.mus[upper]), more.vectors[upper]) <= VERIFIED_BACKWARD_ERROR ? [{ pole, vectors: more.vectors[k] }] : [];
    });
    if (verified.length === 0) break;
    for (const v of verified) found.push(v.pole);
    extendBasis(deflation, verified.flatMap((v) => v.vectors));
  }
  const poles = finishPoles(pencil, sortPoles(found), wanted);
  return poles.slice(0, cutCount(poles, wanted));
}

interface Complex {
  re: number;
  im: number;
}

/** What one Arnoldi run found: the wanted Ritz values and, per value, its Ritz vector (see ritzVector). */
interface ArnoldiRun {
  mus: Complex[];
  vectors: Float64Array[][];
}

/**
 * Backward error below which a verification run's Ritz pair is a pole of the pencil: the runs converge their Ritz
 * values to a residual of 1e-8 |mu| (`tol`), which bounds the pencil's backward error near that; a spurious value
 * of an exhausted basis has a backward error of order 1.
 */
const VERIFIED_BACKWARD_ERROR = 1e-6;

/** Stage 1's choice: the largest |mu|, the poles nearest the shift. */
const modulusScore = (mu: Complex): number => Math.hypot(mu.re, mu.im);

/**
 * Per-row rate |G_ii| + sum_j |G_ij| over |C_ii| (a Gershgorin radius of C_d^-1 G on the rows with a capacitance):
 * the fastest local relaxation rate of the circuit, the scale of its fastest poles. Not a bound (eliminating the
 * algebraic unknowns can make a rate faster), only where the verification shift is placed.
 */
function rateScale(pattern: SparsityPattern, g: Float64Array, c: Float64Array): number {
  const n = pattern.n;
  const rowSum = new Float64Array(n);
  const diagC = new Float64Array(n);
  for (let col = 0; col < n; col++) {
    for (let p = pattern.colStart[col]; p < pattern.colStart[col + 1]; p++) {
      const row = pattern.rowIndex[p];
      rowSum[row] += Math.abs(g[p]);
      if (row === col) diagC[row] = Math.abs(c[p]);
    }
  }
  let rate = 0;
  for (let i = 0; i < n; i++) if (diagC[i] > 0) rate = Math.max(rate, rowSum[i] / diagC[i]);
  return rate;
}

/**
 * Factor G + sigma_v C in the pencil's solver for a verification run: sigma_v to the right of the cut line by the
 * circuit's rate scale (and by |line|), times irrational factors until the matrix is nonsingular.
 */
function factorVerificationShift(pencil: Pencil, values: Float64Array, line: number): number {
  const { pattern, g, c } = pencil;
  const nnz = pattern.colStart[pattern.n];
  const offset = Math.max(rateScale(pattern, g, c), Math.abs(line), Number.MIN_VALUE);
  const solver = realSolver(pencil);
  let lastError: unknown;
  for (const factor of [1.0472, 3.7183, 0.61803, 31.416]) {
    const sigma = Math.max(line, 0) + factor * offset;
    for (let p = 0; p < nnz; p++) values[p] = g[p] + sigma * c[p];
    try {
      solver.factor(values);
      return sigma;
    } catch (err) {
      if (!(err instanceof SingularMatrixError)) throw err;
      lastError = err;
    }
  }
  throw lastError;
}

/** Deterministic pseudo-random numbers in [-1, 1) (xorshift32): start vectors with no structure. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 31 - 1;
  };
}

/** x <- x - Q Q^T x, twice (the second pass removes what rounding left of the first). */
function orthogonalise(x: Float64Array, basis: readonly Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) for (const q of basis) axpy(-dot(q, x), q, x);
}

/**
 * One implicitly restarted Arnoldi run of the operator `apply` (a shift-invert operator of the pencil) compressed
 * to the orthogonal complement of `deflation` (an orthonormal basis of an invariant subspace): the Ritz values
 * are ranked by `score` (larger first), and the wanted set is the `wanted` best of them, or with `threshold` only
 * those of the best `wanted` whose score exceeds it (an empty set ends the run with nothing). Returns the wanted
 * Ritz values once all have converged, with an orthonormal basis (orthogonal to `deflation`) of their Ritz
 * vectors: a real vector per real value, the real and imaginary parts per conjugate pair.
 */
function restartedArnoldi(
  apply: (x: Float64Array, out: Float64Array) => void,
  n: number,
  deflation: readonly Float64Array[],
  random: () => number,
  wanted: number,
  score: (mu: Complex) => number,
  threshold: number | undefined,
  settings: { m: number; tol: number; maxRestarts: number },
): ArnoldiRun {
  const m = Math.min(settings.m, n - deflation.length);
  if (m < 2) return { mus: [], vectors: [] };
  const k0 = Math.min(wanted + 2, m - 1);
  const { tol, maxRestarts } = settings;
  const op = (x: Float64Array, out: Float64Array): void => {
    apply(x, out);
    orthogonalise(out, deflation);
  };
  // V: m + 1 basis vectors; H: (m + 1) x m upper Hessenberg (row-major arrays of rows).
  const V: Float64Array[] = Array.from({ length: m + 1 }, () => new Float64Array(n));
  const H: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(m).fill(0));
  // Work arrays of the restart's shifted QR steps.
  const shifted = new Float64Array(m * m);
  const reflector = new Float64Array(m);
  // The restarted basis V_m Q[:, 0..k] is formed here before it replaces V (k <= k0 + 1: a pair kept whole).
  const newV: Float64Array[] = Array.from({ length: k0 + 2 }, () => new Float64Array(n));
  const scratch = new Float64Array(n);
  const start = V[0];
  for (let i = 0; i < n; i++) start[i] = random();
  op(start, scratch);
  op(scratch, start);
  if (!normalise(start)) return { mus: [], vectors: [] };
  /** The wanted ones among ritz (sorted by score), with the partner of a pair that the count would cut. */
  const wantedOf = (ritz: Ritz[], limit: number): Ritz[] => {
    let count = Math.min(wanted, limit, ritz.length);
    if (count > 0 && count < ritz.length && ritz[count - 1].mu.im !== 0) count++;
    const chosen = ritz.slice(0, count);
    return threshold === undefined ? chosen : chosen.filter((r) => score(r.mu) > threshold);
  };
  const result = (chosen: Ritz[], j: number): ArnoldiRun => ({ mus: chosen.map((r) => r.mu), vectors: chosen.map((r) => ritzVector(V, j, r)) });
  let filled = 1; // columns of V that are valid
  for (let restart = 0; restart <= maxRestarts; restart++) {
    // Extend the Arnoldi factorisation A V_j = V_j H_j + f e_j^T to j = m.
    for (let j = filled - 1; j < m; j++) {
      const w = V[j + 1];
      op(V[j], w);
      // Classical Gram-Schmidt, repeated when the vector lost more than 1 - 1/sqrt(2) of its norm (the DGKS test:
      // Daniel, Gragg, Kaufman, Stewart 1976), which keeps the basis orthogonal to working precision.
      const applied = Math.sqrt(dot(w, w));
      let before = applied;
      let beta = before;
      for (let pass = 0; pass < 3; pass++) {
        for (let i = 0; i <= j; i++) {
          const h = dot(V[i], w);
          H[i][j] += h;
          axpy(-h, V[i], w);
        }
        beta = Math.sqrt(dot(w, w));
        if (beta > Math.SQRT1_2 * before) break;
        before = beta;
      }
      H[j + 1][j] = beta;
      // Invariant subspace found (what is left of A v_j is rounding: continuing would build the basis out of
      // noise, whose Ritz values are not the operator's): its Ritz values are exact to that rounding.
      if (!(beta > INVARIANT_RATIO * applied)) {
        const ritz = ritzValues(H, j + 1).sort((a, b) => score(b.mu) - score(a.mu));
        return result(wantedOf(ritz, j + 1), j + 1);
      }
      for (let i = 0; i < n; i++) w[i] /= beta;
    }
    const ritz = ritzValues(H, m).sort((a, b) => score(b.mu) - score(a.mu));
    const beta = H[m][m - 1];
    let k = k0;
    // Keep a conjugate pair on one side of the split.
    if (k < m && ritz[k - 1].mu.im !== 0 && ritz[k] && Math.abs(ritz[k].mu.im + ritz[k - 1].mu.im) <= 1e-12 * ritz[k].modulus) k++;
    const isConverged = (r: Ritz): boolean => Math.abs(beta) * r.lastComponent <= tol * r.modulus;
    const chosen = wantedOf(ritz, k);
    if (chosen.length === 0 || chosen.every(isConverged)) return result(chosen, m);
    if (restart === maxRestarts) break;
    // Exact shifts: the unwanted Ritz values, a conjugate pair as one double step.
    const shifts = ritz.slice(k);
    // Small dense m x m matrices, row-major: H_m and the accumulated orthogonal Q.
    const Hm = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = Math.max(0, i - 1); j < m; j++) Hm[i * m + j] = H[i][j];
    const Q = identity(m);
    const done = new Set<number>();
    for (let s = 0; s < shifts.length; s++) {
      if (done.has(s)) continue;
      const mu = shifts[s].mu;
      let P: Float64Array;
      if (mu.im === 0) {
        P = shifted;
        P.set(Hm);
        for (let i = 0; i < m; i++) P[i * m + i] -= mu.re;
      } else {
        // (H - mu I)(H - conj(mu) I) = H^2 - 2 Re(mu) H + |mu|^2 I; skip the partner shift.
        for (let t = s + 1; t < shifts.length; t++) {
          if (!done.has(t) && Math.abs(shifts[t].mu.re - mu.re) <= 1e-12 * shifts[s].modulus && Math.abs(shifts[t].mu.im + mu.im) <= 1e-12 * shifts[s].modulus) {
            done.add(t);
            break;
          }
        }
        P = matmul(Hm, Hm, m);
        for (let k = 0; k < m * m; k++) P[k] -= 2 * mu.re * Hm[k];
        for (let i = 0; i < m; i++) P[i * m + i] += mu.re * mu.re + mu.im * mu.im;
      }
      shiftStep(P, Hm, Q, m, reflector);
    }
    const at = (M: Float64Array, i: number, j: number): number => M[i * m + j];
    // New residual f_k = V_m Q[:, k] H+[k][k-1] + f Q[m-1][k-1], f = beta v_{m+1}.
    const hk = at(Hm, k, k - 1);
    const qmk = at(Q, m - 1, k - 1);
    for (let j = 0; j <= k; j++) {
      const out = newV[j];
      out.fill(0);
      for (let i = 0; i < m; i++) {
        const qij = at(Q, i, j);
        if (qij !== 0) axpy(qij, V[i], out);
      }
    }
    const f = newV[k];
    for (let i = 0; i < n; i++) f[i] = f[i] * hk + V[m][i] * beta * qmk;
    for (let j = 0; j < k; j++) V[j].set(newV[j]);
    const fnorm = Math.sqrt(dot(f, f));
    for (const row of H) row.fill(0);
    for (let i = 0; i < k; i++) for (let j = Math.max(0, i - 1); j < k; j++) H[i][j] = at(Hm, i, j);
    if (fnorm === 0) return result(wantedOf(ritzValues(H, k).sort((a, b) => score(b.mu) - score(a.mu)), k), k);
    H[k][k - 1] = fnorm;
    for (let i = 0; i < n; i++) V[k][i] = f[i] / fnorm;
    filled = k + 1;
  }
  throw new Error(`Arnoldi did not converge to ${wanted} poles in ${maxRestarts} restarts`);
}

interface Ritz {
  mu: Complex;
  modulus: number;
  /** |e_m^T y| of the normalised eigenvector y of H_m: the Ritz residual is |beta| times this. */
  lastComponent: number;
  /** The eigenvector y of H_j: one column (real value), or the real and imaginary parts (a pair's upper member). */
  y: Float64Array[];
}

/** Eigenvalues of the leading j x j block of H with the last components of their unit eigenvectors. */
function ritzValues(H: number[][], j: number): Ritz[] {
  const evd = new EigenvalueDecomposition(new Matrix(H.slice(0, j).map((row) => row.slice(0, j))), { assumeSymmetric: false });
  const vec = evd.eigenvectorMatrix;
  const re = evd.realEigenvalues;
  const im = evd.imaginaryEigenvalues;
  const out: Ritz[] = [];
  for (let i = 0; i < j; i++) {
    // Complex pair: columns i (real part) and i + 1 (imaginary part), as JAMA stores them.
    const pair = im[i] !== 0;
    const cols = pair ? [im[i] > 0 ? i : i - 1, im[i] > 0 ? i + 1 : i] : [i];
    let norm = 0;
    for (let r = 0; r < j; r++) for (const cIdx of cols) norm += vec.get(r, cIdx) ** 2;
    let last = 0;
    for (const cIdx of cols) last += vec.get(j - 1, cIdx) ** 2;
    const y = cols.map((cIdx) => Float64Array.from({ length: j }, (_, r) => vec.get(r, cIdx)));
    out.push({ mu: { re: re[i], im: im[i] }, modulus: Math.hypot(re[i], im[i]), lastComponent: Math.sqrt(last / norm), y });
  }
  return out;
}

/** The Ritz vector V_j y of one Ritz value: [x] for a real value, [Re x, Im x] for a pair's upper member, [] for its lower one. */
function ritzVector(V: readonly Float64Array[], j: number, r: Ritz): Float64Array[] {
  if (r.mu.im < 0) return [];
  return r.y.map((y) => {
    const x = new Float64Array(V[0].length);
    for (let i = 0; i < j; i++) if (y[i] !== 0) axpy(y[i], V[i], x);
    return x;
  });
}

/** Add the vectors, orthonormalised, to the orthonormal basis (in place): the invariant subspace deflated next. */
function extendBasis(basis: Float64Array[], vectors: readonly Float64Array[]): void {
  for (const v of vectors) {
    const x = Float64Array.from(v);
    orthogonalise(x, basis);
    if (normalise(x)) basis.push(x);
  }
}

/**
 * Backward error of the approximate eigenpair (s, x) of the pencil, x = [x] real or [Re x, Im x]:
 * ||(G + s C) x|| / (||G x|| + |s| ||C x||), the relative size of the smallest change to G and C for which the pair
 * is exact.
 */
function backwardError(pencil: Pencil, s: Pole, x: readonly Float64Array[]): number {
  if (x.length === 0) return 0; // a pair's lower member: its upper member is checked
  const { pattern, g, c } = pencil;
  const n = pattern.n;
  const xr = x[0];
  const xi = x[1] ?? new Float64Array(n);
  const gr = new Float64Array(n);
  const gi = new Float64Array(n);
  const cr = new Float64Array(n);
  const ci = new Float64Array(n);
  cTimes(pattern, g, xr, gr);
  cTimes(pattern, g, xi, gi);
  cTimes(pattern, c, xr, cr);
  cTimes(pattern, c, xi, ci);
  let residual = 0;
  let gNorm = 0;
  let cNorm = 0;
  for (let i = 0; i < n; i++) {
    const re = gr[i] + s.re * cr[i] - s.im * ci[i];
    const im = gi[i] + s.re * ci[i] + s.im * cr[i];
    residual += re * re + im * im;
    gNorm += gr[i] * gr[i] + gi[i] * gi[i];
    cNorm += cr[i] * cr[i] + ci[i] * ci[i];
  }
  const scale = Math.sqrt(gNorm) + Math.hypot(s.re, s.im) * Math.sqrt(cNorm);
  return scale > 0 ? Math.sqrt(residual) / scale : Infinity;
}

/**
 * The Arnoldi basis work is these two on n-vectors (the Gram-Schmidt passes are most of the time of `.poles
 * max=` on a large circuit): unrolled by four, with four partial sums in `dot`, so that V8 keeps independent
 * multiply-adds in flight instead of one serial chain.
 */
function dot(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const end = n - (n % 4);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < end; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (let i = end; i < n; i++) s0 += a[i] * b[i];
  return s0 + s1 + (s2 + s3);
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  const n = x.length;
  const end = n - (n % 4);
  for (let i = 0; i < end; i += 4) {
    y[i] += alpha * x[i];
    y[i + 1] += alpha * x[i + 1];
    y[i + 2] += alpha * x[i + 2];
    y[i + 3] += alpha * x[i + 3];
  }
  for (let i = end; i < n; i++) y[i] += alpha * x[i];
}

function normalise(v: Float64Array): boolean {
  const norm = Math.sqrt(dot(v, v));
  if (!(norm > 0) || !Number.isFinite(norm)) return false;
  for (let i = 0; i < v.length; i++) v[i] /= norm;
  return true;
}

function identity(m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) out[i * m + i] = 1;
  return out;
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += aik * b[k * m + j];
    }
  }
  return out;
}

/**
 * One explicit shifted QR step of the restart: P = QR (P = H - mu I, or the double-shift polynomial of a conjugate
 * pair), then H <- Q^T H Q and Qacc <- Qacc Q, all in place. H is upper Hessenberg, so P has one subdiagonal (two
 * for a pair) and each Householder reflector of its QR touches only the 2 or 3 rows down to the last nonzero of
 * its column: applied one at a time to P, H and Qacc, a step costs O(m^2) instead of the O(m^3) of forming Q and
 * multiplying. Q^T H Q is Hessenberg again in exact arithmetic; the rounding left below the subdiagonal is set
 * to zero (as ARPACK's Givens sweeps never create it), which keeps the next P banded.
 */
function shiftStep(P: Float64Array, H: Float64Array, Q: Float64Array, m: number, v: Float64Array): void {
  for (let k = 0; k < m - 1; k++) {
    let last = m - 1;
    while (last > k && P[last * m + k] === 0) last--;
    if (last === k) continue; // column already reduced: the reflector would only flip a sign
    let norm = 0;
    for (let i = k; i <= last; i++) norm += P[i * m + k] ** 2;
    norm = Math.sqrt(norm);
    const alpha = P[k * m + k] > 0 ? -norm : norm;
    for (let i = k; i <= last; i++) v[i] = P[i * m + k];
    v[k] -= alpha;
    let vv = 0;
    for (let i = k; i <= last; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    const scale = 2 / vv;
    // Rows k..last of P (its columns left of k are already zero there) and of H: M <- (I - scale v v^T) M.
    reflectRows(P, v, k, last, k, scale, m);
    reflectRows(H, v, k, last, 0, scale, m);
    // Columns k..last of H and of Qacc: M <- M (I - scale v v^T).
    reflectColumns(H, v, k, last, scale, m);
    reflectColumns(Q, v, k, last, scale, m);
  }
  for (let i = 2; i < m; i++) for (let j = 0; j < i - 1; j++) H[i * m + j] = 0;
}

function reflectRows(a: Float64Array, v: Float64Array, first: number, last: number, fromColumn: number, scale: number, m: number): void {
  for (let j = fromColumn; j < m; j++) {
    let d = 0;
    for (let i = first; i <= last; i++) d += v[i] * a[i * m + j];
    d *= scale;
    for (let i = first; i <= last; i++) a[i * m + j] -= d * v[i];
  }
}

function reflectColumns(a: Float64Array, v: Float64Array, first: number, last: number, scale: number, m: number): void {
  for (let i = 0; i < m; i++) {
    let d = 0;
    for (let j = first; j <= last; j++) d += a[i * m + j] * v[j];
    d *= scale;
    for (let j = first; j <= last; j++) a[i * m + j] -= d * v[j];
  }
}

/** How many of the sorted poles make the first `max`, a conjugate pair not cut in two. */
export function cutCount(poles: Pole[], max: number): number {
  let count = Math.min(max, poles.length);
  if (count > 0 && count < poles.length && poles[count - 1].im > 0) count++;
  return count;
}
