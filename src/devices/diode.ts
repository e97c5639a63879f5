/**
 * D: junction diode, SPICE level 1 (ngspice's parameter names and equations), used as the selector of
 * 1D1R crossbar cells.
 *
 *   Id(v) = IS (exp(v/(N Vt)) - 1) + GMIN v                         v >= -3 N Vt
 *         = -IS (1 + (3 N Vt/(e v))^3) + GMIN v                    -BV' <= v < -3 N Vt (cubic reverse tail)
 *         = -IS exp(-(BV' + v)/(N Vt)) + GMIN v                    v < -BV' (breakdown, only with BV given)
 *   BV' is BV shifted so that the current at v = -BV is IBV (ngspice's iteration).
 *   Q(v) = TT Id(v) + depletion charge of CJ(v):
 *         CJ(v) = CJO (1 - v/VJ)^-M for v < FC VJ, continued linearly beyond (F1, F2, F3 of SPICE)
 *   RS in series, through an internal node (none when RS = 0). AREA scales IS, CJO, IBV and 1/RS.
 *   Vt = k T / q at T = 300.15 K with ngspice's constants; EG and XTI are accepted for netlist
 *   compatibility but only matter away from the nominal temperature, which memspice does not model.
 *
 * Newton limiting: SPICE's pnjlim on the junction voltage (and around -BV' in breakdown).
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import { NetlistError } from '../base/errors.ts';
import { entryTable, InstanceDevice, stampTwoNode, TWO_NODE, type EntryHandles } from './base.ts';
import { cx, withNetwork, type AdmittanceClosedForm } from '../models/closedForm.ts';
import type { Device, DeviceDefinition, LoadContext, ParamSpec, SetupContext } from './device.ts';
import { resolveParams, type ParamsOf } from './params.ts';

/** Thermal voltage k T / q at ngspice's nominal 27 C (T = 300.15 K), with ngspice 39's (CODATA 2014) constants. */
export const THERMAL_VOLTAGE = (1.38064852e-23 / 1.6021766208e-19) * 300.15;
/** Conductance SPICE puts across every junction (ngspice's default gmin). */
export const JUNCTION_GMIN = 1e-12;

export const DIODE_PARAMS = [
  { name: 'IS', default: 1e-14, unit: 'A', description: 'saturation current (times AREA)', constraint: 'positive' },
  { name: 'N', default: 1, unit: '', description: 'emission coefficient', constraint: 'positive' },
  { name: 'RS', default: 0, unit: 'Ohm', description: 'series resistance (divided by AREA); > 0 adds an internal node', constraint: 'nonnegative' },
  { name: 'CJO', default: 0, unit: 'F', description: 'zero-bias junction capacitance (times AREA)', aliases: ['CJ0', 'CJ'], constraint: 'nonnegative' },
  { name: 'VJ', default: 1, unit: 'V', description: 'junction potential', aliases: ['PB'], constraint: 'positive' },
  { name: 'M', default: 0.5, unit: '', description: 'grading coefficient (< 1)', aliases: ['MJ'], constraint: 'nonnegative' },
  { name: 'FC', default: 0.5, unit: '', description: 'forward-bias depletion capacitance coefficient (< 1)', constraint: 'nonnegative' },
  { name: 'TT', default: 0, unit: 's', description: 'transit time (diffusion charge TT Id)', constraint: 'nonnegative' },
  { name: 'BV', unit: 'V', description: 'reverse breakdown voltage (absent: no breakdown)', optional: true, constraint: 'positive' },
  { name: 'IBV', default: 1e-3, unit: 'A', description: 'current at the breakdown voltage (times AREA)', constraint: 'positive' },
  { name: 'NBV', unit: '', description: 'breakdown emission coefficient (default N)', optional: true, constraint: 'positive' },
  { name: 'EG', default: 1.11, unit: 'eV', description: 'activation energy (accepted; no effect at the nominal temperature)', constraint: 'positive' },
  { name: 'XTI', default: 3, unit: '', description: 'saturation-current temperature exponent (accepted; no effect at the nominal temperature)' },
  { name: 'LEVEL', default: 1, unit: '', description: 'model level (only 1)' },
  { name: 'AREA', default: 1, unit: '', description: 'area factor (instance; also the positional value after the model)', constraint: 'positive' },
] as const satisfies readonly ParamSpec[];

export type DiodeParams = ParamsOf<typeof DIODE_PARAMS>;

/**
 * SPICE's pnjlim: a Newton step that would raise a forward junction voltage above vcrit by more than 2 vt
 * is compressed logarithmically, so exp(v/vt) grows by a bounded factor per iteration.
 */
export function pnjlim(vNew: number, vOld: number, vt: number, vcrit: number): number {
  if (vNew > vcrit && Math.abs(vNew - vOld) > 2 * vt) {
    if (vOld > 0) {
      const arg = 1 + (vNew - vOld) / vt;
      return arg > 0 ? vOld + vt * Math.log(arg) : vcrit;
    }
    return vt * Math.log(vNew / vt);
  }
  return vNew;
}

/**
 * The breakdown voltage BV' at which the breakdown branch -IS exp(-(BV' + v)/(NBV Vt)) gives IBV at v = -BV
 * (ngspice diotemp.c: fixed-point iteration, relative tolerance 1e-3 as its default reltol).
 */
export function breakdownKnee(bv: number, ibv: number, isat: number, nbv: number, vt: number): number {
  if (ibv < (isat * bv) / vt) return bv;
  const tol = 1e-3 * ibv;
  let xbv = bv - nbv * vt * Math.log(1 + ibv / isat);
  for (let iter = 0; iter < 25; iter++) {
    xbv = bv - nbv * vt * Math.log(ibv / isat + 1 - xbv / vt);
    const xcbv = isat * (Math.exp((bv - xbv) / (nbv * vt)) - 1 + xbv / vt);
    if (Math.abs(xcbv - ibv) <= tol) break;
  }
  return xbv;
}

/** RS between the terminal p and the internal anode a . */
/**
 * SPICE's device convergence test (DIOconvTest, MOS1convTest): the current at this iterate must agree with
 * the one the previous linearisation predicted, to reltol 1e-3 and abstol 1e-12 A (the SPICE defaults). The
 * update test alone accepts a junction voltage within reltol |v|, which for an exponential junction at a
 * few volts (breakdown) leaves the current percent-level wrong; one more iteration makes it quadratic-small.
 * NaN (no previous linearisation in this solve) passes.
 */
export function currentConverged(current: number, predicted: number): boolean {
  return !(Math.abs(current - predicted) > 1e-3 * Math.max(Math.abs(current), Math.abs(predicted)) + 1e-12);
}

/** SPICE's depletion charge and capacitance of a junction; the result of `depletion`. */
export interface DepletionCharge {
  q: number;
  c: number;
}

/**
 * Depletion charge and capacitance CJ(v) = czero (1 - v/vj)^-m below fc vj, continued linearly in v beyond
 * (SPICE's F1, F2, F3: charge and capacitance continuous at fc vj). Writes into `out`.
 */
export function depletion(v: number, czero: number, vj: number, m: number, fc: number, out: DepletionCharge): void {
  const fcvj = fc * vj;
  if (v < fcvj) {
    const arg = 1 - v / vj;
    const sarg = Math.exp(-m * Math.log(arg));
    out.q = (vj * czero * (1 - arg * sarg)) / (1 - m);
    out.c = czero * sarg;
  } else {
    const f1 = (vj * (1 - Math.pow(1 - fc, 1 - m))) / (1 - m);
    const czof2 = czero / Math.pow(1 - fc, 1 + m);
    const f3 = 1 - fc * (1 + m);
    out.q = czero * f1 + czof2 * (f3 * (v - fcvj) + (m / (2 * vj)) * (v * v - fcvj * fcvj));
    out.c = czof2 * (f3 + (m * v) / vj);
  }
}

const RS_BLOCK = entryTable({
  pp: { row: 'p', col: 'p', G: 'constant' },
  pa: { row: 'p', col: 'a', G: 'constant' },
  ap: { row: 'a', col: 'p', G: 'constant' },
  aa: { row: 'a', col: 'a', G: 'constant' },
});
/** The junction between the anode (internal when RS > 0) and n. */
const JUNCTION = TWO_NODE;

class Diode extends InstanceDevice implements Device {
  readonly kind = 'D';
  private anode = 0;
  private rsBlock: EntryHandles<keyof typeof RS_BLOCK.slot> = new Int32Array(4);
  private junction: EntryHandles<keyof typeof JUNCTION.slot> = new Int32Array(4);
  private vLast = NaN;
  /** Current and conductance of the last Newton load (at vLast), for the convergence test. */
  private iLinear = 0;
  private gLinear = 0;

  private readonly isat: number;
  private readonly vte: number;
  private readonly gs: number;
  private readonly czero: number;
  private readonly vj: number;
  private readonly m: number;
  private readonly fc: number;
  private readonly dep: DepletionCharge = { q: 0, c: 0 };
  private readonly tt: number;
  private readonly bvKnee: number | undefined;
  private readonly vteBreakdown: number;
  private readonly vcrit: number;

  /** Results of the last evaluation: junction current and charge with their slopes. */
  private I = 0;
  private Iv = 0;
  private Q = 0;
  private Qv = 0;

  constructor(instance: ElementInstance, p: DiodeParams) {
    super(instance);
    const area = p.AREA;
    this.isat = p.IS * area;
    this.vte = p.N * THERMAL_VOLTAGE;
    this.gs = p.RS > 0 ? area / p.RS : 0;
    this.czero = p.CJO * area;
    this.vj = p.VJ;
    this.m = p.M;
    this.fc = p.FC;
    this.tt = p.TT;
    this.vteBreakdown = (p.NBV ?? p.N) * THERMAL_VOLTAGE;
    this.bvKnee = p.BV === undefined ? undefined : breakdownKnee(p.BV, p.IBV * area, this.isat, p.NBV ?? p.N, THERMAL_VOLTAGE);
    this.vcrit = this.vte * Math.log(this.vte / (Math.SQRT2 * this.isat));
  }

  setup(ctx: SetupContext): void {
    const [p, n] = this.bindTerminals(ctx);
    this.anode = p;
    if (this.gs > 0) {
      this.anode = ctx.addUnknown(`v(${this.name}#a)`, 'voltage');
      this.rsBlock = this.bindEntries(ctx, RS_BLOCK, { p, a: this.anode });
    }
    this.junction = this.bindEntries(ctx, JUNCTION, { p: this.anode, n });
  }

  /** Junction current and charge with their slopes at junction voltage v (gmin included in the current). */
  private evaluate(v: number): void {
    const { isat, vte } = this;
    let id: number;
    let gd: number;
    if (v >= -3 * vte) {
      const e = Math.exp(Math.min(v / vte, 700));
      id = isat * (e - 1);
      gd = (isat * e) / vte;
    } else if (this.bvKnee === undefined || v >= -this.bvKnee) {
      const r = (3 * vte) / (v * Math.E);
      const arg = r * r * r;
      id = -isat * (1 + arg);
      gd = (isat * 3 * arg) / v;
    } else {
      const e = Math.exp(Math.min(-(this.bvKnee + v) / this.vteBreakdown, 700));
      id = -isat * e;
      gd = (isat * e) / this.vteBreakdown;
    }
    this.I = id + JUNCTION_GMIN * v;
    this.Iv = gd + JUNCTION_GMIN;
    // Diffusion charge follows the junction current (ngspice: TT times the current without gmin).
    let q = this.tt * id;
    let c = this.tt * gd;
    if (this.czero > 0) {
      const dep = this.dep;
      depletion(v, this.czero, this.vj, this.m, this.fc, dep);
      q += dep.q;
      c += dep.c;
    }
    this.Q = q;
    this.Qv = c;
  }

  /** pnjlim on the junction voltage; in breakdown on the voltage beyond the knee, as ngspice does. */
  private limit(vNew: number, vOld: number): number {
    const knee = this.bvKnee;
    if (knee !== undefined && vNew < Math.min(0, -knee + 10 * this.vteBreakdown)) {
      return -(pnjlim(-(vNew + knee), -(vOld + knee), this.vteBreakdown, this.vcrit) + knee);
    }
    return pnjlim(vNew, vOld, this.vte, this.vcrit);
  }

  load(ctx: LoadContext): void {
    const [p, n] = this.terminals;
    const a = this.anode;
    const y = ctx.y;
    if (this.gs > 0) {
      const i = this.gs * (y[p] - y[a]);
      ctx.f[p] += i;
      ctx.f[a] -= i;
      if (ctx.jacobian) {
        const h = this.rsBlock;
        ctx.G[h[0]] += this.gs;
        ctx.G[h[1]] -= this.gs;
        ctx.G[h[2]] -= this.gs;
        ctx.G[h[3]] += this.gs;
      }
    }
    const vRaw = y[a] - y[n];
    let v = vRaw;
    let predicted = NaN;
    if (ctx.limiting) {
      // SPICE starts a junction from zero bias; a fresh analysis limits its first step from there.
      v = this.limit(vRaw, Number.isFinite(this.vLast) ? this.vLast : 0);
      if (v !== vRaw) ctx.nonConverged++;
      predicted = this.iLinear + this.gLinear * (v - this.vLast);
      this.vLast = v;
    }
    this.evaluate(v);
    if (ctx.limiting) {
      if (!currentConverged(this.I, predicted)) ctx.nonConverged++;
      this.iLinear = this.I;
      this.gLinear = this.Iv;
    }
    // Linearisation at the limited point, extended to the actual iterate (exact when not limited).
    const dv = vRaw - v;
    const i = this.I + this.Iv * dv;
    ctx.f[a] += i;
    ctx.f[n] -= i;
    const q = this.Q + this.Qv * dv;
    ctx.q[a] += q;
    ctx.q[n] -= q;
    stampTwoNode(ctx.C, this.junction, this.Qv);
    if (ctx.jacobian) stampTwoNode(ctx.G, this.junction, this.Iv);
  }

  reset(): void {
    this.vLast = NaN;
  }

  /**
   * Small-signal admittance at terminal voltage u: the junction voltage solves u = v + RS I(v) (monotonic,
   * bisection), then Y = 1/(RS + 1/(gd + j w C(v))).
   */
  admittanceAt(u: number): (omega: number) => ReturnType<typeof cx> {
    const rs = this.gs > 0 ? 1 / this.gs : 0;
    let lo = Math.min(u, 0) - 1;
    let hi = Math.max(u, 0) + 1;
    for (let k = 0; k < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(u)); k++) {
      const mid = 0.5 * (lo + hi);
      this.evaluate(mid);
      if (mid + rs * this.I > u) hi = mid;
      else lo = mid;
    }
    this.evaluate(0.5 * (lo + hi));
    const { Iv: gd, Qv: c } = this;
    return (omega) => withNetwork(cx(gd, omega * c), omega, { Rs: rs });
  }

  opQuantities(y: Float64Array): Record<string, number> {
    const v = y[this.anode] - y[this.terminals[1]];
    this.evaluate(v);
    return { vd: v, id: this.I, gd: this.Iv, cd: this.Qv };
  }
}

function resolveDiode(instance: ElementInstance): DiodeParams {
  const p = resolveParams(DIODE_PARAMS, instance, 'diode');
  if (p.LEVEL !== 1) throw new NetlistError(`${instance.name}: only diode level 1 is implemented, got LEVEL=${p.LEVEL}`, instance.loc);
  if (!(p.M < 1)) throw new NetlistError(`${instance.name}: parameter 'M' must be < 1, got ${p.M}`, instance.loc);
  if (!(p.FC < 1)) throw new NetlistError(`${instance.name}: parameter 'FC' must be < 1, got ${p.FC}`, instance.loc);
  return p;
}

export const diodeDefinition: DeviceDefinition = {
  kind: 'D',
  summary: 'Junction diode, SPICE level 1: Shockley current with N, RS, breakdown (BV, IBV), depletion (CJO, VJ, M, FC) and diffusion (TT) charge',
  terminals: 2,
  params: DIODE_PARAMS,
  create(instance) {
    return new Diode(instance, resolveDiode(instance));
  },
  closedForm: {
    type: 'admittance',
    at: (instance, [vp, vn]) => new Diode(instance, resolveDiode(instance)).admittanceAt(vp - vn),
  } satisfies AdmittanceClosedForm,
};
