/**
 * Linear controlled sources.
 * E (VCVS): branch current i unknown; v+ - v- = gain (vc+ - vc-).
 * G (VCCS): current gm (vc+ - vc-) flows from n+ through the source to n-.
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import { BRANCH, entryTable, InstanceDevice, stampBranch, type EntryHandles } from './base.ts';
import type { Device, DeviceDefinition, LoadContext, ParamSpec, SetupContext } from './device.ts';
import { resolveParams } from './params.ts';

const VCVS_PARAMS = [{ name: 'gain', unit: 'V/V', description: 'voltage gain' }] as const satisfies readonly ParamSpec[];
const VCCS_PARAMS = [{ name: 'gm', unit: 'S', description: 'transconductance' }] as const satisfies readonly ParamSpec[];

/** VCVS: the branch incidence, and the branch row's -gain on the controlling nodes. */
const VCVS_ENTRIES = BRANCH.extend({
  bcp: { row: 'b', col: 'cp', G: 'constant' },
  bcn: { row: 'b', col: 'cn', G: 'constant' },
});
const VCVS = VCVS_ENTRIES.slot;

/** VCCS: the output rows' gm on the controlling nodes. */
const VCCS_ENTRIES = entryTable({
  pcp: { row: 'p', col: 'cp', G: 'constant' },
  pcn: { row: 'p', col: 'cn', G: 'constant' },
  ncp: { row: 'n', col: 'cp', G: 'constant' },
  ncn: { row: 'n', col: 'cn', G: 'constant' },
});
const VCCS = VCCS_ENTRIES.slot;

class Vcvs extends InstanceDevice implements Device {
  readonly kind = 'E';
  readonly linear = true;
  readonly constantStamps = true;
  private branch = 0;
  private h: EntryHandles<keyof typeof VCVS_ENTRIES.slot> = new Int32Array(VCVS_ENTRIES.keys.length);

  constructor(
    instance: ElementInstance,
    private readonly gain: number,
  ) {
    super(instance);
  }

  setup(ctx: SetupContext): void {
    const [p, n, cp, cn] = this.bindTerminals(ctx);
    const b = (this.branch = ctx.addBranchCurrent(`i(${this.name})`));
    this.h = this.bindEntries(ctx, VCVS_ENTRIES, { p, n, cp, cn, b });
  }

  load(ctx: LoadContext): void {
    const [p, n, cp, cn] = this.terminals;
    const b = this.branch;
    stampBranch(ctx.f, ctx.G, ctx.y, this.h, p, n, b);
    ctx.f[b] -= this.gain * (ctx.y[cp] - ctx.y[cn]);
    ctx.G[this.h[VCVS.bcp]] -= this.gain;
    ctx.G[this.h[VCVS.bcn]] += this.gain;
  }
}

class Vccs extends InstanceDevice implements Device {
  readonly kind = 'G';
  readonly linear = true;
  readonly constantStamps = true;
  private h: EntryHandles<keyof typeof VCCS_ENTRIES.slot> = new Int32Array(VCCS_ENTRIES.keys.length);

  constructor(
    instance: ElementInstance,
    private readonly gm: number,
  ) {
    super(instance);
  }

  setup(ctx: SetupContext): void {
    const [p, n, cp, cn] = this.bindTerminals(ctx);
    this.h = this.bindEntries(ctx, VCCS_ENTRIES, { p, n, cp, cn });
  }

  load(ctx: LoadContext): void {
    const [p, n, cp, cn] = this.terminals;
    const i = this.gm * (ctx.y[cp] - ctx.y[cn]);
    ctx.f[p] += i;
    ctx.f[n] -= i;
    const h = this.h;
    const G = ctx.G;
    G[h[VCCS.pcp]] += this.gm;
    G[h[VCCS.pcn]] -= this.gm;
    G[h[VCCS.ncp]] -= this.gm;
    G[h[VCCS.ncn]] += this.gm;
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
