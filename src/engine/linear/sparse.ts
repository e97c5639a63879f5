/**
 * KLU-style sparse LU for the MNA systems (see ./sparse/lu.ts for the algorithm and storage):
 *   analysis (once per solver, at the first factor): maximum transversal on the numerically nonzero entries
 *     (only when the diagonal has zeros, e.g. voltage-source branch rows) + approximate minimum degree on the
 *     pattern of B + B^T, B the column-permuted matrix (on large systems also nested dissection, the one with
 *     less counted elimination work kept; see ./sparse/analysis.ts);
 *   first factor: row equilibration, left-looking Gilbert–Peierls with threshold partial pivoting
 *     (diagonal preferred when |diag| >= 1e-3 * max), symbolic reach by DFS, L/U patterns stored in typed arrays;
 *   later factors: numeric refactor on the stored pattern and pivot order (no DFS, no pivot search; runs of L
 *     columns with nested row sets, the supernodes, applied as dense blocks); every
 *     pivot is checked against refactorTol * max |L(:,k)| and the singularity threshold, and on failure a full
 *     pivoting factorisation is redone with the same column ordering.
 */
import type { LinearSolverFactory, SparsityPattern } from './solver.ts';
import type { SparseLUOptions } from './sparse/analysis.ts';
import { SparseLUComplexSolver, SparseLURealSolver } from './sparse/lu.ts';

export { SparseLUComplexSolver, SparseLURealSolver } from './sparse/lu.ts';
export type { SparseLUStats } from './sparse/lu.ts';
export type { SparseLUOptions } from './sparse/analysis.ts';
export { approximateMinimumDegree, eliminationCost, maximumTransversal, nestedDissection, symmetrisedAdjacency } from './sparse/ordering.ts';
export { NESTED_DISSECTION_MIN_N } from './sparse/analysis.ts';

export function createSparseSolverFactory(options?: SparseLUOptions): LinearSolverFactory {
  return {
    name: options === undefined ? 'sparse-lu' : `sparse-lu(${JSON.stringify(options)})`,
    real: (pattern: SparsityPattern) => new SparseLURealSolver(pattern, options),
    complex: (pattern: SparsityPattern) => new SparseLUComplexSolver(pattern, options),
  };
}

export const sparseSolverFactory: LinearSolverFactory = createSparseSolverFactory();
