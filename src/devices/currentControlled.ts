/**
 * Current-controlled sources, controlled by the current of a voltage source (SPICE's `vname`): the
 * branch current i_c of that source, which flows from its n+ through it to its n-.
 * F (CCCS): current gain i_c flows from n+ through the F source to n-.
 * H (CCVS): branch current i unknown; v(n+) - v(n-) = r i_c.
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import { NetlistError } from '../base/errors.ts';
import { BRANCH, entryTable, InstanceDevice, stampBranch, type EntryHandles } from './base.ts';
import type { Device, DeviceDefinition, LoadContext, ParamSpec, SetupContext } from './device.ts';
import { resolveParams } from './params.ts';

const CCCS_PARAMS = [{ name: 'gain', unit: 'A/A', description: 'current gain' }] as const satisfies readonly ParamSpec[];
const CCVS_PARAMS = [{ name: 'transresistance', unit: 'Ohm', description: 'transresistance (V per A of the controlling current)' }] as const satisfies readonly ParamSpec[];

/** CCCS: the output rows' gain on the controlling branch current. */
const CCCS_ENTRIES = entryTable({
  pc: { row: 'p', col: 'c', G: 'constant' },
  nc: { row: 'n', col: 'c', G: 'constant' },
});
const CCCS = CCCS_ENTRIES.slot;

/** CCVS: the branch incidence, and the branch row's -r on the controlling branch current. */
const CCVS_ENTRIES = BRANCH.extend({ bc: { row: 'b', col: 'c', G: 'constant' } });
const CCVS = CCVS_ENTRIES.slot;

/** The controlling source's branch current unknown; elaboration checked that the source exists. */
function controllingBranch(ctx: SetupContext, instance: ElementInstance): number {
  const source = instance.refs?.[0];
  const branch = source === undefined ? undefined : ctx.branchCurrent(`i(${source})`);
  if (branch === undefined) throw new NetlistError(`${instance.name}: controlling voltage source '${source ?? ''}' has no branch current`, instance.loc);
  return branch;
}

class Cccs extends InstanceDevice implements Device {
  readonly kind = 'F';
  readonly linear = true;
  readonly constantStamps = true;
  readonly setupAfterBranches = true;
  private control = 0;
  private h: EntryHandles<keyof typeof CCCS_ENTRIES.slot> = new Int32Array(CCCS_ENTRIES.keys.length);

  constructor(
    instance: ElementInstance,
    private readonly gain: number,
  ) {
    super(instance);
  }

  setup(ctx: SetupContext): void {
    const [p, n] = this.bindTerminals(ctx);
    const c = (this.control = controllingBranch(ctx, this.instance));
    this.h = this.bindEntries(ctx, CCCS_ENTRIES, { p, n, c });
  }

  load(ctx: LoadContext): void {
    const [p, n] = this.terminals;
    const i = this.gain * ctx.y[this.control];
    ctx.f[p] += i;
    ctx.f[n] -= i;
    ctx.G[this.h[CCCS.pc]] += this.gain;
    ctx.G[this.h[CCCS.nc]] -= this.gain;
  }
}

class Ccvs extends InstanceDevice implements Device {
  readonly kind = 'H';
  readonly linear = true;
  readonly constantStamps = true;
  readonly setupAfterBranches = true;
  private branch = 0;
  private control = 0;
  private h: EntryHandles<keyof typeof CCVS_ENTRIES.slot> = new Int32Array(CCVS_ENTRIES.keys.length);

  constructor(
    instance: ElementInstance,
    private readonly transresistance: number,
  ) {
    super(instance);
  }

  setup(ctx: SetupContext): void {
    const [p, n] = this.bindTerminals(ctx);
    const c = (this.control = controllingBranch(ctx, this.instance));
    const b = (this.branch = ctx.addBranchCurrent(`i(${this.name})`));
    this.h = this.bindEntries(ctx, CCVS_ENTRIES, { p, n, b, c });
  }

  load(ctx: LoadContext): void {
    const [p, n] = this.terminals;
    const b = this.branch;
    stampBranch(ctx.f, ctx.G, ctx.y, this.h, p, n, b);
    ctx.f[b] -= this.transresistance * ctx.y[this.control];
    ctx.G[this.h[CCVS.bc]] -= this.transresistance;
  }
}

export const cccsDefinition: DeviceDefinition = {
  kind: 'F',
  summary: 'Current-controlled current source: I(n+ -> n-) = gain i(vname)',
  terminals: 2,
  params: CCCS_PARAMS,
  create(instance) {
    return new Cccs(instance, resolveParams(CCCS_PARAMS, instance, 'CCCS').gain);
  },
};

export const ccvsDefinition: DeviceDefinition = {
  kind: 'H',
  summary: 'Current-controlled voltage source: v(n+) - v(n-) = transresistance i(vname)',
  terminals: 2,
  params: CCVS_PARAMS,
  create(instance) {
    return new Ccvs(instance, resolveParams(CCVS_PARAMS, instance, 'CCVS').transresistance);
  },
};
