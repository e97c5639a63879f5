/** Resistor: I = (v+ - v-)/R. */
import type { ElementInstance } from '../circuit/circuit.ts';
import { NetlistError } from '../errors.ts';
import type { Device, DeviceDefinition, LoadContext, SetupContext } from './device.ts';
import { required, resolveParams } from './params.ts';

class Resistor implements Device {
  readonly kind = 'R';
  readonly linear = true;
  readonly terminals: number[] = [];
  private conductance: number;
  private hPP = 0;
  private hPN = 0;
  private hNP = 0;
  private hNN = 0;
  readonly sweepValue = {
    get: (): number => 1 / this.conductance,
    set: (r: number): void => {
      this.conductance = 1 / r;
    },
  };

  constructor(
    readonly instance: ElementInstance,
    resistance: number,
  ) {
    this.conductance = 1 / resistance;
  }
  get name(): string {
    return this.instance.name;
  }
  get loc() {
    return this.instance.loc;
  }

  setup(ctx: SetupContext): void {
    const p = ctx.node(this.instance.nodes[0]);
    const n = ctx.node(this.instance.nodes[1]);
    this.terminals.push(p, n);
    this.hPP = ctx.entry(p, p);
    this.hPN = ctx.entry(p, n);
    this.hNP = ctx.entry(n, p);
    this.hNN = ctx.entry(n, n);
  }

  load(ctx: LoadContext): void {
    const [p, n] = this.terminals;
    const g = this.conductance;
    const i = g * (ctx.y[p] - ctx.y[n]);
    ctx.f[p] += i;
    ctx.f[n] -= i;
    const G = ctx.G;
    G[this.hPP] += g;
    G[this.hPN] -= g;
    G[this.hNP] -= g;
    G[this.hNN] += g;
  }
}

export const resistorDefinition: DeviceDefinition = {
  kind: 'R',
  summary: 'Linear resistor: I = (v(n+) - v(n-)) / R',
  terminals: 2,
  params: [{ name: 'value', unit: 'Ohm', description: 'resistance (nonzero; negative allowed)' }],
  create(instance) {
    const r = required(resolveParams(this.params, instance, 'resistor'), 'value');
    if (r === 0) throw new NetlistError(`${instance.name}: resistance must be nonzero (use a voltage source of 0 V for a short)`, instance.loc);
    return new Resistor(instance, r);
  },
};
