/**
 * MEMDIODE: gated conductance with one state x (Bisquert, Roldán, Miranda, PCCP 2024, eqs 4-12; Bisquert, Adv. Phys. Res. 2024, eqs 21-23, 44-47,
 * 65-68).
 *
 *   I = [gL + (gH - gL) x gam(u)] (u - E0)                       Bisquert, Adv. Phys. Res. 2024, eqs 22, 65 (gam = 1 without VC)
 *   gam(u) = 1 / (1 + exp((u - VC)/Vm))                           Bisquert, Adv. Phys. Res. 2024, eq 23
 *   dx/dt = h(u, x)
 *     rate form (default):  h = (1 - x)/tauA - x/tauD              Bisquert, Roldán, Miranda, PCCP 2024, eq 6; Bisquert, Adv. Phys. Res. 2024, eq 44
 *        1/tauA = exp((u - VA)/(nA Vm))/tau0,  1/tauD = exp(-(u - VD)/(nD Vm))/tau0   Bisquert, Adv. Phys. Res. 2024, eqs 46-47
 *     relaxation form (VB given):  h = (xeq(u) - x)/tau(u)          Bisquert, Adv. Phys. Res. 2024, eqs 66-68
 *        xeq = 1/(1 + exp(-(u - VB)/Vm)),  1/tau = 1/tauM + (e^{(u-VA)/(nA Vm)} + e^{-(u-VD)/(nD Vm)})/tau0
 *        ctau=1: constant relaxation time, 1/tau = 1/tauM + 1/tau0 (Bisquert, Adv. Phys. Res. 2024, Fig 21)
 *
 * In the system: the state row has q = tau0 x and f = -tau0 h(u, x) (the project's convention for
 * tau ds/dt = g). Small-signal quantities at an operating point (Bisquert, Roldán, Miranda, PCCP 2024, eqs 14-21, generalised):
 *   gb = dI/du, tau_t = -1/(dh/dx), ga = (dI/dx)(dh/du) tau_t, La = tau_t/ga, Y(s) = gb + ga/(1 + s tau_t).
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import { InstanceDevice, ONE_STATE, stampTwoNode, type EntryHandles } from './base.ts';
import { admittanceClosedForm } from '../models/closedForm.ts';
import { MEMDIODE_PARAMS, memdiodeAdmittance, type MemdiodeInstanceParams } from '../models/memdiode.ts';
import type { Device, DeviceDefinition, LoadContext, SetupContext, StateOutput } from './device.ts';
import { inverseRelaxationTime, relaxationTimeParams, limitVoltage, logistic, safeExp, safeExpSlopeOf, type RelaxationTimeParams } from './memristive.ts';
import { resolveParams } from './params.ts';

const resolveMemdiode = (instance: ElementInstance): MemdiodeInstanceParams => resolveParams(MEMDIODE_PARAMS, instance, 'MEMDIODE');

const { ps: PS, ns: NS, ss: SS, sp: SP, sn: SN } = ONE_STATE.slot;

class Memdiode extends InstanceDevice implements Device {
  readonly kind = 'MEMDIODE';
  private s = 0;
  private h: EntryHandles<keyof typeof ONE_STATE.slot> = new Int32Array(ONE_STATE.keys.length);
  private uLast = NaN;
  private readonly gL: number;
  private readonly dg: number;
  private readonly e0: number;
  private readonly vm: number;
  private readonly relaxation: boolean;
  private readonly vb: number;
  private readonly vc: number | undefined;
  private readonly x0: number | undefined;
  private readonly tau: RelaxationTimeParams;
  /**
   * Reciprocals of the rate form's constant denominators (Bisquert, Adv. Phys. Res. 2024, eqs 46-47): 1/(nA Vm),
   * 1/(nD Vm), 1/tau0. Multiplying by them instead of dividing saves six divisions per evaluation, in the
   * loop every Newton iteration runs over every device.
   */
  private readonly invScaleA: number;
  private readonly invScaleD: number;
  private readonly invTau0: number;

  /** Results of the last evaluation (see evaluate). */
  private I = 0;
  private Iu = 0;
  private Ix = 0;
  private hv = 0;
  private hu = 0;
  private hx = 0;

  constructor(instance: ElementInstance, p: MemdiodeInstanceParams) {
    super(instance);
    this.gL = p.gL;
    this.dg = p.gH - p.gL;
    this.e0 = p.E0;
    this.vm = p.Vm;
    this.relaxation = p.VB !== undefined;
    this.vb = p.VB ?? 0;
    this.vc = p.VC;
    this.x0 = p.x0;
    this.tau = relaxationTimeParams(p);
    this.invScaleA = 1 / (this.tau.na * p.Vm);
    this.invScaleD = 1 / (this.tau.nd * p.Vm);
    this.invTau0 = 1 / this.tau.tau0;
  }

  setup(ctx: SetupContext): void {
    const [p, n] = this.bindTerminals(ctx);
    const s = (this.s = ctx.addUnknown(`x(${this.name})`, 'state'));
    this.h = this.bindEntries(ctx, ONE_STATE, { p, n, s });
  }

  /** I, h and, with `slopes`, dI/du, dI/dx, dh/du, dh/dx at (u, x). */
  private evaluate(u: number, x: number, slopes = true): void {
    const { dg, e0, vm } = this;
    let gam = 1;
    let gamU = 0;
    if (this.vc !== undefined) {
      gam = logistic(-(u - this.vc) / vm);
      gamU = (-gam * (1 - gam)) / vm;
    }
    const v = u - e0;
    this.I = (this.gL + dg * x * gam) * v;
    if (slopes) {
      this.Iu = this.gL + dg * x * gam + dg * x * gamU * v;
      this.Ix = dg * gam * v;
    }

    const t = this.tau;
    if (!this.relaxation) {
      const { invScaleA, invScaleD, invTau0 } = this;
      const aA = (u - t.va) * invScaleA;
      const aD = (t.vd - u) * invScaleD;
      const eA = safeExp(aA);
      const eD = safeExp(aD);
      const rA = eA * invTau0;
      const rD = eD * invTau0;
      this.hv = (1 - x) * rA - x * rD;
      this.hx = -(rA + rD);
      if (slopes) {
        const rAu = safeExpSlopeOf(aA, eA) * invScaleA * invTau0;
        const rDu = -safeExpSlopeOf(aD, eD) * invScaleD * invTau0;
        this.hu = (1 - x) * rAu - x * rDu;
      }
    } else {
      const xeq = logistic((u - this.vb) / vm);
      const { rate, slope } = inverseRelaxationTime(t, u);
      this.hv = (xeq - x) * rate;
      this.hx = -rate;
      if (slopes) this.hu = ((xeq * (1 - xeq)) / vm) * rate + (xeq - x) * slope;
    }
  }

  /**
   * Newton limiting is needed only where the current saturates in u (the gam(u) sigmoid): the rate
   * exponentials enter the state row only, whose iterates are projected into [0, 1] (see bounds()), and for
   * a given x the current is linear in u.
   */
  private exponentAt(u: number): number {
    return this.vc === undefined ? 0 : Math.abs(u - this.vc) / this.vm;
  }

  load(ctx: LoadContext): void {
    const [p, n] = this.terminals;
    const s = this.s;
    const y = ctx.y;
    const uRaw = y[p] - y[n];
    let u = uRaw;
    if (ctx.limiting) {
      u = limitVoltage(uRaw, this.uLast, this.vm, this.exponentAt(uRaw));
      if (u !== uRaw) ctx.nonConverged++;
      this.uLast = u;
    }
    const x = y[s];
    // Linearisation at the limited point, extended to the actual iterate (exact when not limited).
    const du = uRaw - u;
    const tau0 = this.tau.tau0;
    // The slopes are needed for G, and for f when limiting moved u.
    const slopes = ctx.jacobian || du !== 0;
    this.evaluate(u, x, slopes);
    ctx.q[s] += tau0 * x;
    ctx.C[this.h[SS]] += tau0;
    if (!slopes) {
      ctx.f[p] += this.I;
      ctx.f[n] -= this.I;
      ctx.f[s] -= tau0 * this.hv;
      return;
    }
    const I = this.I + this.Iu * du;
    ctx.f[p] += I;
    ctx.f[n] -= I;
    ctx.f[s] -= tau0 * (this.hv + this.hu * du);
    if (!ctx.jacobian) return;
    const G = ctx.G;
    const h = this.h;
    stampTwoNode(G, h, this.Iu); // dI/du
    G[h[PS]] += this.Ix;
    G[h[NS]] -= this.Ix;
    G[h[SS]] -= tau0 * this.hx;
    G[h[SP]] -= tau0 * this.hu;
    G[h[SN]] += tau0 * this.hu;
  }

  reset(): void {
    this.uLast = NaN;
  }

  states(): StateOutput[] {
    return [{ suffix: '', unknown: this.s }];
  }

  /** Newton starting guess: x0 if given, else the steady state at u = 0. */
  initialValues(): Array<[number, number]> {
    if (this.x0 !== undefined) return [[this.s, this.x0]];
    this.evaluate(0, 0);
    // h is affine in x: h(0, x) = h0 + hx x, so the steady state is -h0/hx.
    return [[this.s, this.hx !== 0 ? Math.min(1, Math.max(0, -this.hv / this.hx)) : 0]];
  }

  pinnedInitialValues(): Array<[number, number]> {
    return this.x0 !== undefined ? [[this.s, this.x0]] : [];
  }

  bounds(): Array<[number, number, number]> {
    return [[this.s, 0, 1]];
  }

  opQuantities(y: Float64Array): Record<string, number> {
    const [p, n] = this.terminals;
    this.evaluate(y[p] - y[n], y[this.s]);
    const tauT = -1 / this.hx;
    const ga = this.Ix * this.hu * tauT;
    return {
      gb: this.Iu,
      ga,
      tau_t: tauT,
      La: tauT / ga,
      Ca: -ga * tauT,
      g0: this.Iu + ga,
    };
  }
}

export const memdiodeDefinition: DeviceDefinition = {
  kind: 'MEMDIODE',
  summary: 'Gated-conductance memristor with state x (Bisquert, Roldán, Miranda, PCCP 2024; Bisquert, Adv. Phys. Res. 2024 rate and relaxation forms); defaults are the Bisquert, Roldán, Miranda, PCCP 2024, Fig 4 set',
  terminals: 2,
  params: MEMDIODE_PARAMS,
  create(instance) {
    return new Memdiode(instance, resolveMemdiode(instance));
  },
  closedForm: admittanceClosedForm(resolveMemdiode, (p, [vp, vn]) => memdiodeAdmittance(p, vp - vn)),
};
