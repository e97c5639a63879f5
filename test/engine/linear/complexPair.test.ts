/**
 * The complex sparse LU's two-at-once path (factorPair / solvePair, used by the AC sweep for neighbouring
 * frequencies). Each solution is checked against its own matrix by the backward error, computed here from the
 * matrix (relativeResidualComplex), and against the one-at-a-time path, which must give the same numbers: the
 * paired kernel performs the same floating-point operations in the same order for each matrix.
 */
import { describe, expect, it } from 'vitest';
import { SparseLUComplexSolver } from '../../../src/engine/linear/sparse.ts';
import { crossbar, relativeResidualComplex, rng } from './matrices.ts';

describe('SparseLUComplexSolver.factorPair', () => {
  const m = crossbar(8, 3);
  const n = m.sys.pattern.n;
  const imAt = (w: number): Float64Array => m.C.map((c) => w * c);
  const r = rng(11);
  const rhs = (): Float64Array[] => [Float64Array.from({ length: n }, () => r() - 0.5), Float64Array.from({ length: n }, () => r() - 0.5)];

  it('solves two frequencies in one pass with the results of two single factorisations, each to rounding', () => {
    const paired = new SparseLUComplexSolver(m.sys.pattern);
    const single = new SparseLUComplexSolver(m.sys.pattern);
    // the first factorisation analyses and pivots; the pair reuses its order
    expect(paired.factorPair(m.G, imAt(1e3), m.G, imAt(2e3))).toBe(false);
    paired.factor(m.G, imAt(1e3));
    single.factor(m.G, imAt(1e3));
    const [wA, wB] = [3e4, 3.5e4];
    expect(paired.factorPair(m.G, imAt(wA), m.G, imAt(wB))).toBe(true);
    const [aRe, aIm] = rhs();
    const [bRe, bIm] = rhs();
    const x = [aRe.slice(), aIm.slice(), bRe.slice(), bIm.slice()];
    paired.solvePair(x[0], x[1], x[2], x[3]);
    // normwise backward error of a backward stable LU: a few units of 2^-53 times a small growth factor
    expect(relativeResidualComplex(m.sys.pattern, m.G, imAt(wA), x[0], x[1], aRe, aIm)).toBeLessThan(1e-14);
    expect(relativeResidualComplex(m.sys.pattern, m.G, imAt(wB), x[2], x[3], bRe, bIm)).toBeLessThan(1e-14);
    for (const [w, re, im, xr, xi] of [
      [wA, aRe, aIm, x[0], x[1]],
      [wB, bRe, bIm, x[2], x[3]],
    ] as const) {
      single.factor(m.G, imAt(w));
      const yr = re.slice();
      const yi = im.slice();
      single.solve(yr, yi);
      expect(Array.from(xr)).toEqual(Array.from(yr));
      expect(Array.from(xi)).toEqual(Array.from(yi));
    }
  });

  it('declines a pair whose stored pivot order is unusable for one of the matrices, and keeps the solves apart', () => {
    const s = new SparseLUComplexSolver(m.sys.pattern);
    s.factor(m.G, imAt(1e3));
    // B: every state diagonal driven to ~0, so the stored pivots of the state columns fail their check
    const gB = m.G.slice();
    for (let c = 0; c < n; c++) {
      for (let p = m.sys.pattern.colStart[c]; p < m.sys.pattern.colStart[c + 1]; p++) {
        if (m.sys.pattern.rowIndex[p] === c && m.C[p] === 1e-6) gB[p] = 0;
      }
    }
    const zero = new Float64Array(m.C.length);
    expect(s.factorPair(m.G, imAt(1e3), gB, zero)).toBe(false);
    const [re, im] = rhs();
    expect(() => s.solve(re, im)).toThrow(/without a successful factor/);
    expect(() => s.solvePair(re, im, re.slice(), im.slice())).toThrow(/without a successful factorPair/);
    // the single path still works after the declined pair, and a pair after it
    s.factor(m.G, imAt(2e3));
    const x = [re.slice(), im.slice()];
    s.solve(x[0], x[1]);
    expect(relativeResidualComplex(m.sys.pattern, m.G, imAt(2e3), x[0], x[1], re, im)).toBeLessThan(1e-14);
    expect(s.factorPair(m.G, imAt(4e3), m.G, imAt(5e3))).toBe(true);
    expect(() => s.solve(re, im)).toThrow(/without a successful factor/);
  });
});
