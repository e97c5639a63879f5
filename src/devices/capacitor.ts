/** Capacitor: q = C (v+ - v-), current dq/dt from n+ to n-. */
import type { ElementInstance } from '../circuit/circuit.ts';
import type { Device, DeviceDefinition, LoadContext, SetupContext } from './device.ts';
import { required, resolveParams } from './params.ts';

class Capacitor implements Device {
  readonly kind = 'C';
  readonly linear = true;
  readonly terminals: number[] = [];
  private hPP = 0;
  private hPN = 0;
  private hNP = 0;
  private hNN = 0;

  constructor(
    readonly instance: ElementInstance,
    private readonly capacitance: number,
    private readonly initialVoltage: number | undefined,
  ) {}
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
    const c = this.capacitance;
    const q = c * (ctx.y[p] - ctx.y[n]);
    ctx.q[p] += q;
    ctx.q[n] -= q;
    const C = ctx.C;
    C[this.hPP] += c;
    C[this.hPN] -= c;
    C[this.hNP] -= c;
    C[this.hNN] += c;
  }

  /** `ic=` pins the capacitor voltage; expressible as one unknown only when a terminal is ground. */
  pinnedInitialValues(): Array<[number, number]> {
    if (this.initialVoltage === undefined) return [];
    const [p, n] = this.terminals;
    if (n === 0) return [[p, this.initialVoltage]];
    if (p === 0) return [[n, -this.initialVoltage]];
    return [];
  }

  initialValues(): Array<[number, number]> {
    return this.pinnedInitialValues();
  }
}

export const capacitorDefinition: DeviceDefinition = {
  kind: 'C',
  summary: 'Linear capacitor: q = C (v(n+) - v(n-))',
  terminals: 2,
  params: [
    { name: 'value', unit: 'F', description: 'capacitance', constraint: 'nonnegative' },
    { name: 'ic', unit: 'V', description: 'initial voltage (transient; one terminal must be ground)', optional: true },
  ],
  create(instance) {
    const params = resolveParams(this.params, instance, 'capacitor');
    return new Capacitor(instance, required(params, 'value'), params.ic);
  },
};
