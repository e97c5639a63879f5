/** Capacitor: q = C (v+ - v-), current dq/dt from n+ to n-. */
import type { ElementInstance } from '../circuit/circuit.ts';
import { InstanceDevice, stampTwoNode, TWO_NODE, UNBOUND_TWO_NODE, type EntryHandles } from './base.ts';
import { admittanceClosedForm, cx } from '../models/closedForm.ts';
import type { Device, DeviceDefinition, DeviceEnvironment, LoadContext, ParamSpec, SetupContext } from './device.ts';
import { resolveParams } from './params.ts';
import { PASSIVE_PARAMS, passiveValue } from './passive.ts';
import { NetlistError } from '../base/errors.ts';

const CAPACITOR_PARAMS = [
  { name: 'value', unit: 'F', description: 'capacitance; or from the model', constraint: 'nonnegative', optional: true },
  { name: 'cap', unit: 'F', description: 'capacitance of a model (.model NAME C (cap=...)), when the instance gives none', optional: true },
  { name: 'ic', unit: 'V', description: 'initial voltage v(n+) - v(n-) (transient with uic, as in SPICE)', optional: true },
  ...PASSIVE_PARAMS,
] as const satisfies readonly ParamSpec[];

/** The capacitance in use: value or model cap, at the device temperature, scaled, times m (see passive.ts). */
const resolveCapacitor = (instance: ElementInstance, environment?: DeviceEnvironment): { value: number; ic: number | undefined } => {
  const p = resolveParams(CAPACITOR_PARAMS, instance, 'capacitor');
  const value = passiveValue(p, p.cap, instance, 'capacitance', environment);
  if (!(value >= 0)) throw new NetlistError(`${instance.name}: capacitance must be >= 0, got ${value}`, instance.loc);
  return { value, ic: p.ic };
};

class Capacitor extends InstanceDevice implements Device {
  readonly kind = 'C';
  readonly linear = true;
  readonly constantStamps = true;
  // Bound in setup; until then a shared empty table (a typed array each costs ~200 bytes in a 400k-element circuit).
  private block: EntryHandles<keyof typeof TWO_NODE.slot> = UNBOUND_TWO_NODE;

  constructor(
    instance: ElementInstance,
    private readonly capacitance: number,
    private readonly initialVoltage: number | undefined,
  ) {
    super(instance);
  }

  setup(ctx: SetupContext): void {
    const [p, n] = this.bindTerminals(ctx);
    this.block = this.bindEntries(ctx, TWO_NODE, { p, n });
  }

  load(ctx: LoadContext): void {
    const [p, n] = this.terminals;
    const q = this.capacitance * (ctx.y[p] - ctx.y[n]);
    ctx.q[p] += q;
    ctx.q[n] -= q;
    stampTwoNode(ctx.C, this.block, this.capacitance);
  }

  /** `ic=` (SPICE: only with uic). A grounded capacitor's ic is its node's initial voltage. */
  uicInitialValues(): Array<[number, number]> {
    if (this.initialVoltage === undefined) return [];
    const [p, n] = this.terminals;
    if (n === 0) return [[p, this.initialVoltage]];
    if (p === 0) return [[n, -this.initialVoltage]];
    return [];
  }

  /** Between two non-ground nodes (or when `.ic` sets a terminal otherwise) the charge starts at C ic. */
  uicChargeCorrections(y: Float64Array): Array<[number, number]> {
    if (this.initialVoltage === undefined) return [];
    const [p, n] = this.terminals;
    const dq = this.capacitance * (this.initialVoltage - (y[p] - y[n]));
    return [
      [p, dq],
      [n, -dq],
    ];
  }
}

export const capacitorDefinition: DeviceDefinition = {
  kind: 'C',
  summary: 'Linear capacitor: q = C (v(n+) - v(n-)); optional model (cap, tc1, tc2, tnom), m=, scale=',
  terminals: 2,
  params: CAPACITOR_PARAMS,
  create(instance, environment) {
    const params = resolveCapacitor(instance, environment);
    return new Capacitor(instance, params.value, params.ic);
  },
  closedForm: admittanceClosedForm(resolveCapacitor, (p) => (omega) => cx(0, omega * p.value)),
};
