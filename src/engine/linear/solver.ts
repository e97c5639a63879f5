/**
 * The linear-solver contract. The equation system owns one sparsity pattern (compressed sparse column,
 * 0-based, ground already dropped) fixed at setup; every matrix the analyses factor (G for DC, G + a*C for
 * transient, G + jwC for AC) has exactly that pattern, so a solver analyses it once and refactors many times.
 *
 * Values are passed as arrays aligned with the pattern's nonzeros: `values[k]` is the entry at
 * row `rowIndex[k]` of the column `c` with `colStart[c] <= k < colStart[c+1]`. Solvers read only the first
 * nnz entries, so an array may be longer. Ground never reaches a solver: in the equation system only entry
 * (0,0) (handle/entry id 0) is the trash for stamps between ground and ground, entries in the ground row or
 * column have ids of their own outside the pattern, and assembly gathers just the pattern's entries into
 * value arrays of length nnz.
 */
export interface SparsityPattern {
  /** Matrix dimension. */
  readonly n: number;
  /** length n+1 */
  readonly colStart: Int32Array;
  /** length nnz; row indices sorted ascending inside each column, no duplicates */
  readonly rowIndex: Int32Array;
}

export function patternNnz(p: SparsityPattern): number {
  return p.colStart[p.n];
}

/** Thrown when a pivot is exactly zero or negligible: `column` is the 0-based unknown index (system index - 1). */
export class SingularMatrixError extends Error {
  constructor(readonly column: number) {
    super(`singular matrix at unknown ${column}`);
    this.name = 'SingularMatrixError';
  }
}

export interface RealLinearSolver {
  /**
   * Factor the matrix with these values (pattern fixed at construction). Reuses the ordering and symbolic
   * analysis of earlier calls when the pivots stay acceptable; re-analyses by itself otherwise.
   * Throws SingularMatrixError.
   */
  factor(values: Float64Array): void;
  /** Solve A x = rhs in place, using the last factorisation. `rhs.length >= n`. */
  solve(rhs: Float64Array): void;
}

export interface ComplexLinearSolver {
  factor(re: Float64Array, im: Float64Array): void;
  /** Solve in place; real and imaginary parts in separate arrays. */
  solve(rhsRe: Float64Array, rhsIm: Float64Array): void;
  /**
   * Optional: factor two matrices of the pattern in one pass (an AC sweep's next two frequencies), reusing the
   * analysis and pivot order of an earlier factor(). False when that is not possible (no earlier factor, or a
   * pivot of either matrix unacceptable): the caller then factors each with factor().
   */
  factorPair?(reA: Float64Array, imA: Float64Array, reB: Float64Array, imB: Float64Array): boolean;
  /** With factorPair: solve A x = a and B y = b in place. */
  solvePair?(aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array): void;
}

export interface LinearSolverFactory {
  readonly name: string;
  real(pattern: SparsityPattern): RealLinearSolver;
  complex(pattern: SparsityPattern): ComplexLinearSolver;
}
