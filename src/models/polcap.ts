/**
 * POLCAP closed forms (Bisquert, Adv. Phys. Res. 2024, eqs 62-64), used as references by the tests and by `zcheck`
 * (through the POLCAP definition's `closedForm`). tau(u) as in the MEMDIODE relaxation form: constant tau0 (with
 * tauM) unless VA and VD are given and ctau is 0.
 */
import type { PolcapInstanceParams } from '../devices/polcap.ts';
import { logistic } from '../devices/memristive.ts';
import { cx, withNetwork, type Cx, type NetworkOptions } from './closedForm.ts';
import { memdiodeTau } from './memdiode.ts';

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
