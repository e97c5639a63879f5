/**
 * CHEMIND closed forms: steady state, impedance and the Hopf analysis of the chemical inductor, used as references
 * by the tests and by `zcheck` (through the CHEMIND definition's `closedForm`). Papers: Bisquert, Bou, Guerrero,
 * Hernández-Balaguera, APL Mach. Learn. 2023 (the 2-D model) and Bisquert, Guerrero, JPCL 2022
 * (the 2-D and 3-D models). `tau` is the ic time (APL Mach. Learn. 2023 tau_k, JPCL 2022 tau_d); `tauf`
 * (JPCL 2022 tau_k) selects the 3-D model with the occupation f (JPCL 2022, eqs 11-12).
 *
 * Conventions as in ./memdiode.ts: `u` is the voltage across the branch, `s = i*omega`.
 */
import { cx, logistic, type Cx } from './closedForm.ts';
import { bisect } from './rootFinding.ts';
import type { ParamsOf, ParamSpec } from './params.ts';

/** The device's parameters: validation, defaults, docs and the types below (src/models/params.ts). */
export const CHEMIND_PARAMS = [
  { name: 'ic0', default: 50, unit: 'A', description: 'saturation current of the inductive branch' },
  { name: 'VT', default: 1, unit: 'V', description: 'activation voltage of f_ss' },
  { name: 'Vm', default: 0.05, unit: 'V', description: 'voltage scale of the activation', constraint: 'positive' },
  { name: 'tau', default: 10, unit: 's', description: 'relaxation time of the current ic', constraint: 'positive' },
  { name: 'tauf', unit: 's', description: 'relaxation time of the gate f; gives the 3-D model (JPCL 2022 eqs 11-12)', optional: true, constraint: 'positive' },
  { name: 'ic_init', unit: 'A', description: 'initial ic for a transient (default: operating point)', optional: true },
  { name: 'f_init', unit: '', description: 'initial f for a transient, 3-D only (default: operating point)', optional: true, constraint: 'probability' },
] as const satisfies readonly ParamSpec[];

/** A resolved CHEMIND instance. */
export type ChemindInstanceParams = ParamsOf<typeof CHEMIND_PARAMS>;

type Needed = 'ic0' | 'VT' | 'Vm' | 'tau';

/** The closed forms' input: the CHEMIND table's parameters (a resolved instance is one); tauf absent: 2-D. */
export type ChemindParams = Pick<ChemindInstanceParams, Needed> & Partial<Omit<ChemindInstanceParams, Needed>>;

/** Linear elements around the branch: series Rs, parallel Rb and Cm (APL Mach. Learn. 2023, eqs 1-2, 7). */
export interface ChemindNetwork {
  Rs?: number;
  /** Parallel resistance; absent or Infinity = open. */
  Rb?: number;
  Cm?: number;
}

/** f_ss(u) = 1/(1+exp(-(u-VT)/Vm)) (APL Mach. Learn. 2023, eq 5; JPCL 2022, eq 4). */
export function chemindFss(p: ChemindParams, u: number): number {
  return logistic((u - p.VT) / p.Vm);
}

/** Steady-state branch current ic = ic0 f_ss(u) (APL Mach. Learn. 2023, eq 4). */
export function chemindIss(p: ChemindParams, u: number): number {
  return p.ic0 * chemindFss(p, u);
}

/** Steady-state current of the network at internal voltage u: u/Rb + ic0 f_ss(u) (APL Mach. Learn. 2023, eq 6; JPCL 2022, eq 5). */
export function chemindNetworkIss(p: ChemindParams, net: ChemindNetwork, u: number): number {
  const gb = net.Rb === undefined ? 0 : 1 / net.Rb;
  return u * gb + chemindIss(p, u);
}

/** 1/Ra = dic/du = (ic0/Vm) f (1-f) (APL Mach. Learn. 2023, eq 8; JPCL 2022, eq 7). */
export function chemindRa(p: ChemindParams, u: number): number {
  const f = chemindFss(p, u);
  return p.Vm / (p.ic0 * f * (1 - f));
}

/** 2-D inductance La = tau Ra (APL Mach. Learn. 2023, eq 9; JPCL 2022, eq 8). */
export function chemindLa(p: ChemindParams, u: number): number {
  return p.tau * chemindRa(p, u);
}

/** 3-D inductance Lk = f tauf Ra (JPCL 2022, eq 15). */
export function chemindLk(p: ChemindParams, u: number): number {
  const tauf = p.tauf;
  if (tauf === undefined) throw new Error('CHEMIND: Lk needs tauf (3-D model)');
  return chemindFss(p, u) * tauf * chemindRa(p, u);
}

/** Branch impedance: 2-D `Ra + s La` (APL Mach. Learn. 2023, eq 7); 3-D `(1 + s tau)(Ra + s Lk)` (JPCL 2022, eq 14). */
export function chemindBranchZ(p: ChemindParams, u: number, omega: number): Cx {
  const s = cx(0, omega);
  const Ra = chemindRa(p, u);
  if (p.tauf === undefined) return s.mul(p.tau * Ra).add(Ra);
  return s.mul(p.tau).add(1).mul(s.mul(chemindLk(p, u)).add(Ra));
}

/** Full impedance Z = Rs + [Cm s + 1/Rb + 1/Z_branch]^-1 (APL Mach. Learn. 2023, eq 7; JPCL 2022, eqs 6, 13). */
export function chemindZ(p: ChemindParams, net: ChemindNetwork, u: number, omega: number): Cx {
  const s = cx(0, omega);
  let Y = chemindBranchZ(p, u, omega).inverse();
  if (net.Rb !== undefined) Y = Y.add(1 / net.Rb);
  if (net.Cm) Y = Y.add(s.mul(net.Cm));
  return Y.inverse().add(net.Rs ?? 0);
}

/** dc resistance Rdc = Rs + [1/Rb + 1/Ra]^-1 (APL Mach. Learn. 2023, eq 10) = Z(omega = 0). */
export function chemindRdc(p: ChemindParams, net: ChemindNetwork, u: number): number {
  const gb = net.Rb === undefined ? 0 : 1 / net.Rb;
  return (net.Rs ?? 0) + 1 / (gb + 1 / chemindRa(p, u));
}

// ---------------------------------------------------------------------------------------------------------------
// Hopf analysis of the current-clamped 3-D model (JPCL 2022, eqs 18-25)
// ---------------------------------------------------------------------------------------------------------------

/** Current-clamp characteristic polynomial lambda^3 + c2 lambda^2 + c1 lambda + c0 of the 3-D model (JPCL 2022, eqs 18-22). */
export interface HopfCoefficients {
  f: number;
  /** tau_m = Rb Cm. */
  tauM: number;
  /** Exact c0 = -det(J) of the eq 18 Jacobian: (1/Rb + 1/Ra)/(Cm tau_d f tau_k). */
  c0: number;
  /** c0 as printed in JPCL 2022, eq 20: ic0 (1-f)/(tau_d tau_k Cm Vm) = 1/(Ra Cm tau_d f tau_k) (drops the 1/Rb term). */
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
  /** Angular frequency of the pair +-i omega, omega^2 = c1 (JPCL 2022, eq 23). */
  omega: number;
}

export interface HopfScanOptions {
  /** Voltage scan range; default VT -+ 20 Vm. */
  uMin?: number;
  uMax?: number;
  /** Grid points of the sign scan before bisection; default 4000. */
  n?: number;
  /** Use the c0 printed in JPCL 2022, eq 20 instead of the exact one (for reproducing its Fig 5a). */
  paperC0?: boolean;
}

/** All voltages in the scan range where c1 c2 = c0 (JPCL 2022, eq 25), found by a grid scan and bisection. */
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
      const u = gPrev === 0 ? uPrev : bisect(g, uPrev, uNext, { xTol: 1e-15 });
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
 * Hopf points of JPCL 2022, Fig 5a; null when there are not exactly two Hopf points in the scan range.
 */
export function chemind3dHopfInterval(p: ChemindParams, net: ClampNetwork, opts: HopfScanOptions = {}): HopfInterval | null {
  const pts = chemind3dHopfPoints(p, net, opts);
  if (pts.length !== 2) return null;
  const [a, b] = pts as [HopfPoint, HopfPoint];
  return { uLow: a.u, uHigh: b.u, iLow: a.I, iHigh: b.I, omegaLow: a.omega, omegaHigh: b.omega };
}
