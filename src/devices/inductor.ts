/**
 * Inductor with its current as an unknown i (from n+ through the inductor to n-):
 * KCL rows get +i / -i; branch row  v+ - v- - d(L i)/dt = 0, i.e. f = v+ - v-, q = -L i.
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import { BRANCH, InstanceDevice, stampBranch, type EntryHandles } from './base.ts';
import { admittanceClosedForm, cx } from '../models/closedForm.ts';
import type { Device, DeviceDefinition, DeviceEnvironment, LoadContext, ParamSpec, SetupContext } from './device.ts';
import { resolveParams } from './params.ts';
import { PASSIVE_PARAMS, passiveValue } from './passive.ts';
import { NetlistError } from '../base/errors.ts';

const INDUCTOR_PARAMS = [
  { name: 'value', unit: 'H', description: 'inductance; or from the model', constraint: 'nonnegative', optional: true },
  { name: 'ind', unit: 'H', description: 'inductance of a model (.model NAME L (ind=...)), when the instance gives none', optional: true },
  { name: 'ic', unit: 'A', description: 'initial current (transient with uic, as in SPICE)', optional: true },
  ...PASSIVE_PARAMS,
] as const satisfies readonly ParamSpec[];

/** The inductance in use: value or model ind, at the device temperature, scaled, over m (see passive.ts). */
export const resolveInductor = (instance: ElementInstance, environment?: DeviceEnvironment): { value: number; ic: number | undefined } => {
  const p = resolveParams(INDUCTOR_PARAMS, instance, 'inductor');
  const value = passiveValue(p, p.ind, instance, 'inductance', environment);
  if (!(value >= 0)) throw new NetlistError(`${instance.name}: inductance must be >= 0, got ${value}`, instance.loc);
  return { value, ic: p.ic };
};

/** The branch incidence and the -L on the branch row's diagonal of C. */
const ENTRIES = BRANCH.extend({ bb: { row: 'b', col: 'b', C: 'constant' } });
const BB = ENTRIES.slot.bb;

class Inductor extends InstanceDevice implements Device {
  readonly kind = 'L';
  readonly linear = true;
  readonly constantStamps = true;
  private branch = 0;
  private h: EntryHandles<keyof typeof ENTRIES.slot> = new Int32Array(ENTRIES.keys.length);

  constructor(
    instance: ElementInstance,
    private readonly inductance: number,
    private readonly initialCurrent: number | undefined,
  ) {
    super(instance);
  }

  setup(ctx: SetupContext): void {
    const [p, n] = this.bindTerminals(ctx);
    const b = (this.branch = ctx.addBranchCurrent(`i(${this.name})`));
    this.h = this.bindEntries(ctx, ENTRIES, { p, n, b });
  }

  load(ctx: LoadContext): void {
    const [p, n] = this.terminals;
    const b = this.branch;
    stampBranch(ctx.f, ctx.G, ctx.y, this.h, p, n, b);
    ctx.q[b] -= this.inductance * ctx.y[b];
    ctx.C[this.h[BB]] -= this.inductance;
  }

  /** `ic=` is the initial branch current; SPICE honours it only with uic. */
  uicInitialValues(): Array<[number, number]> {
    return this.initialCurrent === undefined ? [] : [[this.branch, this.initialCurrent]];
  }
}

export const inductorDefinition: DeviceDefinition = {
  kind: 'L',
  summary: 'Linear inductor: v(n+) - v(n-) = L di/dt, current is an unknown; optional model (ind, tc1, tc2, tnom), m=, scale=',
  terminals: 2,
  params: INDUCTOR_PARAMS,
  create(instance, environment) {
    const params = resolveInductor(instance, environment);
    return new Inductor(instance, params.value, params.ic);
  },
  closedForm: admittanceClosedForm(resolveInductor, (p) => (omega) => cx(0, omega * p.value).inverse()),
};
