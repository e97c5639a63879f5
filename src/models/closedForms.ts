/**
 * Closed-form steady-state and small-signal quantities of the memspice device models (MEMDIODE, CHEMIND 2-D/3-D,
 * POLCAP). They are references for tests: the engine never calls them. Equations and their sources are in
 * docs/physics.md; disagreements between MODELS.md and the papers are listed in docs/seed-figures.md.
 *
 * Conventions: dimensionless units as in the papers; `u` is the voltage across the element (v(n+) - v(n-)); the
 * current flows from n+ through the element to n-; `s = i*omega`.
 */
// The named import: under NodeNext the default import of complex.js is typed as the module namespace (its d.ts is
// read as CommonJS), although at run time both resolve to the same class.
import { Complex } from 'complex.js';

/** `Complex` instance type of complex.js. */
export type Cx = Complex;

const logistic = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

// ---------------------------------------------------------------------------------------------------------------
// MEMDIODE
// ---------------------------------------------------------------------------------------------------------------

/**
 * MEMDIODE parameters (names of MODELS.md). Seed 000's `Vs, Vr, ns, nr, tauk` are `VA, VD, nA, nD, tau0`.
 * - Rate form (default, `VB` absent): `dx/dt = (1-x)/tauA - x/tauD` (seed 000 eq 6, seed 003 eq 44); needs VA, VD, nA, nD.
 * - Relaxation form (`VB` given): `tau(u) dx/dt = xeq(u) - x` (seed 003 eqs 65-68). `1/tau = 1/tauM + 1/tauA + 1/tauD`
 *   when VA and VD are given, else the constant-relaxation-time model of seed 003 Fig 21: `1/tau = 1/tauM + 1/tau0`.
 * - `VC` given: deactivation factor `gam(u) = 1/(1+exp((u-VC)/Vm))` multiplies x in the current (seed 003 eqs 22-23).
 */
export interface MemdiodeParams {
  gL: number;
  gH: number;
  /** Reversal (intercept) voltage, seed 003 eq 18. Default 0 (seed 000 eq 5 has none). */
  E0?: number;
  Vm: number;
  tau0: number;
  VA?: number;
  VD?: number;
  nA?: number;
  nD?: number;
  /** Centre of xeq; selects the relaxation form. */
  VB?: number;
  /** Fastest relaxation time (seed 003 eq 68). Default Infinity. */
  tauM?: number;
  /** Centre of the deactivation factor gam(u). Absent: gam = 1. */
  VC?: number;
  /**
   * Relaxation form only: true/1 = constant relaxation time `1/tau = 1/tauM + 1/tau0` (seed 003 Fig 21), false/0 =
   * eq 68. Default: constant exactly when VA and VD are both absent. (The MEMDIODE device's `ctau` parameter.)
   */
  ctau?: boolean | number;
}

export interface MemdiodeRates {
  /** 1/tauA = exp((u-VA)/(nA Vm))/tau0 (seed 000 eq 7, seed 003 eq 46). */
  invTauA: number;
  /** 1/tauD = exp(-(u-VD)/(nD Vm))/tau0 (seed 000 eq 8, seed 003 eq 47). */
  invTauD: number;
}

function need(v: number | undefined, name: string): number {
  if (v === undefined || !Number.isFinite(v)) throw new Error(`MEMDIODE: parameter ${name} is required here`);
  return v;
}

/** Activation and deactivation rates; throws if VA, VD are absent. */
export function memdiodeRates(p: MemdiodeParams, u: number): MemdiodeRates {
  const VA = need(p.VA, 'VA');
  const VD = need(p.VD, 'VD');
  const nA = need(p.nA, 'nA');
  const nD = need(p.nD, 'nD');
  return {
    invTauA: Math.exp((u - VA) / (nA * p.Vm)) / p.tau0,
    invTauD: Math.exp(-(u - VD) / (nD * p.Vm)) / p.tau0,
  };
}

/** True when the relaxation form (VB given) is used. */
export const memdiodeIsRelaxation = (p: MemdiodeParams): boolean => p.VB !== undefined;

/**
 * The relaxation time of the state at bias u: rate form `tau_t = (1/tauA + 1/tauD)^-1` (seed 000 eq 16);
 * relaxation form `1/tau = 1/tauM + 1/tauA + 1/tauD` (seed 003 eq 68) or `1/tau = 1/tauM + 1/tau0` (constant).
 */
export function memdiodeTau(p: MemdiodeParams, u: number): number {
  const invM = p.tauM === undefined ? 0 : 1 / p.tauM;
  if (!memdiodeIsRelaxation(p)) {
    const r = memdiodeRates(p, u);
    return 1 / (r.invTauA + r.invTauD);
  }
  const constant = p.ctau !== undefined ? Boolean(p.ctau) : p.VA === undefined && p.VD === undefined;
  if (constant) return 1 / (invM + 1 / p.tau0);
  const r = memdiodeRates(p, u);
  return 1 / (invM + r.invTauA + r.invTauD);
}

/** `nt = (1/nA + 1/nD)^-1`, `Vt = nt (VA/nA + VD/nD)` (seed 000 eqs 11-12). */
export function memdiodeVt(p: MemdiodeParams): { nt: number; Vt: number } {
  const VA = need(p.VA, 'VA');
  const VD = need(p.VD, 'VD');
  const nA = need(p.nA, 'nA');
  const nD = need(p.nD, 'nD');
  const nt = 1 / (1 / nA + 1 / nD);
  return { nt, Vt: nt * (VA / nA + VD / nD) };
}

/**
 * Steady state of x: rate form `1/(1+exp(-(u-Vt)/(nt Vm)))` (seed 000 eqs 9-12); relaxation form
 * `xeq = 1/(1+exp(-(u-VB)/Vm))` (seed 003 eq 67).
 */
export function memdiodeXss(p: MemdiodeParams, u: number): number {
  if (memdiodeIsRelaxation(p)) return logistic((u - (p.VB as number)) / p.Vm);
  const { nt, Vt } = memdiodeVt(p);
  return logistic((u - Vt) / (nt * p.Vm));
}

/** Deactivation factor gam(u) = 1/(1+exp((u-VC)/Vm)) (seed 003 eq 23); 1 when VC is absent. */
export function memdiodeGamma(p: MemdiodeParams, u: number): number {
  return p.VC === undefined ? 1 : logistic(-(u - p.VC) / p.Vm);
}

/** dgam/du = -gam (1 - gam)/Vm; 0 when VC is absent. */
export function memdiodeGammaPrime(p: MemdiodeParams, u: number): number {
  if (p.VC === undefined) return 0;
  const g = memdiodeGamma(p, u);
  return (-g * (1 - g)) / p.Vm;
}

/** Instantaneous current I(u, x) = [gL + (gH-gL) x gam(u)] (u - E0) (seed 000 eq 5, seed 003 eqs 22, 65). */
export function memdiodeCurrent(p: MemdiodeParams, u: number, x: number): number {
  return (p.gL + (p.gH - p.gL) * x * memdiodeGamma(p, u)) * (u - (p.E0 ?? 0));
}

/** State rate h(u, x) = dx/dt. */
export function memdiodeRate(p: MemdiodeParams, u: number, x: number): number {
  if (!memdiodeIsRelaxation(p)) {
    const r = memdiodeRates(p, u);
    return (1 - x) * r.invTauA - x * r.invTauD;
  }
  return (memdiodeXss(p, u) - x) / memdiodeTau(p, u);
}

/** Steady-state current I_ss(u) = I(u, xss(u)) (seed 003 eqs 18, 22). */
export function memdiodeIss(p: MemdiodeParams, u: number): number {
  return memdiodeCurrent(p, u, memdiodeXss(p, u));
}

export interface MemdiodeSmallSignal {
  /** Steady-state x at the bias. */
  x: number;
  /** Relaxation time of the linearised state, tau_t = -1/(dh/dx) (seed 000 eq 16). */
  tauT: number;
  /** B = dh/du at steady state (seed 000 eq 17; relaxation form: xeq'(u)/tau). */
  B: number;
  /** Instantaneous (high-frequency) conductance dI/du at fixed x (seed 000 eq 19, plus the gam' term). */
  gb: number;
  /** ga = B (gH-gL) gam tau_t (u-E0) (seed 000 eq 20). */
  ga: number;
  /** La = tau_t/ga (seed 000 eq 21); +-Infinity where ga = 0. */
  La: number;
  gam: number;
}

/** Small-signal quantities of the MEMDIODE at the steady state of bias u. */
export function memdiodeSmallSignal(p: MemdiodeParams, u: number): MemdiodeSmallSignal {
  const x = memdiodeXss(p, u);
  const tauT = memdiodeTau(p, u);
  let B: number;
  if (!memdiodeIsRelaxation(p)) {
    const r = memdiodeRates(p, u);
    const nA = need(p.nA, 'nA');
    const nD = need(p.nD, 'nD');
    B = ((1 - x) * r.invTauA / nA + (x * r.invTauD) / nD) / p.Vm;
  } else {
    B = (x * (1 - x)) / p.Vm / tauT;
  }
  const gam = memdiodeGamma(p, u);
  const d = u - (p.E0 ?? 0);
  const gb = p.gL + (p.gH - p.gL) * x * gam + (p.gH - p.gL) * x * memdiodeGammaPrime(p, u) * d;
  const ga = B * (p.gH - p.gL) * gam * tauT * d;
  return { x, tauT, B, gb, ga, La: tauT / ga, gam };
}

export interface NetworkOptions {
  /** Capacitance in parallel with the device (seed 000 Fig 8, seed 003 eq 53). */
  Cm?: number;
  /** Series resistance (seed 000 eq 4, seed 003 eq 52 with Rs = 1/gs). */
  Rs?: number;
}

const cx = (re: number, im = 0): Cx => new Complex(re, im);

/** Y_device(s) = gb + ga/(1 + s tau_t) (seed 000 eq 18), optionally with parallel Cm and series Rs. */
export function memdiodeY(p: MemdiodeParams, u: number, omega: number, net: NetworkOptions = {}): Cx {
  const ss = memdiodeSmallSignal(p, u);
  const s = cx(0, omega);
  let Y = cx(ss.gb).add(cx(ss.ga).div(s.mul(ss.tauT).add(1)));
  if (net.Cm) Y = Y.add(s.mul(net.Cm));
  if (net.Rs) Y = Y.inverse().add(net.Rs).inverse();
  return Y;
}

/** Z = 1/Y of memdiodeY. */
export function memdiodeZ(p: MemdiodeParams, u: number, omega: number, net: NetworkOptions = {}): Cx {
  return memdiodeY(p, u, omega, net).inverse();
}

/** Real part of the conduction capacitance of the (ga, La) branch, -ga tau_t/(1 + tau_t^2 omega^2) (seed 000 eq 23). */
export function memdiodeReCa(p: MemdiodeParams, u: number, omega: number): number {
  const { ga, tauT } = memdiodeSmallSignal(p, u);
  return (-ga * tauT) / (1 + tauT * tauT * omega * omega);
}

// ---------------------------------------------------------------------------------------------------------------
// CHEMIND
// ---------------------------------------------------------------------------------------------------------------

/**
 * CHEMIND parameters. `tau` is the ic time (seed 001 tau_k, seed 002 tau_d); `tauf` (seed 002 tau_k) selects the
 * 3-D model with the occupation f (seed 002 eqs 11-12).
 */
export interface ChemindParams {
  ic0: number;
  VT: number;
  Vm: number;
  tau: number;
  tauf?: number;
}

/** Linear elements around the branch: series Rs, parallel Rb and Cm (seed 001 eqs 1-2, 7). */
export interface ChemindNetwork {
  Rs?: number;
  /** Parallel resistance; absent or Infinity = open. */
  Rb?: number;
  Cm?: number;
}

/** f_ss(u) = 1/(1+exp(-(u-VT)/Vm)) (seed 001 eq 5, seed 002 eq 4). */
export function chemindFss(p: ChemindParams, u: number): number {
  return logistic((u - p.VT) / p.Vm);
}

/** Steady-state branch current ic = ic0 f_ss(u) (seed 001 eq 4). */
export function chemindIss(p: ChemindParams, u: number): number {
  return p.ic0 * chemindFss(p, u);
}

/** Steady-state current of the network at internal voltage u: u/Rb + ic0 f_ss(u) (seed 001 eq 6, seed 002 eq 5). */
export function chemindNetworkIss(p: ChemindParams, net: ChemindNetwork, u: number): number {
  const gb = net.Rb === undefined ? 0 : 1 / net.Rb;
  return u * gb + chemindIss(p, u);
}

/** 1/Ra = dic/du = (ic0/Vm) f (1-f) (seed 001 eq 8, seed 002 eq 7). */
export function chemindRa(p: ChemindParams, u: number): number {
  const f = chemindFss(p, u);
  return p.Vm / (p.ic0 * f * (1 - f));
}

/** 2-D inductance La = tau Ra (seed 001 eq 9, seed 002 eq 8). */
export function chemindLa(p: ChemindParams, u: number): number {
  return p.tau * chemindRa(p, u);
}

/** 3-D inductance Lk = f tauf Ra (seed 002 eq 15). */
export function chemindLk(p: ChemindParams, u: number): number {
  const tauf = p.tauf;
  if (tauf === undefined) throw new Error('CHEMIND: Lk needs tauf (3-D model)');
  return chemindFss(p, u) * tauf * chemindRa(p, u);
}

/** Branch impedance: 2-D `Ra + s La` (seed 001 eq 7); 3-D `(1 + s tau)(Ra + s Lk)` (seed 002 eq 14). */
export function chemindBranchZ(p: ChemindParams, u: number, omega: number): Cx {
  const s = cx(0, omega);
  const Ra = chemindRa(p, u);
  if (p.tauf === undefined) return s.mul(p.tau * Ra).add(Ra);
  return s.mul(p.tau).add(1).mul(s.mul(chemindLk(p, u)).add(Ra));
}

/** Full impedance Z = Rs + [Cm s + 1/Rb + 1/Z_branch]^-1 (seed 001 eq 7, seed 002 eqs 6, 13). */
export function chemindZ(p: ChemindParams, net: ChemindNetwork, u: number, omega: number): Cx {
  const s = cx(0, omega);
  let Y = chemindBranchZ(p, u, omega).inverse();
  if (net.Rb !== undefined) Y = Y.add(1 / net.Rb);
  if (net.Cm) Y = Y.add(s.mul(net.Cm));
  return Y.inverse().add(net.Rs ?? 0);
}

/** dc resistance Rdc = Rs + [1/Rb + 1/Ra]^-1 (seed 001 eq 10) = Z(omega = 0). */
export function chemindRdc(p: ChemindParams, net: ChemindNetwork, u: number): number {
  const gb = net.Rb === undefined ? 0 : 1 / net.Rb;
  return (net.Rs ?? 0) + 1 / (gb + 1 / chemindRa(p, u));
}

/** Current-clamp characteristic polynomial lambda^3 + c2 lambda^2 + c1 lambda + c0 of the 3-D model (seed 002 eqs 18-22). */
export interface HopfCoefficients {
  f: number;
  /** tau_m = Rb Cm. */
  tauM: number;
  /** Exact c0 = -det(J) of the eq 18 Jacobian: (1/Rb + 1/Ra)/(Cm tau_d f tau_k). */
  c0: number;
  /** c0 as printed in seed 002 eq 20: ic0 (1-f)/(tau_d tau_k Cm Vm) = 1/(Ra Cm tau_d f tau_k) (drops the 1/Rb term). */
  c0Paper: number;
  c1: number;
  c2: number;
}

export interface ClampNetwork {
  Rb: number;
  Cm: number;
}

function needTauf(p: ChemindParams): number {
  if (p.tauf === undefined) throw new Error('CHEMIND: the Hopf analysis needs the 3-D model (tauf)');
  return p.tauf;
}

/** Coefficients of the characteristic equation at the steady state with internal voltage u. */
export function chemind3dHopfCoefficients(p: ChemindParams, net: ClampNetwork, u: number): HopfCoefficients {
  const tk = needTauf(p);
  const td = p.tau;
  const f = chemindFss(p, u);
  const tauM = net.Rb * net.Cm;
  const invRa = (p.ic0 * f * (1 - f)) / p.Vm;
  const c0Paper = (p.ic0 * (1 - f)) / (td * tk * net.Cm * p.Vm);
  const c0 = (1 / net.Rb + invRa) / (net.Cm * td * f * tk);
  const c1 = 1 / (f * td * tk) + 1 / (f * tauM * tk) + 1 / (td * tauM);
  const c2 = 1 / tauM + 1 / td + 1 / (f * tk);
  return { f, tauM, c0, c0Paper, c1, c2 };
}

export interface HopfPoint {
  /** Steady-state internal voltage at the bifurcation. */
  u: number;
  /** Clamp current I = u/Rb + ic0 f_ss(u). */
  I: number;
  /** Angular frequency of the pair +-i omega, omega^2 = c1 (seed 002 eq 23). */
  omega: number;
}

export interface HopfScanOptions {
  /** Voltage scan range; default VT -+ 20 Vm. */
  uMin?: number;
  uMax?: number;
  /** Grid points of the sign scan before bisection; default 4000. */
  n?: number;
  /** Use the c0 printed in seed 002 eq 20 instead of the exact one (for reproducing Fig 5a). */
  paperC0?: boolean;
}

/** All voltages in the scan range where c1 c2 = c0 (seed 002 eq 25), found by a grid scan and bisection. */
export function chemind3dHopfPoints(p: ChemindParams, net: ClampNetwork, opts: HopfScanOptions = {}): HopfPoint[] {
  const uMin = opts.uMin ?? p.VT - 20 * p.Vm;
  const uMax = opts.uMax ?? p.VT + 20 * p.Vm;
  const n = opts.n ?? 4000;
  const g = (u: number): number => {
    const c = chemind3dHopfCoefficients(p, net, u);
    return c.c1 * c.c2 - (opts.paperC0 ? c.c0Paper : c.c0);
  };
  const out: HopfPoint[] = [];
  let uPrev = uMin;
  let gPrev = g(uMin);
  for (let i = 1; i <= n; i++) {
    const uNext = uMin + ((uMax - uMin) * i) / n;
    const gNext = g(uNext);
    if (gPrev === 0 || gPrev * gNext < 0) {
      let a = uPrev;
      let b = uNext;
      let ga = gPrev;
      if (gPrev !== 0) {
        for (let k = 0; k < 200 && b - a > 1e-15 * Math.max(1, Math.abs(a)); k++) {
          const m = 0.5 * (a + b);
          const gm = g(m);
          if (gm === 0) {
            a = b = m;
            break;
          }
          if (ga * gm < 0) b = m;
          else {
            a = m;
            ga = gm;
          }
        }
      }
      const u = 0.5 * (a + b);
      const c = chemind3dHopfCoefficients(p, net, u);
      out.push({ u, I: chemindNetworkIss(p, { Rb: net.Rb }, u), omega: Math.sqrt(c.c1) });
    }
    uPrev = uNext;
    gPrev = gNext;
  }
  return out;
}

export interface HopfInterval {
  uLow: number;
  uHigh: number;
  /** Clamp currents bounding the oscillating (unstable) range. */
  iLow: number;
  iHigh: number;
  omegaLow: number;
  omegaHigh: number;
}

/**
 * The interval of clamp currents where the steady state is unstable (c0 > c1 c2, Routh-Hurwitz) between the two
 * Hopf points of seed 002 Fig 5a; null when there are not exactly two Hopf points in the scan range.
 */
export function chemind3dHopfInterval(p: ChemindParams, net: ClampNetwork, opts: HopfScanOptions = {}): HopfInterval | null {
  const pts = chemind3dHopfPoints(p, net, opts);
  if (pts.length !== 2) return null;
  const [a, b] = pts as [HopfPoint, HopfPoint];
  return { uLow: a.u, uHigh: b.u, iLow: a.I, iHigh: b.I, omegaLow: a.omega, omegaHigh: b.omega };
}

// ---------------------------------------------------------------------------------------------------------------
// POLCAP
// ---------------------------------------------------------------------------------------------------------------

/**
 * POLCAP parameters (seed 003 eqs 62-64). tau(u) as in the MEMDIODE relaxation form: constant tau0 (with tauM)
 * unless VA and VD are given.
 */
export interface PolcapParams {
  gL: number;
  E0?: number;
  Q0: number;
  Vm: number;
  /** Centre of p_eq (seed 003 eq 64 writes V_D; Fig 31 calls it V_B). */
  VB: number;
  pm: number;
  tau0: number;
  VA?: number;
  VD?: number;
  nA?: number;
  nD?: number;
  tauM?: number;
  /** As MemdiodeParams.ctau (the POLCAP device defaults to ctau = 1). */
  ctau?: boolean | number;
}

/** p_eq(u) = 1/(1+exp(-(u-VB)/Vm)) - pm (seed 003 eq 64). */
export function polcapPeq(p: PolcapParams, u: number): number {
  return logistic((u - p.VB) / p.Vm) - p.pm;
}

/** Relaxation time tau(u). */
export function polcapTau(p: PolcapParams, u: number): number {
  const m: MemdiodeParams = { gL: 0, gH: 0, Vm: p.Vm, tau0: p.tau0, VB: p.VB };
  if (p.tauM !== undefined) m.tauM = p.tauM;
  if (p.VA !== undefined) m.VA = p.VA;
  if (p.VD !== undefined) m.VD = p.VD;
  if (p.nA !== undefined) m.nA = p.nA;
  if (p.nD !== undefined) m.nD = p.nD;
  if (p.ctau !== undefined) m.ctau = p.ctau;
  return memdiodeTau(m, u);
}

/** Instantaneous current I(u, p) = gL (u-E0) + Q0 (p_eq(u) - p)/tau(u) (seed 003 eqs 62-63 with dp/dt substituted). */
export function polcapCurrent(p: PolcapParams, u: number, pState: number): number {
  return p.gL * (u - (p.E0 ?? 0)) + (p.Q0 * (polcapPeq(p, u) - pState)) / polcapTau(p, u);
}

/** Steady-state current gL (u - E0). */
export function polcapIss(p: PolcapParams, u: number): number {
  return p.gL * (u - (p.E0 ?? 0));
}

/**
 * Small-signal admittance Y(s) = gL + s Q0 p_eq'(u)/(1 + s tau(u)): a series (R = tau/(Q0 p_eq'), C = Q0 p_eq')
 * branch in parallel with gL. Optional parallel Cm and series Rs.
 */
export function polcapY(p: PolcapParams, u: number, omega: number, net: NetworkOptions = {}): Cx {
  const x = logistic((u - p.VB) / p.Vm);
  const dpeq = (x * (1 - x)) / p.Vm;
  const tau = polcapTau(p, u);
  const s = cx(0, omega);
  let Y = s.mul(p.Q0 * dpeq).div(s.mul(tau).add(1)).add(p.gL);
  if (net.Cm) Y = Y.add(s.mul(net.Cm));
  if (net.Rs) Y = Y.inverse().add(net.Rs).inverse();
  return Y;
}

export function polcapZ(p: PolcapParams, u: number, omega: number, net: NetworkOptions = {}): Cx {
  return polcapY(p, u, omega, net).inverse();
}

// ---------------------------------------------------------------------------------------------------------------
// Series resistance: steady state at an applied voltage
// ---------------------------------------------------------------------------------------------------------------

/**
 * Solves V = Rs I(u) + u for u by bisection (seed 000 eq 4, seed 001 eq 1, seed 003 eq 52). `Iss` is the steady-state
 * current of the element at internal voltage u. Requires u + Rs Iss(u) to cross V once in [uLo, uHi] (it is monotone
 * whenever 1 + Rs dI/du > 0). Returns the internal voltage and the current.
 */
export function solveSeries(
  Iss: (u: number) => number,
  V: number,
  Rs: number,
  uLo = -1e3,
  uHi = 1e3,
): { u: number; I: number } {
  const r = (u: number): number => u + Rs * Iss(u) - V;
  let a = uLo;
  let b = uHi;
  let ra = r(a);
  const rb = r(b);
  if (ra * rb > 0) throw new Error('solveSeries: V is not bracketed');
  for (let k = 0; k < 300 && b - a > 4e-16 * Math.max(1, Math.abs(a), Math.abs(b)); k++) {
    const m = 0.5 * (a + b);
    const rm = r(m);
    if (rm === 0) {
      a = b = m;
      break;
    }
    if (ra * rm < 0) b = m;
    else {
      a = m;
      ra = rm;
    }
  }
  const u = 0.5 * (a + b);
  return { u, I: Iss(u) };
}

/**
 * Solves g(u) = target for u in [lo, hi] by bisection; g must cross target once there (e.g. the steady-state
 * I(u) of a current clamp, seed 002 eq 5, which is monotone for positive dc resistances).
 */
export function solveMonotone(g: (u: number) => number, target: number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  let ra = g(a) - target;
  if (ra * (g(b) - target) > 0) throw new Error('solveMonotone: target is not bracketed');
  for (let k = 0; k < 300 && b - a > 4e-16 * Math.max(1, Math.abs(a), Math.abs(b)); k++) {
    const m = 0.5 * (a + b);
    const rm = g(m) - target;
    if (rm === 0) return m;
    if (ra * rm < 0) b = m;
    else {
      a = m;
      ra = rm;
    }
  }
  return 0.5 * (a + b);
}
