import { describe, expect, it } from 'vitest';
import { integrate, pwl, triangle } from './ode.ts';

describe('reference Radau IIA integrator', () => {
  it('exponential decay matches exp(-t) to 1e-10, at tEval and through dense output', () => {
    const tEval = Array.from({ length: 51 }, (_, i) => i * 0.2);
    const r = integrate((_t, y, d) => {
      d[0] = -y[0]!;
    }, [1], 10, { rtol: 1e-12, atol: 1e-14, tEval, dense: true });
    expect(r.t).toEqual(tEval);
    for (let i = 0; i < tEval.length; i++) expect(Math.abs(r.y[i]![0]! - Math.exp(-tEval[i]!))).toBeLessThan(1e-10);
    const sol = r.sol;
    expect(sol).not.toBeNull();
    for (const tq of [0.013, 1.7777, 4.2, 9.99]) expect(Math.abs(sol!(tq)[0]! - Math.exp(-tq))).toBeLessThan(1e-10);
  });

  it('a stiff linear system (eigenvalues -1, -1e6) is accurate with few steps', () => {
    // y1' = -y1, y2' = -1e6 (y2 - cos t): y2 follows cos t after a 1e-6 transient
    const r = integrate((t, y, d) => {
      d[0] = -y[0]!;
      d[1] = -1e6 * (y[1]! - Math.cos(t));
    }, [1, 0], 5, { rtol: 1e-8, atol: 1e-10, tEval: [5] });
    const y2exact = (1e12 * Math.cos(5) + 1e6 * Math.sin(5)) / (1e12 + 1) - Math.exp(-1e6 * 5) * 0; // transient gone
    expect(Math.abs(r.y[0]![0]! - Math.exp(-5))).toBeLessThan(1e-8);
    expect(Math.abs(r.y[0]![1]! - y2exact)).toBeLessThan(1e-8);
    expect(r.stats.nAccepted).toBeLessThan(500);
  });

  it('Robertson chemical kinetics: reference values at t = 40 and conservation of y1+y2+y3', () => {
    const r = integrate((_t, y, d) => {
      const [a, b, c] = [y[0]!, y[1]!, y[2]!];
      d[0] = -0.04 * a + 1e4 * b * c;
      d[1] = 0.04 * a - 1e4 * b * c - 3e7 * b * b;
      d[2] = 3e7 * b * b;
    }, [1, 0, 0], 40, { rtol: 1e-10, atol: [1e-12, 1e-16, 1e-12], tEval: [40] });
    const y = r.y[0]!;
    // Hairer & Wanner reference solution at t = 40
    expect(Math.abs(y[0]! / 0.7158270687193267 - 1)).toBeLessThan(1e-7);
    expect(Math.abs(y[1]! / 9.185534764557338e-6 - 1)).toBeLessThan(1e-5);
    expect(Math.abs(y[2]! / 0.2841637457458155 - 1)).toBeLessThan(1e-7);
    expect(Math.abs(y[0]! + y[1]! + y[2]! - 1)).toBeLessThan(1e-9);
  });

  it('Van der Pol mu = 1000 stays stable, bounded, and has the relaxation period (3 - 2 ln 2) mu + 7.014 mu^(-1/3)', () => {
    const mu = 1000;
    const r = integrate((_t, y, d) => {
      d[0] = y[1]!;
      d[1] = mu * (1 - y[0]! * y[0]!) * y[1]! - y[0]!;
    }, [2, 0], 5000, { rtol: 1e-7, atol: 1e-9 });
    let maxAbs = 0;
    for (const y of r.y) maxAbs = Math.max(maxAbs, Math.abs(y[0]!));
    expect(maxAbs).toBeLessThan(2.05);
    expect(r.stats.nAccepted).toBeLessThan(5000);
    // downward zero crossings of y1
    const cross: number[] = [];
    for (let i = 1; i < r.t.length; i++) {
      const a = r.y[i - 1]![0]!;
      const b = r.y[i]![0]!;
      if (a > 0 && b <= 0) cross.push(r.t[i - 1]! + ((r.t[i]! - r.t[i - 1]!) * a) / (a - b));
    }
    expect(cross.length).toBeGreaterThanOrEqual(2);
    const period = cross[1]! - cross[0]!;
    const theory = (3 - 2 * Math.log(2)) * mu + 7.014 * mu ** (-1 / 3);
    expect(Math.abs(period / theory - 1)).toBeLessThan(2e-3);
  });

  it('harmonic oscillator conserves energy to 1e-8 over 10 periods', () => {
    const tEnd = 20 * Math.PI;
    const tEval = Array.from({ length: 201 }, (_, i) => (i * tEnd) / 200);
    const r = integrate((_t, y, d) => {
      d[0] = y[1]!;
      d[1] = -y[0]!;
    }, [1, 0], tEnd, { rtol: 1e-12, atol: 1e-12, tEval });
    for (let i = 0; i < tEval.length; i++) {
      const [x, v] = [r.y[i]![0]!, r.y[i]![1]!];
      expect(Math.abs(0.5 * (x * x + v * v) - 0.5)).toBeLessThan(1e-8);
      expect(Math.abs(x - Math.cos(tEval[i]!))).toBeLessThan(1e-8);
    }
  });

  it('breakpoints of a piecewise-linear drive are hit exactly and the drive is followed to 1e-9', () => {
    // y' = v(t) - y with a triangular v (0 -> 1 -> -1 -> 0 at rate 2): exact solution by variation of constants
    const tri = triangle(0, 1, -1, 2, 2);
    const r = integrate((t, y, d) => {
      d[0] = tri.v(t) - y[0]!;
    }, [0], tri.tEnd, { rtol: 1e-11, atol: 1e-13, breakpoints: tri.breakpoints });
    for (const b of tri.breakpoints) expect(r.stepTimes).toContain(b);
    // exact: on a linear piece v = a + k (t - ts): y(t) = a - k + k (t - ts) + (y(ts) - a + k) e^{-(t - ts)}
    const corners = [0, ...tri.breakpoints, tri.tEnd];
    const exact = (tq: number): number => {
      let yv = 0;
      for (let i = 0; i + 1 < corners.length; i++) {
        const ts = corners[i]!;
        const te = corners[i + 1]!;
        const a = tri.v(ts);
        const k = (tri.v(te) - a) / (te - ts);
        const tt = Math.min(tq, te);
        yv = a - k + k * (tt - ts) + (yv - a + k) * Math.exp(-(tt - ts));
        if (tq <= te) break;
      }
      return yv;
    };
    for (let i = 0; i < r.t.length; i++) expect(Math.abs(r.y[i]![0]! - exact(r.t[i]!))).toBeLessThan(1e-9);
  });

  it('a voltage step at a breakpoint, evaluated by segment, charges an RC exactly', () => {
    // RC with R = 1, C = 0.1 driven by a 0 -> 1.5 step at t = 1 (value chosen from segStart)
    const r = integrate((_t, y, d, seg) => {
      const v = seg >= 1 ? 1.5 : 0;
      d[0] = (v - y[0]!) / 0.1;
    }, [0], 2, { rtol: 1e-11, atol: 1e-13, breakpoints: [1], tEval: [0.5, 1, 1.05, 1.3, 2] });
    const ex = (t: number): number => (t <= 1 ? 0 : 1.5 * (1 - Math.exp(-(t - 1) / 0.1)));
    r.t.forEach((t, i) => expect(Math.abs(r.y[i]![0]! - ex(t))).toBeLessThan(1e-9));
  });

  it('semi-explicit index-1 DAE (diagonal mass with an algebraic row)', () => {
    // y1' = -y1 + y2, 0 = y2 - sin t  =>  y1 = (sin t - cos t)/2 + 1.5 e^{-t} for y1(0) = 1
    const tEval = [0.5, 1, 2, 5];
    const r = integrate((t, y, d) => {
      d[0] = -y[0]! + y[1]!;
      d[1] = y[1]! - Math.sin(t);
    }, [1, 0], 5, { rtol: 1e-10, atol: 1e-12, mass: [1, 0], tEval });
    tEval.forEach((t, i) => {
      expect(Math.abs(r.y[i]![0]! - ((Math.sin(t) - Math.cos(t)) / 2 + 1.5 * Math.exp(-t)))).toBeLessThan(1e-8);
      expect(Math.abs(r.y[i]![1]! - Math.sin(t))).toBeLessThan(1e-8);
    });
  });

  it('pwl helper interpolates and clamps', () => {
    const w = pwl([0, 1, 3], [0, 2, -2]);
    expect(w(-1)).toBe(0);
    expect(w(0.5)).toBe(1);
    expect(w(2)).toBe(0);
    expect(w(5)).toBe(-2);
  });
});
