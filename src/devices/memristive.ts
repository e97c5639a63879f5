/**
 * Pieces shared by the memristive devices (MEMDIODE, CHEMIND, POLCAP): overflow-safe exponentials,
 * the logistic function, junction-style limiting of the controlling voltage, and the relaxation time of
 * Bisquert, Adv. Phys. Res. 2024, eq 68.
 */

/** Exponent cap: exp(200) ~ 7e86, so products of two rates stay far from overflow. */
const EXP_CAP = 200;
const EXP_AT_CAP = Math.exp(EXP_CAP);

/** exp(a), continued linearly beyond a = 200 (value and slope continuous): never Infinity. */
export function safeExp(a: number): number {
  return a <= EXP_CAP ? Math.exp(a) : EXP_AT_CAP * (1 + a - EXP_CAP);
}

/** d/da safeExp(a), given value = safeExp(a): no second exponential. */
export function safeExpSlopeOf(a: number, value: number): number {
  return a <= EXP_CAP ? value : EXP_AT_CAP;
}

// The logistic function is shared with the closed forms, which sit below the devices.
export { logistic } from '../models/closedForm.ts';

/**
 * Junction-style limiting (after SPICE's pnjlim): when a Newton update would move the controlling voltage
 * by more than two exponential scales `vt` into a region where the rates are large (|exponent| > 2), the
 * move is compressed logarithmically, so exponentials grow by a bounded factor per iteration.
 */
export function limitVoltage(uNew: number, uOld: number, vt: number, exponentAtNew: number): number {
  if (!Number.isFinite(uOld)) return uNew;
  const du = uNew - uOld;
  if (Math.abs(du) <= 2 * vt || exponentAtNew <= 2) return uNew;
  // Continuous at |du| = 2 vt (where it gives 2 vt), logarithmic beyond.
  return uOld + Math.sign(du) * vt * (2 + Math.log(Math.abs(du) / (2 * vt)));
}

export interface RelaxationTimeParams {
  tau0: number;
  tauM: number;
  va: number;
  vd: number;
  na: number;
  nd: number;
  vm: number;
  /** Constant relaxation time: 1/tau = 1/tauM + 1/tau0 (Bisquert, Adv. Phys. Res. 2024, Fig 21). */
  constant: boolean;
}

/** The fields of a resolved MEMDIODE or POLCAP instance (both tables have them) that tau(u) depends on. */
export interface RelaxationTimeInputs {
  tau0: number;
  tauM: number | undefined;
  VA: number;
  VD: number;
  nA: number;
  nD: number;
  Vm: number;
  ctau: number;
}

/** The relaxation-time parameters of a resolved MEMDIODE / POLCAP parameter record. */
export function relaxationTimeParams(p: RelaxationTimeInputs): RelaxationTimeParams {
  return {
    tau0: p.tau0,
    tauM: p.tauM ?? Infinity,
    va: p.VA,
    vd: p.VD,
    na: p.nA,
    nd: p.nD,
    vm: p.Vm,
    constant: p.ctau !== 0,
  };
}

/**
 * Inverse relaxation time 1/tau(u) and its derivative (Bisquert, Adv. Phys. Res. 2024, eq 68; the sign of
 * the second exponent as in eqs 46-47: tau peaks at the crossing of the two rates; eq 50 misprints it).
 * The slopes reuse the two exponentials.
 */
export function inverseRelaxationTime(p: RelaxationTimeParams, u: number): { rate: number; slope: number } {
  const invM = Number.isFinite(p.tauM) ? 1 / p.tauM : 0;
  if (p.constant) return { rate: invM + 1 / p.tau0, slope: 0 };
  const aA = (u - p.va) / (p.na * p.vm);
  const aD = -(u - p.vd) / (p.nd * p.vm);
  const eA = safeExp(aA);
  const eD = safeExp(aD);
  return {
    rate: invM + (eA + eD) / p.tau0,
    slope: (safeExpSlopeOf(aA, eA) / (p.na * p.vm) - safeExpSlopeOf(aD, eD) / (p.nd * p.vm)) / p.tau0,
  };
}

/** The largest exponent argument in eq 68 at u (for deciding whether to limit). */
export function rateExponent(p: RelaxationTimeParams, u: number): number {
  if (p.constant) return 0;
  return Math.max((u - p.va) / (p.na * p.vm), -(u - p.vd) / (p.nd * p.vm));
}
