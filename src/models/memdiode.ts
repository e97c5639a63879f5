/**
 * MEMDIODE closed forms: steady state and small-signal quantities of the gated-conductance memristor, used as
 * references by the tests and by `zcheck` (through the MEMDIODE definition's `closedForm`). Equations and their
 * sources are in docs/physics.md. Papers: Bisquert, Roldán, Miranda, PCCP 2024 and Bisquert,
 * Adv. Phys. Res. 2024.
 *
 * Conventions: dimensionless units as in the papers; `u` is the voltage across the element (v(n+) - v(n-)); the
 * current flows from n+ through the element to n-; `s = i*omega`.
 *
 * - Rate form (default, `VB` absent): `dx/dt = (1-x)/tauA - x/tauD` (PCCP 2024, eq 6; Adv. Phys. Res. 2024, eq 44).
 * - Relaxation form (`VB` given): `tau(u) dx/dt = xeq(u) - x` (Adv. Phys. Res. 2024, eqs 65-68). `1/tau = 1/tauM + 1/tauA + 1/tauD`
 *   when VA and VD are given, else the constant-relaxation-time model of Adv. Phys. Res. 2024 Fig 21: `1/tau = 1/tauM + 1/tau0`.
 * - `VC` given: deactivation factor `gam(u) = 1/(1+exp((u-VC)/Vm))` multiplies x in the current (Adv. Phys. Res. 2024, eqs 22-23).
 */
import { cx, logistic, withNetwork, type Cx, type NetworkOptions } from './closedForm.ts';
import type { ParamsOf, ParamSpec } from './params.ts';

/** The device's parameters: validation, defaults, docs and the types below (src/models/params.ts). */
export const MEMDIODE_PARAMS = [
  { name: 'gL', default: 0.1, unit: 'S', description: 'low (background) conductance', constraint: 'nonnegative' },
  { name: 'gH', default: 1, unit: 'S', description: 'high conductance of the activated branch', constraint: 'nonnegative' },
  { name: 'E0', default: 0, unit: 'V', description: 'reversal (zero-current) voltage' },
  { name: 'Vm', default: 0.1, unit: 'V', description: 'voltage scale of the activation and rates', constraint: 'positive' },
  { name: 'VA', default: 0.3, unit: 'V', description: 'activation ("set") voltage', aliases: ['Vs'] },
  { name: 'VD', default: -0.4, unit: 'V', description: 'deactivation ("reset") voltage', aliases: ['Vr'] },
  { name: 'nA', default: 1.5, unit: '', description: 'ideality factor of the activation rate', constraint: 'positive', aliases: ['ns'] },
  { name: 'nD', default: 2, unit: '', description: 'ideality factor of the deactivation rate', constraint: 'positive', aliases: ['nr'] },
  { name: 'tau0', default: 1, unit: 's', description: 'rate prefactor time (relaxation time scale)', constraint: 'positive', aliases: ['tauk'] },
  { name: 'VB', unit: 'V', description: 'gives the relaxation form with xeq centred at VB (Adv. Phys. Res. 2024 eq 67)', optional: true },
  { name: 'tauM', unit: 's', description: 'fastest relaxation time, relaxation form (Adv. Phys. Res. 2024 eq 68); default infinite', optional: true, constraint: 'positive' },
  { name: 'ctau', default: 0, unit: '', description: '1: constant relaxation time 1/tau = 1/tauM + 1/tau0 (relaxation form, Adv. Phys. Res. 2024 Fig 21)' },
  { name: 'VC', unit: 'V', description: 'deactivation factor gam(u) centre (Adv. Phys. Res. 2024 eq 23); absent: gam = 1', optional: true },
  { name: 'x0', unit: '', description: 'initial state for a transient (default: steady state at the operating point)', optional: true, constraint: 'probability' },
] as const satisfies readonly ParamSpec[];

/** A resolved MEMDIODE instance: `{ gL: number; ...; VB: number | undefined; ... }`. */
export type MemdiodeInstanceParams = ParamsOf<typeof MEMDIODE_PARAMS>;

type Needed = 'gL' | 'gH' | 'Vm' | 'tau0';

/**
 * The closed forms' input: the MEMDIODE table's parameters (a resolved instance is one), of which only gL, gH, Vm
 * and tau0 must be given. Absent: E0 = 0; VA, VD, nA, nD only where a formula needs them; VB selects the
 * relaxation form; tauM infinite; VC gives gam = 1; ctau (relaxation form): constant exactly when VA and VD are
 * both absent.
 */
export type MemdiodeParams = Pick<MemdiodeInstanceParams, Needed> & Partial<Omit<MemdiodeInstanceParams, Needed>>;

export interface MemdiodeRates {
  /** 1/tauA = exp((u-VA)/(nA Vm))/tau0 (PCCP 2024, eq 7; Adv. Phys. Res. 2024, eq 46). */
  invTauA: number;
  /** 1/tauD = exp(-(u-VD)/(nD Vm))/tau0 (PCCP 2024, eq 8; Adv. Phys. Res. 2024, eq 47). */
  invTauD: number;
}

/** The parameters the relaxation time depends on (POLCAP shares them). */
export type RelaxationTimeModel = Pick<MemdiodeParams, 'Vm' | 'tau0' | 'VA' | 'VD' | 'nA' | 'nD' | 'VB' | 'tauM' | 'ctau'>;

function need(v: number | undefined, name: string): number {
  if (v === undefined || !Number.isFinite(v)) throw new Error(`MEMDIODE: parameter ${name} is required here`);
  return v;
}

/** Activation and deactivation rates; throws if VA, VD are absent. */
export function memdiodeRates(p: RelaxationTimeModel, u: number): MemdiodeRates {
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
export const memdiodeIsRelaxation = (p: Pick<MemdiodeParams, 'VB'>): boolean => p.VB !== undefined;

/**
 * The relaxation time of the state at bias u: rate form `tau_t = (1/tauA + 1/tauD)^-1` (PCCP 2024, eq 16);
 * relaxation form `1/tau = 1/tauM + 1/tauA + 1/tauD` (Adv. Phys. Res. 2024, eq 68) or `1/tau = 1/tauM + 1/tau0` (constant).
 */
export function memdiodeTau(p: RelaxationTimeModel, u: number): number {
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

/** `nt = (1/nA + 1/nD)^-1`, `Vt = nt (VA/nA + VD/nD)` (PCCP 2024, eqs 11-12). */
export function memdiodeVt(p: MemdiodeParams): { nt: number; Vt: number } {
  const VA = need(p.VA, 'VA');
  const VD = need(p.VD, 'VD');
  const nA = need(p.nA, 'nA');
  const nD = need(p.nD, 'nD');
  const nt = 1 / (1 / nA + 1 / nD);
  return { nt, Vt: nt * (VA / nA + VD / nD) };
}

/**
 * Steady state of x: rate form `1/(1+exp(-(u-Vt)/(nt Vm)))` (PCCP 2024, eqs 9-12); relaxation form
 * `xeq = 1/(1+exp(-(u-VB)/Vm))` (Adv. Phys. Res. 2024, eq 67).
 */
export function memdiodeXss(p: MemdiodeParams, u: number): number {
  if (p.VB !== undefined) return logistic((u - p.VB) / p.Vm);
  const { nt, Vt } = memdiodeVt(p);
  return logistic((u - Vt) / (nt * p.Vm));
}

/** Deactivation factor gam(u) = 1/(1+exp((u-VC)/Vm)) (Adv. Phys. Res. 2024, eq 23); 1 when VC is absent. */
export function memdiodeGamma(p: MemdiodeParams, u: number): number {
  return p.VC === undefined ? 1 : logistic(-(u - p.VC) / p.Vm);
}

/** dgam/du = -gam (1 - gam)/Vm; 0 when VC is absent. */
export function memdiodeGammaPrime(p: MemdiodeParams, u: number): number {
  if (p.VC === undefined) return 0;
  const g = memdiodeGamma(p, u);
  return (-g * (1 - g)) / p.Vm;
}

/** Instantaneous current I(u, x) = [gL + (gH-gL) x gam(u)] (u - E0) (PCCP 2024, eq 5; Adv. Phys. Res. 2024, eqs 22, 65). */
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

/** Steady-state current I_ss(u) = I(u, xss(u)) (Adv. Phys. Res. 2024, eqs 18, 22). */
export function memdiodeIss(p: MemdiodeParams, u: number): number {
  return memdiodeCurrent(p, u, memdiodeXss(p, u));
}

export interface MemdiodeSmallSignal {
  /** Steady-state x at the bias. */
  x: number;
  /** Relaxation time of the linearised state, tau_t = -1/(dh/dx) (PCCP 2024, eq 16). */
  tauT: number;
  /** B = dh/du at steady state (PCCP 2024, eq 17; relaxation form: xeq'(u)/tau). */
  B: number;
  /** Instantaneous (high-frequency) conductance dI/du at fixed x (PCCP 2024, eq 19, plus the gam' term). */
  gb: number;
  /** ga = B (gH-gL) gam tau_t (u-E0) (PCCP 2024, eq 20). */
  ga: number;
  /** La = tau_t/ga (PCCP 2024, eq 21); +-Infinity where ga = 0. */
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

/**
 * The device's admittance at the steady state of bias u, as a function of omega: Y(s) = gb + ga/(1 + s tau_t)
 * (PCCP 2024, eq 18). The small-signal quantities are computed once.
 */
export function memdiodeAdmittance(p: MemdiodeParams, u: number): (omega: number) => Cx {
  const ss = memdiodeSmallSignal(p, u);
  return (omega) => cx(ss.gb).add(cx(ss.ga).div(cx(0, omega).mul(ss.tauT).add(1)));
}

/** Y_device(s) = gb + ga/(1 + s tau_t) (PCCP 2024, eq 18), optionally with parallel Cm and series Rs. */
export function memdiodeY(p: MemdiodeParams, u: number, omega: number, net: NetworkOptions = {}): Cx {
  return withNetwork(memdiodeAdmittance(p, u)(omega), omega, net);
}

/** Z = 1/Y of memdiodeY. */
export function memdiodeZ(p: MemdiodeParams, u: number, omega: number, net: NetworkOptions = {}): Cx {
  return memdiodeY(p, u, omega, net).inverse();
}

/** Real part of the conduction capacitance of the (ga, La) branch, -ga tau_t/(1 + tau_t^2 omega^2) (PCCP 2024, eq 23). */
export function memdiodeReCa(p: MemdiodeParams, u: number, omega: number): number {
  const { ga, tauT } = memdiodeSmallSignal(p, u);
  return (-ga * tauT) / (1 + tauT * tauT * omega * omega);
}
