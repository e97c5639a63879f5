import { describe, expect, it } from 'vitest';
import { LuDecomposition, Matrix } from 'ml-matrix';
import { SingularMatrixError } from '../../../src/engine/linear/solver.ts';
import type { LinearSolverFactory, SparsityPattern } from '../../../src/engine/linear/solver.ts';
import { denseSolverFactory } from '../../../src/engine/linear/dense.ts';
import { sparseSolverFactory, SparseLURealSolver, SparseLUComplexSolver } from '../../../src/engine/linear/sparse.ts';
import { chooseSolverFactory, DENSE_MAX_N } from '../../../src/engine/linear/index.ts';
import {
  combine,
  crossbar,
  PatternBuilder,
  randomSparse,
  rcLadder,
  relativeResidual,
  relativeResidualComplex,
  resistorGrid,
  rng,
} from './matrices.ts';

const factories: LinearSolverFactory[] = [denseSolverFactory, sparseSolverFactory];

function referenceSolve(a: number[][], b: Float64Array): Float64Array {
  const x = new LuDecomposition(new Matrix(a)).solve(Matrix.columnVector(Array.from(b)));
  return Float64Array.from(x.to1DArray());
}

function maxRelDiff(x: Float64Array, y: Float64Array): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    d = Math.max(d, Math.abs(x[i] - y[i]));
    m = Math.max(m, Math.abs(y[i]));
  }
  return d / m;
}

function rhsFor(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => r() * 2 - 1);
}

function singularColumn(fn: () => void): number {
  try {
    fn();
  } catch (e) {
    if (e instanceof SingularMatrixError) return e.column;
    throw e;
  }
  return -1;
}

describe.each(factories)('$name solver', (factory) => {
  it('solves random unsymmetric sparse matrices with zero diagonals like ml-matrix LU', () => {
    let cases = 0;
    for (const n of [1, 2, 5, 17, 60, 150, 300]) {
      for (const seed of [1, 2, 3, 4]) {
        const { sys, values } = randomSparse(n, Math.min(3, n), 1000 * n + seed, 0.25, 6);
        const b = rhsFor(n, seed);
        const s = factory.real(sys.pattern);
        s.factor(values);
        const x = b.slice();
        s.solve(x);
        expect(relativeResidual(sys.pattern, values, x, b)).toBeLessThan(1e-12);
        const ref = referenceSolve(sys.toDense(values), b);
        // both are backward stable; the forward difference is bounded by cond(A) * eps, small for these
        expect(relativeResidual(sys.pattern, values, ref, b)).toBeLessThan(1e-10);
        expect(maxRelDiff(x, ref)).toBeLessThan(1e-6);
        cases++;
      }
    }
    expect(cases).toBe(28);
  });

  it('refactor with new values on the same pattern matches a fresh factorisation', () => {
    const n = 200;
    const { sys, values } = randomSparse(n, 3, 77, 0.2, 4);
    const r = rng(5);
    const s = factory.real(sys.pattern);
    s.factor(values);
    for (let round = 0; round < 5; round++) {
      // perturb values by up to 10% (keeps the stored pivots acceptable in practice)
      const v2 = values.map((v) => v * (1 + 0.1 * (r() - 0.5)));
      s.factor(v2);
      const b = rhsFor(n, round);
      const x = b.slice();
      s.solve(x);
      const fresh = factory.real(sys.pattern);
      fresh.factor(v2);
      const y = b.slice();
      fresh.solve(y);
      // different pivot sequences: forward errors differ by ~cond(A) * eps
      expect(maxRelDiff(x, y)).toBeLessThan(1e-7);
      expect(relativeResidual(sys.pattern, v2, x, b)).toBeLessThan(1e-12);
    }
    if (s instanceof SparseLURealSolver) {
      expect(s.stats.refactors).toBe(5);
      expect(s.stats.pivotingFactors).toBe(1);
    }
  });

  it('handles badly scaled rows (1e30 state rows) and gmin-sized entries', () => {
    const m = crossbar(6, 3, 1e30);
    const v = combine(m.G, m.C, 1e9);
    const s = factory.real(m.sys.pattern);
    s.factor(v);
    const x = m.rhs.slice();
    s.solve(x);
    expect(relativeResidual(m.sys.pattern, v, x, m.rhs)).toBeLessThan(1e-12);
    // row-wise residual: every equation satisfied relative to its own scale
    const ref = referenceSolve(m.sys.toDense(v), m.rhs);
    expect(maxRelDiff(x, ref)).toBeLessThan(1e-6);
  });

  it('complex solve matches the real 2n x 2n block form [[A,-B],[B,A]]', () => {
    for (const [n, seed] of [
      [1, 1],
      [7, 2],
      [40, 3],
      [120, 4],
    ] as const) {
      const { sys, values: re } = randomSparse(n, 3, seed * 31, 0.3, 4);
      const r = rng(seed);
      const im = re.map((v) => (r() < 0.5 ? 0 : v * (r() - 0.5) * 3));
      const br = rhsFor(n, seed);
      const bi = rhsFor(n, seed + 100);
      const s = factory.complex(sys.pattern);
      s.factor(re, im);
      const xr = br.slice();
      const xi = bi.slice();
      s.solve(xr, xi);
      expect(relativeResidualComplex(sys.pattern, re, im, xr, xi, br, bi)).toBeLessThan(1e-12);
      const A = sys.toDense(re);
      const B = sys.toDense(im);
      const big: number[][] = [];
      for (let i = 0; i < n; i++) big.push([...A[i], ...B[i].map((v) => -v)]);
      for (let i = 0; i < n; i++) big.push([...B[i], ...A[i]]);
      const b2 = new Float64Array(2 * n);
      b2.set(br, 0);
      b2.set(bi, n);
      const ref = referenceSolve(big, b2);
      const x2 = new Float64Array(2 * n);
      x2.set(xr, 0);
      x2.set(xi, n);
      expect(maxRelDiff(x2, ref)).toBeLessThan(1e-7);
    }
  });

  it('throws SingularMatrixError naming a structurally empty column', () => {
    const n = 30;
    const empty = 11;
    const r = rng(9);
    const pb = new PatternBuilder(n);
    for (let c = 0; c < n; c++) {
      if (c === empty) continue;
      pb.add(c, c);
      pb.add((c + 1) % n, c);
      pb.add(Math.floor(r() * n), c);
    }
    const sys = pb.build();
    const v = sys.values();
    for (let p = 0; p < sys.nnz; p++) v[p] = 1 + r();
    expect(singularColumn(() => factory.real(sys.pattern).factor(v))).toBe(empty);
    const im = sys.values();
    expect(singularColumn(() => factory.complex(sys.pattern).factor(v, im))).toBe(empty);
  });

  it('throws SingularMatrixError naming a numerically zero column (floating node at DC)', () => {
    const m = rcLadder(50);
    // node 20 connected to the others only through capacitors: at DC its column is all zero
    const G = m.G.slice();
    for (const [a, b] of [
      [19, 20],
      [20, 21],
    ]) {
      G[m.sys.slot(a, b)] = 0;
      G[m.sys.slot(b, a)] = 0;
      G[m.sys.slot(a, a)] -= 1e-3;
      G[m.sys.slot(b, b)] -= 1e-3;
    }
    G[m.sys.slot(20, 20)] = 0; // no gmin either
    expect(singularColumn(() => factory.real(m.sys.pattern).factor(G))).toBe(20);
  });

  it('throws SingularMatrixError naming one of a numerically dependent pair', () => {
    // two 1 V sources in parallel on node 3: their branch columns (and rows) are identical
    const sections = 10;
    const nodes = sections + 1;
    const n = nodes + 2;
    const b1 = nodes;
    const b2 = nodes + 1;
    const pb = new PatternBuilder(n);
    for (let i = 0; i < sections; i++) {
      pb.add(i, i);
      pb.add(i + 1, i + 1);
      pb.add(i, i + 1);
      pb.add(i + 1, i);
    }
    for (const br of [b1, b2]) {
      pb.add(3, br);
      pb.add(br, 3);
      pb.add(br, br);
    }
    const sys = pb.build();
    const v = sys.values();
    for (let i = 0; i < sections; i++) {
      const g = 1 / (100 + 37 * i);
      v[sys.slot(i, i)] += g;
      v[sys.slot(i + 1, i + 1)] += g;
      v[sys.slot(i, i + 1)] -= g;
      v[sys.slot(i + 1, i)] -= g;
    }
    v[sys.slot(0, 0)] += 1e-3;
    for (const br of [b1, b2]) {
      v[sys.slot(3, br)] = 1;
      v[sys.slot(br, 3)] = 1;
    }
    const col = singularColumn(() => factory.real(sys.pattern).factor(v));
    expect([b1, b2]).toContain(col);

    // and a random matrix whose column 9 is 2 x column 4 plus column 7 (inexact cancellation)
    const { sys: rs, values: rv } = randomSparse(25, 4, 123, 0.2, 2);
    const pb2 = new PatternBuilder(25);
    const { colStart, rowIndex } = rs.pattern;
    for (let c = 0; c < 25; c++) for (let p = colStart[c]; p < colStart[c + 1]; p++) pb2.add(rowIndex[p], c);
    for (const c of [4, 7]) for (let p = colStart[c]; p < colStart[c + 1]; p++) pb2.add(rowIndex[p], 9);
    const sys2 = pb2.build();
    const v2 = sys2.values();
    for (let c = 0; c < 25; c++) {
      if (c === 9) continue;
      for (let p = colStart[c]; p < colStart[c + 1]; p++) v2[sys2.slot(rowIndex[p], c)] = rv[p];
    }
    for (const [c, f] of [
      [4, 2],
      [7, 1],
    ]) {
      for (let p = colStart[c]; p < colStart[c + 1]; p++) v2[sys2.slot(rowIndex[p], 9)] += f * rv[p];
    }
    const col2 = singularColumn(() => factory.real(sys2.pattern).factor(v2));
    expect([4, 7, 9]).toContain(col2);
  });

  it('solves the MNA system of a 1e4-section RC ladder (DC divider and a transient step matrix)', () => {
    if (factory === denseSolverFactory) return; // n = 10002: 800 MB dense, not the dense solver's job
    const sections = 10000;
    const m = rcLadder(sections);
    const s = factory.real(m.sys.pattern);
    s.factor(m.G);
    const x = m.rhs.slice();
    s.solve(x);
    expect(relativeResidual(m.sys.pattern, m.G, x, m.rhs)).toBeLessThan(1e-12);
    // independent reference: Thomas algorithm on the node equations with v0 = 1 (gmin included)
    const g = 1e-3;
    const gmin = 1e-12;
    const nn = sections; // unknown nodes 1..sections
    const cp = new Float64Array(nn + 1);
    const dp = new Float64Array(nn + 1);
    for (let i = 1; i <= nn; i++) {
      const diag = 2 * g + gmin; // right neighbour, or the load resistor at the last node
      const rhs = i === 1 ? g * 1 : 0;
      const denom = diag - (i === 1 ? 0 : -g * cp[i - 1]);
      cp[i] = -g / denom;
      dp[i] = (rhs - (i === 1 ? 0 : -g * dp[i - 1])) / denom;
    }
    const ref = new Float64Array(nn + 1);
    ref[0] = 1;
    for (let i = nn; i >= 1; i--) ref[i] = dp[i] - cp[i] * (i < nn ? ref[i + 1] : 0);
    // both are float computations of a system with cond ~ sections^2: agree to ~1e-12, allow 1e-9
    for (let i = 0; i <= nn; i++) expect(Math.abs(x[i] - ref[i])).toBeLessThan(1e-9);
    expect(x[0]).toBe(1);
    // linear divider up to the gmin leakage: sag ~ gmin R N^2 / 8 = 1.25e-2 at mid-ladder
    expect(Math.abs(x[5000] - (1 - 5000 / (sections + 1)))).toBeLessThan(2e-2);
    const ib = -((g + gmin) * 1 - g * x[1]);
    expect(Math.abs(x[sections + 1] - ib)).toBeLessThan(1e-15);
    // transient matrix G + C/h, refactored
    const v = combine(m.G, m.C, 1e6);
    s.factor(v);
    const b = rhsFor(m.sys.n, 42);
    const y = b.slice();
    s.solve(y);
    expect(relativeResidual(m.sys.pattern, v, y, b)).toBeLessThan(1e-12);
  });
});

describe('sparse LU specifics', () => {
  it('pivot-failure fallback: refactor with a vanished stored pivot re-factors with pivoting', () => {
    const n = 150;
    const { sys, values } = randomSparse(n, 3, 2024, 0, 2);
    const { colStart, rowIndex } = sys.pattern;
    // first matrix: strongly diagonal dominant, so every pivot is the diagonal
    const v1 = values.slice();
    for (let c = 0; c < n; c++) {
      let sum = 0;
      for (let p = colStart[c]; p < colStart[c + 1]; p++) if (rowIndex[p] !== c) sum += Math.abs(v1[p]);
      v1[sys.slot(c, c)] = 10 * sum + 1;
    }
    const s = new SparseLURealSolver(sys.pattern);
    s.factor(v1);
    // second matrix: all diagonals zero -> the stored (diagonal) pivots are zero
    const v2 = v1.slice();
    for (let c = 0; c < n; c++) v2[sys.slot(c, c)] = 0;
    s.factor(v2);
    expect(s.stats.refactorFailures).toBe(1);
    expect(s.stats.pivotingFactors).toBe(2);
    expect(s.stats.analyses).toBe(1);
    const b = rhsFor(n, 1);
    const x = b.slice();
    s.solve(x);
    expect(relativeResidual(sys.pattern, v2, x, b)).toBeLessThan(1e-12);
    expect(maxRelDiff(x, referenceSolve(sys.toDense(v2), b))).toBeLessThan(1e-6);
    // the new pivot order is then reused by refactor
    s.factor(v2.map((v) => v * 1.01));
    expect(s.stats.refactors).toBe(1);
    // a small-but-nonzero pivot (below refactorTol relative to its column) also triggers the fallback
    const s2 = new SparseLURealSolver(sys.pattern);
    s2.factor(v1);
    const v3 = v1.slice();
    const c0 = 0;
    v3[sys.slot(c0, c0)] = 1e-9;
    for (let c = 1; c < n; c++) v3[sys.slot(c, c)] = 1e-9;
    s2.factor(v3);
    expect(s2.stats.refactorFailures).toBe(1);
    const y = b.slice();
    s2.solve(y);
    expect(relativeResidual(sys.pattern, v3, y, b)).toBeLessThan(1e-12);
  });

  it('complex AC sweep: one analysis, refactor per frequency, matches the dense complex solver', () => {
    const m = rcLadder(300);
    const n = m.sys.n;
    const s = new SparseLUComplexSolver(m.sys.pattern);
    const d = denseSolverFactory.complex(m.sys.pattern);
    let worst = 0;
    let worstDiff = 0;
    for (let f = 0; f < 60; f++) {
      const w = 2 * Math.PI * Math.pow(10, f / 6); // 1 Hz .. ~1e10 Hz
      const im = m.C.map((c) => w * c);
      s.factor(m.G, im);
      d.factor(m.G, im);
      const xr = m.rhs.slice();
      const xi = new Float64Array(n);
      s.solve(xr, xi);
      const yr = m.rhs.slice();
      const yi = new Float64Array(n);
      d.solve(yr, yi);
      worst = Math.max(worst, relativeResidualComplex(m.sys.pattern, m.G, im, xr, xi, m.rhs, new Float64Array(n)));
      const diff = Float64Array.from([...xr, ...xi]);
      const ref = Float64Array.from([...yr, ...yi]);
      worstDiff = Math.max(worstDiff, maxRelDiff(diff, ref));
    }
    expect(worst).toBeLessThan(1e-12);
    expect(worstDiff).toBeLessThan(1e-8);
    expect(s.stats.analyses).toBe(1);
    expect(s.stats.pivotingFactors + s.stats.refactors).toBe(60);
    expect(s.stats.refactors).toBeGreaterThanOrEqual(55);
  });

  it('complex refactor fallback when a stored pivot vanishes', () => {
    const n = 80;
    const { sys, values } = randomSparse(n, 3, 7, 0, 2);
    const im = values.map((v, i) => (i % 3 === 0 ? v : 0));
    const s = new SparseLUComplexSolver(sys.pattern);
    const re1 = values.slice();
    for (let c = 0; c < n; c++) re1[sys.slot(c, c)] = 100;
    s.factor(re1, im);
    const re2 = re1.slice();
    const im2 = im.slice();
    for (let c = 0; c < n; c++) {
      re2[sys.slot(c, c)] = 0;
      im2[sys.slot(c, c)] = 0;
    }
    s.factor(re2, im2);
    expect(s.stats.refactorFailures).toBe(1);
    const br = rhsFor(n, 3);
    const bi = rhsFor(n, 4);
    const xr = br.slice();
    const xi = bi.slice();
    s.solve(xr, xi);
    expect(relativeResidualComplex(sys.pattern, re2, im2, xr, xi, br, bi)).toBeLessThan(1e-12);
  });

  it('AMD fill on a 50x50 grid Laplacian is far below the natural (banded) ordering', () => {
    const g = resistorGrid(50); // 5-point grid + one voltage-source branch
    const v = g.G;
    const amd = new SparseLURealSolver(g.sys.pattern);
    amd.factor(v);
    const nat = new SparseLURealSolver(g.sys.pattern, { ordering: 'natural' });
    nat.factor(v);
    // Natural order of a k x k grid is banded (bandwidth k): nnz(L+U) ~ 2 k^3 = 250k. Minimum-degree orderings
    // give O(n log n)-like fill: SuperLU's MMD on A+A^T measures 69386 (+n) for this grid and this AMD 67-68k,
    // i.e. ratio ~0.27. Bound 0.35 leaves room for tie-breaking changes, still 3x below natural.
    const ratio = amd.nnzLU / nat.nnzLU;
    expect(nat.nnzLU).toBeGreaterThan(240_000);
    expect(ratio).toBeLessThan(0.35);
    expect(amd.nnzLU).toBeLessThan(75_000);
  });

  it('AMD keeps tridiagonal (ladder) factors free of fill', () => {
    const m = rcLadder(2000);
    const s = new SparseLURealSolver(m.sys.pattern);
    s.factor(combine(m.G, m.C, 1e9));
    expect(s.nnzLU).toBe(m.sys.nnz);
  });

  it('no allocation growth after the first factorisation (refactor and solve reuse buffers)', () => {
    const m = crossbar(10);
    const s = new SparseLURealSolver(m.sys.pattern);
    s.factor(combine(m.G, m.C, 1e9));
    const refs = [s.Li, s.Lre, s.Ui, s.Ure];
    for (let t = 0; t < 5; t++) {
      s.factor(combine(m.G, m.C, 1e9 * (t + 2)));
      const x = m.rhs.slice();
      s.solve(x);
    }
    const now = [s.Li, s.Lre, s.Ui, s.Ure];
    for (let i = 0; i < refs.length; i++) expect(now[i]).toBe(refs[i]);
    expect(s.stats.refactors).toBe(5);
  });

  it('crossbar with transient values: sparse equals dense', () => {
    const m = crossbar(12, 5);
    const v = combine(m.G, m.C, 1e8);
    const sp = sparseSolverFactory.real(m.sys.pattern);
    const de = denseSolverFactory.real(m.sys.pattern);
    sp.factor(v);
    de.factor(v);
    const x = m.rhs.slice();
    const y = m.rhs.slice();
    sp.solve(x);
    de.solve(y);
    expect(maxRelDiff(x, y)).toBeLessThan(1e-9);
  });
});

describe('chooseSolverFactory', () => {
  const tiny: SparsityPattern = rcLadder(2).sys.pattern;
  it('uses dense for tiny systems and sparse for MNA-sized ones', () => {
    expect(tiny.n).toBeLessThanOrEqual(DENSE_MAX_N);
    expect(chooseSolverFactory(tiny).name).toBe('dense');
    expect(chooseSolverFactory(rcLadder(500).sys.pattern).name).toBe(sparseSolverFactory.name);
  });
});
