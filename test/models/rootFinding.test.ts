/**
 * The closed forms' one bisection: roots whose value is known exactly, to the last bits the bracket allows.
 */
import { describe, expect, it } from 'vitest';
import { bisect, solveMonotone, solveSeries } from '../../src/models/rootFinding.ts';

describe('bisect', () => {
  it('converges to sqrt(2) within 2 ulps (default xTol 4e-16 of a root near 1.4)', () => {
    const root = bisect((x) => x * x - 2, 0, 2);
    // ulp(sqrt 2) = 2^-52 ~ 2.2e-16; the stopping width 4e-16 * 2 bounds the error of the midpoint by 4e-16.
    expect(Math.abs(root - Math.SQRT2)).toBeLessThanOrEqual(4.5e-16);
  });

  it('works with a decreasing function and a bracket given high to low values', () => {
    expect(bisect((x) => Math.cos(x), 0, 3)).toBeCloseTo(Math.PI / 2, 15);
  });

  it('returns an end point where g vanishes exactly', () => {
    expect(bisect((x) => x - 1, 1, 5)).toBe(1);
    expect(bisect((x) => x - 5, 1, 5)).toBe(5);
  });

  it('throws when the signs do not bracket a root', () => {
    expect(() => bisect((x) => x * x + 1, -1, 1)).toThrow(/no sign change/);
  });

  it('stops at adjacent doubles when xTol is below one ulp', () => {
    // A root at 1e6: xTol 1e-20 cannot be met (ulp there ~ 1.2e-10); the result is still within one ulp.
    const root = bisect((x) => x - 1e6, 0, 2e6, { xTol: 1e-20 });
    expect(Math.abs(root - 1e6)).toBeLessThanOrEqual(1.2e-10);
  });
});

describe('solveSeries and solveMonotone', () => {
  it('V = Rs I(u) + u for a linear element I = u/R: u = V R/(R + Rs)', () => {
    const { u, I } = solveSeries((x) => x / 4, 3, 2);
    expect(u).toBeCloseTo((3 * 4) / 6, 14);
    expect(I).toBeCloseTo(3 / 6, 14);
  });

  it('g(u) = target for g = exp: u = log(target)', () => {
    expect(solveMonotone(Math.exp, 5, -10, 10)).toBeCloseTo(Math.log(5), 14);
    expect(() => solveMonotone(Math.exp, -1, -10, 10)).toThrow(/not bracketed/);
  });
});
