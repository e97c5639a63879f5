/**
 * POLCAP: capacitive pore (Bisquert, Adv. Phys. Res. 2024, eqs 62-64).
 *
 *   I = gL (u - E0) + Q0 dp/dt                                   Bisquert, Adv. Phys. Res. 2024, eq 62
 *   tau(u) dp/dt = p_eq(u) - p                                    Bisquert, Adv. Phys. Res. 2024, eq 63
 *   p_eq = 1/(1 + exp(-(u - VB)/Vm)) - pm                         Bisquert, Adv. Phys. Res. 2024, eq 64 (which writes the centre V_D;
 *                                                                 Fig 31 calls it V_B; here it is VB, since VD
 *                                                                 names the deactivation voltage of tau(u))
 *   tau(u): constant tau0 by default (ctau=1); with ctau=0 the voltage-dependent form of Bisquert, Adv. Phys. Res. 2024, eq 68.
 *
 * In the system: the KCL rows get f = gL (u - E0) and q = Q0 p (the displacement current Q0 dp/dt);
 * the state row has q = tau0 p, f = -tau0 (p_eq - p)/tau(u).
 * Small signal at a steady state: Y(s) = gL + s Cp/(1 + s tau) with Cp = Q0 dp_eq/du: a capacitor Cp in
 * series with Rp = tau/Cp, in parallel with gL.
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import { InstanceDevice, ONE_STATE, stampTwoNode, type EntryHandles } from './base.ts';
import { admittanceClosedForm } from '../models/closedForm.ts';
import { POLCAP_PARAMS, polcapAdmittance, type PolcapInstanceParams } from '../models/polcap.ts';
import type { Device, DeviceDefinition, LoadContext, SetupContext, StateOutput } from './device.ts';
import { inverseRelaxationTime, relaxationTimeParams, logistic, type RelaxationTimeParams } from './memristive.ts';
import { resolveParams } from './params.ts';

const resolvePolcap = (instance: ElementInstance): PolcapInstanceParams => resolveParams(POLCAP_PARAMS, instance, 'POLCAP');

const { ps: PS, ns: NS, ss: SS, sp: SP, sn: SN } = ONE_STATE.slot;

class Polcap extends InstanceDevice implements Device {
  readonly kind = 'POLCAP';
  private s = 0;
  private h: EntryHandles<keyof typeof ONE_STATE.slot> = new Int32Array(ONE_STATE.keys.length);
  private readonly gL: number;
  private readonly e0: number;
  private readonly q0: number;
  private readonly vb: number;
  private readonly vm: number;
  private readonly pm: number;
  private readonly p0: number | undefined;
  private readonly tau: RelaxationTimeParams;

  constructor(instance: ElementInstance, p: PolcapInstanceParams) {
    super(instance);
    this.gL = p.gL;
    this.e0 = p.E0;
    this.q0 = p.Q0;
    this.vb = p.VB;
    this.vm = p.Vm;
    this.pm = p.pm;
    this.p0 = p.p0;
    this.tau = relaxationTimeParams(p);
  }

  setup(ctx: SetupContext): void {
    const [p, n] = this.bindTerminals(ctx);
    const s = (this.s = ctx.addUnknown(`x(${this.name})`, 'state'));
    this.h = this.bindEntries(ctx, ONE_STATE, { p, n, s });
  }

  private peq(u: number): { value: number; slope: number } {
    const l = logistic((u - this.vb) / this.vm);
    return { value: l - this.pm, slope: (l * (1 - l)) / this.vm };
  }

  load(ctx: LoadContext): void {
    const [p, n] = this.terminals;
    const s = this.s;
    const y = ctx.y;
    const uRaw = y[p] - y[n];
    // No voltage limiting: the current is linear in u, and the state (where the exponential rates and the
    // p_eq sigmoid act) is projected into its range by Newton (bounds()).
    const u = uRaw;
    const du = 0;
    const ps = y[s];
    const h = this.h;
    const G = ctx.G;
    const C = ctx.C;
    const iR = this.gL * (uRaw - this.e0);
    ctx.f[p] += iR;
    ctx.f[n] -= iR;
    ctx.q[p] += this.q0 * ps;
    ctx.q[n] -= this.q0 * ps;
    C[h[PS]] += this.q0;
    C[h[NS]] -= this.q0;

    const tau0 = this.tau.tau0;
    const eq = this.peq(u);
    const { rate, slope } = inverseRelaxationTime(this.tau, u);
    const g = (eq.value - ps) * rate;
    ctx.q[s] += tau0 * ps;
    C[h[SS]] += tau0;
    if (!ctx.jacobian) {
      ctx.f[s] -= tau0 * g;
      return;
    }
    const gu = eq.slope * rate + (eq.value - ps) * slope;
    ctx.f[s] -= tau0 * (g + gu * du);
    stampTwoNode(G, h, this.gL);
    G[h[SS]] += tau0 * rate;
    G[h[SP]] -= tau0 * gu;
    G[h[SN]] += tau0 * gu;
  }

  states(): StateOutput[] {
    return [{ suffix: '', unknown: this.s }];
  }

  initialValues(): Array<[number, number]> {
    return [[this.s, this.p0 ?? this.peq(0).value]];
  }

  pinnedInitialValues(): Array<[number, number]> {
    return this.p0 !== undefined ? [[this.s, this.p0]] : [];
  }

  bounds(): Array<[number, number, number]> {
    return [[this.s, -this.pm, 1 - this.pm]];
  }

  opQuantities(y: Float64Array): Record<string, number> {
    const [p, n] = this.terminals;
    const u = y[p] - y[n];
    const tau = 1 / inverseRelaxationTime(this.tau, u).rate;
    const cp = this.q0 * this.peq(u).slope;
    return { p: y[this.s], tau, Cp: cp, Rp: tau / cp };
  }
}

export const polcapDefinition: DeviceDefinition = {
  kind: 'POLCAP',
  summary: 'Capacitive pore: background conductance plus a polarisation state p (Bisquert, Adv. Phys. Res. 2024, eqs 62-64)',
  terminals: 2,
  params: POLCAP_PARAMS,
  create(instance) {
    return new Polcap(instance, resolvePolcap(instance));
  },
  closedForm: admittanceClosedForm(resolvePolcap, (p, [vp, vn]) => polcapAdmittance(p, vp - vn)),
};
