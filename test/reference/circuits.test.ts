/** The reference integrator on the papers' circuits, checked against the closed forms (no memspice engine). */
import { describe, expect, it } from 'vitest';
import {
  chemind3dHopfInterval,
  chemindFss,
  chemindNetworkIss,
  memdiodeIss,
  memdiodeXss,
  solveMonotone,
  solveSeries,
  type ChemindParams,
  type MemdiodeParams,
} from '../../src/models/closedForms.ts';
import { chemindClampCircuit, chemindVoltageCircuit, memdiodeCircuit } from './circuits.ts';
import { integrate, triangle } from './ode.ts';

const FIG4: MemdiodeParams = { VA: 0.3, VD: -0.4, Vm: 0.1, nA: 1.5, nD: 2, gL: 0.1, gH: 1, tau0: 1 };

describe('reference circuits', () => {
  it('MEMDIODE, PCCP 2024 Fig 5: scan rate 10 gives an inductive loop at u > 0 and a capacitive loop at u < 0', () => {
    // start at 0 in equilibrium, 0 -> +1 -> -1 -> 0, two cycles; look at the second
    const tri = triangle(0, 1, -1, 10, 2);
    const c = memdiodeCircuit(FIG4, {}, (t) => tri.v(t));
    const r = integrate(c.rhs, [memdiodeXss(FIG4, 0)], tri.tEnd, { rtol: 1e-9, atol: 1e-12, breakpoints: tri.breakpoints, dense: true });
    const cycle = tri.tEnd / 2;
    // times of the second cycle at which v = +0.5 (up, down) and -0.5 (down, up)
    const at = (t: number): number => c.current(t, r.sol!(t), 0);
    // legs of the cycle: 0 -> 1 (0.1), 1 -> -1 (0.2), -1 -> 0 (0.1)
    const upPos = cycle + 0.05;
    const downPos = cycle + 0.15;
    const downNeg = cycle + 0.25;
    const upNeg = cycle + 0.35;
    expect(tri.v(upPos)).toBeCloseTo(0.5, 12);
    expect(tri.v(downPos)).toBeCloseTo(0.5, 12);
    expect(tri.v(downNeg)).toBeCloseTo(-0.5, 12);
    expect(tri.v(upNeg)).toBeCloseTo(-0.5, 12);
    expect(at(upPos)).toBeLessThan(at(downPos)); // inductive (counter-clockwise): forward current lower
    expect(at(upNeg)).toBeGreaterThan(at(downNeg)); // capacitive (clockwise): forward current higher
    // a very slow scan stays on the steady-state curve
    const slow = triangle(0, 1, -1, 1e-3, 1);
    const cs = memdiodeCircuit(FIG4, {}, (t) => slow.v(t));
    const rs = integrate(cs.rhs, [memdiodeXss(FIG4, 0)], slow.tEnd, { rtol: 1e-8, atol: 1e-11, breakpoints: slow.breakpoints });
    for (let i = 0; i < rs.t.length; i += 7) {
      const v = slow.v(rs.t[i]!);
      expect(Math.abs(cs.current(rs.t[i]!, rs.y[i]!, 0) - memdiodeIss(FIG4, v))).toBeLessThan(5e-3);
    }
  });

  it('MEMDIODE with series Rs and no Cm (algebraic u) reaches the series steady state', () => {
    const Rs = 0.5;
    const c = memdiodeCircuit(FIG4, { Rs }, () => 0.8);
    const x0 = memdiodeXss(FIG4, 0);
    // consistent initial u: 0 = (V - u)/Rs - I(u, x0)
    const u0 = solveMonotone((u) => u / Rs + (FIG4.gL + (FIG4.gH - FIG4.gL) * x0) * u, 0.8 / Rs, -5, 5);
    const r = integrate(c.rhs, [u0, x0], 200, { rtol: 1e-9, atol: 1e-12, mass: c.mass, tEval: [200] });
    const ss = solveSeries((u) => memdiodeIss(FIG4, u), 0.8, Rs, -5, 5);
    expect(Math.abs(r.y[0]![0]! - ss.u)).toBeLessThan(1e-7);
    expect(Math.abs(c.current(200, r.y[0]!, 200) - ss.I)).toBeLessThan(1e-7);
  });

  it('CHEMIND 2-D, APL Mach. Learn. 2023 Fig 8: step to 1.5 starts at Vapp/Rs, ends at the steady state, resistance has a peak', () => {
    const p: ChemindParams = { ic0: 50, VT: 1, Vm: 0.05, tau: 10 };
    const net = { Rs: 0.01, Rb: 2, Cm: 10 };
    for (const Vapp of [0.6, 1.5]) {
      const c = chemindVoltageCircuit(p, net, (_t, seg) => (seg >= 0 ? Vapp : 0));
      const tEval = Array.from({ length: 401 }, (_, i) => 10 ** (-4 + (7 * i) / 400));
      const r = integrate(c.rhs, [0, p.ic0 * chemindFss(p, 0)], 1000, { rtol: 1e-9, atol: 1e-12, tEval: [0, ...tEval] });
      const I = r.t.map((t, i) => c.current(t, r.y[i]!, 0));
      expect(I[0]).toBeCloseTo(Vapp / net.Rs, 6);
      const ss = solveSeries((u) => chemindNetworkIss(p, net, u), Vapp, net.Rs, -10, 10);
      expect(Math.abs(I[I.length - 1]! / ss.I - 1)).toBeLessThan(1e-6);
      const R = I.map((x) => Vapp / x);
      const iMax = R.indexOf(Math.max(...R));
      // 1.5: capacitive rise then a large inductive fall; 0.6: rise to R_f with only a few-% inductive overshoot
      if (Vapp === 1.5) expect(R[iMax]! / R[R.length - 1]!).toBeGreaterThan(1.5);
      else expect(R[iMax]! / R[R.length - 1]!).toBeLessThan(1.1);
    }
  });

  it('CHEMIND 3-D under current clamp oscillates inside the Hopf interval and rests outside it (JPCL 2022 Fig 5)', () => {
    const p: ChemindParams = { ic0: 10, VT: 1, Vm: 0.05, tau: 1, tauf: 1 };
    const net = { Rb: 1, Cm: 1 };
    const iv = chemind3dHopfInterval(p, net)!;
    const swing = (I: number): number => {
      const u0 = solveMonotone((u) => chemindNetworkIss(p, net, u), I, -10, 10) + 0.01; // slightly off the steady state
      const c = chemindClampCircuit(p, net, () => I);
      const tEval = Array.from({ length: 2001 }, (_, i) => 200 + (100 * i) / 2000);
      const r = integrate(c.rhs, [u0, p.ic0 * chemindFss(p, u0 - 0.01), chemindFss(p, u0 - 0.01)], 300, { rtol: 1e-8, atol: 1e-10, tEval });
      const us = r.y.map((y) => y[0]!);
      return Math.max(...us) - Math.min(...us);
    };
    expect(swing(0.5 * (iv.iLow + iv.iHigh))).toBeGreaterThan(0.05);
    expect(swing(0.5 * iv.iLow)).toBeLessThan(1e-6);
    expect(swing(iv.iHigh + 2)).toBeLessThan(1e-6);
  });
});
