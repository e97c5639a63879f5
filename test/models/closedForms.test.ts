/**
 * Closed forms checked against what the physics dictates, with no simulator: small-signal limits against finite
 * differences of the steady state, the admittance against a numerical linearisation of the state equation, the
 * papers' identities (PCCP 2024 eqs 9-12, 20-21; JPCL 2022 eqs 14-17), and the Hopf points of JPCL 2022 against the
 * eigenvalues of a numerically computed Jacobian.
 *
 * Finite differences: central, step H = 1e-5 (truncation ~ H^2 |I'''| ~ 1e-8 relative here, round-off ~ 1e-11),
 * compared with relative tolerance 1e-6.
 */
import { describe, expect, it } from 'vitest';
import {
  chemind3dHopfCoefficients,
  chemind3dHopfInterval,
  chemind3dHopfPoints,
  chemindBranchZ,
  chemindFss,
  chemindIss,
  chemindLa,
  chemindLk,
  chemindNetworkIss,
  chemindRa,
  chemindRdc,
  chemindZ,
  memdiodeCurrent,
  memdiodeIss,
  memdiodeRate,
  memdiodeRates,
  memdiodeReCa,
  memdiodeSmallSignal,
  memdiodeTau,
  memdiodeXss,
  memdiodeY,
  memdiodeZ,
  polcapCurrent,
  polcapIss,
  polcapPeq,
  polcapTau,
  polcapY,
  solveMonotone,
  solveSeries,
  type ChemindParams,
  type MemdiodeParams,
  type PolcapParams,
} from '../../src/models/closedForms.ts';

const H = 1e-5;
const d1 = (g: (u: number) => number, u: number, h = H): number => (g(u + h) - g(u - h)) / (2 * h);
const rel = (a: number, b: number, floor = 1e-12): number => Math.abs(a - b) / Math.max(Math.abs(b), floor);
const OMEGA_DC = 0;
const OMEGA_INF = 1e12;

/** PCCP 2024 Fig 4 (rate form). */
const FIG4: MemdiodeParams = { VA: 0.3, VD: -0.4, Vm: 0.1, nA: 1.5, nD: 2, gL: 0.1, gH: 1, tau0: 1 };
/** Adv. Phys. Res. 2024 Fig 26 (rate form with nA = nD = 2 and VB = VA/nA + VD/nD = -0.1, eqs 48-49). */
const FIG26: MemdiodeParams = { gL: 0.1, gH: 1, Vm: 0.2, VA: 0.1, VD: -0.3, nA: 2, nD: 2, tau0: 1 };
/** Adv. Phys. Res. 2024 Fig 16: relaxation form, constant tau0, deactivation gam(u). */
const FIG16: MemdiodeParams = { E0: 0.2, VB: -0.5, VC: 0.7, Vm: 0.1, gL: 0.1, gH: 1, tau0: 1 };
/** Adv. Phys. Res. 2024 Fig 33: relaxation form with peaked tau and a cut-off tauM. */
const FIG33: MemdiodeParams = { gL: 0.1, gH: 1, Vm: 0.1, tau0: 1, tauM: 1, nA: 2, nD: 2, VB: 0.5, VA: 1, VD: -1 };

const BIASES = [-0.9, -0.5, -0.25, -0.1, 0.05, 0.15, 0.3, 0.6, 0.9];

/** Y(s) from a numerical linearisation of I(u, x) and dx/dt = h(u, x): dI/du + dI/dx (dh/du)/(s - dh/dx). */
function linearisedY(I: (u: number, x: number) => number, h: (u: number, x: number) => number, u: number, x: number, omega: number): [number, number] {
  const Iu = d1((v) => I(v, x), u);
  const Ix = d1((v) => I(u, v), x);
  const hu = d1((v) => h(v, x), u);
  const hx = d1((v) => h(u, v), x);
  // Ix hu / (i omega - hx)
  const den = hx * hx + omega * omega;
  const k = Ix * hu;
  return [Iu + (k * -hx) / den, (k * -omega) / den];
}

describe('MEMDIODE, rate form (PCCP 2024 eqs 5-21)', () => {
  it('closed-form x_ss (eqs 10-12) is the zero of h (eq 9)', () => {
    for (const u of BIASES) {
      const x = memdiodeXss(FIG4, u);
      const r = memdiodeRates(FIG4, u);
      expect(rel(x, r.invTauA / (r.invTauA + r.invTauD))).toBeLessThan(1e-13);
      expect(Math.abs(memdiodeRate(FIG4, u, x)) / (r.invTauA + r.invTauD)).toBeLessThan(1e-14);
    }
  });

  it('Y(omega -> 0) = dI_ss/du (finite differences, step 1e-5, rel 1e-6)', () => {
    for (const p of [FIG4, FIG26]) {
      for (const u of BIASES) {
        const Y0 = memdiodeY(p, u, OMEGA_DC);
        expect(Math.abs(Y0.im)).toBe(0);
        expect(rel(Y0.re, d1((v) => memdiodeIss(p, v), u))).toBeLessThan(1e-6);
        // and the limit, not only the value at 0
        const Ysmall = memdiodeY(p, u, 1e-7 / memdiodeTau(p, u));
        expect(rel(Ysmall.re, Y0.re)).toBeLessThan(1e-9);
      }
    }
  });

  it('Y(omega -> inf) = instantaneous conductance dI/du at fixed x = gb (eq 19)', () => {
    for (const u of BIASES) {
      const x = memdiodeXss(FIG4, u);
      const gInst = d1((v) => memdiodeCurrent(FIG4, v, x), u);
      const Yinf = memdiodeY(FIG4, u, OMEGA_INF);
      expect(rel(Yinf.re, gInst)).toBeLessThan(1e-6);
      expect(rel(memdiodeSmallSignal(FIG4, u).gb, gInst)).toBeLessThan(1e-6);
    }
  });

  it('B tau_t = dx_ss/du (eq 15 at s = 0) and ga = B (gH-gL) tau_t u (eq 20)', () => {
    for (const u of BIASES) {
      const ss = memdiodeSmallSignal(FIG4, u);
      expect(rel(ss.B * ss.tauT, d1((v) => memdiodeXss(FIG4, v), u))).toBeLessThan(1e-6);
      expect(rel(ss.ga, ss.B * (FIG4.gH - FIG4.gL) * ss.tauT * u)).toBeLessThan(1e-14);
    }
  });

  it('admittance equals the numerical linearisation of eqs 5-8 at all frequencies', () => {
    for (const u of BIASES) {
      const x = memdiodeXss(FIG4, u);
      for (const w of [1e-3, 0.1, 1, 10, 1e3]) {
        const [re, im] = linearisedY((v, y) => memdiodeCurrent(FIG4, v, y), (v, y) => memdiodeRate(FIG4, v, y), u, x, w);
        const Y = memdiodeY(FIG4, u, w);
        expect(Math.hypot(Y.re - re, Y.im - im) / Math.hypot(re, im)).toBeLessThan(1e-6);
      }
    }
  });

  it('La = tau_t/ga (eq 21): the (1/ga, La) branch is ga/(1 + s tau_t); tau_t = ga La > 0 at all voltages', () => {
    for (const u of BIASES) {
      const ss = memdiodeSmallSignal(FIG4, u);
      expect(rel(ss.La, ss.tauT / ss.ga)).toBeLessThan(1e-15);
      expect(ss.ga * ss.La).toBeGreaterThan(0);
      for (const w of [0.01, 1, 100]) {
        // 1/(1/ga + i w La) vs ga/(1 + i w tau)
        const den = 1 / ss.ga;
        const a = 1 / (den * den + (w * ss.La) ** 2);
        const branchRe = den * a;
        const branchIm = -w * ss.La * a;
        const Y = memdiodeY(FIG4, u, w);
        expect(Math.abs(Y.re - ss.gb - branchRe)).toBeLessThan(1e-12 * Math.abs(ss.ga) + 1e-15);
        expect(Math.abs(Y.im - branchIm)).toBeLessThan(1e-12 * Math.abs(ss.ga) + 1e-15);
      }
    }
  });

  it('ga changes sign at u = 0 (PCCP 2024 Fig 6b): conduction capacitance below (Re Ca > 0, eq 23), inductance above', () => {
    for (const u of BIASES) {
      const { ga } = memdiodeSmallSignal(FIG4, u);
      expect(Math.sign(ga)).toBe(Math.sign(u));
      expect(Math.sign(memdiodeReCa(FIG4, u, 0.1))).toBe(-Math.sign(u));
      // inductive (Im Z > 0) at low frequency above 0, capacitive below (no Cm)
      expect(Math.sign(memdiodeZ(FIG4, u, 0.05).im)).toBe(Math.sign(u));
    }
  });

  it('with parallel Cm = 0.001 (Fig 8) and series Rs: Z(0) = Rs + 1/(dI/du), Z(inf) = Rs', () => {
    const net = { Cm: 0.001, Rs: 0.05 };
    for (const u of BIASES) {
      const Z0 = memdiodeZ(FIG4, u, OMEGA_DC, net);
      expect(rel(Z0.re, net.Rs + 1 / d1((v) => memdiodeIss(FIG4, v), u))).toBeLessThan(1e-6);
      const Zinf = memdiodeZ(FIG4, u, OMEGA_INF, net);
      expect(Math.abs(Zinf.re - net.Rs)).toBeLessThan(1e-9);
    }
    // the series relation V = Rs I + u (eq 4) solved for the steady state: dI/dV = 1/Z(0)
    const V = 0.4;
    const IofV = (v: number): number => solveSeries((u) => memdiodeIss(FIG4, u), v, net.Rs, -5, 5).I;
    const { u } = solveSeries((uu) => memdiodeIss(FIG4, uu), V, net.Rs, -5, 5);
    expect(rel(1 / d1(IofV, V), memdiodeZ(FIG4, u, 0, net).re)).toBeLessThan(1e-6);
  });
});

describe('MEMDIODE, relaxation form (Adv. Phys. Res. 2024 eqs 22-23, 65-68)', () => {
  it('with VB = VA/nA + VD/nD and 1/nA + 1/nD = 1 (eqs 48-49) it is the rate form (Fig 26 parameters)', () => {
    const relax: MemdiodeParams = { ...FIG26, VB: -0.1 };
    for (const u of BIASES) {
      expect(rel(memdiodeXss(relax, u), memdiodeXss(FIG26, u))).toBeLessThan(1e-12);
      expect(rel(memdiodeTau(relax, u), memdiodeTau(FIG26, u))).toBeLessThan(1e-12);
      for (const w of [0, 0.3, 30]) {
        const a = memdiodeY(relax, u, w);
        const b = memdiodeY(FIG26, u, w);
        expect(Math.hypot(a.re - b.re, a.im - b.im) / Math.hypot(b.re, b.im)).toBeLessThan(1e-12);
      }
    }
  });

  it('Y(0) = dI_ss/du, Y(inf) = dI/du at fixed x (with the dgam/du term), and Y = numerical linearisation', () => {
    for (const p of [FIG16, FIG33]) {
      for (const u of BIASES) {
        expect(rel(memdiodeY(p, u, OMEGA_DC).re, d1((v) => memdiodeIss(p, v), u), 1e-9)).toBeLessThan(1e-6);
        const x = memdiodeXss(p, u);
        expect(rel(memdiodeY(p, u, OMEGA_INF).re, d1((v) => memdiodeCurrent(p, v, x), u), 1e-9)).toBeLessThan(1e-6);
        for (const w of [0.01, 1, 100]) {
          const [re, im] = linearisedY((v, y) => memdiodeCurrent(p, v, y), (v, y) => memdiodeRate(p, v, y), u, x, w);
          const Y = memdiodeY(p, u, w);
          expect(Math.hypot(Y.re - re, Y.im - im) / Math.hypot(re, im)).toBeLessThan(1e-6);
        }
      }
    }
  });

  it('ga = (gH-gL) gam (u-E0) dxeq/du and tau is the relaxation time at the bias (tau(u) derivative drops out)', () => {
    for (const u of BIASES) {
      const ss = memdiodeSmallSignal(FIG33, u);
      const dx = d1((v) => memdiodeXss(FIG33, v), u);
      expect(rel(ss.ga, (FIG33.gH - FIG33.gL) * u * dx, 1e-12)).toBeLessThan(1e-6);
      expect(rel(ss.tauT, memdiodeTau(FIG33, u))).toBeLessThan(1e-15);
      // tau <= tauM (eq 68)
      expect(ss.tauT).toBeLessThanOrEqual(1);
    }
  });

  it('ctau selects the constant relaxation time even when VA, VD are given (device parameter convention)', () => {
    const withRates: MemdiodeParams = { ...FIG33 };
    const constant: MemdiodeParams = { ...FIG33, ctau: 1 };
    for (const u of BIASES) {
      expect(memdiodeTau(constant, u)).toBe(1 / (1 / FIG33.tauM! + 1 / FIG33.tau0));
      expect(memdiodeTau({ ...constant, ctau: 0 }, u)).toBe(memdiodeTau(withRates, u));
    }
    const pc: PolcapParams = { gL: 0.1, Vm: 0.1, VB: 0, tau0: 2, pm: 0.5, Q0: 1, VA: 0.3, VD: -0.4, nA: 2, nD: 2 };
    expect(polcapTau({ ...pc, ctau: 1 }, 0.3)).toBe(2);
    expect(polcapTau({ ...pc, ctau: 0 }, 0.3)).toBeLessThan(2);
  });

  it('negative differential resistance: present in Figs 14 and 16 (V_B < E_0), absent in Fig 12 (V_B > E_0)', () => {
    const fig12: MemdiodeParams = { E0: 0.2, VB: 0.5, Vm: 0.1, gL: 0.1, gH: 1, tau0: 1 };
    const fig14: MemdiodeParams = { E0: 0.2, VB: -0.5, Vm: 0.1, gL: 0.1, gH: 1, tau0: 1 };
    const minG = (p: MemdiodeParams): number => {
      let m = Infinity;
      for (let u = -1.5; u <= 1.5; u += 0.005) m = Math.min(m, memdiodeY(p, u, 0).re);
      return m;
    };
    expect(minG(fig12)).toBeGreaterThan(0);
    expect(minG(fig14)).toBeLessThan(0);
    expect(minG(FIG16)).toBeLessThan(0);
  });
});

/** APL Mach. Learn. 2023 Figs 4-5, 8-9. */
const CI2: ChemindParams = { ic0: 50, VT: 1, Vm: 0.05, tau: 10 };
const NET2 = { Rs: 0.01, Rb: 2, Cm: 10 };
/** APL Mach. Learn. 2023 Fig 6a. */
const CI2b: ChemindParams = { ic0: 1e-2, VT: 1, Vm: 0.05, tau: 1 };
const NET2b = { Rs: 100, Rb: 1e3, Cm: 1e-3 };
/** JPCL 2022 style 3-D parameters (Rb = 1, ic0 = 10, VT = 1, Vm = 0.05). */
const CI3: ChemindParams = { ic0: 10, VT: 1, Vm: 0.05, tau: 1, tauf: 1 };
const NET3 = { Rs: 0.1, Rb: 1, Cm: 1 };

const UCH = [0.7, 0.85, 0.95, 1, 1.05, 1.15, 1.3];

describe('CHEMIND 2-D (APL Mach. Learn. 2023 eqs 1-10)', () => {
  it('1/Ra = dic_ss/du (eq 8), La = tau Ra (eq 9)', () => {
    for (const u of UCH) {
      expect(rel(1 / chemindRa(CI2, u), d1((v) => chemindIss(CI2, v), u))).toBeLessThan(1e-6);
      expect(rel(chemindLa(CI2, u), CI2.tau * chemindRa(CI2, u))).toBeLessThan(1e-15);
    }
  });

  it('Z(omega -> 0) = Rdc (eq 10) = dV/dI of the steady state V = Rs I + u, I = u/Rb + ic0 f_ss (eqs 1, 6)', () => {
    for (const [p, net] of [
      [CI2, NET2],
      [CI2b, NET2b],
    ] as const) {
      for (const u of UCH) {
        const Z0 = chemindZ(p, net, u, OMEGA_DC);
        const dIdu = d1((v) => chemindNetworkIss(p, net, v), u);
        expect(rel(Z0.re, net.Rs + 1 / dIdu)).toBeLessThan(1e-6);
        expect(rel(Z0.re, chemindRdc(p, net, u))).toBeLessThan(1e-12);
      }
    }
    // through the applied voltage: dI/dV of the solved steady state
    const V = 1.5;
    const IofV = (v: number): number => solveSeries((u) => chemindNetworkIss(CI2, NET2, u), v, NET2.Rs, -10, 10).I;
    const { u } = solveSeries((uu) => chemindNetworkIss(CI2, NET2, uu), V, NET2.Rs, -10, 10);
    expect(rel(1 / d1(IofV, V), chemindRdc(CI2, NET2, u))).toBeLessThan(1e-6);
  });

  it('Z(omega -> inf) = Rs (Cm shorts), and = Rs + Rb without Cm (the branch is open: no instantaneous ic)', () => {
    for (const u of UCH) {
      expect(Math.abs(chemindZ(CI2, NET2, u, OMEGA_INF).re - NET2.Rs)).toBeLessThan(1e-9);
      const Z = chemindZ(CI2, { Rs: NET2.Rs, Rb: NET2.Rb }, u, OMEGA_INF);
      expect(rel(Z.re, NET2.Rs + NET2.Rb)).toBeLessThan(1e-9);
    }
  });

  it('branch admittance equals the numerical linearisation of tau dic/dt = ic0 f_ss(u) - ic', () => {
    for (const u of UCH) {
      const x = chemindIss(CI2, u);
      for (const w of [1e-3, 0.1, 10]) {
        const [re, im] = linearisedY((_v, ic) => ic, (v, ic) => (CI2.ic0 * chemindFss(CI2, v) - ic) / CI2.tau, u, x, w);
        const Y = chemindBranchZ(CI2, u, w).inverse();
        expect(Math.hypot(Y.re - re, Y.im - im) / Math.hypot(re, im)).toBeLessThan(1e-6);
      }
    }
  });

  it('fourth-quadrant arc appears exactly when tau_d = La/Ra = tau exceeds tau_a = Ra Cm (eq 13)', () => {
    // exact: Im Y = w [Cm - La/(Ra^2 + w^2 La^2)] is negative for some w iff Cm Ra^2 < La, i.e. tau > Ra Cm;
    // Rb and Rs are real and do not change the sign of Im Z
    let nInd = 0;
    let nCap = 0;
    for (const u of [0.5, 0.6, 0.8, 0.9, 1.0, 1.1]) {
      const tauA = chemindRa(CI2, u) * NET2.Cm;
      let maxIm = -Infinity;
      for (let lw = -5; lw <= 3; lw += 0.01) maxIm = Math.max(maxIm, chemindZ(CI2, NET2, u, 10 ** lw).im);
      if (CI2.tau > tauA) {
        nInd++;
        expect(maxIm).toBeGreaterThan(0);
      }
      if (CI2.tau < tauA) {
        nCap++;
        expect(maxIm).toBeLessThanOrEqual(0);
      }
    }
    expect(nInd).toBeGreaterThan(0);
    expect(nCap).toBeGreaterThan(0);
  });
});

describe('CHEMIND 3-D (JPCL 2022 eqs 11-17)', () => {
  it('branch (1 + s tau)(Ra + s Lk), Lk = f tauf Ra, equals the linearisation of eqs 11-12', () => {
    for (const u of UCH) {
      const f = chemindFss(CI3, u);
      const ic = CI3.ic0 * f;
      // state (ic, f): I = ic; tau dic/dt = ic0 f - ic; tauf df/dt = (1-f) - e^{-(u-VT)/Vm} f
      const J = [
        [-1 / CI3.tau, CI3.ic0 / CI3.tau],
        [0, (-1 - Math.exp(-(u - CI3.VT) / CI3.Vm)) / CI3.tauf!],
      ];
      const dfdu = d1((v) => ((1 - f) - Math.exp(-(v - CI3.VT) / CI3.Vm) * f) / CI3.tauf!, u);
      for (const w of [1e-3, 0.1, 1, 10]) {
        // (s - J) z = b u, b = [0, dfdu]; I = ic = z0
        const a11 = -J[0]![0]!;
        const a12 = -J[0]![1]!;
        const a22 = -J[1]![1]!;
        // z1 = dfdu/(s + a22), z0 = -a12 z1/(s + a11)
        const s = { re: 0, im: w };
        const div = (pr: number, pi: number, qr: number, qi: number): [number, number] => {
          const dd = qr * qr + qi * qi;
          return [(pr * qr + pi * qi) / dd, (pi * qr - pr * qi) / dd];
        };
        const z1 = div(dfdu, 0, s.re + a22, s.im);
        const z0 = div(-a12 * z1[0], -a12 * z1[1], s.re + a11, s.im);
        const Y = chemindBranchZ(CI3, u, w).inverse();
        expect(Math.hypot(Y.re - z0[0], Y.im - z0[1]) / Math.hypot(z0[0], z0[1])).toBeLessThan(1e-6);
        void ic;
      }
    }
  });

  it('Zc = Ra + i w (Lk + Ld) + Rc(w), Rc = -Lk Ld w^2/Ra (eqs 16-17); Z(0) = Rs + (1/Rb + 1/Ra)^-1', () => {
    for (const u of UCH) {
      const Ra = chemindRa(CI3, u);
      const Lk = chemindLk(CI3, u);
      const Ld = CI3.tau * Ra;
      for (const w of [0.01, 1, 50]) {
        const Z = chemindBranchZ(CI3, u, w);
        expect(rel(Z.re, Ra - (Lk * Ld * w * w) / Ra, 1e-12)).toBeLessThan(1e-12);
        expect(rel(Z.im, w * (Lk + Ld))).toBeLessThan(1e-12);
      }
      expect(rel(chemindZ(CI3, NET3, u, 0).re, NET3.Rs + 1 / (1 / NET3.Rb + 1 / Ra))).toBeLessThan(1e-12);
      expect(rel(chemindZ(CI3, NET3, u, 0).re, NET3.Rs + 1 / d1((v) => chemindNetworkIss(CI3, NET3, v), u))).toBeLessThan(1e-6);
      expect(Math.abs(chemindZ(CI3, NET3, u, OMEGA_INF).re - NET3.Rs)).toBeLessThan(1e-9);
    }
  });
});

// ---- Hopf analysis (JPCL 2022 eqs 18-25) ----

/** Current-clamp right-hand side of the 3-D model with Rb, Cm (JPCL 2022 eqs 1, 11, 12): y = (u, ic, f). */
function clampRhs(p: ChemindParams, Rb: number, Cm: number, I: number, y: number[]): number[] {
  const [u, ic, f] = y as [number, number, number];
  return [(I - u / Rb - ic) / Cm, (p.ic0 * f - ic) / p.tau, ((1 - f) - Math.exp(-(u - p.VT) / p.Vm) * f) / p.tauf!];
}

function numericalJacobian(g: (y: number[]) => number[], y: number[]): number[][] {
  const n = y.length;
  const J: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const h = 1e-6 * Math.max(1, Math.abs(y[j]!));
    const yp = [...y];
    const ym = [...y];
    yp[j] = y[j]! + h;
    ym[j] = y[j]! - h;
    const gp = g(yp);
    const gm = g(ym);
    for (let i = 0; i < n; i++) J[i]![j] = (gp[i]! - gm[i]!) / (2 * h);
  }
  return J;
}

/** Characteristic polynomial lambda^3 + c2 lambda^2 + c1 lambda + c0 of a 3x3 matrix. */
function charPoly(J: number[][]): { c2: number; c1: number; c0: number } {
  const m = (i: number, j: number): number => J[i]![j]!;
  const tr = m(0, 0) + m(1, 1) + m(2, 2);
  const minors = m(0, 0) * m(1, 1) - m(0, 1) * m(1, 0) + m(0, 0) * m(2, 2) - m(0, 2) * m(2, 0) + m(1, 1) * m(2, 2) - m(1, 2) * m(2, 1);
  const det =
    m(0, 0) * (m(1, 1) * m(2, 2) - m(1, 2) * m(2, 1)) - m(0, 1) * (m(1, 0) * m(2, 2) - m(1, 2) * m(2, 0)) + m(0, 2) * (m(1, 0) * m(2, 1) - m(1, 1) * m(2, 0));
  return { c2: -tr, c1: minors, c0: -det };
}

/** Eigenvalues of a 3x3 with one real and a complex pair: returns the complex pair (re, im >= 0), or null. */
function complexPair(J: number[][]): { re: number; im: number } | null {
  const { c2, c1, c0 } = charPoly(J);
  const P = (l: number): number => ((l + c2) * l + c1) * l + c0;
  // real root by bisection on a wide bracket
  let a = -1e6;
  let b = 1e6;
  for (let k = 0; k < 300; k++) {
    const mid = 0.5 * (a + b);
    if (P(a) * P(mid) <= 0) b = mid;
    else a = mid;
  }
  const r = 0.5 * (a + b);
  // deflate: lambda^2 + (c2 + r) lambda + (c1 + r (c2 + r))
  const B = c2 + r;
  const Cq = c1 + r * B;
  const disc = B * B - 4 * Cq;
  if (disc >= 0) return null;
  return { re: -B / 2, im: Math.sqrt(-disc) / 2 };
}

describe('CHEMIND 3-D Hopf bifurcation under current clamp (JPCL 2022 eqs 18-25)', () => {
  const net = { Rb: 1, Cm: 1 };
  const steady = (u: number): number[] => {
    const f = chemindFss(CI3, u);
    return [u, CI3.ic0 * f, f];
  };

  it('c0, c1, c2 are the characteristic-polynomial coefficients of the numerical Jacobian; eq 20 drops 1/(tau_m tau_d f tau_k)', () => {
    for (const u of UCH) {
      const I = chemindNetworkIss(CI3, net, u);
      const J = numericalJacobian((y) => clampRhs(CI3, net.Rb, net.Cm, I, y), steady(u));
      const cp = charPoly(J);
      const c = chemind3dHopfCoefficients(CI3, net, u);
      expect(rel(c.c0, cp.c0)).toBeLessThan(1e-6);
      expect(rel(c.c1, cp.c1)).toBeLessThan(1e-6);
      expect(rel(c.c2, cp.c2)).toBeLessThan(1e-6);
      expect(rel(c.c0 - c.c0Paper, 1 / (c.tauM * CI3.tau * c.f * CI3.tauf!))).toBeLessThan(1e-10);
    }
  });

  it('at the returned clamp currents the complex pair crosses the imaginary axis with frequency sqrt(c1)', () => {
    for (const p of [CI3, { ...CI3, tau: 0.5, tauf: 2 }, { ...CI3, tau: 10 }]) {
      const iv = chemind3dHopfInterval(p, net);
      expect(iv).not.toBeNull();
      const pts = chemind3dHopfPoints(p, net);
      expect(pts.length).toBe(2);
      for (const hp of pts) {
        // recover the steady state from the clamp current alone
        const u = solveMonotone((v) => chemindNetworkIss(p, net, v), hp.I, -10, 10);
        expect(Math.abs(u - hp.u)).toBeLessThan(1e-9);
        const st = (v: number): number[] => [v, p.ic0 * chemindFss(p, v), chemindFss(p, v)];
        const eig = (v: number): { re: number; im: number } => {
          const I = chemindNetworkIss(p, net, v);
          const pr = complexPair(numericalJacobian((y) => clampRhs(p, net.Rb, net.Cm, I, y), st(v)));
          if (pr === null) throw new Error('no complex pair');
          return pr;
        };
        const e0 = eig(hp.u);
        expect(Math.abs(e0.re)).toBeLessThan(1e-6 * e0.im);
        expect(rel(e0.im, hp.omega)).toBeLessThan(1e-6);
        const du = 1e-3;
        expect(Math.sign(eig(hp.u - du).re)).toBe(-Math.sign(eig(hp.u + du).re));
      }
      // unstable between the Hopf points, stable outside (Routh-Hurwitz: c0 > c1 c2 inside)
      const mid = 0.5 * (iv!.uLow + iv!.uHigh);
      const I = chemindNetworkIss(p, net, mid);
      expect(complexPair(numericalJacobian((y) => clampRhs(p, net.Rb, net.Cm, I, y), [mid, p.ic0 * chemindFss(p, mid), chemindFss(p, mid)]))!.re).toBeGreaterThan(0);
      expect(iv!.iLow).toBeLessThan(iv!.iHigh);
    }
  });

  it('no Hopf point when Rb is small (the 1/Rb term of c0 cannot beat c1 c2): the dc-stable 2-D limit', () => {
    expect(chemind3dHopfPoints(CI3, { Rb: 0.01, Cm: 1 }).length).toBe(0);
  });
});

describe('POLCAP (Adv. Phys. Res. 2024 eqs 62-64)', () => {
  /** Adv. Phys. Res. 2024 Fig 31. */
  const FIG31: PolcapParams = { gL: 0.1, E0: 0, Vm: 0.1, VB: 0, tau0: 1, pm: 0.5, Q0: 1 };
  const VAR: PolcapParams = { ...FIG31, VA: 0.5, VD: -0.5, nA: 2, nD: 2 };
  const UP = [-1, -0.3, -0.1, 0, 0.05, 0.2, 0.8];

  it('p_eq is antisymmetric for pm = 0.5; Y(0) = dI_ss/du = gL', () => {
    for (const u of UP) {
      expect(Math.abs(polcapPeq(FIG31, u) + polcapPeq(FIG31, -u))).toBeLessThan(1e-15);
      for (const p of [FIG31, VAR]) {
        const Y0 = polcapY(p, u, OMEGA_DC);
        expect(rel(Y0.re, d1((v) => polcapIss(p, v), u))).toBeLessThan(1e-6);
        expect(Y0.im).toBe(0);
      }
    }
  });

  it('Y(inf) = dI/du at fixed p = gL + Q0 p_eq\'/tau; Y = numerical linearisation; capacitive at every frequency', () => {
    for (const p of [FIG31, VAR]) {
      for (const u of UP) {
        const ps = polcapPeq(p, u);
        expect(rel(polcapY(p, u, OMEGA_INF).re, d1((v) => polcapCurrent(p, v, ps), u))).toBeLessThan(1e-6);
        for (const w of [0.01, 1, 100]) {
          const [re, im] = linearisedY(
            (v, q) => polcapCurrent(p, v, q),
            (v, q) => (polcapPeq(p, v) - q) / polcapTau(p, v),
            u,
            ps,
            w,
          );
          // the linearised I(u, p) here is the instantaneous current with dp/dt substituted
          const Y = polcapY(p, u, w);
          expect(Math.hypot(Y.re - re, Y.im - im) / Math.hypot(re, im)).toBeLessThan(1e-6);
          expect(Y.im).toBeGreaterThan(0);
        }
      }
    }
  });
});
