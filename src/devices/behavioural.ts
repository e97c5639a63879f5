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
  /** ddt() calls: one unknown each. */
  derivatives: number;
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
function codeFor(instance: ElementInstance, b: Behaviour, temp: number): BehaviouralCode {
  const nodes = instance.nodes.length;
  const branches = instance.refs?.length ?? 0;
  const key = `${b.mode}|${temp}|${nodes}|${branches}|${b.signals.map((s) => (s.fn === 'v' ? `v${s.a},${s.b}` : `i${s.ref}`)).join(';')}|${keyOf(b.expr)}`;
  const cached = CODE.get(key);
  if (cached) return cached;

  const g = new SymGraph();
  const timeInput = nodes + branches;
  // Mode V's own branch current: unknown slot `own` (after the nodes and the branches read), input `ownInput`.
  const own = nodes + branches;
  const ownInput = timeInput + 1;
  // ddt(e): an unknown w = de/dt each (row: f = w, q = -e), slots after the own branch, inputs after ownInput.
  const ddtSlot = own + (b.mode === 'V' ? 1 : 0);
  const ddtInput = ownInput + 1;
  const ddtArgs: number[] = [];
  const voltage = (k: number): number => (k < 0 ? g.zero : g.input(k));
  const root = lowerExpr(b.expr, {
    graph: g,
    resolve: (name, loc) => {
      if (name.startsWith('#')) {
        const s = b.signals[Number(name.slice(1))];
        return s.fn === 'v' ? g.sub(voltage(s.a), voltage(s.b)) : g.input(nodes + s.ref);
      }
      if (name === 'time') return g.input(timeInput);
      // The circuit's temperature, fixed per instance (part of the cache key).
      if (name === 'temp') return g.constant(temp);
      throw new NetlistError(`undefined name '${name}' in ${instance.name}`, loc);
    },
    call: (fn, args, loc, lower) => {
      if (fn !== 'ddt') return undefined;
      if (args.length !== 1) throw new NetlistError(`ddt() takes 1 argument, got ${args.length}`, loc);
      ddtArgs.push(lower(args[0]));
      return g.input(ddtInput + ddtArgs.length - 1);
    },
  });
  /** Every input that is an unknown, with its slot in U. */
  const unknownInputs: Array<[number, number]> = [
    ...Array.from({ length: timeInput }, (_, k): [number, number] => [k, k]),
    ...(b.mode === 'V' ? [[ownInput, own] as [number, number]] : []),
    ...ddtArgs.map((_, j): [number, number] => [ddtInput + j, ddtSlot + j]),
  ];

  const sinks: Sink[] = [];
  const entries = new Map<string, number>();
  const specs: Record<string, EntrySpec<string>> = {};
  const slotName = (slot: number): string => `u${slot}`;
  const entry = (row: number, col: number, matrix: 'G' | 'C'): number => {
    const k = `${row},${col}`;
    let h = entries.get(k);
    if (h === undefined) {
      h = entries.size;
      entries.set(k, h);
      specs[k] = { row: slotName(row), col: slotName(col) };
    }
    (specs[k] as { G?: 'varying'; C?: 'varying' })[matrix] = 'varying';
    return h;
  };
  /** The partials of `node` into G (or C) at rows [slot, sign]. */
  const stampPartials = (node: number, rows: Array<[number, number]>, matrix: 'G' | 'C'): void => {
    for (const [k, slot] of unknownInputs) {
      const d = g.derivative(node, k);
      if (g.valueOf(d) === 0) continue;
      for (const [row, sign] of rows) {
        const h = entry(row, slot, matrix);
        sinks.push({ node: d, statement: (ref) => `${matrix}[H[${h}]] ${sign > 0 ? '+=' : '-='} ${ref};`, jacobian: matrix === 'G' });
      }
    }
  };
  if (b.mode === 'I') {
    sinks.push({ node: root, statement: (ref) => `f[U[0]] += ${ref};` }, { node: root, statement: (ref) => `f[U[1]] -= ${ref};` });
    stampPartials(
      root,
      [
        [0, 1],
        [1, -1],
      ],
      'G',
    );
  } else {
    // Incidence of the branch, then its row: v(n+) - v(n-) - V = 0.
    const branch = g.input(ownInput);
    const row = g.sub(g.sub(g.input(0), g.input(1)), root);
    sinks.push({ node: branch, statement: (ref) => `f[U[0]] += ${ref};` }, { node: branch, statement: (ref) => `f[U[1]] -= ${ref};` });
    sinks.push({ node: row, statement: (ref) => `f[U[${own}]] += ${ref};` });
    stampPartials(
      branch,
      [
        [0, 1],
        [1, -1],
      ],
      'G',
    );
    stampPartials(row, [[own, 1]], 'G');
  }
  ddtArgs.forEach((e, j) => {
    const w = g.input(ddtInput + j);
    const slot = ddtSlot + j;
    sinks.push({ node: w, statement: (ref) => `f[U[${slot}]] += ${ref};` });
    stampPartials(w, [[slot, 1]], 'G');
    sinks.push({ node: e, statement: (ref) => `q[U[${slot}]] -= ${ref};` });
    stampPartials(e, [[slot, -1]], 'C');
  });
  const reads = [
    ...Array.from({ length: nodes + branches }, (_, k) => ({ index: k, read: `y[U[${k}]]` })),
    { index: timeInput, read: 'time' },
    ...(b.mode === 'V' ? [{ index: ownInput, read: `y[U[${own}]]` }] : []),
    ...ddtArgs.map((_, j) => ({ index: ddtInput + j, read: `y[U[${ddtSlot + j}]]` })),
  ];
  // No static inputs: the parameters are numbers in the expression already.
  const code: BehaviouralCode = { compiled: compileLoad(g, sinks, () => false, reads), table: new EntryTable<string, string>(specs), nodes, branches, derivatives: ddtArgs.length };
  CODE.set(key, code);
  return code;
}

class BehaviouralSource extends InstanceDevice implements Device {
  readonly kind = 'B';
  /**
   * Set up after the branch currents it reads exist. A voltage-mode source that reads none but its own is
   * set up with the others, so that current-mode sources may read its branch (the B-source memristor models'
   * state equation reads the current of their E element).
   */
  readonly setupAfterBranches: boolean;
  private readonly code: BehaviouralCode;
  private readonly mode: 'I' | 'V';
  private unknowns: Int32Array = new Int32Array(0);
  private handles: Int32Array = new Int32Array(0);
  private readonly none = new Float64Array(0);

  constructor(instance: ElementInstance, behaviour: Behaviour, temp: number) {
    super(instance);
    this.mode = behaviour.mode;
    this.code = codeFor(instance, behaviour, temp);
    this.setupAfterBranches = this.mode === 'I' || (instance.refs ?? []).some((r) => r !== instance.name);
  }

  setup(ctx: SetupContext): void {
    const nodes = this.bindTerminals(ctx, 2);
    const slots = [...nodes, ...this.instance.nodes.slice(2).map((n) => ctx.node(n))];
    // A voltage-mode source may read its own current (`Emem plus aux value={-I(Emem)*...}`, the Biolek model).
    const own = this.mode === 'V' ? ctx.addBranchCurrent(`i(${this.name})`) : undefined;
    for (const ref of this.instance.refs ?? []) {
      const b = ref === this.name ? own : ctx.branchCurrent(`i(${ref})`);
      if (b === undefined) throw new NetlistError(`${this.name}: i(${ref}): no such branch current (a V source, an inductor or an E source)`, this.loc);
      slots.push(b);
    }
    if (own !== undefined) slots.push(own);
    for (let j = 0; j < this.code.derivatives; j++) slots.push(ctx.addUnknown(`ddt${j + 1}(${this.name})`, 'current'));
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
  create(instance, environment) {
    if (!instance.behaviour) throw new NetlistError(`${instance.name}: a B source needs I=expr or V=expr`, instance.loc);
    return new BehaviouralSource(instance, instance.behaviour, environment?.temp ?? 27);
  },
};
