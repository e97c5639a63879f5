/** Resistor: I = (v+ - v-)/R. */
import type { ElementInstance } from '../circuit/circuit.ts';
import { NetlistError } from '../base/errors.ts';
import { InstanceDevice, stampTwoNode, TWO_NODE, UNBOUND_TWO_NODE, type EntryHandles } from './base.ts';
import { admittanceClosedForm, cx } from '../models/closedForm.ts';
import type { Device, DeviceDefinition, DeviceEnvironment, LoadContext, ParamSpec, SetupContext } from './device.ts';
import { resolveParams } from './params.ts';
import { PASSIVE_PARAMS, passiveValue } from './passive.ts';

const RESISTOR_PARAMS = [
  { name: 'value', unit: 'Ohm', description: 'resistance (nonzero; negative allowed); or from the model', optional: true },
  { name: 'r', unit: 'Ohm', description: 'resistance of a model (.model NAME R (r=...)), when the instance gives none', optional: true, aliases: ['resistance'] },
  ...PASSIVE_PARAMS,
] as const satisfies readonly ParamSpec[];

/** The resistance in use: value or model r, at the device temperature, scaled, over m (see passive.ts). */
const resolveResistor = (instance: ElementInstance, environment?: DeviceEnvironment): { value: number } => {
  const p = resolveParams(RESISTOR_PARAMS, instance, 'resistor');
  return { value: passiveValue(p, p.r, instance, 'resistance', environment) };
};

class Resistor extends InstanceDevice implements Device {
  readonly kind = 'R';
  readonly linear = true;
  readonly constantStamps = true;
  // Bound in setup; until then a shared empty table (a typed array each costs ~200 bytes in a 400k-element circuit).
  private block: EntryHandles<keyof typeof TWO_NODE.slot> = UNBOUND_TWO_NODE;
  // Made when a sweep asks (two closures per resistor otherwise).
  get sweepValue(): NonNullable<Device['sweepValue']> {
    return {
      changesMatrix: true,
      get: (): number => 1 / this.conductance,
      set: (r: number): void => {
        this.conductance = 1 / r;
      },
    };
  }

  constructor(
    instance: ElementInstance,
    private conductance: number,
  ) {
    super(instance);
  }

  setup(ctx: SetupContext): void {
    const [p, n] = this.bindTerminals(ctx);
    this.block = this.bindEntries(ctx, TWO_NODE, { p, n });
  }

  load(ctx: LoadContext): void {
    const [p, n] = this.terminals;
    const i = this.conductance * (ctx.y[p] - ctx.y[n]);
    ctx.f[p] += i;
    ctx.f[n] -= i;
    stampTwoNode(ctx.G, this.block, this.conductance);
  }
}

export const resistorDefinition: DeviceDefinition = {
  kind: 'R',
  summary: 'Linear resistor: I = (v(n+) - v(n-)) / R; optional model (r, tc1, tc2, tnom), m=, scale=',
  terminals: 2,
  params: RESISTOR_PARAMS,
  create(instance, environment) {
    const r = resolveResistor(instance, environment).value;
    if (r === 0) throw new NetlistError(`${instance.name}: resistance must be nonzero (use a voltage source of 0 V for a short)`, instance.loc);
    return new Resistor(instance, 1 / r);
  },
  closedForm: admittanceClosedForm(resolveResistor, (p) => {
    const y = cx(1 / p.value);
    return () => y;
  }),
};
