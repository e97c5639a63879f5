/**
 * Sparse LU benchmark: `npx tsx scripts/bench/sparse-lu.ts [--quick] [--crossover]`
 *
 * Table 1: MNA-like matrices (RC ladder, 2-D resistor grid, memristor crossbar = bipartite + grid) factored as
 * the transient loop does (values G + C/h): analysis time (transversal + AMD), first factorisation (including
 * the analysis), refactorisation, solve, and dense LU (factor + solve) where n <= 2000; then the complex solver
 * on the AC matrices G + jwC of the same circuits (first factorisation, refactorisation alternating w and 2w,
 * solve). Medians over repeats of CPU time per call (`--wall`: wall time). `--no-crossover` skips table 2.
 * Table 2: dense vs sparse crossover on small ladders and grids (per Newton iteration: factor + solve, with
 * the sparse solver in its refactor path).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { denseSolverFactory } from '../../src/engine/linear/dense.ts';
import { SparseLUComplexSolver, SparseLURealSolver, maximumTransversal, symmetrisedAdjacency, approximateMinimumDegree } from '../../src/engine/linear/sparse.ts';
import type { RealLinearSolver } from '../../src/engine/linear/solver.ts';
import {
  combine,
  crossbar,
  randomSparse,
  rcLadder,
  relativeResidual,
  resistorGrid,
} from '../../test/engine/linear/matrices.ts';
import type { MnaSystem } from '../../test/engine/linear/matrices.ts';

const quick = process.argv.includes('--quick');
const onlyCrossover = process.argv.includes('--crossover');
const skipCrossover = process.argv.includes('--no-crossover');
const useWall = process.argv.includes('--wall');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** CPU milliseconds (user + system) of this process: on a shared machine less disturbed than wall time. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Run fn in batches of at least 2 ms (CPU time has microsecond resolution) until `minMs` total and at least
 * `minReps` batches; median over batches of the CPU ms per call. `--wall` measures wall time instead.
 */
function timeIt(fn: () => void, minReps: number, minMs: number): number {
  const t: number[] = [];
  const clock = useWall ? () => performance.now() : cpuMs;
  const startAll = performance.now();
  while (t.length < minReps || (performance.now() - startAll < minMs && t.length < 1000)) {
    const w0 = performance.now();
    const t0 = clock();
    let calls = 0;
    do {
      fn();
      calls++;
    } while (performance.now() - w0 < 2);
    t.push((clock() - t0) / calls);
  }
  return median(t);
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return '-';
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

function pad(s: string, w: number, left = false): string {
  return left ? s.padEnd(w) : s.padStart(w);
}

interface Row {
  name: string;
  n: number;
  nnzA: number;
  nnzLU: number;
  analyse: number;
  first: number;
  refactor: number;
  solve: number;
  dense: number;
  residual: number;
  complexFirst: number;
  complexRefactor: number;
  complexSolve: number;
}

function benchMatrix(name: string, m: MnaSystem): Row {
  const { sys } = m;
  const n = sys.n;
  const h = 1e-9;
  const v1 = combine(m.G, m.C, 1 / h);
  const v2 = combine(m.G, m.C, 2 / h); // a different step size: same pattern, new values
  const big = n > 20000;
  const reps = quick ? 1 : big ? 3 : 5;
  // analysis alone
  const analyse = timeIt(
    () => {
      const nz = new Uint8Array(sys.nnz);
      for (let p = 0; p < sys.nnz; p++) nz[p] = v1[p] !== 0 ? 1 : 0;
      const t = maximumTransversal(n, sys.pattern.colStart, sys.pattern.rowIndex, nz);
      const g = symmetrisedAdjacency(n, sys.pattern.colStart, sys.pattern.rowIndex, t);
      approximateMinimumDegree(n, g.start, g.adj);
    },
    reps,
    quick ? 0 : 300,
  );
  let solver = new SparseLURealSolver(sys.pattern);
  const first = timeIt(
    () => {
      solver = new SparseLURealSolver(sys.pattern);
      solver.factor(v1);
    },
    reps,
    quick ? 0 : 300,
  );
  let flip = false;
  const refactor = timeIt(
    () => {
      flip = !flip;
      solver.factor(flip ? v2 : v1);
    },
    quick ? 3 : 10,
    quick ? 0 : 1000,
  );
  solver.factor(v1);
  if (solver.stats.refactorFailures > 0) throw new Error(`${name}: refactor fell back`);
  const x = new Float64Array(n);
  const solve = timeIt(
    () => {
      x.set(m.rhs);
      solver.solve(x);
    },
    quick ? 3 : 20,
    quick ? 0 : 500,
  );
  x.set(m.rhs);
  solver.solve(x);
  const residual = relativeResidual(sys.pattern, v1, x, m.rhs);
  let dense = NaN;
  if (n <= 2000) {
    const d: RealLinearSolver = denseSolverFactory.real(sys.pattern);
    const y = new Float64Array(n);
    dense = timeIt(
      () => {
        d.factor(v1);
        y.set(m.rhs);
        d.solve(y);
      },
      quick ? 1 : 3,
      quick ? 0 : 500,
    );
  }
  const complex = benchComplex(name, m, reps);
  return { name, n, nnzA: sys.nnz, nnzLU: solver.nnzLU, analyse, first, refactor, solve, dense, residual, ...complex };
}

/** The AC path: G + jwC at w and 2w (same pattern, new values), as an AC sweep refactors between frequencies. */
function benchComplex(
  name: string,
  m: MnaSystem,
  reps: number,
): { complexFirst: number; complexRefactor: number; complexSolve: number } {
  const { sys } = m;
  const n = sys.n;
  const omega = 2 * Math.PI * 1e6;
  const re = m.G.slice(0, sys.nnz);
  const im1 = Float64Array.from(m.C.subarray(0, sys.nnz), (c) => omega * c);
  const im2 = Float64Array.from(im1, (v) => 2 * v);
  let solver = new SparseLUComplexSolver(sys.pattern);
  const complexFirst = timeIt(
    () => {
      solver = new SparseLUComplexSolver(sys.pattern);
      solver.factor(re, im1);
    },
    reps,
    quick ? 0 : 300,
  );
  let flip = false;
  const complexRefactor = timeIt(
    () => {
      flip = !flip;
      solver.factor(re, flip ? im2 : im1);
    },
    quick ? 3 : 10,
    quick ? 0 : 1000,
  );
  solver.factor(re, im1);
  if (solver.stats.refactorFailures > 0) throw new Error(`${name}: complex refactor fell back`);
  const xr = new Float64Array(n);
  const xi = new Float64Array(n);
  const complexSolve = timeIt(
    () => {
      xr.set(m.rhs);
      xi.fill(0);
      solver.solve(xr, xi);
    },
    quick ? 3 : 20,
    quick ? 0 : 500,
  );
  return { complexFirst, complexRefactor, complexSolve };
}

function crossover(): string[] {
  const lines: string[] = [];
  lines.push('Dense vs sparse per Newton iteration (factor + solve; sparse in its refactor path), medians, ms:');
  lines.push(`${pad('matrix', 18, true)}${pad('n', 6)}${pad('nnz', 7)}${pad('dense', 10)}${pad('sparse', 10)}${pad('sp.first', 10)}`);
  const cases: [string, MnaSystem][] = [];
  for (const s of [4, 8, 16, 24, 32, 48, 64, 96, 128, 256]) cases.push([`ladder ${s}`, rcLadder(s)]);
  for (const k of [2, 3, 4, 5, 6, 7, 8, 10, 12, 16]) cases.push([`grid ${k}x${k}`, resistorGrid(k)]);
  // dense-ish patterns (random, diagonally dominant) to see where density alone favours the dense solver
  for (const [n, dens] of [
    [50, 0.2],
    [50, 0.5],
    [100, 0.2],
    [100, 0.5],
    [200, 0.1],
    [200, 0.3],
  ] as const) {
    const { sys, values } = randomSparse(n, Math.round(dens * n), 7, 0, 1);
    for (let c = 0; c < n; c++) values[sys.slot(c, c)] = 10 * n;
    cases.push([`random ${Math.round(dens * 100)}%`, { sys, G: values, C: new Float64Array(values.length), rhs: new Float64Array(n).fill(1) }]);
  }
  for (const [name, m] of cases) {
    const n = m.sys.n;
    const v = combine(m.G, m.C, 1e9);
    const x = new Float64Array(n);
    const d = denseSolverFactory.real(m.sys.pattern);
    const dense = timeIt(
      () => {
        d.factor(v);
        x.set(m.rhs);
        d.solve(x);
      },
      50,
      quick ? 20 : 200,
    );
    const s = new SparseLURealSolver(m.sys.pattern);
    s.factor(v);
    const sparse = timeIt(
      () => {
        s.factor(v);
        x.set(m.rhs);
        s.solve(x);
      },
      50,
      quick ? 20 : 200,
    );
    const first = timeIt(
      () => {
        const f = new SparseLURealSolver(m.sys.pattern);
        f.factor(v);
        x.set(m.rhs);
        f.solve(x);
      },
      20,
      quick ? 20 : 200,
    );
    lines.push(
      `${pad(name, 18, true)}${pad(String(n), 6)}${pad(String(m.sys.nnz), 7)}${pad((dense * 1e3).toFixed(1) + 'us', 10)}${pad((sparse * 1e3).toFixed(1) + 'us', 10)}${pad((first * 1e3).toFixed(1) + 'us', 10)}`,
    );
  }
  return lines;
}

function main(): void {
  const cpu = os.cpus();
  console.log(
    `machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown cpu'}, node ${process.version}, ${os.platform()} ${os.arch()}`,
  );
  if (onlyCrossover) {
    for (const l of crossover()) console.log(l);
    return;
  }
  console.log(`values: G + C/h (transient), refactor alternates h and h/2; medians of ${useWall ? 'wall' : 'CPU'} time\n`);
  const cases: [string, () => MnaSystem][] = [
    ['RC ladder 1e3', () => rcLadder(1000)],
    ['RC ladder 1e4', () => rcLadder(10000)],
    ['RC ladder 1e5', () => rcLadder(100000)],
    ['grid 32x32', () => resistorGrid(32)],
    ['grid 128x128', () => resistorGrid(128)],
    ['crossbar 16x16', () => crossbar(16)],
    ['crossbar 64x64', () => crossbar(64)],
    ['crossbar 128x128', () => crossbar(128)],
  ];
  const head =
    `${pad('matrix', 18, true)}${pad('n', 8)}${pad('nnz(A)', 9)}${pad('nnz(L+U)', 10)}${pad('fill', 6)}` +
    `${pad('analyse', 9)}${pad('first', 9)}${pad('refactor', 9)}${pad('solve', 8)}${pad('dense', 9)}${pad('resid', 9)}` +
    `${pad('c.first', 9)}${pad('c.refac', 9)}${pad('c.solve', 9)}`;
  console.log(head + '   (times in ms)');
  console.log('-'.repeat(head.length));
  for (const [name, make] of cases) {
    const r = benchMatrix(name, make());
    console.log(
      `${pad(r.name, 18, true)}${pad(String(r.n), 8)}${pad(String(r.nnzA), 9)}${pad(String(r.nnzLU), 10)}` +
        `${pad((r.nnzLU / r.nnzA).toFixed(1), 6)}${pad(fmt(r.analyse), 9)}${pad(fmt(r.first), 9)}` +
        `${pad(fmt(r.refactor), 9)}${pad(fmt(r.solve), 8)}${pad(fmt(r.dense), 9)}${pad(r.residual.toExponential(0), 9)}` +
        `${pad(fmt(r.complexFirst), 9)}${pad(fmt(r.complexRefactor), 9)}${pad(fmt(r.complexSolve), 9)}`,
    );
  }
  if (skipCrossover) return;
  console.log('');
  for (const l of crossover()) console.log(l);
}

main();
