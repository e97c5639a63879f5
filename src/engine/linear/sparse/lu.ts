/**
 * Sparse LU, KLU-style: left-looking Gilbert–Peierls factorisation with threshold partial pivoting on a
 * fill-reducing column order, then numeric-only refactorisation on the stored pattern and pivot order.
 *
 * This file holds everything that does not depend on the values being real or complex: the storage, the
 * symbolic reach (with symmetric pruning), growth, column sorting, the ordering analysis and the factor /
 * refactor / fallback control flow. The numeric kernels (pivoting factorisation, refactorisation, solve) are
 * generated for both fields from one template (scripts/gen-lu-kernels.ts -> ../kernels.generated.ts), except the
 * complex refactorisation and solve, which run on interleaved copies of the factors (./complexInterleaved.ts). A scalar
 * is stored as one Float64Array per component: fields `...re` (and `...im` for complex; zero-length for real).
 * One field per array rather than a Float64Array[] lets V8 track each field's type, so the hot loops need no
 * map checks.
 *
 * Storage (all typed arrays, grown only by a pivoting factorisation):
 *   L: unit lower triangular, column k in Li/Lre,Lim[Lp[k] .. Lp[k+1]), row indices are elimination steps (> k)
 *   U: strictly upper part, column k in Ui/Ure,Uim[Up[k] .. Up[k+1]), row indices are steps (< k) stored in a
 *      topological order of the column's reach (any order where a step precedes the steps it updates),
 *      diagonal in Dre,Dim[k]
 * Factorised matrix: Prow * R * A * Qcol = L * U with R the row equilibration, Prow the pivot rows, Qcol the
 * column order.
 */
import type { ComplexLinearSolver, RealLinearSolver, SparsityPattern } from '../solver.ts';
import { analyseOrdering, resolveOptions } from './analysis.ts';
import type { ResolvedOptions, SparseLUOptions } from './analysis.ts';
import {
  factorPivotingComplex,
  factorPivotingReal,
  refactorReal,
  solveReal,
} from '../kernels.generated.ts';
import { packInterleaved, refactorInterleaved, refactorPair, solveInterleaved, solvePair } from './complexInterleaved.ts';

export interface SparseLUStats {
  /** factorisations with pivot search and symbolic reach (the first one, and fallbacks) */
  pivotingFactors: number;
  /** numeric-only refactorisations that succeeded */
  refactors: number;
  /** refactorisations abandoned because a stored pivot became unacceptable */
  refactorFailures: number;
  /** ordering analyses (transversal + fill-reducing ordering) */
  analyses: number;
  /** the fill-reducing ordering of the last analysis */
  ordering: 'amd' | 'nd' | 'natural' | 'none';
  nnzL: number;
  nnzU: number;
}

/** The numeric kernels of one field (see kernels.generated.ts); A and B hold one Float64Array per component. */
interface SparseKernels {
  readonly components: number;
  factorPivoting(lu: SparseLUFactors, A: readonly Float64Array[]): void;
  refactor(lu: SparseLUFactors, A: readonly Float64Array[]): boolean;
  solve(lu: SparseLUFactors, B: readonly Float64Array[]): void;
}

const REAL_KERNELS: SparseKernels = {
  components: 1,
  factorPivoting: factorPivotingReal,
  refactor: refactorReal,
  solve: solveReal,
};
/** The pivoting factorisation is generated; refactor and solve run on interleaved storage (./complexInterleaved.ts). */
const COMPLEX_KERNELS: SparseKernels = {
  components: 2,
  factorPivoting: (lu, A) => {
    factorPivotingComplex(lu, A);
    packInterleaved(lu);
  },
  refactor: refactorInterleaved,
  solve: solveInterleaved,
};

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
 * Sort the row indices of every column ascending (the values of every component follow) by transposing twice,
 * O(nnz + n). For L this makes the scatter into the work vector sweep memory forwards; for U ascending step
 * order is a valid topological order (L(i, s) != 0 only for i > s), so refactor and solve can use it too.
 */
export function sortColumns(n: number, Ap: Int32Array, Ai: Int32Array, Ax: readonly Float64Array[]): void {
  const nnz = Ap[n];
  const Rp = new Int32Array(n + 1);
  for (let q = 0; q < nnz; q++) Rp[Ai[q] + 1]++;
  for (let i = 0; i < n; i++) Rp[i + 1] += Rp[i];
  const next = Rp.slice(0, n);
  const Rj = new Int32Array(nnz);
  const position = new Int32Array(nnz);
  for (let c = 0; c < n; c++) {
    for (let q = Ap[c]; q < Ap[c + 1]; q++) {
      const t = next[Ai[q]]++;
      Rj[t] = c;
      position[t] = q;
    }
  }
  // position[t] = old index of the t-th entry in row-major order; walking the rows refills the columns sorted
  const fill = Ap.slice(0, n);
  const target = new Int32Array(nnz);
  for (let i = 0; i < n; i++) {
    for (let t = Rp[i]; t < Rp[i + 1]; t++) {
      const q = fill[Rj[t]]++;
      Ai[q] = i;
      target[t] = q;
    }
  }
  const old = new Float64Array(nnz);
  for (const x of Ax) {
    old.set(x.subarray(0, nnz));
    for (let t = 0; t < nnz; t++) x[target[t]] = old[position[t]];
  }
}

/**
 * Storage and symbolic machinery shared by the real and the complex sparse LU. Fields are public to the
 * generated kernels (and read-only by convention to everyone else).
 */
export class SparseLUFactors {
  readonly n: number;
  readonly stats: SparseLUStats = {
    pivotingFactors: 0,
    refactors: 0,
    refactorFailures: 0,
    analyses: 0,
    ordering: 'none',
    nnzL: 0,
    nnzU: 0,
  };
  readonly colStart: Int32Array;
  readonly rowIndex: Int32Array;
  readonly nnz: number;
  readonly opts: ResolvedOptions;
  /** colPerm[k] = original column eliminated at step k; prefRow[k] = its preferred pivot row */
  colPerm: Int32Array = new Int32Array(0);
  prefRow: Int32Array = new Int32Array(0);
  private analysed = false;
  /** true when L/U patterns and pivot order are valid for refactor */
  protected symbolic = false;
  protected factored = false;
  /** the pair storage (Lpair, ...) holds the factors of the last factorPair, and the single storage none */
  protected pairFactored = false;
  /** Lrow4 and Urow4 were built from the current L/U patterns */
  protected pairPatterns = false;
  private everFactored = false;

  /** original row -> step (-1 while unpivoted during a pivoting factorisation) */
  readonly pinv: Int32Array;
  /** step -> original row */
  readonly prow: Int32Array;
  readonly Lp: Int32Array;
  Li: Int32Array;
  Lre: Float64Array;
  Lim: Float64Array;
  readonly Up: Int32Array;
  Ui: Int32Array;
  Ure: Float64Array;
  Uim: Float64Array;
  /** diagonal of U */
  readonly Dre: Float64Array;
  readonly Dim: Float64Array;
  /** dense work vector, all zero between kernel calls */
  readonly Xre: Float64Array;
  readonly Xim: Float64Array;
  /** row scale indexed by original row during pivoting, by step afterwards (rsStep) */
  readonly rsRow: Float64Array;
  readonly rsStep: Float64Array;
  /**
   * Supernodes of L (valid when symbolic): snLast[j] is the last column of the run j, j+1, ..., snLast[j] in which
   * each column's rows are the next column's plus that column itself (L(:,t) = {t+1} + L(:,t+1)). The kernels
   * update with such a run as a dense block (see blockUpdate in kernels.generated.ts).
   */
  readonly snLast: Int32Array;
  /**
   * Complex factors interleaved (re at 2i, im at 2i + 1) for the complex refactor and solve (./complexInterleaved.ts):
   * L, U and the diagonal, the work vector, and the rows of L and U as offsets 2 * step. Empty for a real LU.
   */
  Lc: Float64Array = new Float64Array(0);
  Uc: Float64Array = new Float64Array(0);
  Dc: Float64Array = new Float64Array(0);
  Xc: Float64Array = new Float64Array(0);
  Lrow2: Int32Array = new Int32Array(0);
  Urow2: Int32Array = new Int32Array(0);
  /**
   * Two complex factorisations at once (SparseLUComplexSolver.factorPair, ./complexInterleaved.ts): per entry
   * (re A, im A, re B, im B); the rows of L and U as offsets 4 * step; B's row scale by step. Allocated at the
   * first factorPair.
   */
  Lpair: Float64Array = new Float64Array(0);
  Upair: Float64Array = new Float64Array(0);
  Dpair: Float64Array = new Float64Array(0);
  Xpair: Float64Array = new Float64Array(0);
  Lrow4: Int32Array = new Int32Array(0);
  Urow4: Int32Array = new Int32Array(0);
  rsPair: Float64Array = new Float64Array(0);
  /** step of the row of every pattern entry (valid when symbolic) */
  readonly aStep: Int32Array;
  /** reach of the current column, in pattern[top..n) */
  readonly pattern: Int32Array;
  readonly flag: Int32Array;
  /**
   * Eisenstat–Liu symmetric pruning: the DFS of a pivoting factorisation walks L(:,j) only up to Lpend[j]. Once
   * L(k, j) and U(j, k) are both nonzero, the rows of L(:,j) not yet pivotal at step k are also in L(:,k), which
   * the search reaches through row k, so they are moved behind Lpend[j] (KLU, Davis & Palamadai Natarajan 2010).
   */
  private readonly Lpend: Int32Array;
  private readonly pruned: Uint8Array;
  private readonly stack: Int32Array;
  private readonly pstack: Int32Array;

  constructor(
    sparsity: SparsityPattern,
    options: SparseLUOptions | undefined,
    private readonly kernels: SparseKernels,
  ) {
    const n = sparsity.n;
    this.n = n;
    this.colStart = sparsity.colStart;
    this.rowIndex = sparsity.rowIndex;
    this.nnz = sparsity.colStart[n];
    this.opts = resolveOptions(options);
    this.pinv = new Int32Array(n);
    this.prow = new Int32Array(n);
    this.Lp = new Int32Array(n + 1);
    this.Up = new Int32Array(n + 1);
    const cap = Math.max(16, 2 * this.nnz);
    const complex = kernels.components === 2;
    this.Li = new Int32Array(cap);
    this.Lre = new Float64Array(cap);
    this.Lim = new Float64Array(complex ? cap : 0);
    this.Ui = new Int32Array(cap);
    this.Ure = new Float64Array(cap);
    this.Uim = new Float64Array(complex ? cap : 0);
    this.Dre = new Float64Array(n);
    this.Dim = new Float64Array(complex ? n : 0);
    this.Xre = new Float64Array(n);
    this.Xim = new Float64Array(complex ? n : 0);
    this.rsRow = new Float64Array(n);
    this.rsStep = new Float64Array(n);
    this.aStep = new Int32Array(this.nnz);
    this.snLast = new Int32Array(n);
    this.stack = new Int32Array(n);
    this.pstack = new Int32Array(n);
    this.flag = new Int32Array(n);
    this.Lpend = new Int32Array(n);
    this.pruned = new Uint8Array(n);
    this.pattern = new Int32Array(n);
  }

  /** Number of entries of L (without the unit diagonal) plus U (with the diagonal). */
  get nnzLU(): number {
    return this.Lp[this.n] + this.Up[this.n] + this.n;
  }

  /** Factor the matrix whose values (one array per component) are A; see RealLinearSolver.factor. */
  protected factorValues(A: readonly Float64Array[]): void {
    this.factored = false;
    this.pairFactored = false;
    if (this.symbolic) {
      if (this.kernels.refactor(this, A)) {
        this.stats.refactors++;
        this.factored = true;
        return;
      }
      this.stats.refactorFailures++;
      this.symbolic = false;
    }
    if (!this.analysed) {
      const nonzero = new Uint8Array(this.nnz);
      for (const values of A) {
        for (let p = 0; p < this.nnz; p++) if (values[p] !== 0) nonzero[p] = 1;
      }
      const ordering = analyseOrdering({ n: this.n, colStart: this.colStart, rowIndex: this.rowIndex }, nonzero, this.opts);
      this.colPerm = ordering.colPerm;
      this.prefRow = ordering.prefRow;
      this.analysed = true;
      this.stats.analyses++;
      this.stats.ordering = ordering.method;
    }
    this.stats.pivotingFactors++;
    try {
      this.kernels.factorPivoting(this, A);
    } catch (e) {
      // a singular first matrix may have produced a poor transversal: analyse again next time
      if (!this.everFactored) this.analysed = false;
      throw e;
    }
    this.everFactored = true;
    this.symbolic = true;
    this.pairPatterns = false;
    this.factored = true;
  }

  protected solveValues(B: readonly Float64Array[], who: string): void {
    if (!this.factored) throw new Error(`${who}.solve called without a successful factor()`);
    this.kernels.solve(this, B);
  }

  /**
   * Reach of A(:, j) in the graph of L (column k of the pivoting factorisation), by depth-first search, in
   * topological order into pattern[top..n); returns top.
   */
  reach(k: number, j: number): number {
    const { n, rowIndex, pinv, Lp, Lpend, Li, stack, pstack, flag, pattern } = this;
    let top = n;
    const p1 = this.colStart[j + 1];
    for (let p = this.colStart[j]; p < p1; p++) {
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
          const end = Lpend[col];
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
          pattern[--top] = i;
        }
      }
    }
    return top;
  }

  /**
   * After column k of a pivoting factorisation is stored (L(:,k) up to Lp[k+1], its pivot row in prow[k], the
   * reach still in pattern[top..n)): prune the columns j < k of U(:,k) whose L(:,j) holds the pivot row of k.
   */
  prune(k: number, top: number): void {
    const { n, pattern, pinv, Lp, Li, Lpend, pruned, Lre, Lim } = this;
    const complex = this.kernels.components === 2;
    Lpend[k] = Lp[k + 1];
    pruned[k] = 0;
    const pivotRow = this.prow[k];
    for (let t = top; t < n; t++) {
      const j = pinv[pattern[t]];
      if (j < 0 || j >= k || pruned[j] !== 0) continue;
      const end = Lpend[j];
      let found = false;
      for (let q = Lp[j]; q < end; q++) {
        if (Li[q] === pivotRow) {
          found = true;
          break;
        }
      }
      if (!found) continue;
      // partition L(:,j): rows pivotal by now first, the others (also in L(:,k)) behind Lpend[j]
      let head = Lp[j];
      let tail = end;
      while (head < tail) {
        if (pinv[Li[head]] >= 0) {
          head++;
          continue;
        }
        tail--;
        const i = Li[head];
        Li[head] = Li[tail];
        Li[tail] = i;
        const x = Lre[head];
        Lre[head] = Lre[tail];
        Lre[tail] = x;
        if (complex) {
          const y = Lim[head];
          Lim[head] = Lim[tail];
          Lim[tail] = y;
        }
      }
      Lpend[j] = head;
      pruned[j] = 1;
    }
  }

  /** Make room for lNeed entries of L and uNeed of U (index and every value component). */
  reserve(lNeed: number, uNeed: number): void {
    const complex = this.kernels.components === 2;
    this.Li = growInt(this.Li, lNeed);
    this.Ui = growInt(this.Ui, uNeed);
    this.Lre = growFloat(this.Lre, lNeed);
    this.Ure = growFloat(this.Ure, uNeed);
    if (complex) {
      this.Lim = growFloat(this.Lim, lNeed);
      this.Uim = growFloat(this.Uim, uNeed);
    }
  }

  /** Room for the interleaved complex factors of lNeed entries of L and uNeed of U (./complexInterleaved.ts). */
  reserveInterleaved(lNeed: number, uNeed: number): void {
    if (this.Xc.length === 0) {
      this.Xc = new Float64Array(2 * this.n);
      this.Dc = new Float64Array(2 * this.n);
    }
    if (this.Lrow2.length < lNeed) {
      this.Lrow2 = new Int32Array(lNeed);
      this.Lc = new Float64Array(2 * lNeed);
    }
    if (this.Urow2.length < uNeed) {
      this.Urow2 = new Int32Array(uNeed);
      this.Uc = new Float64Array(2 * uNeed);
    }
  }

  /** After a pivoting factorisation: relabel L rows to steps, index the pattern by step, sort the columns. */
  finishPivoting(lnz: number, unz: number): void {
    const { n, Li, pinv, prow, aStep, rowIndex, rsRow, rsStep } = this;
    for (let q = 0; q < lnz; q++) Li[q] = pinv[Li[q]];
    for (let p = 0; p < this.nnz; p++) aStep[p] = pinv[rowIndex[p]];
    for (let k = 0; k < n; k++) rsStep[k] = rsRow[prow[k]];
    const complex = this.kernels.components === 2;
    sortColumns(n, this.Lp, Li, complex ? [this.Lre, this.Lim] : [this.Lre]);
    sortColumns(n, this.Up, this.Ui, complex ? [this.Ure, this.Uim] : [this.Ure]);
    this.findSupernodes();
    this.stats.nnzL = lnz;
    this.stats.nnzU = unz + n;
  }

  /** snLast from the sorted L pattern: column j joins j + 1 when L(:,j) is row j + 1 followed by L(:,j+1). */
  private findSupernodes(): void {
    const { n, Lp, Li, snLast } = this;
    if (n === 0) return;
    snLast[n - 1] = n - 1;
    for (let j = n - 2; j >= 0; j--) {
      const a = Lp[j];
      const b = Lp[j + 1];
      const below = Lp[j + 2] - b;
      let joins = b - a === below + 1 && Li[a] === j + 1;
      for (let t = 0; joins && t < below; t++) joins = Li[a + 1 + t] === Li[b + t];
      snLast[j] = joins ? snLast[j + 1] : j;
    }
  }
}

export class SparseLURealSolver extends SparseLUFactors implements RealLinearSolver {
  constructor(pattern: SparsityPattern, options?: SparseLUOptions) {
    super(pattern, options, REAL_KERNELS);
  }
  factor(values: Float64Array): void {
    this.factorValues([values]);
  }
  solve(rhs: Float64Array): void {
    this.solveValues([rhs], 'SparseLURealSolver');
  }
}

/** Intended use: an AC sweep analyses at the first frequency and refactors at every other one. */
export class SparseLUComplexSolver extends SparseLUFactors implements ComplexLinearSolver {
  constructor(pattern: SparsityPattern, options?: SparseLUOptions) {
    super(pattern, options, COMPLEX_KERNELS);
  }
  factor(re: Float64Array, im: Float64Array): void {
    this.factorValues([re, im]);
  }
  solve(rhsRe: Float64Array, rhsIm: Float64Array): void {
    this.solveValues([rhsRe, rhsIm], 'SparseLUComplexSolver');
  }

  /**
   * Factor A = reA + i imA and B = reB + i imB in one pass on the stored patterns and pivot order (see
   * refactorPair). False when there is no stored analysis yet or a pivot of either is unacceptable: the caller
   * then factors each with factor(), which re-pivots as needed. On success solvePair applies both factorisations
   * and solve() none (until the next factor()).
   */
  factorPair(reA: Float64Array, imA: Float64Array, reB: Float64Array, imB: Float64Array): boolean {
    this.factored = false;
    this.pairFactored = false;
    if (!this.symbolic) return false;
    if (!this.pairPatterns) this.buildPairPatterns();
    if (!refactorPair(this, reA, imA, reB, imB)) {
      this.stats.refactorFailures++;
      return false;
    }
    this.stats.refactors += 2;
    this.pairFactored = true;
    return true;
  }

  /** Solve A x = a and B y = b in place (a, b: real and imaginary parts) with the factors of the last factorPair. */
  solvePair(aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array): void {
    if (!this.pairFactored) throw new Error('SparseLUComplexSolver.solvePair called without a successful factorPair()');
    solvePair(this, aRe, aIm, bRe, bIm);
  }

  private buildPairPatterns(): void {
    const { n, Lp, Up, Li, Ui } = this;
    const lnz = Lp[n];
    const unz = Up[n];
    if (this.Lrow4.length < lnz) {
      this.Lrow4 = new Int32Array(lnz);
      this.Lpair = new Float64Array(4 * lnz);
    }
    if (this.Urow4.length < unz) {
      this.Urow4 = new Int32Array(unz);
      this.Upair = new Float64Array(4 * unz);
    }
    if (this.Xpair.length === 0) {
      this.Xpair = new Float64Array(4 * n);
      this.Dpair = new Float64Array(4 * n);
      this.rsPair = new Float64Array(n);
    }
    for (let q = 0; q < lnz; q++) this.Lrow4[q] = 4 * Li[q];
    for (let q = 0; q < unz; q++) this.Urow4[q] = 4 * Ui[q];
    this.pairPatterns = true;
  }
}
