/**
 * CHEMIND: the conducting branch of the chemical inductor (Bisquert et al., APL Mach. Learn. 2023, eqs 1-3; Bisquert, Guerrero, JPCL 2022, eqs 2,
 * 11-12). The Cm, Rb and series Rs of the papers are ordinary elements of the netlist.
 *
 *   I = ic
 *   2-D:  tau dic/dt = ic0 f_ss(u) - ic,   f_ss(u) = 1/(1 + exp(-(u - VT)/Vm))      Bisquert et al., APL Mach. Learn. 2023, eq 3; Bisquert, Guerrero, JPCL 2022, eq 2
 *   3-D (tauf given):                                                               Bisquert, Guerrero, JPCL 2022, eqs 11-12
 *         tau  dic/dt = ic0 f - ic
 *         tauf df/dt  = (1 - f) - exp(-(u - VT)/Vm) f
 *
 * State rows (q = tau*s, f = -g): ic row q = tau ic, f = ic - ic0 f_ss(u) (or ic - ic0 f);
 * f row q = tauf f, f = f (1 + e) - 1 with e = exp(-(u - VT)/Vm).
 * Small signal: 1/Ra = (ic0/Vm) f (1 - f), La = tau Ra (Bisquert et al., APL Mach. Learn. 2023, eqs 8-9), Lk = f tauf Ra (Bisquert, Guerrero, JPCL 2022, eq 15).
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import { entryTable, InstanceDevice, type EntryHandles } from './base.ts';
import { CHEMIND_PARAMS, chemindBranchZ, type ChemindInstanceParams } from '../models/chemind.ts';
import { admittanceClosedForm } from '../models/closedForm.ts';
import type { Device, DeviceDefinition, LoadContext, SetupContext, StateOutput } from './device.ts';
import { limitVoltage, logistic, safeExp, safeExpSlopeOf } from './memristive.ts';
import { resolveParams } from './params.ts';

const resolveChemind = (instance: ElementInstance): ChemindInstanceParams => resolveParams(CHEMIND_PARAMS, instance, 'CHEMIND');

/** Both forms: the branch current ic in the KCL rows, and the ic row's own diagonal (G 1, C tau). */
const COMMON = entryTable({
  pi: { row: 'p', col: 'ic', G: 'constant' },
  ni: { row: 'n', col: 'ic', G: 'constant' },
  ii: { row: 'ic', col: 'ic', G: 'constant', C: 'constant' },
});
/** 2-D: the ic row's dependence on u through f_ss(u). */
const TWO_D = COMMON.extend({
  ip: { row: 'ic', col: 'p', G: 'varying' },
  in: { row: 'ic', col: 'n', G: 'varying' },
});
/** 3-D: the ic row's dependence on the gate f, and the gate row. */
const THREE_D = COMMON.extend({
  if: { row: 'ic', col: 'f', G: 'constant' },
  ff: { row: 'f', col: 'f', G: 'varying', C: 'constant' },
  fp: { row: 'f', col: 'p', G: 'varying' },
  fn: { row: 'f', col: 'n', G: 'varying' },
});
const { pi: PI, ni: NI, ii: II } = COMMON.slot;
const { ip: IP, in: IN } = TWO_D.slot;
const { if: IF, ff: FF, fp: FP, fn: FN } = THREE_D.slot;

class Chemind extends InstanceDevice implements Device {
  readonly kind = 'CHEMIND';
  private ic = 0;
  private fs = 0;
  private h: EntryHandles<keyof typeof TWO_D.slot> | EntryHandles<keyof typeof THREE_D.slot> = new Int32Array(0);
  private uLast = NaN;
  private readonly ic0: number;
  private readonly vt: number;
  private readonly vm: number;
  private readonly tau: number;
  private readonly tauf: number | undefined;
  private readonly icInit: number | undefined;
  private readonly fInit: number | undefined;

  constructor(instance: ElementInstance, p: ChemindInstanceParams) {
    super(instance);
    this.ic0 = p.ic0;
    this.vt = p.VT;
    this.vm = p.Vm;
    this.tau = p.tau;
    this.tauf = p.tauf;
    this.icInit = p.ic_init;
    this.fInit = p.f_init;
  }
  private get threeD(): boolean {
    return this.tauf !== undefined;
  }

  setup(ctx: SetupContext): void {
    const [p, n] = this.bindTerminals(ctx);
    const ic = (this.ic = ctx.addUnknown(`x(${this.name})`, 'current'));
    if (!this.threeD) {
      this.h = this.bindEntries(ctx, TWO_D, { p, n, ic });
    } else {
      const f = (this.fs = ctx.addUnknown(`x(${this.name}.f)`, 'state'));
      this.h = this.bindEntries(ctx, THREE_D, { p, n, ic, f });
    }
  }

  load(ctx: LoadContext): void {
    const [p, n] = this.terminals;
    const y = ctx.y;
    const uRaw = y[p] - y[n];
    const z = (uRaw - this.vt) / this.vm;
    let u = uRaw;
    if (ctx.limiting) {
      // The rates grow like exp(-z) below VT (3-D gate) and f_ss saturates: limit where |z| is large.
      u = limitVoltage(uRaw, this.uLast, this.vm, Math.abs(z));
      if (u !== uRaw) ctx.nonConverged++;
      this.uLast = u;
    }
    const du = uRaw - u;
    const ic = y[this.ic];
    const h = this.h;
    const G = ctx.G;
    const jacobian = ctx.jacobian;
    ctx.f[p] += ic;
    ctx.f[n] -= ic;
    ctx.q[this.ic] += this.tau * ic;
    ctx.C[h[II]] += this.tau;
    if (jacobian) {
      G[h[PI]] += 1;
      G[h[NI]] -= 1;
      G[h[II]] += 1;
    }
    if (!this.threeD) {
      const fss = logistic((u - this.vt) / this.vm);
      if (!jacobian && du === 0) {
        ctx.f[this.ic] += ic - this.ic0 * fss;
        return;
      }
      const dfss = (fss * (1 - fss)) / this.vm;
      ctx.f[this.ic] += ic - this.ic0 * (fss + dfss * du);
      if (!jacobian) return;
      G[h[IP]] -= this.ic0 * dfss;
      G[h[IN]] += this.ic0 * dfss;
    } else {
      const fs = this.fs;
      const f = y[fs];
      const tauf = this.tauf as number;
      const a = -(u - this.vt) / this.vm;
      const e = safeExp(a);
      const eu = -safeExpSlopeOf(a, e) / this.vm;
      ctx.f[this.ic] += ic - this.ic0 * f;
      ctx.f[fs] += f * (1 + e) - 1 + f * eu * du;
      ctx.q[fs] += tauf * f;
      ctx.C[h[FF]] += tauf;
      if (!jacobian) return;
      G[h[IF]] -= this.ic0;
      G[h[FF]] += 1 + e;
      G[h[FP]] += f * eu;
      G[h[FN]] -= f * eu;
    }
  }

  reset(): void {
    this.uLast = NaN;
  }

  states(): StateOutput[] {
    const out: StateOutput[] = [{ suffix: '', unknown: this.ic }];
    if (this.threeD) out.push({ suffix: 'f', unknown: this.fs });
    return out;
  }

  initialValues(): Array<[number, number]> {
    const f0 = this.fInit ?? logistic(-this.vt / this.vm);
    const out: Array<[number, number]> = [[this.ic, this.icInit ?? this.ic0 * f0]];
    if (this.threeD) out.push([this.fs, f0]);
    return out;
  }

  pinnedInitialValues(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    if (this.icInit !== undefined) out.push([this.ic, this.icInit]);
    if (this.threeD && this.fInit !== undefined) out.push([this.fs, this.fInit]);
    return out;
  }

  /** ic lies between 0 and ic0 (it relaxes towards ic0 times an occupancy in [0, 1]); f is an occupancy. */
  bounds(): Array<[number, number, number]> {
    const out: Array<[number, number, number]> = [[this.ic, Math.min(0, this.ic0), Math.max(0, this.ic0)]];
    if (this.threeD) out.push([this.fs, 0, 1]);
    return out;
  }

  opQuantities(y: Float64Array): Record<string, number> {
    const [p, n] = this.terminals;
    const u = y[p] - y[n];
    // The gate at the operating point: the 3-D state f, or f_ss(u) in 2-D (equal at steady state).
    const f = this.threeD ? y[this.fs] : logistic((u - this.vt) / this.vm);
    const ra = this.vm / (this.ic0 * f * (1 - f));
    const out: Record<string, number> = { ic: y[this.ic], f, Ra: ra, La: this.tau * ra };
    if (this.threeD) out.Lk = f * (this.tauf as number) * ra;
    return out;
  }
}

export const chemindDefinition: DeviceDefinition = {
  kind: 'CHEMIND',
  summary: 'Chemical inductor branch, 2-D (ic) or 3-D (ic, f) with tauf (Bisquert et al., APL Mach. Learn. 2023; Bisquert, Guerrero, JPCL 2022); defaults are the Bisquert et al., APL Mach. Learn. 2023, Figs 4-5 set',
  terminals: 2,
  params: CHEMIND_PARAMS,
  create(instance) {
    return new Chemind(instance, resolveChemind(instance));
  },
  // The CHEMIND element is the inductive branch alone (its Rs, Rb, Cm are netlist elements): Y = 1/Z_branch.
  closedForm: admittanceClosedForm(resolveChemind, (p, [vp, vn]) => (omega) => chemindBranchZ(p, vp - vn, omega).inverse()),
};
