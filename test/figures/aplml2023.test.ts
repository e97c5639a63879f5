/**
 * Bisquert, Bou, Guerrero, Hernández-Balaguera, APL Mach. Learn. 2023: the figure netlists in
 * netlists/aplml2023_*.cir run, and the feature each figure shows holds with the numbers the physics dictates.
 *
 * The circuit of every figure: V_app - Rs - node u - (Rb || Cm || CHEMIND) (eqs 1-3).
 * References: closed forms (src/models/closedForms.ts: eq 6 steady state with eq 1 solved by bisection, eqs 7-10
 * impedance and elements) and the reference Radau IIA integrator on the same circuit (test/reference/circuits.ts).
 *
 * Tolerances and why:
 * - DC quantities: 1e-6 relative as the netlists stand (default reltol = 1e-3: Newton stops once the update is
 *   below reltol, and at the sharp transition, V_m = 0.05, the next quadratic step would still move I by up to
 *   2.6e-7 relative, measured at V = 1); 1e-9 with `.options reltol=1e-6` appended by the test. The reference u
 *   solves eq 1 by bisection to 4e-16.
 * - AC impedance 1e-8 relative: one complex LU solve per frequency at the operating point.
 * - Transients against the reference: 1e-3 of the peak current at the engine's default tolerances (reltol 1e-3,
 *   trapezoidal rule), which is what the LTE control promises; 1e-6 of the peak with reltol = 1e-9 and a bounded
 *   step (the same netlist, options appended by the test). The internal voltage u is compared to 1e-3 (default)
 *   and 1e-6 (tight) of V_app, the state i_c to the same fractions of the peak current.
 * - Final currents to 1e-6 relative: after 10-100 tau_k the transient has died out far below that, so only the
 *   Newton tolerance of the last step is left.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../src/analysis/results.ts';
import {
  chemindFss,
  chemindNetworkIss,
  chemindRa,
  chemindRdc,
  chemindZ,
  solveSeries,
  type ChemindParams,
} from '../../src/models/closedForms.ts';
import { chemindVoltageCircuit } from '../reference/circuits.ts';
import { integrate, pwl } from '../reference/ode.ts';
import { column, complexColumn, run } from '../helpers.ts';
import { byStep, netlist, withLines } from '../helpers/netlists.ts';
import { cRel, interp, rel } from '../helpers/numeric.ts';

/** Set A (Figs 4, 5, 8 captions): i_c0 = 50, V_T = 1, V_m = 0.05, tau_k = 10; Rs = 0.01, Rb = 2, Cm = 10. */
const A: ChemindParams = { ic0: 50, VT: 1, Vm: 0.05, tau: 10 };
const NET_A = { Rs: 0.01, Rb: 2, Cm: 10 };
/** Set B (Fig 6 caption): i_c0 = 1e-2, V_T = 1, V_m = 0.05, tau_k = 1; Rs = 100, Rb = 1e3, Cm = 1e-3 (a) or 0.05e-3 (b). */
const B: ChemindParams = { ic0: 1e-2, VT: 1, Vm: 0.05, tau: 1 };
const NET_B = { Rs: 100, Rb: 1e3 };

type Net = { Rs: number; Rb: number; Cm: number };

/** Steady state at applied V: internal u from V = u + Rs I_dc(u) (eq 1) and I_dc (eq 6). */
function steady(p: ChemindParams, net: { Rs: number; Rb: number }, V: number): { u: number; I: number } {
  return solveSeries((u) => chemindNetworkIss(p, net, u), V, net.Rs, -10, 10);
}

/**
 * The same steady state written out from the paper in the test, independent of src/models: f_ss (eq 5),
 * I = u/Rb + i_c0 f_ss(u) (eq 6), V = u + Rs I (eq 1) solved for u by bisection (monotone in u), and the
 * dc resistance R_dc = Rs + (1/Rb + 1/Ra)^-1 with Ra = V_m/(i_c0 f (1 - f)) (eqs 8, 10).
 */
function paperSteady(p: ChemindParams, net: { Rs: number; Rb: number }, V: number): { u: number; I: number; Rdc: number } {
  const fss = (u: number): number => 1 / (1 + Math.exp(-(u - p.VT) / p.Vm));
  const current = (u: number): number => u / net.Rb + p.ic0 * fss(u);
  let lo = -10;
  let hi = 10;
  for (let k = 0; k < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); k++) {
    const mid = 0.5 * (lo + hi);
    if (mid + net.Rs * current(mid) < V) lo = mid;
    else hi = mid;
  }
  const u = 0.5 * (lo + hi);
  const f = fss(u);
  const Ra = p.Vm / (p.ic0 * f * (1 - f));
  return { u, I: current(u), Rdc: net.Rs + 1 / (1 / net.Rb + 1 / Ra) };
}

interface Transient {
  t: number[];
  V: number[];
  u: number[];
  /** Total current I_tot delivered by the source (= -i(v1)). */
  I: number[];
  ic: number[];
}

function transient(a: AnalysisResult): Transient {
  return {
    t: column(a, 'time'),
    V: column(a, 'v(in)'),
    u: column(a, 'v(u)'),
    I: column(a, 'i(v1)').map((v) => -v),
    ic: column(a, 'x(c1)'),
  };
}

/**
 * The reference integrator on the same circuit and drive, evaluated at the engine's time points: the largest
 * deviations of the current and i_c (as fractions of the peak |I|) and of u (as a fraction of max |V|).
 */
function compareWithReference(tr: Transient, p: ChemindParams, net: Net, corners: number[], levels: number[]): { eI: number; eU: number; eIc: number } {
  const drive = pwl(corners, levels);
  const c = chemindVoltageCircuit(p, net, (t) => drive(t));
  const y0 = steady(p, net, levels[0]!);
  const tEnd = tr.t[tr.t.length - 1]!;
  const ref = integrate(c.rhs, [y0.u, p.ic0 * chemindFss(p, y0.u)], tEnd, {
    rtol: 1e-11,
    atol: 1e-14,
    breakpoints: corners.filter((tc) => tc > 0 && tc < tEnd),
    dense: true,
  });
  const peak = tr.I.reduce((m, v) => Math.max(m, Math.abs(v)), 0); // (no spread: tight runs have ~1e5 points)
  const vMax = levels.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  let eI = 0;
  let eU = 0;
  let eIc = 0;
  for (let k = 0; k < tr.t.length; k++) {
    const y = ref.sol!(tr.t[k]!);
    eI = Math.max(eI, Math.abs(tr.I[k]! - c.current(tr.t[k]!, y, 0)));
    eU = Math.max(eU, Math.abs(tr.u[k]! - y[0]!));
    eIc = Math.max(eIc, Math.abs(tr.ic[k]! - y[1]!));
  }
  return { eI: eI / peak, eU: eU / vMax, eIc: eIc / peak };
}

/** The netlist with tight integration: reltol = 1e-9 and the .tran line's tmax set. */
function tight(text: string, tmax: string): string {
  return withLines(text.replace(/^(\.tran\s+\S+\s+\S+)\s*$/im, `$1 0 ${tmax}`), '.options reltol=1e-9');
}

describe('APL Mach. Learn. 2023 Fig 4: steady-state I-V and inverted hysteresis at scan rate 0.05 (aplml2023_fig4.cir)', () => {
  let dc: AnalysisResult;
  let tran: AnalysisResult;
  let dcTight: AnalysisResult;
  beforeAll(() => {
    const text = netlist('aplml2023_fig4.cir');
    [dc, tran] = run(text).analyses as [AnalysisResult, AnalysisResult];
    [dcTight] = run(withLines(text, '.options reltol=1e-6')).analyses as [AnalysisResult];
  });

  /** Largest relative deviations of a DC result from eqs 1, 6 (u, I, u/Rb, i_c0 f_ss) at every V. */
  function dcErrors(a: AnalysisResult): { eU: number; eI: number; eRb: number; eIc: number; eKvl: number } {
    const V = column(a, 'v(in)');
    const u = column(a, 'v(u)');
    const I = column(a, 'i(v1)').map((v) => -v);
    const iRb = column(a, 'i(rb)');
    const iC = column(a, 'i(c1)');
    const e = { eU: 0, eI: 0, eRb: 0, eIc: 0, eKvl: 0 };
    for (let k = 0; k < V.length; k++) {
      const ss = steady(A, NET_A, V[k]!);
      // floors of 1e-3 where u and I pass near zero (V = 0)
      e.eU = Math.max(e.eU, rel(u[k]!, ss.u, 1e-3));
      e.eI = Math.max(e.eI, rel(I[k]!, ss.I, 1e-3));
      e.eRb = Math.max(e.eRb, rel(iRb[k]!, ss.u / NET_A.Rb, 1e-3)); // ohmic component
      e.eIc = Math.max(e.eIc, rel(iC[k]!, A.ic0 * chemindFss(A, ss.u))); // chemical-inductor component
      e.eKvl = Math.max(e.eKvl, Math.abs(u[k]! + NET_A.Rs * I[k]! - V[k]!));
    }
    return e;
  }

  it('(a) the DC current is u/Rb + i_c0 f_ss(u) with V = u + Rs I (eqs 1, 6): 1e-6 as written, 1e-9 at reltol = 1e-6', () => {
    expect(dc.type).toBe('dc');
    const V = column(dc, 'v(in)');
    expect(V.length).toBe(201);
    const loose = dcErrors(dc);
    const strict = dcErrors(dcTight);
    for (const e of [loose.eU, loose.eI, loose.eRb, loose.eIc]) expect(e).toBeLessThan(1e-6);
    for (const e of [strict.eU, strict.eI, strict.eRb, strict.eIc]) expect(e).toBeLessThan(1e-9);
    expect(loose.eKvl).toBeLessThan(1e-12); // KVL of the linear part holds at any Newton iterate
    // the i_c branch takes over from u/Rb around V_T = 1 and saturates at i_c0
    const iRb = column(dc, 'i(rb)');
    const iC = column(dc, 'i(c1)');
    const k1 = V.findIndex((v) => Math.abs(v - 1) < 1e-9);
    expect(iC[k1]!).toBeGreaterThan(iRb[k1]!);
    expect(iC[V.length - 1]! / A.ic0).toBeGreaterThan(0.99);
  });

  it('(b) the cycle follows the PWL triangle from equilibrium and matches the reference integrator to 1e-3 of the peak', () => {
    expect(tran.type).toBe('tran');
    const tr = transient(tran);
    const corners = [0, 30, 60, 90, 120, 150, 180];
    const levels = [0, 1.5, 0, 1.5, 0, 1.5, 0];
    const drive = pwl(corners, levels);
    for (let k = 0; k < tr.t.length; k++) expect(Math.abs(tr.V[k]! - drive(tr.t[k]!))).toBeLessThan(1e-12);
    expect(rel(tr.ic[0]!, A.ic0 * chemindFss(A, 0))).toBeLessThan(1e-6); // starts in equilibrium at V = 0
    const e = compareWithReference(tr, A, NET_A, corners, levels);
    expect(e.eI).toBeLessThan(1e-3);
    expect(e.eU).toBeLessThan(1e-3);
    expect(e.eIc).toBeLessThan(1e-3);
  });

  it('(b) inverted (inductive) hysteresis: forward current below backward, counter-clockwise loop', () => {
    const tr = transient(tran);
    // last cycle: up-sweep V = 0.05 (t - 120), down-sweep V = 1.5 - 0.05 (t - 150)
    const Iat = (tt: number): number => interp(tr.t, tr.I, tt);
    for (const v of [0.3, 0.6, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4]) {
      const up = Iat(120 + v / 0.05);
      const down = Iat(180 - v / 0.05);
      expect(up).toBeLessThan(down);
    }
    // the up-sweep lags the steady state in the transition region (i_c delayed by tau_k): below I_dc
    for (const v of [1.0, 1.2, 1.4]) expect(Iat(120 + v / 0.05)).toBeLessThan(steady(A, NET_A, v).I);
    // signed loop integral of I dV over the last cycle: negative for a counter-clockwise loop
    let s = 0;
    for (let k = 1; k < tr.t.length; k++) {
      if (tr.t[k - 1]! < 120 - 1e-9) continue;
      s += 0.5 * (tr.I[k]! + tr.I[k - 1]!) * (tr.V[k]! - tr.V[k - 1]!);
    }
    expect(s).toBeLessThan(0);
    // cycles 2 and 3 agree (periodic loop; measured 1.1e-5 of the peak current, linear interpolation included)
    const peak = Math.max(...tr.I);
    for (let tt = 0; tt <= 60; tt += 0.5) expect(Math.abs(Iat(60 + tt) - Iat(120 + tt)) / peak).toBeLessThan(1e-4);
  });
});

describe('APL Mach. Learn. 2023 Fig 5a,b: Ra, La, R_dc and the time constants vs voltage (aplml2023_fig5.cir)', () => {
  let dc: AnalysisResult;
  let dcTight: AnalysisResult;
  let V: number[];
  let u: number[];
  let I: number[];
  let Ra: number[];
  let La: number[];
  beforeAll(() => {
    const text = netlist('aplml2023_fig5.cir');
    [dc] = run(text).analyses as [AnalysisResult];
    [dcTight] = run(withLines(text, '.options reltol=1e-6')).analyses as [AnalysisResult];
    V = column(dc, 'v(in)');
    u = column(dc, 'v(u)');
    I = column(dc, 'i(v1)').map((v) => -v);
    Ra = column(dc, 'ra(c1)');
    La = column(dc, 'la(c1)');
  });

  /** Largest relative deviations of Ra, La, R_dc from eqs 8-10 at the exact steady state of every V. */
  function elementErrors(a: AnalysisResult): number {
    const ra = column(a, 'ra(c1)');
    const la = column(a, 'la(c1)');
    let e = 0;
    column(a, 'v(in)').forEach((v, k) => {
      const ss = steady(A, NET_A, v);
      const Rdc = NET_A.Rs + 1 / (1 / NET_A.Rb + 1 / ra[k]!);
      e = Math.max(e, rel(ra[k]!, chemindRa(A, ss.u)), rel(la[k]!, A.tau * chemindRa(A, ss.u)), rel(Rdc, chemindRdc(A, NET_A, ss.u)));
    });
    return e;
  }

  it('(a) Ra (eq 8), La = tau_k Ra (eq 9) and R_dc (eq 10) at the steady state of every V: 1e-6 as written, 1e-9 at reltol = 1e-6', () => {
    expect(V.length).toBe(201);
    expect(elementErrors(dc)).toBeLessThan(1e-6);
    expect(elementErrors(dcTight)).toBeLessThan(1e-9);
  });

  it('(a) R_dc is the slope dV/dI of the steady-state curve (Z(0) = small-signal dc resistance)', () => {
    let e = 0;
    for (let k = 1; k < V.length - 1; k++) {
      const slope = (V[k + 1]! - V[k - 1]!) / (I[k + 1]! - I[k - 1]!);
      const Rdc = NET_A.Rs + 1 / (1 / NET_A.Rb + 1 / Ra[k]!);
      e = Math.max(e, rel(slope, Rdc));
    }
    expect(e).toBeLessThan(2e-2); // central differences on a 10 mV grid through a transition of width V_m = 50 mV
  });

  it('(b) tau_d = La/Ra = tau_k; tau_a = Ra Cm < tau_d exactly for internal u in (0.6547, 1.3453) (eq 13)', () => {
    // boundaries: f (1 - f) = V_m Cm/(i_c0 tau_k) = 1e-3
    const disc = Math.sqrt(1 - 4e-3);
    const fLo = (1 - disc) / 2;
    const uLo = A.VT + A.Vm * Math.log(fLo / (1 - fLo));
    const uHi = 2 * A.VT - uLo;
    expect(uLo).toBeCloseTo(0.6547, 4);
    expect(uHi).toBeCloseTo(1.3453, 4);
    let inside = 0;
    for (let k = 0; k < V.length; k++) {
      expect(rel(La[k]! / Ra[k]!, A.tau)).toBeLessThan(1e-12);
      const tauA = Ra[k]! * NET_A.Cm;
      if (Math.abs(u[k]! - uLo) < 1e-3 || Math.abs(u[k]! - uHi) < 1e-3) continue;
      const inWindow = u[k]! > uLo && u[k]! < uHi;
      expect(tauA < A.tau).toBe(inWindow);
      if (inWindow) inside++;
    }
    expect(inside).toBeGreaterThan(10);
  });
});

describe('APL Mach. Learn. 2023 Fig 5c-e: spectra at V = 0.5, 0.8, 1.0 (aplml2023_fig5_spectra.cir)', () => {
  let ac: Map<number, AnalysisResult>;
  let op: Map<number, AnalysisResult>;
  beforeAll(() => {
    const { analyses } = run(netlist('aplml2023_fig5_spectra.cir'));
    ac = byStep(analyses, 'ac', 'vapp');
    op = byStep(analyses, 'op', 'vapp');
  });
  const volts = [0.5, 0.8, 1.0];

  it('the operating point is the steady state of eqs 1, 6 (u = 0.4975, 0.7888, 0.9164)', () => {
    expect([...ac.keys()].sort()).toEqual(volts);
    const want = [0.49749, 0.78884, 0.91637];
    volts.forEach((V, i) => {
      const o = op.get(V)!;
      const ss = steady(A, NET_A, V);
      expect(rel(ss.u, paperSteady(A, NET_A, V).u)).toBeLessThan(1e-12);
      expect(rel(column(o, 'v(u)')[0]!, ss.u)).toBeLessThan(1e-9);
      expect(rel(-column(o, 'i(v1)')[0]!, ss.I)).toBeLessThan(1e-9);
      expect(ss.u).toBeCloseTo(want[i]!, 5);
    });
  });

  it('Z(omega) equals Rs + [Cm s + 1/Rb + 1/(Ra + La s)]^-1 (eq 7) to 1e-8 at every frequency', () => {
    for (const V of volts) {
      const a = ac.get(V)!;
      const f = column(a, 'freq');
      const z = complexColumn(a, 'z(v1)');
      const u = steady(A, NET_A, V).u;
      expect(f.length).toBe(81);
      const e = f.reduce((m, fk, k) => Math.max(m, cRel(z[k]!, chemindZ(A, NET_A, u, 2 * Math.PI * fk))), 0);
      expect(e).toBeLessThan(1e-8);
    }
  });

  it('(c) V = 0.5 fully capacitive; (d), (e) V = 0.8, 1.0 inductive fourth-quadrant arc at low frequency', () => {
    for (const V of volts) {
      const z = complexColumn(ac.get(V)!, 'z(v1)');
      const u = steady(A, NET_A, V).u;
      const inductive = A.tau > chemindRa(A, u) * NET_A.Cm; // eq 13
      expect(inductive).toBe(V > 0.6);
      expect(z.some(([, im]) => im > 0)).toBe(inductive);
      if (inductive) {
        expect(z[0]![1]).toBeGreaterThan(0); // lowest frequency in the fourth quadrant
        expect(z[z.length - 1]![1]).toBeLessThan(0); // Cm arc at high frequency
      }
      // low-frequency limit R_dc (eq 10), high-frequency limit Rs
      expect(rel(z[0]![0], chemindRdc(A, NET_A, u))).toBeLessThan(1e-3);
      expect(rel(z[z.length - 1]![0], NET_A.Rs)).toBeLessThan(1e-2);
    }
  });
});

describe('APL Mach. Learn. 2023 Fig 6: square pulse V_app = 1.5, set B, Cm = 1e-3 and 0.05e-3 (aplml2023_fig6.cir)', () => {
  const text = netlist('aplml2023_fig6.cir');
  let tr: Map<number, AnalysisResult>;
  beforeAll(() => {
    tr = byStep(run(text).analyses, 'tran', 'cm');
  });
  const Vapp = 1.5;
  const corners = [0, 1e-9, 10, 10 + 1e-9];
  const levels = [0, Vapp, Vapp, 0];
  const ss = steady(B, NET_B, Vapp);
  const green = Vapp / (NET_B.Rs + NET_B.Rb);

  it('steady state of set B at 1.5 V from eqs 1, 5, 6: u = 0.98348, I_dc = 5.165e-3 (not V_app/R_dc = 1.249e-2)', () => {
    // closed forms against the paper's equations solved in the test (both exact: 1e-12 leaves the bisection's 1e-15)
    const mine = paperSteady(B, NET_B, Vapp);
    expect(rel(ss.u, mine.u)).toBeLessThan(1e-12);
    expect(rel(ss.I, mine.I)).toBeLessThan(1e-12);
    expect(rel(chemindRdc(B, NET_B, ss.u), mine.Rdc)).toBeLessThan(1e-12);
    // the figure's point: the current ends at I_dc, well below V_app/R_dc
    expect(mine.u).toBeCloseTo(0.98348, 5);
    expect(mine.I).toBeCloseTo(5.165e-3, 6);
    expect(Vapp / mine.Rdc).toBeCloseTo(1.249e-2, 5);
  });

  for (const cm of [1e-3, 0.05e-3]) {
    const tauS = NET_B.Rs * cm;
    it(`Cm = ${cm}: A at V_app/Rs, B minimum above V_app/(Rs+Rb), C rise to I_dc, D jump to -u_f/Rs`, () => {
      const s = transient(tr.get(cm)!);
      const kA = s.t.findIndex((t) => t >= 1e-9 * (1 - 1e-9));
      expect(rel(s.I[kA]!, Vapp / NET_B.Rs)).toBeLessThan(1e-6); // A
      const kOff = s.t.findIndex((t) => t >= 10 * (1 - 1e-15));
      expect(s.t[kOff]).toBeCloseTo(10, 12);
      let kB = kA;
      for (let k = kA; k < kOff; k++) if (s.I[k]! < s.I[kB]!) kB = k;
      expect(s.I[kB]!).toBeGreaterThan(green); // B: the inductor already carries some current
      expect(s.I[kB]!).toBeLessThan(ss.I);
      expect(s.t[kB]! / tauS).toBeGreaterThan(1); // after the capacitive charging ...
      expect(s.t[kB]! / tauS).toBeLessThan(10); // ... well before the steady state
      // C: the current rises from B to its maximum (the inductor opening), which overshoots I_dc by < 1 %
      // (0.6 % at Cm = 1e-3, none at 0.05e-3), and settles at I_dc by t = 10 (measured 1e-10 off)
      let kC = kB;
      for (let k = kB; k < kOff; k++) if (s.I[k]! > s.I[kC]!) kC = k;
      for (let k = kB + 1; k <= kC; k++) expect(s.I[k]!).toBeGreaterThanOrEqual(s.I[k - 1]! * (1 - 1e-9));
      expect(s.I[kC]! / ss.I).toBeGreaterThan(0.999);
      expect(s.I[kC]! / ss.I).toBeLessThan(1.01);
      expect(rel(s.I[kOff]!, ss.I)).toBeLessThan(1e-6);
      const uF = s.u[kOff]!;
      const kD = s.t.findIndex((t) => t >= (10 + 1e-9) * (1 - 1e-15));
      expect(rel(s.I[kD]!, -uF / NET_B.Rs)).toBeLessThan(1e-6); // D
      expect(Math.abs(s.I[s.I.length - 1]!)).toBeLessThan(0.3 * Math.abs(s.I[kD]!)); // decays after switch-off
    });

    it(`Cm = ${cm}: the transient matches the reference integrator to 1e-3 of the peak current`, () => {
      const e = compareWithReference(transient(tr.get(cm)!), B, { ...NET_B, Cm: cm }, corners, levels);
      expect(e.eI).toBeLessThan(1e-3);
      expect(e.eU).toBeLessThan(1e-3);
      expect(e.eIc).toBeLessThan(1e-3);
    });
  }

  it('(b) the smaller Cm brings the minimum B close to the green line V_app/(Rs + Rb)', () => {
    const minOf = (cm: number): number => {
      const s = transient(tr.get(cm)!);
      return Math.min(...s.I.filter((_, k) => s.t[k]! > 1e-9 && s.t[k]! < 10));
    };
    const a = minOf(1e-3);
    const b = minOf(0.05e-3);
    expect(b - green).toBeLessThan(a - green);
    expect(rel(b, green)).toBeLessThan(0.15);
  });

  it('matches the reference to 1e-6 of the peak with reltol = 1e-9', () => {
    const tt = byStep(run(tight(text, '1m')).analyses, 'tran', 'cm');
    for (const cm of [1e-3, 0.05e-3]) {
      const e = compareWithReference(transient(tt.get(cm)!), B, { ...NET_B, Cm: cm }, corners, levels);
      expect(e.eI).toBeLessThan(1e-6);
      expect(e.eU).toBeLessThan(1e-6);
      expect(e.eIc).toBeLessThan(1e-6);
    }
  });
});

describe('APL Mach. Learn. 2023 Fig 8: current and resistance transients at V_app = 0.6 and 1.5, set A (aplml2023_fig8.cir)', () => {
  const text = netlist('aplml2023_fig8.cir');
  let tr: Map<number, AnalysisResult>;
  beforeAll(() => {
    tr = byStep(run(text).analyses, 'tran', 'vapp');
  });
  const corners = (V: number): { c: number[]; l: number[] } => ({ c: [0, 1e-9], l: [0, V] });

  it('steady states: 0.6 -> u = 0.59686, I = 0.31418, R_f = 1.9098 > R_dc = 1.2372; 1.5 -> u = 1.07941, I = 42.0585, R_f = 0.03566 > R_dc = 0.01707', () => {
    const a = steady(A, NET_A, 0.6);
    const b = steady(A, NET_A, 1.5);
    // closed forms against the paper's equations solved in the test, then the values those equations give
    for (const [got, V] of [[a, 0.6], [b, 1.5]] as const) {
      const mine = paperSteady(A, NET_A, V);
      expect(rel(got.u, mine.u)).toBeLessThan(1e-12);
      expect(rel(got.I, mine.I)).toBeLessThan(1e-12);
      expect(rel(chemindRdc(A, NET_A, got.u), mine.Rdc)).toBeLessThan(1e-12);
    }
    expect(a.u).toBeCloseTo(0.59686, 5);
    expect(a.I).toBeCloseTo(0.31418, 5);
    expect(0.6 / a.I).toBeCloseTo(1.9098, 4);
    expect(chemindRdc(A, NET_A, a.u)).toBeCloseTo(1.2372, 4);
    expect(b.u).toBeCloseTo(1.07941, 5);
    expect(b.I).toBeCloseTo(42.0585, 4);
    expect(1.5 / b.I).toBeCloseTo(0.03566, 5);
    expect(chemindRdc(A, NET_A, b.u)).toBeCloseTo(0.01707, 5);
  });

  for (const V of [0.6, 1.5]) {
    it(`V_app = ${V}: starts at V_app/Rs, ends at I_dc (the magenta line), R_f = V_app/I_dc > R_dc`, () => {
      const s = transient(tr.get(V)!);
      const kA = s.t.findIndex((t) => t >= 1e-9 * (1 - 1e-9));
      expect(rel(s.I[kA]!, V / NET_A.Rs)).toBeLessThan(1e-6); // gray line: 60 and 150
      expect(s.t[s.t.length - 1]).toBeCloseTo(1000, 9);
      const ss = steady(A, NET_A, V);
      expect(rel(s.I[s.I.length - 1]!, ss.I)).toBeLessThan(1e-6);
      expect(V / s.I[s.I.length - 1]!).toBeGreaterThan(chemindRdc(A, NET_A, ss.u));
    });

    it(`V_app = ${V}: the transient matches the reference integrator to 1e-3 of the peak current`, () => {
      const { c, l } = corners(V);
      const e = compareWithReference(transient(tr.get(V)!), A, NET_A, c, l);
      expect(e.eI).toBeLessThan(1e-3);
      expect(e.eU).toBeLessThan(1e-3);
      expect(e.eIc).toBeLessThan(1e-3);
    });
  }

  it('V_app = 0.6: capacitive, R = V/I rises from Rs to R_f with only a small overshoot (delayed i_c; pin: 4.7 %)', () => {
    const s = transient(tr.get(0.6)!);
    const R = s.I.map((i) => 0.6 / i).slice(1);
    const Rf = 0.6 / steady(A, NET_A, 0.6).I;
    expect(rel(R[0]!, NET_A.Rs)).toBeLessThan(1e-6);
    const kMax = R.indexOf(Math.max(...R));
    // pin: the overshoot measured on this run (4.7 %), kept to detect change; the transient itself is checked
    // against the reference integrator above, which at R_max (I ~ 0.3 of a 60 A peak) does not resolve 1 %
    expect(R[kMax]! / Rf).toBeGreaterThan(1.04);
    expect(R[kMax]! / Rf).toBeLessThan(1.05);
    for (let k = 1; k <= kMax; k++) expect(R[k]!).toBeGreaterThanOrEqual(R[k - 1]! * (1 - 1e-9)); // rise
  });

  it('V_app = 1.5: R = V/I has a peak (capacitive rise, inductive fall), then falls to R_f (pin: R_max ~ 0.50 at t ~ 0.58)', () => {
    const s = transient(tr.get(1.5)!);
    const t = s.t.slice(1);
    const R = s.I.map((i) => 1.5 / i).slice(1);
    const Rf = 1.5 / steady(A, NET_A, 1.5).I;
    const kMax = R.indexOf(Math.max(...R));
    // pin: where the peak was measured (R_max = 0.50 at t = 0.58), kept to detect change
    expect(R[kMax]!).toBeCloseTo(0.5, 1);
    expect(t[kMax]!).toBeGreaterThan(0.4);
    expect(t[kMax]!).toBeLessThan(0.8);
    expect(R[kMax]! / Rf).toBeGreaterThan(10);
    for (let k = 1; k <= kMax; k++) expect(R[k]!).toBeGreaterThanOrEqual(R[k - 1]! * (1 - 1e-9)); // capacitive rise
    for (let k = kMax + 1; k < R.length; k++) expect(R[k]!).toBeLessThanOrEqual(R[k - 1]! * (1 + 1e-9)); // inductive fall
  });

  it('matches the reference to 1e-6 of the peak current with reltol = 1e-9', () => {
    const tt = byStep(run(tight(text, '0.1')).analyses, 'tran', 'vapp');
    for (const V of [0.6, 1.5]) {
      const { c, l } = corners(V);
      const e = compareWithReference(transient(tt.get(V)!), A, NET_A, c, l);
      expect(e.eI).toBeLessThan(1e-6);
      expect(e.eU).toBeLessThan(1e-6);
      expect(e.eIc).toBeLessThan(1e-6);
    }
  });
});
