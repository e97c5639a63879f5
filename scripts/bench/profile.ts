/**
 * Where memspice's time goes on a benchmark case:
 *
 *   npx tsx scripts/bench/profile.ts --case xbar32-tran [--tscale 1] [--reps 20] [--runs 3]
 *   npx tsx scripts/bench/profile.ts --summarize DIR_OR_FILE.cpuprofile [--top 25]
 *
 * The first form runs the case `--runs` times through simulate() in this process and prints each run's wall time: the
 * first runs pay for V8's compilation (a small case's first run takes twice its fifth), and the benchmark's median
 * of five in-process runs includes them. The statistics and the split below are of the last run. Then it times the
 * pieces of one Newton iteration in isolation on the same system at its operating point, with the engine's own
 * objects (nothing in src/ is changed), each after `--reps` untimed calls, so that they are timed compiled as they
 * run in a warm process (timed cold, the ladder's refactor and solve read 100 us instead of 60 and 16):
 *   load      EquationSystem.load (every device's f, q, G, C, b; the arrays zeroed), every Newton iteration
 *   assemble  EquationSystem.assemble (G + alpha C into the solver's CSC values), when the factors are renewed
 *   refactor  solver.factor on the stored pattern and pivot order (the path every factorisation after the first takes),
 *             when the factors are renewed (transient Newton may keep them: chord steps)
 *   solve     solver.solve (forward and back substitution), every Newton iteration
 * and the phases before the analysis (parse, elaborate, Simulator construction = equation system + ordering), and
 * reports the LU: nonzeros of L and U, floating-point operations of one refactorisation (2 per multiply-add of the
 * column updates), and the rate achieved.
 *
 * The second form summarises a V8 CPU profile (`node --cpu-prof --cpu-prof-dir=DIR --import tsx scripts/bench/run.ts
 * --only xbar32-tran --no-ngspice`) by self time per function.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { elaborate } from '../../src/circuit/elaborate.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { Simulator } from '../../src/engine/simulator.ts';
import { SparseLUComplexSolver, SparseLURealSolver } from '../../src/engine/linear/sparse.ts';
import { parseNetlist } from '../../src/parse/index.ts';
import { simulate } from '../../src/simulate.ts';
import { allCases } from './cases.ts';

const { values: args } = parseArgs({
  options: {
    case: { type: 'string' },
    tscale: { type: 'string', default: '1' },
    reps: { type: 'string', default: '20' },
    runs: { type: 'string', default: '3' },
    summarize: { type: 'string' },
    top: { type: 'string', default: '25' },
  },
  strict: true,
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median time of `reps` calls after `reps` untimed ones (V8 compiles the kernel during those). */
function timeMedian(fn: () => void, reps: number): number {
  for (let k = 0; k < reps; k++) fn();
  const t: number[] = [];
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

function summarize(target: string, top: number): void {
  const file = statSync(target).isDirectory()
    ? path.join(
        target,
        readdirSync(target)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => ({ f, size: statSync(path.join(target, f)).size }))
          .sort((a, b) => b.size - a.size)[0].f,
      )
    : target;
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const perNode = new Map<number, number>();
  prof.samples.forEach((id, k) => perNode.set(id, (perNode.get(id) ?? 0) + (prof.timeDeltas[k] ?? 0)));
  const perFunction = new Map<string, number>();
  let total = 0;
  for (const node of prof.nodes) {
    const t = perNode.get(node.id) ?? 0;
    total += t;
    const { functionName, url } = node.callFrame;
    const where = url.replace(/^file:\/\//, '').replace(/^.*\/(src|scripts|node_modules)\//, '$1/');
    const key = `${functionName || '(anonymous)'}  ${where}`;
    perFunction.set(key, (perFunction.get(key) ?? 0) + t);
  }
  console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled; self time by function:`);
  for (const [key, t] of [...perFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(t / 1e3).toFixed(0).padStart(9)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${key}`);
  }
}

/** Numeric factorisations of the run (NewtonWorkspace.factorizations when the engine counts them, else Newton iterations). */
function factorizationsOf(sim: Simulator): number {
  const counted = (sim.work as unknown as { factorizations?: unknown }).factorizations;
  return typeof counted === 'number' ? counted : sim.stats.newtonIterations;
}

function profileCase(id: string, tscale: number, reps: number, runs: number): void {
  const c = allCases().find((x) => x.id === id);
  if (!c) throw new Error(`no case ${id}; cases: ${allCases().map((x) => x.id).join(', ')}`);
  const text = c.netlist(tscale);

  // 1. The whole run, `runs` times, with the engine's statistics of the last.
  let stats = { newtonIterations: 0, timeSteps: 0, rejectedSteps: 0 };
  let factorizations = 0;
  const runTimes: number[] = [];
  for (let k = 0; k < Math.max(1, runs); k++) {
    const tRun = performance.now();
    simulate(text, {
      onSimulator: (sim) => {
        stats = { ...sim.stats };
        factorizations = factorizationsOf(sim);
      },
    });
    runTimes.push(performance.now() - tRun);
  }
  const runMs = runTimes[runTimes.length - 1];

  // 2. Phases before the analysis (after the runs above: compiled as in the last run).
  let t0 = performance.now();
  const ast = parseNetlist(text, { file: `${id}.cir`, cwd: process.cwd() });
  const parseMs = performance.now() - t0;
  t0 = performance.now();
  const circuit = elaborate(ast, { devices: defaultRegistry() });
  const elaborateMs = performance.now() - t0;
  t0 = performance.now();
  const sim = new Simulator(circuit);
  const setupMs = performance.now() - t0;

  // 3. The kernels of one Newton iteration at the operating point (the first factorisation, with ordering and pivot
  //    search, happens in this solve; what is timed below is the refactor path).
  const sys = sim.system;
  const y = sim.initialGuess();
  t0 = performance.now();
  sim.solveDc(y, { what: 'profile', time: 0, dcSources: c.kind !== 'tran' });
  const opMs = performance.now() - t0;
  const values = new Float64Array(sys.nnz);
  const rhs = new Float64Array(sys.n);
  const alpha = c.kind === 'tran' ? 2 / 1e-3 : 0;
  const loadMs = timeMedian(() => sys.load(y, 0, false, 1, true), reps);
  const assembleMs = timeMedian(() => sys.assemble(alpha, values), reps);
  sim.solver.factor(values);
  const factorMs = timeMedian(() => sim.solver.factor(values), reps);
  const solveMs = timeMedian(() => {
    for (let i = 0; i < sys.n; i++) rhs[i] = sys.f[i + 1];
    sim.solver.solve(rhs);
  }, reps);

  // 4. LU structure and operation count of one refactorisation.
  let lu = '';
  const solver = sim.solver;
  if (solver instanceof SparseLURealSolver) {
    const inner = solver as unknown as { Lp: Int32Array; Up: Int32Array; Ui: Int32Array };
    let flops = 0;
    for (let k = 0; k < sys.n; k++) {
      for (let up = inner.Up[k]; up < inner.Up[k + 1]; up++) {
        const s = inner.Ui[up];
        flops += 2 * (inner.Lp[s + 1] - inner.Lp[s]);
      }
    }
    flops += inner.Lp[sys.n]; // scaling of the L columns
    lu =
      `LU: nnz(L) ${inner.Lp[sys.n]}, nnz(U) ${inner.Up[sys.n] + sys.n} (A: ${sys.nnz}, fill ratio ${(solver.nnzLU / sys.nnz).toFixed(1)}); ` +
      `${(flops / 1e6).toFixed(2)} Mflop per refactor -> ${(flops / 1e6 / factorMs).toFixed(2)} Gflop/s`;
  }

  // load and solve happen every Newton iteration; assemble and refactor only when the factors are not reused.
  const perIteration = loadMs + assembleMs + factorMs + solveMs;
  const counts = { load: stats.newtonIterations, assemble: factorizations, refactor: factorizations, solve: stats.newtonIterations };
  const newtonMs = stats.newtonIterations * (loadMs + solveMs) + factorizations * (assembleMs + factorMs);
  const pct = (x: number): string => `${((100 * x) / runMs).toFixed(1)} %`;
  console.log(
    `${id}: ${sys.n} unknowns, ${sys.nnz} nonzeros; run ${(runMs / 1000).toFixed(2)} s, ${stats.newtonIterations} Newton iterations, ` +
      `${factorizations} LU factorisations, ${stats.timeSteps} steps (${stats.rejectedSteps} rejected)`,
  );
  console.log(`  wall time of runs 1..${runTimes.length} in this process: ${runTimes.map((t) => (t / 1000).toFixed(3)).join(', ')} s (split below: the last)`);
  console.log(`  ${lu}`);
  console.log('  kernels of a Newton iteration (median of isolated repeats), times how often the run called them:');
  for (const [name, ms] of [
    ['load', loadMs],
    ['assemble', assembleMs],
    ['refactor', factorMs],
    ['solve', solveMs],
  ] as const) {
    const k = counts[name];
    console.log(
      `    ${name.padEnd(9)} ${(ms * 1000).toFixed(0).padStart(9)} us  ${((100 * ms) / perIteration).toFixed(1).padStart(5)} % of a full iteration; ` +
        `x ${k} = ${((k * ms) / 1000).toFixed(2)} s (${pct(k * ms)} of the run)`,
    );
  }
  console.log(`    together ${(newtonMs / 1000).toFixed(2)} s (${pct(newtonMs)} of the run)`);
  console.log(`  before the analysis: parse ${parseMs.toFixed(0)} ms, elaborate ${elaborateMs.toFixed(0)} ms, setup (equation system, ordering) ${setupMs.toFixed(0)} ms; operating point ${opMs.toFixed(0)} ms`);
  const rest = runMs - newtonMs - parseMs - elaborateMs - setupMs;
  if (c.kind === 'ac') profileAcKernels(sim, y, reps);
  console.log(`  rest (outside the kernels: truncation error, history, output recording, operating point, ...): ${(rest / 1000).toFixed(2)} s (${pct(rest)})${stats.timeSteps > 0 ? `, ${((rest * 1000) / stats.timeSteps).toFixed(0)} us per step` : ''}`);
}

/** CPU time (user + system) of fn in ms: the machine's other processes inflate wall time, not this. */
function cpuMs(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
}

/**
 * The AC sweep's kernels at the operating point of an `ac` case: the complex refactorisation of G + jwC and the solve,
 * one frequency at a time and two in one pass (factorPair), CPU time (median and minimum of `reps`, the two
 * alternated), with the multiply-adds of one refactorisation and the rate achieved (8 flops per complex multiply-add).
 */
function profileAcKernels(sim: Simulator, y: Float64Array, reps: number): void {
  const sys = sim.system;
  sys.load(y, 0, true, 1, false);
  const nnz = sys.nnz;
  const g = new Float64Array(nnz);
  const c = new Float64Array(nnz);
  for (let k = 0; k < nnz; k++) {
    g[k] = sys.G[sys.positionEntry[k]];
    c[k] = sys.C[sys.positionEntry[k]];
  }
  for (let i = 1; i <= sys.n; i++) g[sys.diagonalPosition[i]] += sys.diagonalShunt[i];
  const imA = c.map((x) => 2 * Math.PI * 1 * x);
  const imB = c.map((x) => 2 * Math.PI * 1.0116 * x);
  const solver = sim.solverFactory.complex(sys.pattern);
  solver.factor(g, imA);
  const xr = new Float64Array(sys.n);
  const xi = new Float64Array(sys.n);
  const xr2 = new Float64Array(sys.n);
  const xi2 = new Float64Array(sys.n);
  const single: number[] = [];
  const singleSolve: number[] = [];
  const paired: number[] = [];
  const pairedSolve: number[] = [];
  for (let r = 0; r < reps; r++) {
    single.push(cpuMs(() => solver.factor(g, imA)));
    singleSolve.push(cpuMs(() => solver.solve(xr.fill(1), xi.fill(0))));
    if (solver.factorPair && solver.solvePair) {
      const factorPair = solver.factorPair.bind(solver);
      const solvePair = solver.solvePair.bind(solver);
      paired.push(cpuMs(() => factorPair(g, imA, g, imB)) / 2);
      pairedSolve.push(cpuMs(() => solvePair(xr.fill(1), xi.fill(0), xr2.fill(1), xi2.fill(0))) / 2);
    }
  }
  let madds = 0;
  let lu = '';
  if (solver instanceof SparseLUComplexSolver) {
    for (let k = 0; k < sys.n; k++) {
      for (let up = solver.Up[k]; up < solver.Up[k + 1]; up++) {
        const s = solver.Ui[up];
        madds += solver.Lp[s + 1] - solver.Lp[s];
      }
    }
    lu = `nnz(L) ${solver.Lp[sys.n]}, nnz(U) ${solver.Up[sys.n] + sys.n}, `;
  }
  const show = (name: string, xs: number[], flops: number): string => {
    if (xs.length === 0) return `${name}: -`;
    const ms = median(xs);
    return `${name} ${(ms * 1000).toFixed(0)} us (min ${(Math.min(...xs) * 1000).toFixed(0)})${flops > 0 ? `, ${(flops / ms / 1e6).toFixed(2)} Gflop/s` : ''}`;
  };
  const flops = 8 * madds;
  console.log(`  AC kernels (complex G + jwC at the operating point; CPU time per frequency, median of ${reps}): ${lu}${madds} complex multiply-adds = ${(flops / 1e6).toFixed(2)} Mflop per refactor`);
  console.log(`    one frequency:  ${show('refactor', single, flops)}; ${show('solve', singleSolve, 0)}`);
  console.log(`    two per pass:   ${show('refactor', paired, flops)}; ${show('solve', pairedSolve, 0)}`);
}

if (args.summarize) summarize(args.summarize, Number(args.top));
else if (args.case) profileCase(args.case, Number(args.tscale), Number(args.reps), Number(args.runs));
else {
  console.error('usage: profile.ts --case ID [--tscale S] | --summarize DIR_OR_FILE');
  process.exit(1);
}
