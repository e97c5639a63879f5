/**
 * What every device file would otherwise repeat: identity from its netlist instance, matrix entries declared
 * by name (entryTable), and the blocks most devices are built from (a two-node conductance, a
 * voltage-defined branch, a two-terminal device with one state). Deliberately small: devices stay plain
 * classes implementing `Device`.
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import type { DeclaredEntry, EntryValue, SetupContext } from './device.ts';
import type { SourceLocation } from '../base/errors.ts';

/** Name, location and terminal list of a device created from a netlist instance. */
export abstract class InstanceDevice {
  /** Node indices of the terminals, set by bindTerminals (an exact-length array: `push` would reserve 17 slots). */
  terminals: number[] = [];
  constructor(readonly instance: ElementInstance) {}
  get name(): string {
    return this.instance.name;
  }
  get loc(): SourceLocation {
    return this.instance.loc;
  }
  /** Bound tables, expanded into DeclaredEntry objects only when asked (testjac): 400k devices need no 1.6M objects. */
  private boundTables: Array<{ table: EntryTable<string, string>; handles: ArrayLike<number> }> = [];

  /** Bind a table's entries (see EntryTable) and remember them as declared; returns the handles. */
  protected bindEntries<K extends string, N extends string>(
    ctx: SetupContext,
    table: EntryTable<K, N>,
    where: { readonly [name in N]: number },
  ): EntryHandles<K> {
    const handles = table.bind(ctx, where);
    // Copied rather than pushed: most devices bind one table, and a pushed-to array reserves 17 slots.
    this.boundTables = [...this.boundTables, { table: table as unknown as EntryTable<string, string>, handles }];
    return handles;
  }

  declaredEntries(): readonly DeclaredEntry[] {
    const declared: DeclaredEntry[] = [];
    for (const { table, handles } of this.boundTables) {
      for (const key of table.keys) {
        const { G, C } = table.spec[key];
        declared.push({ name: key, handle: handles[table.slot[key]], G, C });
      }
    }
    return declared;
  }

  /** Resolve the first `count` netlist nodes into `terminals`; returns them. */
  protected bindTerminals(ctx: SetupContext, count = this.instance.nodes.length): number[] {
    const bound = this.instance.nodes.slice(0, count).map((node) => ctx.node(node));
    this.terminals = this.terminals.length === 0 ? bound : [...this.terminals, ...bound];
    return this.terminals;
  }
}

export type { EntryValue };

/** One matrix entry of a device: row and column by name (a terminal or an unknown), and where it is stamped. */
export interface EntrySpec<N extends string> {
  readonly row: N;
  readonly col: N;
  /** Present when the device stamps the entry into G = df/dy. */
  readonly G?: EntryValue;
  /** Present when the device stamps the entry into C = dq/dy. */
  readonly C?: EntryValue;
}

/**
 * Integer handles of a device's entries, one per table slot. The phantom parameter records which named
 * entries the array holds, so a helper that needs the conductance block accepts only handles whose table
 * was built on it (function parameters are contravariant: handles with more entries are accepted).
 */
export type EntryHandles<K extends string> = ArrayLike<number> & { readonly entriesOf?: (key: K) => void };

/**
 * A device's matrix entries declared by name (as OSDI devices declare theirs), instead of magic handle
 * indices. Each named entry gets a fixed slot; `bind` resolves the names to the circuit's unknowns in
 * `setup` and returns the handles, and `load` stamps `G[h[SLOT]]` with module-level constant slots, so the
 * hot loop stays one typed-array read per stamp and allocation-free.
 */
export class EntryTable<K extends string, N extends string> {
  /** Slot of each named entry in the handle array. */
  readonly slot: { readonly [key in K]: number };
  readonly keys: readonly K[];

  constructor(readonly spec: { readonly [key in K]: EntrySpec<N> }) {
    this.keys = Object.keys(spec) as K[];
    const slot = {} as { [key in K]: number };
    this.keys.forEach((key, index) => {
      slot[key] = index;
    });
    this.slot = slot;
  }

  /** A table with these entries in the same slots, followed by `more` (a block plus a device's own entries). */
  extend<K2 extends string, N2 extends string>(more: { readonly [key in K2]: EntrySpec<N | N2> }): EntryTable<K | K2, N | N2> {
    for (const key of Object.keys(more)) if (key in this.spec) throw new Error(`internal: entry ${key} declared twice`);
    return new EntryTable<K | K2, N | N2>({ ...this.spec, ...more } as { readonly [key in K | K2]: EntrySpec<N | N2> });
  }

  /** Handles of every entry, with each row/column name resolved by `where` (node or unknown index). */
  bind(ctx: SetupContext, where: { readonly [name in N]: number }): EntryHandles<K> {
    // A plain array of small integers: an Int32Array costs ~150 bytes more (its ArrayBuffer and backing store)
    // and a garbage-collector extension each, for every device of a 400k-element circuit.
    return this.keys.map((key) => ctx.entry(where[this.spec[key].row], where[this.spec[key].col]));
  }
}

/** Declare a device's matrix entries (see EntryTable). */
export function entryTable<K extends string, N extends string>(spec: { readonly [key in K]: EntrySpec<N> }): EntryTable<K, N> {
  return new EntryTable<K, N>(spec);
}

/** The conductance block between terminals p and n, in slots 0-3. */
export const TWO_NODE = entryTable({
  pp: { row: 'p', col: 'p', G: 'varying', C: 'varying' },
  pn: { row: 'p', col: 'n', G: 'varying', C: 'varying' },
  np: { row: 'n', col: 'p', G: 'varying', C: 'varying' },
  nn: { row: 'n', col: 'n', G: 'varying', C: 'varying' },
});
type TwoNodeEntry = (typeof TWO_NODE.keys)[number];

/** Handles of a TWO_NODE block before setup binds it (all the ground entry), shared by every such device. */
export const UNBOUND_TWO_NODE: EntryHandles<TwoNodeEntry> = new Int32Array(4);

/** Add a conductance (or capacitance, into C) g between the two nodes of a table built on TWO_NODE. */
export function stampTwoNode(values: Float64Array, h: EntryHandles<TwoNodeEntry>, g: number): void {
  values[h[0]] += g;
  values[h[1]] -= g;
  values[h[2]] -= g;
  values[h[3]] += g;
}

/**
 * A voltage-defined branch with current unknown b from p to n, in slots 0-3: KCL (p,b), (n,b) and the
 * branch row's (b,p), (b,n); all +-1.
 */
export const BRANCH = entryTable({
  pb: { row: 'p', col: 'b', G: 'constant' },
  nb: { row: 'n', col: 'b', G: 'constant' },
  bp: { row: 'b', col: 'p', G: 'constant' },
  bn: { row: 'b', col: 'n', G: 'constant' },
});
type BranchEntry = (typeof BRANCH.keys)[number];

/**
 * The incidence part of a voltage-defined branch (V, L, E): the branch current leaves p and enters n, and
 * the branch row starts with v(p) - v(n). Callers add what defines the branch (b, -L di/dt, -gain v_c).
 */
export function stampBranch(f: Float64Array, G: Float64Array, y: Float64Array, h: EntryHandles<BranchEntry>, p: number, n: number, b: number): void {
  f[p] += y[b];
  f[n] -= y[b];
  f[b] += y[p] - y[n];
  G[h[0]] += 1;
  G[h[1]] -= 1;
  G[h[2]] += 1;
  G[h[3]] -= 1;
}

/**
 * A two-terminal device with one state s (MEMDIODE, POLCAP): the (p, n) block, the current's dependence
 * on s, and the state row.
 */
export const ONE_STATE = TWO_NODE.extend({
  ps: { row: 'p', col: 's', G: 'varying', C: 'varying' },
  ns: { row: 'n', col: 's', G: 'varying', C: 'varying' },
  ss: { row: 's', col: 's', G: 'varying', C: 'constant' },
  sp: { row: 's', col: 'p', G: 'varying' },
  sn: { row: 's', col: 'n', G: 'varying' },
});
