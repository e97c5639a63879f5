/**
 * POLCAP closed forms (Bisquert, Adv. Phys. Res. 2024, eqs 62-64), used as references by the tests and by `zcheck`
 * (through the POLCAP definition's `closedForm`). tau(u) as in the MEMDIODE relaxation form: constant tau0 (with
 * tauM) unless VA and VD are given and ctau is 0.
 */
import { cx, logistic, withNetwork, type Cx, type NetworkOptions } from './closedForm.ts';
import { memdiodeTau } from './memdiode.ts';
import type { ParamsOf, ParamSpec } from './params.ts';

/** The device's parameters: validation, defaults, docs and the types below (src/models/params.ts). */
export const POLCAP_PARAMS = [
  { name: 'gL', default: 0.1, unit: 'S', description: 'background conductance', constraint: 'nonnegative' },
  { name: 'E0', default: 0, unit: 'V', description: 'reversal voltage' },
  { name: 'Q0', default: 1, unit: 'C', description: 'charge displaced by a full change of p' },
  { name: 'VB', default: 0, unit: 'V', description: 'centre of p_eq (Adv. Phys. Res. 2024 eq 64 writes it V_D)' },
  { name: 'Vm', default: 0.1, unit: 'V', description: 'voltage scale of p_eq and of tau(u)', constraint: 'positive' },
  { name: 'pm', default: 0.5, unit: '', description: 'offset of p_eq' },
  { name: 'tau0', default: 1, unit: 's', description: 'relaxation time (constant form) or rate prefactor', constraint: 'positive' },
  { name: 'tauM', unit: 's', description: 'fastest relaxation time (Adv. Phys. Res. 2024 eq 68); default infinite', optional: true, constraint: 'positive' },
  { name: 'ctau', default: 1, unit: '', description: '1: constant relaxation time; 0: tau(u) of Adv. Phys. Res. 2024 eq 68' },
  { name: 'VA', default: 0.3, unit: 'V', description: 'activation voltage of tau(u) (ctau=0)' },
  { name: 'VD', default: -0.4, unit: 'V', description: 'deactivation voltage of tau(u) (ctau=0)' },
  { name: 'nA', default: 1.5, unit: '', description: 'activation ideality factor of tau(u) (ctau=0)', constraint: 'positive' },
  { name: 'nD', default: 2, unit: '', description: 'deactivation ideality factor of tau(u) (ctau=0)', constraint: 'positive' },
  { name: 'p0', unit: '', description: 'initial state for a transient (default: operating point)', optional: true },
] as const satisfies readonly ParamSpec[];

/** A resolved POLCAP instance. */
export type PolcapInstanceParams = ParamsOf<typeof POLCAP_PARAMS>;

type Needed = 'gL' | 'Q0' | 'Vm' | 'VB' | 'pm' | 'tau0';

/**
 * The closed forms' input: the POLCAP table's parameters (a resolved instance is one). VB is the centre of p_eq
 * (Bisquert, Adv. Phys. Res. 2024, eq 64 writes V_D; its Fig 31 calls it V_B). Absent: E0 = 0, tauM infinite,
 * ctau as for the MEMDIODE closed forms (the POLCAP device defaults to ctau = 1).
 */
export type PolcapParams = Pick<PolcapInstanceParams, Needed> & Partial<Omit<PolcapInstanceParams, Needed>>;

/** p_eq(u) = 1/(1+exp(-(u-VB)/Vm)) - pm (Bisquert, Adv. Phys. Res. 2024, eq 64). */
export function polcapPeq(p: PolcapParams, u: number): number {
  return logistic((u - p.VB) / p.Vm) - p.pm;
}

/** Relaxation time tau(u): the MEMDIODE relaxation form's (VB is always given). */
export function polcapTau(p: PolcapParams, u: number): number {
  return memdiodeTau(p, u);
}

/** Instantaneous current I(u, p) = gL (u-E0) + Q0 (p_eq(u) - p)/tau(u) (Bisquert, Adv. Phys. Res. 2024, eqs 62-63 with dp/dt substituted). */
export function polcapCurrent(p: PolcapParams, u: number, pState: number): number {
  return p.gL * (u - (p.E0 ?? 0)) + (p.Q0 * (polcapPeq(p, u) - pState)) / polcapTau(p, u);
}

/** Steady-state current gL (u - E0). */
export function polcapIss(p: PolcapParams, u: number): number {
  return p.gL * (u - (p.E0 ?? 0));
}

/**
 * The device's admittance at the steady state of bias u, as a function of omega: Y(s) = gL + s Q0 p_eq'(u)/(1 + s tau(u)),
 * a series (R = tau/(Q0 p_eq'), C = Q0 p_eq') branch in parallel with gL.
 */
export function polcapAdmittance(p: PolcapParams, u: number): (omega: number) => Cx {
  const x = logistic((u - p.VB) / p.Vm);
  const dpeq = (x * (1 - x)) / p.Vm;
  const tau = polcapTau(p, u);
  return (omega) => {
    const s = cx(0, omega);
    return s.mul(p.Q0 * dpeq).div(s.mul(tau).add(1)).add(p.gL);
  };
}

/** polcapAdmittance at omega, optionally with parallel Cm and series Rs. */
export function polcapY(p: PolcapParams, u: number, omega: number, net: NetworkOptions = {}): Cx {
  return withNetwork(polcapAdmittance(p, u)(omega), omega, net);
}

export function polcapZ(p: PolcapParams, u: number, omega: number, net: NetworkOptions = {}): Cx {
  return polcapY(p, u, omega, net).inverse();
}
