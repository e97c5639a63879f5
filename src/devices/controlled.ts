/**
 * Linear controlled sources.
 * E (VCVS): branch current i unknown; v+ - v- = gain (vc+ - vc-).
 * G (VCCS): current gm (vc+ - vc-) flows from n+ through the source to n-.
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import type { Device, DeviceDefinition, LoadContext, SetupContext } from './device.ts';
import { required, resolveParams } from './params.ts';

class Vcvs implements Device {
  readonly kind = 'E';
  readonly linear = true;
  readonly terminals: number[] = [];
  private branch = 0;
  private handles = new Int32Array(6);

  constructor(
    readonly instance: ElementInstance,
    private readonly gain: number,
  ) {}
  get name(): string {
    return this.instance.name;
  }
  get loc() {
    return this.instance.loc;
  }

  setup(ctx: SetupContext): void {
    const [p, n, cp, cn] = this.instance.nodes.map((node) => ctx.node(node));
    this.terminals.push(p, n, cp, cn);
    const b = (this.branch = ctx.addUnknown(`i(${this.name})`, 'current'));
    this.handles.set([ctx.entry(p, b), ctx.entry(n, b), ctx.entry(b, p), ctx.entry(b, n), ctx.entry(b, cp), ctx.entry(b, cn)]);
  }

  load(ctx: LoadContext): void {
    const [p, n, cp, cn] = this.terminals;
    const b = this.branch;
    const y = ctx.y;
    const h = this.handles;
    ctx.f[p] += y[b];
    ctx.f[n] -= y[b];
    ctx.f[b] += y[p] - y[n] - this.gain * (y[cp] - y[cn]);
    const G = ctx.G;
    G[h[0]] += 1;
    G[h[1]] -= 1;
    G[h[2]] += 1;
    G[h[3]] -= 1;
    G[h[4]] -= this.gain;
    G[h[5]] += this.gain;
  }
}

class Vccs implements Device {
  readonly kind = 'G';
  readonly linear = true;
  readonly terminals: number[] = [];
  private handles = new Int32Array(4);

  constructor(
    readonly instance: ElementInstance,
    private readonly gm: number,
  ) {}
  get name(): string {
    return this.instance.name;
  }
  get loc() {
    return this.instance.loc;
  }

  setup(ctx: SetupContext): void {
    const [p, n, cp, cn] = this.instance.nodes.map((node) => ctx.node(node));
    this.terminals.push(p, n, cp, cn);
    this.handles.set([ctx.entry(p, cp), ctx.entry(p, cn), ctx.entry(n, cp), ctx.entry(n, cn)]);
  }

  load(ctx: LoadContext): void {
    const [p, n, cp, cn] = this.terminals;
    const i = this.gm * (ctx.y[cp] - ctx.y[cn]);
    ctx.f[p] += i;
    ctx.f[n] -= i;
    const h = this.handles;
    const G = ctx.G;
    G[h[0]] += this.gm;
    G[h[1]] -= this.gm;
    G[h[2]] -= this.gm;
    G[h[3]] += this.gm;
  }
}

export const vcvsDefinition: DeviceDefinition = {
  kind: 'E',
  summary: 'Voltage-controlled voltage source: v(n+) - v(n-) = gain (v(nc+) - v(nc-))',
  terminals: 4,
  params: [{ name: 'gain', unit: 'V/V', description: 'voltage gain' }],
  create(instance) {
    return new Vcvs(instance, required(resolveParams(this.params, instance, 'VCVS'), 'gain'));
  },
};

export const vccsDefinition: DeviceDefinition = {
  kind: 'G',
  summary: 'Voltage-controlled current source: I(n+ -> n-) = gm (v(nc+) - v(nc-))',
  terminals: 4,
  params: [{ name: 'gm', unit: 'S', description: 'transconductance' }],
  create(instance) {
    return new Vccs(instance, required(resolveParams(this.params, instance, 'VCCS'), 'gm'));
  },
};
