/**
 * Bisquert, Roldán, Miranda, PCCP 2024: the figure netlists in netlists/pccp2024_*.cir run, and the
 * feature each figure shows holds with the numbers the physics dictates.
 *
 * References: the closed forms of src/models/closedForms.ts (PCCP 2024 eqs 9-23) for the DC and AC figures, the
 * reference Radau IIA integrator (test/reference/) for the Fig 5 loop.
 *
 * Tolerances and why:
 * - DC and operating-point quantities 1e-9 relative: they come from the converged Newton solution (quadratic
 *   convergence leaves ~1e-15) and the device's analytic derivatives; 1e-9 leaves room for the conditioning.
 * - AC impedance 1e-8 relative: one complex LU solve of a 2-3 unknown system at the operating point.
 * - Fig 5 loop against the reference: 1e-3 of the peak current at the engine's default tolerances (reltol 1e-3,
 *   trapezoidal rule with tmax = 1 ms), the state x to 1e-3 absolute (x is in [0, 1]).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../src/analysis/results.ts';
import {
  memdiodeIss,
  memdiodeRates,
  memdiodeSmallSignal,
  memdiodeTau,
  memdiodeVt,
  memdiodeXss,
  memdiodeZ,
  type MemdiodeParams,
} from '../../src/models/closedForms.ts';
import { memdiodeCircuit } from '../reference/circuits.ts';
import { integrate, pwl } from '../reference/ode.ts';
import { column, complexColumn, run } from '../helpers.ts';
import { byStep, netlist } from '../helpers/netlists.ts';
import { cRel, interp, maxRel, rel } from '../helpers/numeric.ts';

/** Fig 4 caption: Vs = 0.3, Vr = -0.4, Vm = 0.1, ns = 1.5, nr = 2, gL = 0.1, gH = 1, tau_k = 1 (Figs 5, 6, 8: "as in Fig 4"). */
const FIG4: MemdiodeParams = { VA: 0.3, VD: -0.4, Vm: 0.1, nA: 1.5, nD: 2, gL: 0.1, gH: 1, tau0: 1 };

/**
 * The Fig 4 steady state and small-signal elements written out from the paper's equations, independent of
 * src/models: rates eqs 7-8, x_ss eq 9, tau_t eq 16, gb eq 19, ga = B (gH - gL) tau_t u eq 20 with
 * B tau_t = dx_ss/du = x_ss (1 - x_ss)/(nt Vm) (eqs 10-11, 17), La = tau_t/ga eq 21.
 */
const paper = (() => {
  const [VA, VD, nA, nD] = [FIG4.VA!, FIG4.VD!, FIG4.nA!, FIG4.nD!];
  const { Vm, gL, gH, tau0 } = FIG4;
  const nt = 1 / (1 / nA + 1 / nD);
  const invTauS = (u: number): number => Math.exp((u - VA) / (nA * Vm)) / tau0;
  const invTauR = (u: number): number => Math.exp(-(u - VD) / (nD * Vm)) / tau0;
  const x = (u: number): number => invTauS(u) / (invTauS(u) + invTauR(u));
  const tauT = (u: number): number => 1 / (invTauS(u) + invTauR(u));
  const ga = (u: number): number => (gH - gL) * u * (x(u) * (1 - x(u))) / (nt * Vm);
  const gb = (u: number): number => gL + (gH - gL) * x(u);
  return { tauT, ga, gt: (u: number): number => gb(u) + ga(u), La: (u: number): number => tauT(u) / ga(u) };
})();

/** Location of the maximum of a unimodal f on [a, b] (golden-section search to ~1e-12). */
function argMax(f: (u: number) => number, a: number, b: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let lo = a;
  let hi = b;
  while (hi - lo > 1e-12) {
    const m1 = hi - r * (hi - lo);
    const m2 = lo + r * (hi - lo);
    if (f(m1) < f(m2)) lo = m1;
    else hi = m2;
  }
  return 0.5 * (lo + hi);
}

/** Signed area of the I-V path between times ta and tb: integral of I dV (trapezoids over the output points). */
function loopIntegral(ts: number[], V: number[], I: number[], ta: number, tb: number): number {
  let s = 0;
  for (let k = 1; k < ts.length; k++) {
    if (ts[k - 1]! < ta - 1e-12 || ts[k]! > tb + 1e-12) continue;
    s += 0.5 * (I[k]! + I[k - 1]!) * (V[k]! - V[k - 1]!);
  }
  return s;
}

describe('PCCP 2024 Fig 4: steady-state I-V, x_ss and relaxation times (pccp2024_fig4.cir)', () => {
  let dc: AnalysisResult;
  let u: number[];
  let I: number[];
  let x: number[];
  let tauT: number[];
  beforeAll(() => {
    [dc] = run(netlist('pccp2024_fig4.cir')).analyses as [AnalysisResult];
    u = column(dc, 'v(a)');
    I = column(dc, 'i(p1)');
    x = column(dc, 'x(p1)');
    tauT = column(dc, 'tau_t(p1)');
  });

  it('sweeps -1 ... 1 in 5 mV steps', () => {
    expect(dc.type).toBe('dc');
    expect(u.length).toBe(401);
    expect(u[0]).toBe(-1);
    expect(u[400]).toBeCloseTo(1, 12);
  });

  it('the DC current, x and tau_t equal the closed-form steady state (eqs 5, 10-12, 16) to 1e-9 relative', () => {
    // I crosses zero at u = 0: floor of 1e-3 (the current scale there is gL*5 mV = 5e-4 ... 0.55*5 mV).
    const eI = maxRel(I, u.map((v) => memdiodeIss(FIG4, v)), 1e-3);
    const eX = maxRel(x, u.map((v) => memdiodeXss(FIG4, v)));
    const eT = maxRel(tauT, u.map((v) => memdiodeTau(FIG4, v)));
    expect(eI).toBeLessThan(1e-9);
    expect(eX).toBeLessThan(1e-9);
    expect(eT).toBeLessThan(1e-9);
  });

  it('panel (c): tau_s = tau_t/x and tau_r = tau_t/(1-x) are the exponentials of eqs 7-8, crossing at Vt = 0', () => {
    const tauS = tauT.map((t, k) => t / x[k]!);
    const tauR = tauT.map((t, k) => t / (1 - x[k]!));
    expect(maxRel(tauS, u.map((v) => 1 / memdiodeRates(FIG4, v).invTauA))).toBeLessThan(1e-9);
    expect(maxRel(tauR, u.map((v) => 1 / memdiodeRates(FIG4, v).invTauD))).toBeLessThan(1e-9);
    for (let k = 1; k < u.length; k++) {
      expect(tauS[k]!).toBeLessThan(tauS[k - 1]!); // set time decreases
      expect(tauR[k]!).toBeGreaterThan(tauR[k - 1]!); // reset time increases
    }
    const k0 = u.findIndex((v) => Math.abs(v) < 1e-12);
    expect(rel(tauS[k0]!, tauR[k0]!)).toBeLessThan(1e-12); // crossing at Vt = 0
  });

  it('panel (b): x_ss is the logistic with midpoint Vt = 0 and slope nt*Vm = 0.0857 (x = 1/2 at u = 0)', () => {
    const { nt, Vt } = memdiodeVt(FIG4);
    expect(nt).toBeCloseTo(6 / 7, 14);
    expect(Vt).toBeCloseTo(0, 14);
    const k0 = u.findIndex((v) => Math.abs(v) < 1e-12);
    expect(Math.abs(x[k0]! - 0.5)).toBeLessThan(1e-12);
    // logit(x) = (u - Vt)/(nt Vm): linear in u
    for (let k = 0; k < u.length; k++) {
      const logit = Math.log(x[k]! / (1 - x[k]!));
      expect(Math.abs(logit * nt * FIG4.Vm - u[k]!)).toBeLessThan(1e-8);
    }
  });

  it('panel (a): I goes from gL*u at u = -1 to gH*u at u = +1 (rectification)', () => {
    expect(rel(I[0]! / u[0]!, FIG4.gL)).toBeLessThan(1e-4); // x_ss(-1) = 8.6e-6
    expect(rel(I[400]! / u[400]!, FIG4.gH)).toBeLessThan(1e-4); // 1 - x_ss(1) = 8.6e-6
    for (let k = 1; k < u.length; k++) expect(I[k]!).toBeGreaterThan(I[k - 1]!);
  });

  it('panel (c): tau_t peaks at u* = nt (Vs/ns + Vr/nr + Vm ln(ns/nr)) = -0.0247 with tau_t = 3.733', () => {
    const { nt } = memdiodeVt(FIG4);
    const uStar = nt * (0.3 / 1.5 + -0.4 / 2 + 0.1 * Math.log(1.5 / 2));
    expect(uStar).toBeCloseTo(-0.02466, 4);
    expect(Math.abs(argMax(paper.tauT, -0.5, 0.5) - uStar)).toBeLessThan(1e-6); // the maximum of eq 16 itself
    const kMax = tauT.indexOf(Math.max(...tauT));
    expect(Math.abs(u[kMax]! - uStar)).toBeLessThanOrEqual(0.0025); // nearest 5 mV grid point
    expect(tauT[kMax]!).toBeLessThanOrEqual(memdiodeTau(FIG4, uStar));
    // the grid point is within 2.5 mV of the peak: tau_t there is below the peak by ~1e-4 relative
    expect(paper.tauT(uStar)).toBeCloseTo(3.733, 3);
    expect(rel(tauT[kMax]!, paper.tauT(uStar), 0)).toBeLessThan(1e-3);
  });
});

describe('PCCP 2024 Fig 5a,b: hysteresis loop at scan rate 10 (pccp2024_fig5_loop.cir)', () => {
  let tran: AnalysisResult;
  let t: number[];
  let V: number[];
  let I: number[];
  let x: number[];
  beforeAll(() => {
    [tran] = run(netlist('pccp2024_fig5_loop.cir')).analyses as [AnalysisResult];
    t = column(tran, 'time');
    V = column(tran, 'v(a)');
    I = column(tran, 'i(p1)');
    x = column(tran, 'x(p1)');
  });
  // The netlist's PWL: 0 -> 1 -> -1 -> 0 at 10 V/s, two cycles (T = 0.4); the second cycle is t in [0.4, 0.8].
  const corners = [0, 0.1, 0.3, 0.4, 0.5, 0.7, 0.8];
  const levels = [0, 1, -1, 0, 1, -1, 0];
  const drive = pwl(corners, levels);

  it('runs to t = 0.8, starting from equilibrium x_ss(0) = 0.5, and follows the PWL triangle', () => {
    expect(tran.type).toBe('tran');
    expect(t[t.length - 1]).toBeCloseTo(0.8, 12);
    expect(x[0]).toBeCloseTo(0.5, 12);
    for (let k = 0; k < t.length; k++) expect(Math.abs(V[k]! - drive(t[k]!))).toBeLessThan(1e-12);
    for (const c of corners) expect(t.some((tk) => Math.abs(tk - c) < 1e-12)).toBe(true); // corners hit exactly
  });

  it('matches the reference integrator: current to 1e-3 of its peak, x to 1e-3', () => {
    const c = memdiodeCircuit(FIG4, {}, (tt) => drive(tt));
    const ref = integrate(c.rhs, [memdiodeXss(FIG4, 0)], 0.8, { rtol: 1e-10, atol: 1e-13, breakpoints: corners.slice(1, -1), dense: true });
    const peak = Math.max(...I.map(Math.abs));
    let eI = 0;
    let eX = 0;
    for (let k = 0; k < t.length; k++) {
      const y = ref.sol!(t[k]!);
      eI = Math.max(eI, Math.abs(I[k]! - c.current(t[k]!, y, 0)));
      eX = Math.max(eX, Math.abs(x[k]! - y[0]!));
    }
    expect(eI / peak).toBeLessThan(1e-3);
    expect(eX).toBeLessThan(1e-3);
  });

  it('inductive (counter-clockwise) at u > 0 and capacitive (clockwise) at u < 0, crossing at the origin', () => {
    // second cycle: +0.5 up at 0.45, +0.5 down at 0.55, -0.5 down at 0.65, -0.5 up at 0.75
    const at = (tt: number): number => interp(t, I, tt);
    expect(at(0.45)).toBeLessThan(at(0.55)); // forward below backward: inductive
    expect(at(0.75)).toBeGreaterThan(at(0.65)); // forward above backward: capacitive
    // signed loop integrals: the positive lobe (t 0.4 -> 0.6) runs counter-clockwise (integral of I dV < 0),
    // the negative lobe (0.6 -> 0.8) clockwise (> 0)
    expect(loopIntegral(t, V, I, 0.4, 0.6)).toBeLessThan(0);
    expect(loopIntegral(t, V, I, 0.6, 0.8)).toBeGreaterThan(0);
    // I = [gL + (gH - gL) x] u: the chord conductance I/V stays in [gL, gH], so both lobes pass through the
    // origin (pinched loop); at the corners t = 0.4, 0.8 V is exactly 0 and so is I
    for (let k = 0; k < t.length; k++) {
      if (V[k] === 0) expect(I[k]).toBe(0);
      else {
        expect(I[k]! / V[k]!).toBeGreaterThanOrEqual(FIG4.gL * (1 - 1e-12));
        expect(I[k]! / V[k]!).toBeLessThanOrEqual(FIG4.gH * (1 + 1e-12));
      }
    }
    expect(V.filter((v) => v === 0).length).toBeGreaterThanOrEqual(3); // t = 0, 0.4, 0.8
  });

  it('panel (b): x lags behind x_ss, so the x loop opens (falling-sweep x above rising-sweep x)', () => {
    const X = (tt: number): number => interp(t, x, tt);
    // rising through +0.5, x has not caught up with x_ss(0.5) = 0.9971; falling through -0.5, x has not yet
    // dropped to x_ss(-0.5) = 0.0029
    expect(X(0.45)).toBeLessThan(memdiodeXss(FIG4, 0.5));
    expect(X(0.65)).toBeGreaterThan(memdiodeXss(FIG4, -0.5));
    expect(X(0.55)).toBeGreaterThan(X(0.45));
    expect(X(0.65)).toBeGreaterThan(X(0.75));
    // x only moves towards x_ss(u(t)): dx/dt has the sign of x_ss(u) - x at every output point
    for (let k = 1; k < t.length - 1; k++) {
      const dxdt = (x[k + 1]! - x[k - 1]!) / (t[k + 1]! - t[k - 1]!);
      const gap = memdiodeXss(FIG4, V[k]!) - x[k]!;
      if (Math.abs(gap) > 1e-3) expect(Math.sign(dxdt)).toBe(Math.sign(gap));
    }
  });
});

describe('PCCP 2024 Fig 5c,d: impedance spectra at +-0.2, +-0.4 V (pccp2024_fig5_spectra.cir)', () => {
  let ac: Map<number, AnalysisResult>;
  let op: Map<number, AnalysisResult>;
  beforeAll(() => {
    const { analyses } = run(netlist('pccp2024_fig5_spectra.cir'));
    ac = byStep(analyses, 'ac', 'vb');
    op = byStep(analyses, 'op', 'vb');
  });
  const biases = [-0.4, -0.2, 0.2, 0.4];

  it('one operating point and one spectrum per bias', () => {
    expect([...ac.keys()].sort((a, b) => a - b)).toEqual(biases);
    expect([...op.keys()].sort((a, b) => a - b)).toEqual(biases);
  });

  it('the operating point gives gb, ga, La, tau_t of eqs 16-21 to 1e-9', () => {
    for (const u of biases) {
      const o = op.get(u)!;
      const ss = memdiodeSmallSignal(FIG4, u);
      expect(rel(column(o, 'x(p1)')[0]!, ss.x)).toBeLessThan(1e-9);
      expect(rel(column(o, 'gb(p1)')[0]!, ss.gb)).toBeLessThan(1e-9);
      expect(rel(column(o, 'ga(p1)')[0]!, ss.ga)).toBeLessThan(1e-9);
      expect(rel(column(o, 'la(p1)')[0]!, ss.La)).toBeLessThan(1e-9);
      expect(rel(column(o, 'tau_t(p1)')[0]!, ss.tauT)).toBeLessThan(1e-9);
    }
  });

  it('Z(omega) equals [gb + ga/(1 + s tau_t)]^-1 (eq 18) to 1e-8 at every frequency', () => {
    for (const u of biases) {
      const a = ac.get(u)!;
      const f = column(a, 'freq');
      const z = complexColumn(a, 'z(v1)');
      const e = f.reduce((m, fk, k) => Math.max(m, cRel(z[k]!, memdiodeZ(FIG4, u, 2 * Math.PI * fk))), 0);
      expect(e).toBeLessThan(1e-8);
    }
  });

  it('inductive (Im Z > 0, fourth quadrant) at u > 0, purely capacitive (Im Z < 0) at u < 0', () => {
    for (const u of biases) {
      const z = complexColumn(ac.get(u)!, 'z(v1)');
      for (const [, im] of z) {
        if (u > 0) expect(im).toBeGreaterThan(0);
        else expect(im).toBeLessThan(0);
      }
      // the arc runs from Z(0) = 1/(gb + ga) to Z(inf) = 1/gb
      const ss = memdiodeSmallSignal(FIG4, u);
      expect(rel(z[0]![0], 1 / (ss.gb + ss.ga))).toBeLessThan(1e-3);
      expect(rel(z[z.length - 1]![0], 1 / ss.gb)).toBeLessThan(1e-3);
    }
  });
});

describe('PCCP 2024 Fig 6: gb, ga, g_t, B, La and C vs bias (pccp2024_fig6.cir)', () => {
  let dc: AnalysisResult;
  let u: number[];
  let I: number[];
  let ss: Array<ReturnType<typeof memdiodeSmallSignal>>;
  const col = (q: string): number[] => column(dc, `${q}(p1)`);
  beforeAll(() => {
    [dc] = run(netlist('pccp2024_fig6.cir')).analyses as [AnalysisResult];
    u = column(dc, 'v(a)');
    I = column(dc, 'i(p1)');
    ss = u.map((v) => memdiodeSmallSignal(FIG4, v));
  });

  it('x, gb, ga, La, tau_t equal memdiodeSmallSignal (eqs 16, 19-21) to 1e-9 at every bias', () => {
    expect(maxRel(col('x'), ss.map((s) => s.x))).toBeLessThan(1e-9);
    expect(maxRel(col('gb'), ss.map((s) => s.gb))).toBeLessThan(1e-9);
    expect(maxRel(col('tau_t'), ss.map((s) => s.tauT))).toBeLessThan(1e-9);
    // ga crosses zero at u = 0 (exactly 0 on both sides there); La diverges there (+Infinity on both sides)
    expect(maxRel(col('ga'), ss.map((s) => s.ga), 1e-6)).toBeLessThan(1e-9);
    expect(maxRel(col('la'), ss.map((s) => s.La))).toBeLessThan(1e-9);
  });

  it('panel (b): g_t = gb + ga is dI_ss/du (central differences of the DC current)', () => {
    const g0 = col('g0');
    expect(maxRel(g0, ss.map((s) => s.gb + s.ga))).toBeLessThan(1e-9);
    const h = u[1]! - u[0]!;
    let e = 0;
    for (let k = 1; k < u.length - 1; k++) e = Math.max(e, Math.abs((I[k + 1]! - I[k - 1]!) / (2 * h) - g0[k]!));
    expect(e).toBeLessThan(2e-4); // O(h^2) with h = 5 mV and I''' up to ~50
    // the peak of g_t = gb + ga from eqs 19-20 (u = 0.206, g_t = 1.09), seen on the 5 mV grid
    const uPeak = argMax(paper.gt, 0, 1);
    const kMax = g0.indexOf(Math.max(...g0));
    expect(Math.abs(u[kMax]! - uPeak)).toBeLessThanOrEqual(0.0026);
    expect(g0[kMax]!).toBeCloseTo(paper.gt(uPeak), 2);
  });

  it('panel (b): ga < 0 for u < 0, 0 at u = 0, > 0 for u > 0, extremes at the extremes of eq 20 (-+0.2015 at u = -+0.1323)', () => {
    const ga = col('ga');
    u.forEach((v, k) => {
      if (v < -1e-12) expect(ga[k]!).toBeLessThan(0);
      else if (v > 1e-12) expect(ga[k]!).toBeGreaterThan(0);
      else expect(ga[k]!).toBe(0);
    });
    const kMin = ga.indexOf(Math.min(...ga));
    const kMax = ga.indexOf(Math.max(...ga));
    const uMin = argMax((v) => -paper.ga(v), -1, 0);
    const uMax = argMax(paper.ga, 0, 1);
    expect(Math.abs(u[kMin]! - uMin)).toBeLessThanOrEqual(0.0026);
    expect(Math.abs(u[kMax]! - uMax)).toBeLessThanOrEqual(0.0026);
    expect(ga[kMin]!).toBeCloseTo(paper.ga(uMin), 3);
    expect(ga[kMax]!).toBeCloseTo(paper.ga(uMax), 3);
  });

  it('panel (c): B = ga/((gH - gL) tau_t u) is eq 17', () => {
    const ga = col('ga');
    const tauT = col('tau_t');
    let e = 0;
    u.forEach((v, k) => {
      if (Math.abs(v) < 1e-12) return; // 0/0 at u = 0
      e = Math.max(e, rel(ga[k]! / ((FIG4.gH - FIG4.gL) * tauT[k]! * v), ss[k]!.B));
    });
    expect(e).toBeLessThan(1e-9);
  });

  it('panel (d): La < 0 at u < 0, > 0 at u > 0, diverging at u = 0; tau_t = ga La > 0 everywhere', () => {
    const La = col('la');
    const ga = col('ga');
    const tauT = col('tau_t');
    u.forEach((v, k) => {
      expect(tauT[k]!).toBeGreaterThan(0);
      if (Math.abs(v) < 1e-12) expect(Math.abs(La[k]!)).toBe(Infinity);
      else {
        expect(Math.sign(La[k]!)).toBe(Math.sign(v));
        expect(rel(ga[k]! * La[k]!, tauT[k]!)).toBeLessThan(1e-12);
      }
    });
    const k2 = u.findIndex((v) => Math.abs(v - 0.2) < 1e-9);
    const km2 = u.findIndex((v) => Math.abs(v + 0.2) < 1e-9);
    expect(La[k2]!).toBeCloseTo(paper.La(0.2), 2); // 10.49
    expect(La[km2]!).toBeCloseTo(paper.La(-0.2), 2); // -14.64
  });

  it('panel (e): low-frequency capacitance Re C_a(0) = -ga tau_t (eq 23), positive at u < 0', () => {
    const Ca = col('ca');
    expect(maxRel(Ca, ss.map((s) => -s.ga * s.tauT), 1e-6)).toBeLessThan(1e-9);
    u.forEach((v, k) => {
      if (v < -1e-12) expect(Ca[k]!).toBeGreaterThan(0);
      else if (v > 1e-12) expect(Ca[k]!).toBeLessThan(0);
    });
  });
});

describe('PCCP 2024 Fig 8: spectra with Cm = 0.001 (pccp2024_fig8.cir)', () => {
  let ac: Map<number, AnalysisResult>;
  beforeAll(() => {
    ac = byStep(run(netlist('pccp2024_fig8.cir')).analyses, 'ac', 'vb');
  });
  const biases = [-0.4, -0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3];
  const net = { Cm: 0.001 };

  /** Indices of local maxima of -Im Z over frequency (arc tops). */
  function arcTops(z: Array<[number, number]>): number[] {
    const out: number[] = [];
    for (let k = 1; k < z.length - 1; k++) if (-z[k]![1] > -z[k - 1]![1] && -z[k]![1] > -z[k + 1]![1]) out.push(k);
    return out;
  }

  it('one spectrum per bias', () => {
    expect([...ac.keys()].sort((a, b) => a - b)).toEqual(biases);
  });

  it('Z(omega) equals [s Cm + gb + ga/(1 + s tau_t)]^-1 to 1e-8 at every frequency', () => {
    for (const u of biases) {
      const a = ac.get(u)!;
      const f = column(a, 'freq');
      const z = complexColumn(a, 'z(v1)');
      expect(f.length).toBe(91);
      const e = f.reduce((m, fk, k) => Math.max(m, cRel(z[k]!, memdiodeZ(FIG4, u, 2 * Math.PI * fk, net))), 0);
      expect(e).toBeLessThan(1e-8);
    }
  });

  it('(b) u < 0: two capacitive arcs (Im Z < 0 everywhere, two maxima of -Im Z)', () => {
    for (const u of biases.filter((v) => v < 0)) {
      const a = ac.get(u)!;
      const z = complexColumn(a, 'z(v1)');
      for (const [, im] of z) expect(im).toBeLessThan(0);
      const tops = arcTops(z);
      expect(tops.length).toBe(2);
      // the high-frequency top is the Cm arc: omega ~ gb/Cm
      const w = 2 * Math.PI * column(a, 'freq')[tops[1]!]!;
      const gb = memdiodeSmallSignal(FIG4, u).gb;
      expect(w / (gb / net.Cm)).toBeGreaterThan(0.5);
      expect(w / (gb / net.Cm)).toBeLessThan(2);
    }
  });

  it('u = 0 (ga = 0): the Cm arc alone', () => {
    const z = complexColumn(ac.get(0)!, 'z(v1)');
    for (const [, im] of z) expect(im).toBeLessThan(0);
    expect(arcTops(z).length).toBe(1);
  });

  it('(c) u > 0: the low-frequency arc is inductive (Im Z > 0), the Cm arc stays capacitive', () => {
    for (const u of biases.filter((v) => v > 0)) {
      const z = complexColumn(ac.get(u)!, 'z(v1)');
      expect(z[0]![1]).toBeGreaterThan(0);
      expect(z[z.length - 1]![1]).toBeLessThan(0);
      // exactly one change of sign of Im Z: inductive below, capacitive above
      let changes = 0;
      for (let k = 1; k < z.length; k++) if (Math.sign(z[k]![1]) !== Math.sign(z[k - 1]![1])) changes++;
      expect(changes).toBe(1);
    }
  });
});
