/**
 * The library models' equations written again by the tests, from the papers, as plain TypeScript (independent of the
 * netlists/models/ files and of memspice's expression compiler): the reference the library tests integrate.
 * Every function takes the parameters as a plain object with the library file's parameter names.
 */
import type { ReferenceModel } from './loop.ts';

/** Kvatinsky window (Kvatinsky et al., IEEE TCAS-I 2013): OFF side and ON side. */
const windowOff = (w: number, centre: number, wc: number): number => Math.exp(-Math.exp((w - centre) / wc));
const windowOn = (w: number, centre: number, wc: number): number => Math.exp(-Math.exp(-(w - centre) / wc));

export interface TeamParams {
  ron: number; roff: number; won: number; woff: number; koff: number; kon: number; aoff: number; aon: number;
  ioff: number; ion: number; woffw: number; wonw: number; wc: number; x0: number;
}

/** TEAM state equation (Kvatinsky et al., IEEE TCAS-I 2013, eq 14) with its window (eqs 18-19), as dx/dt at current i. */
function teamRate(p: TeamParams, i: number, x: number): number {
  const w = p.won + (p.woff - p.won) * x;
  let dw = 0;
  if (i > p.ioff) dw = p.koff * (i / p.ioff - 1) ** p.aoff * windowOff(w, p.woffw, p.wc);
  else if (i < p.ion) dw = p.kon * (i / p.ion - 1) ** p.aon * windowOn(w, p.wonw, p.wc);
  return dw / (p.woff - p.won);
}

const teamResistance = (p: TeamParams, x: number): number => p.ron + (p.roff - p.ron) * x;

/** TEAM (Kvatinsky et al., IEEE TCAS-I 2013), state x = (w - won)/(woff - won), driven by its voltage v. */
export function team(p: TeamParams): ReferenceModel {
  return {
    y0: [p.x0],
    atol: [1e-13],
    response: (v, y) => v / teamResistance(p, y[0]!),
    rhs(v, y, dydt) {
      const x = y[0]!;
      dydt[0] = teamRate(p, v / teamResistance(p, x), x);
    },
  };
}

/** The same TEAM device driven by its current i (it is current-controlled: dx/dt depends on i and x alone). */
export function teamCurrentDriven(p: TeamParams): ReferenceModel {
  return {
    y0: [p.x0],
    atol: [1e-13],
    response: (i, y) => i * teamResistance(p, y[0]!),
    rhs(i, y, dydt) {
      dydt[0] = teamRate(p, i, y[0]!);
    },
  };
}

export interface VteamParams {
  ron: number; roff: number; won: number; woff: number; koff: number; kon: number; aoff: number; aon: number;
  voff: number; von: number; woffw: number; wonw: number; wc: number; x0: number;
}

/** VTEAM (Kvatinsky et al., IEEE TCAS-II 2015), state x = (w - won)/(woff - won). */
export function vteam(p: VteamParams): ReferenceModel {
  return {
    y0: [p.x0],
    atol: [1e-13],
    response: (v, y) => v / (p.ron + (p.roff - p.ron) * y[0]!),
    rhs(v, y, dydt) {
      const w = p.won + (p.woff - p.won) * y[0]!;
      let dw = 0;
      if (v > p.voff) dw = p.koff * (v / p.voff - 1) ** p.aoff * windowOff(w, p.woffw, p.wc);
      else if (v < p.von) dw = p.kon * (v / p.von - 1) ** p.aon * windowOn(w, p.wonw, p.wc);
      dydt[0] = dw / (p.woff - p.won);
    },
  };
}

export interface YakopcicParams {
  a1: number; a2: number; b: number; vp: number; vn: number; ap: number; an: number;
  xp: number; xn: number; alphap: number; alphan: number; eta: number; x0: number;
}

/** Yakopcic et al., IEEE EDL 2011: I-V, threshold g(V), motion reduction f(x), dx/dt = eta g f. */
export function yakopcic(p: YakopcicParams): ReferenceModel {
  return {
    y0: [p.x0],
    atol: [1e-13],
    response: (v, y) => (v >= 0 ? p.a1 : p.a2) * y[0]! * Math.sinh(p.b * v),
    rhs(v, y, dydt) {
      const x = y[0]!;
      let g = 0;
      if (v > p.vp) g = p.ap * (Math.exp(v) - Math.exp(p.vp));
      else if (v < -p.vn) g = -p.an * (Math.exp(-v) - Math.exp(p.vn));
      let f = 1;
      if (p.eta * v > 0) {
        if (x >= p.xp) f = Math.exp(-p.alphap * (x - p.xp)) * ((p.xp - x) / (1 - p.xp) + 1);
      } else if (x <= 1 - p.xn) f = Math.exp(p.alphan * (x + p.xn - 1)) * (x / (1 - p.xn));
      dydt[0] = p.eta * g * f;
    },
  };
}

export interface HpParams {
  ron: number; roff: number; rinit: number; d: number; uv: number; p: number;
}

/**
 * HP linear drift (Strukov et al., Nature 2008) as in Biolek et al., Radioengineering 2009 eqs 1-7, with the Joglekar
 * window (eq 5) or the Biolek window (eqs 10-11).
 */
export function hp(p: HpParams, window: 'joglekar' | 'biolek'): ReferenceModel {
  const resistance = (x: number): number => p.ron * x + p.roff * (1 - x);
  const k = (p.uv * p.ron) / (p.d * p.d);
  return {
    y0: [(p.roff - p.rinit) / (p.roff - p.ron)],
    atol: [1e-13],
    response: (v, y) => v / resistance(y[0]!),
    rhs(v, y, dydt) {
      const x = y[0]!;
      const i = v / resistance(x);
      // stp(-i) of Biolek's eq 10: 1 for i <= 0, 0 for i > 0.
      const f = window === 'joglekar' ? 1 - (2 * x - 1) ** (2 * p.p) : 1 - (x - (i <= 0 ? 1 : 0)) ** (2 * p.p);
      dydt[0] = k * i * f;
    },
  };
}

export interface GatedParams {
  gl: number; gh: number; e0: number; vb: number; vm: number; tau0: number;
}

export const gatedXeq = (p: GatedParams, u: number): number => 1 / (1 + Math.exp(-(u - p.vb) / p.vm));

/** Gated conductance, relaxation form (Bisquert, Adv. Phys. Res. 2024 eqs 21, 33-34), starting at x_eq(0). */
export function gated(p: GatedParams): ReferenceModel {
  return {
    y0: [gatedXeq(p, 0)],
    atol: [1e-14],
    response: (u, y) => (p.gl + (p.gh - p.gl) * y[0]!) * (u - p.e0),
    rhs(u, y, dydt) {
      dydt[0] = (gatedXeq(p, u) - y[0]!) / p.tau0;
    },
  };
}

export interface DmmParams {
  beta: number; imin: number; imax: number; alphamin: number; alphamax: number; rsmin: number; rsmax: number;
  t0s: number; v0s: number; t0r: number; v0r: number; ei: number;
}

/** Dynamic memdiode (Aguirre, Suñé, Miranda, Micromachines 2022, LTspice form): its pieces at (lambda, vd). */
export function dmmParts(p: DmmParams, lambda: number, vd: number) {
  const i0 = p.imin + (p.imax - p.imin) * lambda;
  const a = p.alphamin + (p.alphamax - p.alphamin) * lambda;
  const rs = p.rsmin + (p.rsmax - p.rsmin) * lambda;
  const ePlus = Math.exp(p.beta * a * vd);
  const eMinus = Math.exp(-(1 - p.beta) * a * vd);
  return {
    idiode: i0 * (ePlus - eMinus) + p.ei,
    /** d idiode / d vd */
    gd: i0 * a * (p.beta * ePlus + (1 - p.beta) * eMinus),
    /** d idiode / d lambda */
    dIdLambda: (p.imax - p.imin) * (ePlus - eMinus) + i0 * (p.alphamax - p.alphamin) * vd * (p.beta * ePlus + (1 - p.beta) * eMinus),
    rs,
    /** d rs / d lambda */
    dRsLambda: p.rsmax - p.rsmin,
  };
}

/** Set and reset rates 1/tauS, 1/tauR at the device voltage v. */
export const dmmRates = (p: DmmParams, v: number): { set: number; reset: number } => ({
  set: Math.exp(v / p.v0s) / p.t0s,
  reset: Math.exp(-v / p.v0r) / p.t0r,
});

/**
 * The memdiode as a semi-explicit DAE: y = [lambda, vd], lambda' = (1 - lambda)/tauS - lambda/tauR, and the
 * algebraic row 0 = (v - vd)/rs - idiode (the current through the series resistance is the diode's).
 */
export function dmm(p: DmmParams, lambda0: number): ReferenceModel {
  return {
    y0: [lambda0, 0],
    mass: [1, 0],
    atol: [1e-13, 1e-13],
    response: (v, y) => (v - y[1]!) / dmmParts(p, y[0]!, y[1]!).rs,
    rhs(v, y, dydt) {
      const { set, reset } = dmmRates(p, v);
      const parts = dmmParts(p, y[0]!, y[1]!);
      dydt[0] = (1 - y[0]!) * set - y[0]! * reset;
      // Scaled by rs so that the algebraic row is a voltage balance of order v.
      dydt[1] = v - y[1]! - parts.rs * parts.idiode;
    },
  };
}
