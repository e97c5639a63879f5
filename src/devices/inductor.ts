/**
 * Inductor with its current as an unknown i (from n+ through the inductor to n-):
 * KCL rows get +i / -i; branch row  v+ - v- - d(L i)/dt = 0, i.e. f = v+ - v-, q = -L i.
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import type { Device, DeviceDefinition, LoadContext, SetupContext } from './device.ts';
import { required, resolveParams } from './params.ts';

class Inductor implements Device {
  readonly kind = 'L';
  readonly linear = true;
  readonly terminals: number[] = [];
  private branch = 0;
  private hPB = 0;
  private hNB = 0;
  private hBP = 0;
  private hBN = 0;
  private hBB = 0;

  constructor(
    readonly instance: ElementInstance,
    private readonly inductance: number,
    private readonly initialCurrent: number | undefined,
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
    this.branch = ctx.addUnknown(`i(${this.name})`, 'current');
    const b = this.branch;
    this.hPB = ctx.entry(p, b);
    this.hNB = ctx.entry(n, b);
    this.hBP = ctx.entry(b, p);
    this.hBN = ctx.entry(b, n);
    this.hBB = ctx.entry(b, b);
  }

  load(ctx: LoadContext): void {
    const [p, n] = this.terminals;
    const b = this.branch;
    const y = ctx.y;
    ctx.f[p] += y[b];
    ctx.f[n] -= y[b];
    ctx.f[b] += y[p] - y[n];
    ctx.q[b] -= this.inductance * y[b];
    const G = ctx.G;
    G[this.hPB] += 1;
    G[this.hNB] -= 1;
    G[this.hBP] += 1;
    G[this.hBN] -= 1;
    ctx.C[this.hBB] -= this.inductance;
  }

  pinnedInitialValues(): Array<[number, number]> {
    return this.initialCurrent === undefined ? [] : [[this.branch, this.initialCurrent]];
  }

  initialValues(): Array<[number, number]> {
    return this.pinnedInitialValues();
  }
}

export const inductorDefinition: DeviceDefinition = {
  kind: 'L',
  summary: 'Linear inductor: v(n+) - v(n-) = L di/dt, current is an unknown',
  terminals: 2,
  params: [
    { name: 'value', unit: 'H', description: 'inductance', constraint: 'nonnegative' },
    { name: 'ic', unit: 'A', description: 'initial current (transient)', optional: true },
  ],
  create(instance) {
    const params = resolveParams(this.params, instance, 'inductor');
    return new Inductor(instance, required(params, 'value'), params.ic);
  },
};
