/**
 * Dense LU with partial pivoting, for small systems (see `chooseSolverFactory` in ./index.ts for the
 * crossover). Row-major Float64Array storage, right-looking elimination (the inner loop runs along a
 * contiguous row). Complex systems use split re/im arrays: no object per flop. The kernels, real and complex,
 * are generated from one template (scripts/gen-lu-kernels.ts -> ./kernels.generated.ts).
 *
 * Rows are equilibrated first (each row divided by its largest magnitude, as KLU does by default) so that
 * badly scaled rows (device state rows with entries ~1e30) neither win every pivot search nor make the
 * singularity test meaningless. Singular pivots: see ./singularity.ts.
 */
import type {
  ComplexLinearSolver,
  LinearSolverFactory,
  RealLinearSolver,
  SparsityPattern,
} from './solver.ts';
import { denseFactorComplex, denseFactorReal, denseSolveComplex, denseSolveReal } from './kernels.generated.ts';

export { SINGULAR_RTOL } from './singularity.ts';

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

/**
 * Storage of a dense LU; a scalar is one Float64Array per component, in fields `...re` and `...im` (zero-length
 * for real; one field per array so that V8 tracks their types and the loops need no map checks).
 */
export class DenseFactors {
  readonly n: number;
  readonly nnz: number;
  readonly pos: Int32Array;
  readonly rowOf: Int32Array;
  /** LU factors in place, row-major; L unit lower (below diagonal), U upper. */
  readonly are: Float64Array;
  readonly aim: Float64Array;
  /** piv[k] = original row placed at position k */
  readonly piv: Int32Array;
  readonly rowScale: Float64Array;
  /** largest magnitude (in the kernel's measure) of each scaled column */
  readonly colMax: Float64Array;
  readonly wre: Float64Array;
  readonly wim: Float64Array;
  private factored = false;

  constructor(pattern: SparsityPattern, components: number) {
    const n = pattern.n;
    this.n = n;
    this.nnz = pattern.colStart[n];
    this.pos = densePositions(pattern);
    this.rowOf = pattern.rowIndex.slice(0, this.nnz);
    const complex = components === 2;
    this.are = new Float64Array(n * n);
    this.aim = new Float64Array(complex ? n * n : 0);
    this.piv = new Int32Array(n);
    this.rowScale = new Float64Array(n);
    this.colMax = new Float64Array(n);
    this.wre = new Float64Array(n);
    this.wim = new Float64Array(complex ? n : 0);
  }

  protected factorWith(kernel: (d: DenseFactors, A: readonly Float64Array[]) => void, A: readonly Float64Array[]): void {
    this.factored = false;
    kernel(this, A);
    this.factored = true;
  }

  protected solveWith(
    kernel: (d: DenseFactors, B: readonly Float64Array[]) => void,
    B: readonly Float64Array[],
    who: string,
  ): void {
    if (!this.factored) throw new Error(`${who}.solve called without a successful factor()`);
    kernel(this, B);
  }
}

export class DenseRealSolver extends DenseFactors implements RealLinearSolver {
  constructor(pattern: SparsityPattern) {
    super(pattern, 1);
  }
  factor(values: Float64Array): void {
    this.factorWith(denseFactorReal, [values]);
  }
  solve(rhs: Float64Array): void {
    this.solveWith(denseSolveReal, [rhs], 'DenseRealSolver');
  }
}

export class DenseComplexSolver extends DenseFactors implements ComplexLinearSolver {
  constructor(pattern: SparsityPattern) {
    super(pattern, 2);
  }
  factor(re: Float64Array, im: Float64Array): void {
    this.factorWith(denseFactorComplex, [re, im]);
  }
  solve(rhsRe: Float64Array, rhsIm: Float64Array): void {
    this.solveWith(denseSolveComplex, [rhsRe, rhsIm], 'DenseComplexSolver');
  }
}

export const denseSolverFactory: LinearSolverFactory = {
  name: 'dense',
  real: (pattern) => new DenseRealSolver(pattern),
  complex: (pattern) => new DenseComplexSolver(pattern),
};
