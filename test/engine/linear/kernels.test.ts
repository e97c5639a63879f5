import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inverse, Matrix } from 'ml-matrix';
import { GENERATED_PATH, renderKernels } from '../../../scripts/gen-lu-kernels.ts';
import type { LinearSolverFactory } from '../../../src/engine/linear/solver.ts';
import { denseSolverFactory } from '../../../src/engine/linear/dense.ts';
import { sparseSolverFactory } from '../../../src/engine/linear/sparse.ts';
import { randomSparse, relativeResidual, relativeResidualComplex, rng } from './matrices.ts';
import type { CscSystem } from './matrices.ts';

describe('generated LU kernels', () => {
  it('kernels.generated.ts is what scripts/gen-lu-kernels.ts produces now (the build writes it)', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(renderKernels());
  });
});

/** ||x - y||_inf / ||y||_inf over the concatenation of the given component arrays */
function relativeError(x: Float64Array[], y: Float64Array[]): number {
  let d = 0;
  let m = 0;
  for (let c = 0; c < x.length; c++) {
    for (let i = 0; i < x[c].length; i++) {
      d = Math.max(d, Math.abs(x[c][i] - y[c][i]));
      m = Math.max(m, Math.abs(y[c][i]));
    }
  }
  return d / m;
}

/** The real 2n x 2n form [[Re, -Im], [Im, Re]] of a complex matrix, dense. */
function realEmbedding(sys: CscSystem, re: Float64Array, im: Float64Array): number[][] {
  const n = sys.n;
  const r = sys.toDense(re);
  const i = sys.toDense(im);
  return Array.from({ length: 2 * n }, (_, row) =>
    Array.from({ length: 2 * n }, (_, col) => {
      const a = row % n;
      const b = col % n;
      if (row < n) return col < n ? r[a][b] : -i[a][b];
      return col < n ? i[a][b] : r[a][b];
    }),
  );
}

/** kappa_inf of a dense matrix, computed independently with ml-matrix */
function conditionInf(a: number[][]): number {
  const norm = (m: number[][]): number => Math.max(...m.map((row) => row.reduce((s, v) => s + Math.abs(v), 0)));
  return norm(a) * norm(inverse(new Matrix(a)).to2DArray());
}

/** b = A x for a complex A and x, computed here (not by the solver) */
function complexMatVec(sys: CscSystem, re: Float64Array, im: Float64Array, xr: Float64Array, xi: Float64Array): Float64Array[] {
  const { n, colStart, rowIndex } = sys.pattern;
  const br = new Float64Array(n);
  const bi = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    for (let p = colStart[c]; p < colStart[c + 1]; p++) {
      const r = rowIndex[p];
      br[r] += re[p] * xr[c] - im[p] * xi[c];
      bi[r] += re[p] * xi[c] + im[p] * xr[c];
    }
  }
  return [br, bi];
}

/**
 * Known-solution checks. The normwise backward error (relativeResidual) of these factorisations stays below
 * BACKWARD, the bound the solver tests use; the forward error is then bounded by kappa * BACKWARD to first
 * order, and FORWARD_PER_KAPPA doubles that for the factor up to 2 between the complex moduli and the norms
 * of the real embedding. kappa is the infinity-norm condition number of the real 2n x 2n embedding (for a
 * real matrix: of the matrix itself), computed with ml-matrix. Each case also asserts that the bound is tight
 * enough to mean something (kappa * FORWARD_PER_KAPPA < 1e-6).
 */
const BACKWARD = 1e-12;
const FORWARD_PER_KAPPA = 2 * BACKWARD;

function expectForward(x: Float64Array[], exact: Float64Array[], kappa: number): void {
  expect(kappa * FORWARD_PER_KAPPA).toBeLessThan(1e-6);
  expect(relativeError(x, exact)).toBeLessThan(kappa * FORWARD_PER_KAPPA);
}

const factories: LinearSolverFactory[] = [denseSolverFactory, sparseSolverFactory];

describe.each(factories)('$name: real and complex kernels on random matrices with a known solution', (factory) => {
  const cases: [number, number][] = [
    [7, 1],
    [30, 2],
    [90, 3],
  ];

  it.each(cases)('n = %i, seed %i: pivoting factor and refactor recover x for real A, complex A and A + 0i', (n, seed) => {
    // zero diagonals (a quarter of the columns) force off-diagonal pivots; values over 3 decades
    const { sys, values: re } = randomSparse(n, 3, 500 + seed, 0.25, 3);
    const rand = rng(seed);
    const im = re.map((v) => (rand() < 0.5 ? 0 : v * (rand() - 0.5)));
    const xr = Float64Array.from({ length: n }, () => rand() * 2 - 1);
    const xi = Float64Array.from({ length: n }, () => rand() * 2 - 1);
    const zero = new Float64Array(n);
    const noIm = new Float64Array(re.length);

    for (const scaleBy of [1, 1.3]) {
      // the second pass changes every value: the sparse solver takes its refactor path on it
      const reS = re.map((v) => v * scaleBy);
      const imS = im.map((v, p) => v * (scaleBy === 1 ? 1 : 1 + 0.1 * (p % 3)));

      // real A, real x
      const kappaReal = conditionInf(sys.toDense(reS));
      const [bReal] = complexMatVec(sys, reS, noIm, xr, zero);
      const real = factory.real(sys.pattern);
      real.factor(reS);
      const yReal = bReal.slice();
      real.solve(yReal);
      expect(relativeResidual(sys.pattern, reS, yReal, bReal)).toBeLessThan(BACKWARD);
      expectForward([yReal], [xr], kappaReal);

      // the complex kernels on A + 0i must recover the same real x, with a zero imaginary part
      const complexOfReal = factory.complex(sys.pattern);
      complexOfReal.factor(reS, noIm);
      const yr0 = bReal.slice();
      const yi0 = new Float64Array(n);
      complexOfReal.solve(yr0, yi0);
      expectForward([yr0, yi0], [xr, zero], kappaReal);
      expectForward([yr0], [yReal], 2 * kappaReal);

      // complex A, complex x
      const kappa = conditionInf(realEmbedding(sys, reS, imS));
      const [br, bi] = complexMatVec(sys, reS, imS, xr, xi);
      const complex = factory.complex(sys.pattern);
      complex.factor(reS, imS);
      const yr = br.slice();
      const yi = bi.slice();
      complex.solve(yr, yi);
      expect(relativeResidualComplex(sys.pattern, reS, imS, yr, yi, br, bi)).toBeLessThan(BACKWARD);
      expectForward([yr, yi], [xr, xi], kappa);

      // refactor: the same solvers on the scaled values (sparse: numeric refactor on the stored pivot order)
      if (scaleBy === 1) {
        const reR = re.map((v) => v * 1.3);
        const imR = im.map((v, p) => v * (1 + 0.1 * (p % 3)));
        const [br2, bi2] = complexMatVec(sys, reR, imR, xr, xi);
        complex.factor(reR, imR);
        const zr = br2.slice();
        const zi = bi2.slice();
        complex.solve(zr, zi);
        const kappa2 = conditionInf(realEmbedding(sys, reR, imR));
        expectForward([zr, zi], [xr, xi], kappa2);
        const [bReal2] = complexMatVec(sys, reR, noIm, xr, zero);
        real.factor(reR);
        const zReal = bReal2.slice();
        real.solve(zReal);
        expectForward([zReal], [xr], conditionInf(sys.toDense(reR)));
      }
    }
  });
});
