/**
 * Mutual inductance K between two inductors L1 and L2 (SPICE `K1 L1 L2 k`): M = k sqrt(L1 L2) couples
 * their branch rows, v1 = L1 di1/dt + M di2/dt and v2 = M di1/dt + L2 di2/dt, i.e. q[b1] -= M i2 and
 * q[b2] -= M i1 on top of each inductor's own -L i. Dot convention: each inductor's current flows into
 * its first node. |k| <= 1 keeps the inductance matrix positive semidefinite (passive).
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import { NetlistError } from '../base/errors.ts';
import { entryTable, InstanceDevice, type EntryHandles } from './base.ts';
import type { Device, DeviceDefinition, LoadContext, ParamSpec, SetupContext } from './device.ts';
import { resolveInductor } from './inductor.ts';
import { resolveParams } from './params.ts';

const MUTUAL_PARAMS = [{ name: 'k', unit: '1', description: 'coupling coefficient, |k| <= 1' }] as const satisfies readonly ParamSpec[];

const MUTUAL_ENTRIES = entryTable({
  b1b2: { row: 'b1', col: 'b2', C: 'constant' },
  b2b1: { row: 'b2', col: 'b1', C: 'constant' },
});
const MUTUAL = MUTUAL_ENTRIES.slot;

class MutualInductance extends InstanceDevice implements Device {
  readonly kind = 'K';
  readonly linear = true;
  readonly constantStamps = true;
  readonly setupAfterBranches = true;
  private b1 = 0;
  private b2 = 0;
  private h: EntryHandles<keyof typeof MUTUAL_ENTRIES.slot> = new Int32Array(MUTUAL_ENTRIES.keys.length);

  constructor(
    instance: ElementInstance,
    private readonly mutual: number,
  ) {
    super(instance);
  }

  setup(ctx: SetupContext): void {
    const [b1, b2] = (this.instance.refs ?? []).map((l) => {
      const b = ctx.branchCurrent(`i(${l})`);
      if (b === undefined) throw new NetlistError(`${this.name}: inductor '${l}' has no branch current`, this.loc);
      return b;
    });
    this.b1 = b1;
    this.b2 = b2;
    this.h = this.bindEntries(ctx, MUTUAL_ENTRIES, { b1, b2 });
  }

  load(ctx: LoadContext): void {
    ctx.q[this.b1] -= this.mutual * ctx.y[this.b2];
    ctx.q[this.b2] -= this.mutual * ctx.y[this.b1];
    ctx.C[this.h[MUTUAL.b1b2]] -= this.mutual;
    ctx.C[this.h[MUTUAL.b2b1]] -= this.mutual;
  }
}

export const mutualDefinition: DeviceDefinition = {
  kind: 'K',
  summary: 'Mutual inductance between two inductors: M = k sqrt(L1 L2)',
  terminals: 0,
  params: MUTUAL_PARAMS,
  create(instance, environment) {
    const { k } = resolveParams(MUTUAL_PARAMS, instance, 'mutual inductance');
    if (!(Math.abs(k) <= 1)) throw new NetlistError(`${instance.name}: coupling k must satisfy |k| <= 1, got ${k}`, instance.loc);
    const [l1, l2] = (instance.refElements ?? []).map((l) => resolveInductor(l, environment).value);
    if (instance.refs?.[0] === instance.refs?.[1]) throw new NetlistError(`${instance.name}: couples inductor ${instance.refs?.[0]} with itself`, instance.loc);
    return new MutualInductance(instance, k * Math.sqrt(l1 * l2));
  },
};
