/**
 * Fill-reducing orderings on the benchmark crossbars: `npx tsx scripts/bench/orderings.ts [--sizes 32,64,100,256]
 * [--reps 3]`
 *
 * For each N x N MEMDIODE crossbar of scripts/bench/cases.ts (the transient case's system, values G + C/h at the
 * start with h = 1 ms) and each ordering (approximate minimum degree, nested dissection): the time to order, the
 * counted elimination cost of the symmetrised pattern (eliminationCost: nnz(L), multiply-adds), then the real
 * sparse LU itself: nnz(L + U) after threshold pivoting, the multiply-adds of one refactorisation (its column
 * updates), and the CPU time of a refactorisation and of a solve (medians over --reps). The last column says
 * which ordering 'auto' (the default) picks. CPU time (user + system) because this machine is shared.
 */
import { parseArgs } from 'node:util';
import { elaborate } from '../../src/circuit/elaborate.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { Simulator } from '../../src/engine/simulator.ts';
import {
  NESTED_DISSECTION_MIN_N,
  SparseLURealSolver,
  approximateMinimumDegree,
  eliminationCost,
  nestedDissection,
  symmetrisedAdjacency,
} from '../../src/engine/linear/sparse.ts';
import { parseNetlist } from '../../src/parse/index.ts';
import { crossbarCase } from './cases.ts';

const { values: args } = parseArgs({
  options: { sizes: { type: 'string', default: '32,64,100,256' }, reps: { type: 'string', default: '3' } },
  strict: true,
});

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}
function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = cpuMs();
  const value = fn();
  return { value, ms: cpuMs() - t0 };
}

const reps = Number(args.reps);
console.log(`orderings of the crossbar transient systems (CPU ms, median of ${reps}); 'auto' tries nd from ${NESTED_DISSECTION_MIN_N} unknowns`);
console.log('N    | unknowns | ordering | order ms | chol nnz(L) | chol madd | LU nnz(L+U) | LU madd  | refactor ms | solve ms | auto');
for (const N of args.sizes.split(',').map(Number)) {
  const circuit = elaborate(parseNetlist(crossbarCase(N, 'tran'), { file: `xbar${N}.cir`, cwd: process.cwd() }), { devices: defaultRegistry() });
  const sim = new Simulator(circuit);
  const sys = sim.system;
  const y = sim.initialGuess();
  sys.load(y, 0, false, 1, true);
  const values = new Float64Array(sys.nnz);
  sys.assemble(2 / 1e-3, values);
  const { n, colStart, rowIndex } = sys.pattern;
  const g = symmetrisedAdjacency(n, colStart, rowIndex, null);
  const costs: Record<string, number> = {};
  for (const method of ['amd', 'nd'] as const) {
    const { value: order, ms: orderMs } = timed(() =>
      method === 'amd' ? approximateMinimumDegree(n, g.start, g.adj) : nestedDissection(n, g.start, g.adj),
    );
    const chol = eliminationCost(n, g.start, g.adj, order);
    costs[method] = chol.multiplyAdds;
    const solver = new SparseLURealSolver(sys.pattern, { ordering: method });
    solver.factor(values);
    let madd = 0;
    for (let k = 0; k < n; k++) for (let up = solver.Up[k]; up < solver.Up[k + 1]; up++) madd += solver.Lp[solver.Ui[up] + 1] - solver.Lp[solver.Ui[up]];
    const refactor: number[] = [];
    const solve: number[] = [];
    const rhs = new Float64Array(n);
    for (let r = 0; r < reps; r++) {
      refactor.push(timed(() => solver.factor(values)).ms);
      for (let i = 0; i < n; i++) rhs[i] = Math.sin(i);
      solve.push(timed(() => solver.solve(rhs)).ms);
    }
    const auto = n < NESTED_DISSECTION_MIN_N ? 'amd' : costs.nd !== undefined && costs.amd !== undefined ? (costs.nd < costs.amd ? 'nd' : 'amd') : '';
    console.log(
      `${String(N).padEnd(4)} | ${String(n).padStart(8)} | ${method.padEnd(8)} | ${orderMs.toFixed(0).padStart(8)} | ${String(chol.nnzL).padStart(11)} | ` +
        `${chol.multiplyAdds.toExponential(3).padStart(9)} | ${String(solver.nnzLU).padStart(11)} | ${madd.toExponential(3).padStart(8)} | ` +
        `${median(refactor).toFixed(1).padStart(11)} | ${median(solve).toFixed(2).padStart(8)} | ${method === 'nd' ? auto : ''}`,
    );
  }
}
