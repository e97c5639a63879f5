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

/**
 * Largest n for which the dense solver is chosen. Measured with `npx tsx scripts/bench/sparse-lu.ts --crossover`
 * (2-core AMD EPYC VM, node 20), per Newton iteration = factor + solve, sparse in its refactor path:
 *   RC ladder  n=6: dense 0.9 us, sparse 0.6 us | n=10: 1.3 vs 0.7 | n=50: 19.6 vs 3.6 | n=258: 439 vs 17
 *   2-D grid   n=5: 0.6 vs 0.6 | n=17: 4.4 vs 2.2 | n=65: 41 vs 8.0 | n=257: 985 vs 55
 *   random 41% dense n=100: 900 vs 409; 30% n=200: 6922 vs 3400
 * The sparse refactor is never slower, so there is no crossover for repeated factorisations; only the
 * one-off first sparse factorisation (ordering + pivoting, 12 us at n=6, 35 us at n=50, 220 us at n=258) loses
 * to a dense factor below n ~ 100-250, and that is recovered after one or two refactors. Dense is kept for
 * the tiny systems where the two are equal (n <= 6): no analysis, no fallback logic.
 */
export const DENSE_MAX_N = 6;

export function chooseSolverFactory(pattern: SparsityPattern): LinearSolverFactory {
  return pattern.n <= DENSE_MAX_N ? denseSolverFactory : sparseSolverFactory;
}
