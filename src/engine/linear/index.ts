import type { LinearSolverFactory, SparsityPattern } from './solver.ts';
import { denseSolverFactory } from './dense.ts';
import { sparseSolverFactory } from './sparse.ts';

export * from './solver.ts';
export { denseSolverFactory, DenseRealSolver, DenseComplexSolver, SINGULAR_RTOL } from './dense.ts';
export {
  sparseSolverFactory,
  createSparseSolverFactory,
  SparseLURealSolver,
  SparseLUComplexSolver,
} from './sparse.ts';
export type { SparseLUOptions, SparseLUStats } from './sparse.ts';

/** Largest n for which the dense solver is chosen (placeholder, set from the bench below). */
export const DENSE_MAX_N = 40;

export function chooseSolverFactory(pattern: SparsityPattern): LinearSolverFactory {
  return pattern.n <= DENSE_MAX_N ? denseSolverFactory : sparseSolverFactory;
}
