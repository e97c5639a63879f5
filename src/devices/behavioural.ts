/**
 * B: behavioural sources (also E and G with VALUE=), with exact Jacobians from the symbolic graph.
 *
 *   mode I:  a current I(v, i, time) from n+ through the source to n-:   f[n+] += I, f[n-] -= I
 *   mode V:  a voltage source of value V(v, i, time), branch current b:  f[n+] += b, f[n-] -= b,
 *            branch row f[b] = v(n+) - v(n-) - V
 *
 * where v are node voltages and i branch currents of other elements (`i(vname)`, read as F and H read
 * theirs). The expression was flattened by elaboration (src/circuit/flatten.ts: parameters are numbers, signals
 * refs `#k`); it is lowered to the symbolic graph, differentiated and compiled into one load function
 * (src/parse/compile.ts) shared by every instance with the same expression.
 */
import { NetlistError } from '../base/errors.ts';
import type { ElementInstance } from '../circuit/circuit.ts';
import { compileLoad, type CompiledLoad, type Sink } from '../parse/compile.ts';
import type { Expr } from '../parse/expr.ts';
import { lowerExpr } from '../parse/lower.ts';
import { SymGraph } from '../parse/symbolic.ts';
import { EntryTable, InstanceDevice, type EntrySpec } from './base.ts';
import type { Device, DeviceDefinition, LoadContext, SetupContext } from './device.ts';

type Behaviour = NonNullable<ElementInstance['behaviour']>;

interface BehaviouralCode {
  compiled: CompiledLoad;
  table: EntryTable<string, string>;
  /** Input count: nodes, then branch currents, then time. */
  nodes: number;
  branches: number;
}

/** The expression as a key: structure and numbers, no locations. */
function keyOf(e: Expr): string {
  switch (e.t) {
    case 'num':
      return `${Object.is(e.value, -0) ? '-0' : e.value}`;
    case 'ref':
      return e.name;
    case 'neg':
      return `-(${keyOf(e.arg)})`;
    case 'bin':
      return `(${keyOf(e.left)}${e.op}${keyOf(e.right)})`;
    case 'call':
      return `${e.fn}(${e.args.map(keyOf).join(',')})`;
  }
}

const CODE = new Map<string, BehaviouralCode>();

/**
 * Unknown slots of an instance: its nodes (0, 1 = n+, n-; then the nodes its voltages read), the branch
 * currents it reads, and in mode V its own branch current.
 */
function codeFor(instance: ElementInstance, b: Behaviour): BehaviouralCode {
  const nodes = instance.nodes.length;
  const branches = instance.refs?.length ?? 0;
  const key = `${b.mode}|${nodes}|${branches}|${b.signals.map((s) => (s.fn === 'v' ? `v${s.a},${s.b}` : `i${s.ref}`)).join(';')}|${keyOf(b.expr)}`;
  const cached = CODE.get(key);
  if (cached) return cached;

  const g = new SymGraph();
  const timeInput = nodes + branches;
  const voltage = (k: number): number => (k < 0 ? g.zero : g.input(k));
  const root = lowerExpr(b.expr, {
    graph: g,
    resolve: (name, loc) => {
      if (name.startsWith('#')) {
        const s = b.signals[Number(name.slice(1))];
        return s.fn === 'v' ? g.sub(voltage(s.a), voltage(s.b)) : g.input(nodes + s.ref);
      }
      if (name === 'time') return g.input(timeInput);
      // temp: SPICE's nominal 27 degC unless the circuit sets another (fixed per instance, folded as a number).
      if (name === 'temp') return g.constant(27);
      throw new NetlistError(`undefined name '${name}' in ${instance.name}`, loc);
    },
  });

  // Mode V's own branch current: unknown slot `own` (after the nodes and the branches read), input `ownInput`.
  const own = nodes + branches;
  const ownInput = timeInput + 1;
  const sinks: Sink[] = [];
  const entries = new Map<string, number>();
  const specs: Record<string, EntrySpec<string>> = {};
  const slotName = (slot: number): string => `u${slot}`;
  const entry = (row: number, col: number): number => {
    const k = `${row},${col}`;
    let h = entries.get(k);
    if (h === undefined) {
      h = entries.size;
      entries.set(k, h);
      specs[k] = { row: slotName(row), col: slotName(col), G: 'varying' };
    }
    return h;
  };
  const stampPartials = (node: number, rows: Array<[number, number]>): void => {
    for (let k = 0; k < timeInput; k++) {
      const d = g.derivative(node, k);
      if (g.valueOf(d) === 0) continue;
      for (const [row, sign] of rows) {
        const h = entry(row, k);
        sinks.push({ node: d, statement: (ref) => `G[H[${h}]] ${sign > 0 ? '+=' : '-='} ${ref};`, jacobian: true });
      }
    }
  };
  if (b.mode === 'I') {
    sinks.push({ node: root, statement: (ref) => `f[U[0]] += ${ref};` }, { node: root, statement: (ref) => `f[U[1]] -= ${ref};` });
    stampPartials(root, [
      [0, 1],
      [1, -1],
    ]);
  } else {
    // Incidence of the branch, then its row: v(n+) - v(n-) - V = 0.
    const branch = g.input(ownInput);
    const row = g.sub(g.sub(g.input(0), g.input(1)), root);
    sinks.push({ node: branch, statement: (ref) => `f[U[0]] += ${ref};` }, { node: branch, statement: (ref) => `f[U[1]] -= ${ref};` });
    sinks.push({ node: row, statement: (ref) => `f[U[${own}]] += ${ref};` });
    for (const [r, c, sign] of [
      [0, own, 1],
      [1, own, -1],
    ] as const) {
      const h = entry(r, c);
      sinks.push({ node: g.one, statement: () => `G[H[${h}]] ${sign > 0 ? '+=' : '-='} 1;`, jacobian: true });
    }
    for (let k = 0; k <= ownInput; k++) {
      if (k === timeInput) continue;
      const d = g.derivative(row, k);
      if (g.valueOf(d) === 0) continue;
      const h = entry(own, k === ownInput ? own : k);
      sinks.push({ node: d, statement: (ref) => `G[H[${h}]] += ${ref};`, jacobian: true });
    }
  }
  const reads = [
    ...Array.from({ length: nodes + branches }, (_, k) => ({ index: k, read: `y[U[${k}]]` })),
    { index: timeInput, read: 'time' },
    ...(b.mode === 'V' ? [{ index: ownInput, read: `y[U[${own}]]` }] : []),
  ];
  // No static inputs: the parameters are numbers in the expression already.
  const code: BehaviouralCode = { compiled: compileLoad(g, sinks, () => false, reads), table: new EntryTable<string, string>(specs), nodes, branches };
  CODE.set(key, code);
  return code;
}

class BehaviouralSource extends InstanceDevice implements Device {
  readonly kind = 'B';
  readonly setupAfterBranches = true;
  private readonly code: BehaviouralCode;
  private readonly mode: 'I' | 'V';
  private unknowns: Int32Array = new Int32Array(0);
  private handles: Int32Array = new Int32Array(0);
  private readonly none = new Float64Array(0);

  constructor(instance: ElementInstance, behaviour: Behaviour) {
    super(instance);
    this.mode = behaviour.mode;
    this.code = codeFor(instance, behaviour);
  }

  setup(ctx: SetupContext): void {
    const nodes = this.bindTerminals(ctx, 2);
    const slots = [...nodes, ...this.instance.nodes.slice(2).map((n) => ctx.node(n))];
    for (const ref of this.instance.refs ?? []) {
      const b = ctx.branchCurrent(`i(${ref})`);
      if (b === undefined) throw new NetlistError(`${this.name}: i(${ref}): no such branch current (a V source, an inductor or an E source)`, this.loc);
      slots.push(b);
    }
    if (this.mode === 'V') slots.push(ctx.addBranchCurrent(`i(${this.name})`));
    this.unknowns = Int32Array.from(slots);
    const where: Record<string, number> = {};
    slots.forEach((u, k) => (where[`u${k}`] = u));
    this.handles = this.bindEntries(ctx, this.code.table, where);
  }

  load(ctx: LoadContext): void {
    this.code.compiled.load(this.none, this.none, ctx.y, this.unknowns, this.handles, ctx.f, ctx.q, ctx.G, ctx.C, ctx.jacobian, ctx.time);
  }
}

export const behaviouralDefinition: DeviceDefinition = {
  kind: 'B',
  summary: 'Behavioural source: a current (I=) or voltage (V=) given by an expression of node voltages, branch currents and time (also E/G with VALUE=)',
  terminals: 2,
  params: [],
  create(instance) {
    if (!instance.behaviour) throw new NetlistError(`${instance.name}: a B source needs I=expr or V=expr`, instance.loc);
    return new BehaviouralSource(instance, instance.behaviour);
  },
};
