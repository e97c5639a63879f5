/** Resistor: I = (v+ - v-)/R. */
import type { ElementInstance } from '../circuit/circuit.ts';
import { NetlistError } from '../base/errors.ts';
import { InstanceDevice, stampTwoNode, TWO_NODE, type EntryHandles } from './base.ts';
import { admittanceClosedForm, cx } from '../models/closedForm.ts';
import type { Device, DeviceDefinition, LoadContext, ParamSpec, SetupContext } from './device.ts';
import { resolveParams } from './params.ts';

const RESISTOR_PARAMS = [
  { name: 'value', unit: 'Ohm', description: 'resistance (nonzero; negative allowed)' },
] as const satisfies readonly ParamSpec[];

const resolveResistor = (instance: ElementInstance): { value: number } => resolveParams(RESISTOR_PARAMS, instance, 'resistor');

class Resistor extends InstanceDevice implements Device {
  readonly kind = 'R';
  readonly linear = true;
  readonly constantStamps = true;
  private block: EntryHandles<keyof typeof TWO_NODE.slot> = new Int32Array(4);
  readonly sweepValue = {
    changesMatrix: true,
    get: (): number => 1 / this.conductance,
    set: (r: number): void => {
      this.conductance = 1 / r;
    },
  };

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
  summary: 'Linear resistor: I = (v(n+) - v(n-)) / R',
  terminals: 2,
  params: RESISTOR_PARAMS,
  create(instance) {
    const r = resolveResistor(instance).value;
    if (r === 0) throw new NetlistError(`${instance.name}: resistance must be nonzero (use a voltage source of 0 V for a short)`, instance.loc);
    return new Resistor(instance, 1 / r);
  },
  closedForm: admittanceClosedForm(resolveResistor, (p) => {
    const y = cx(1 / p.value);
    return () => y;
  }),
};
