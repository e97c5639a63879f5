/**
 * Linear controlled sources.
 * E (VCVS): branch current i unknown; v+ - v- = gain (vc+ - vc-).
 * G (VCCS): current gm (vc+ - vc-) flows from n+ through the source to n-.
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import { branchBlock, InstanceDevice, stampBranch } from './base.ts';
import type { Device, DeviceDefinition, LoadContext, ParamSpec, SetupContext } from './device.ts';
import { resolveParams } from './params.ts';

const VCVS_PARAMS = [{ name: 'gain', unit: 'V/V', description: 'voltage gain' }] as const satisfies readonly ParamSpec[];
const VCCS_PARAMS = [{ name: 'gm', unit: 'S', description: 'transconductance' }] as const satisfies readonly ParamSpec[];

class Vcvs extends InstanceDevice implements Device {
  readonly kind = 'E';
  readonly linear = true;
  readonly constantStamps = true;
  private branch = 0;
  private block: Int32Array = new Int32Array(4);
  private control: Int32Array = new Int32Array(2);

  constructor(
    instance: ElementInstance,
    private readonly gain: number,
  ) {
    super(instance);
  }

  setup(ctx: SetupContext): void {
    const [p, n, cp, cn] = this.bindTerminals(ctx);
    const b = (this.branch = ctx.addUnknown(`i(${this.name})`, 'current'));
    this.block = branchBlock(ctx, p, n, b);
    this.control = Int32Array.of(ctx.entry(b, cp), ctx.entry(b, cn));
  }

  load(ctx: LoadContext): void {
    const [p, n, cp, cn] = this.terminals;
    const b = this.branch;
    stampBranch(ctx.f, ctx.G, ctx.y, this.block, p, n, b);
    ctx.f[b] -= this.gain * (ctx.y[cp] - ctx.y[cn]);
    ctx.G[this.control[0]] -= this.gain;
    ctx.G[this.control[1]] += this.gain;
  }
}

class Vccs extends InstanceDevice implements Device {
  readonly kind = 'G';
  readonly linear = true;
  readonly constantStamps = true;
  private handles = new Int32Array(4);

  constructor(
    instance: ElementInstance,
    private readonly gm: number,
  ) {
    super(instance);
  }

  setup(ctx: SetupContext): void {
    const [p, n, cp, cn] = this.bindTerminals(ctx);
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
  params: VCVS_PARAMS,
  create(instance) {
    return new Vcvs(instance, resolveParams(VCVS_PARAMS, instance, 'VCVS').gain);
  },
};

export const vccsDefinition: DeviceDefinition = {
  kind: 'G',
  summary: 'Voltage-controlled current source: I(n+ -> n-) = gm (v(nc+) - v(nc-))',
  terminals: 4,
  params: VCCS_PARAMS,
  create(instance) {
    return new Vccs(instance, resolveParams(VCCS_PARAMS, instance, 'VCCS').gm);
  },
};
