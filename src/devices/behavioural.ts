/**
 * B: behavioural sources (also E and G with VALUE=), with exact Jacobians from the symbolic graph.
 *
 *   mode I:  a current I(v, i, time) from n+ through the source to n-:   f[n+] += I, f[n-] -= I
 *   mode V:  a voltage source of value V(v, i, time), branch current b:  f[n+] += b, f[n-] -= b,
 *            branch row f[b] = v(n+) - v(n-) - V
 *
 * where v are node voltages and i branch currents of other elements (`i(vname)`, read as F and H read
 * theirs). Two calls add an unknown each, so that the source stays implicit and its AC linearisation exact:
 *
 *   ddt(e):  w = de/dt,            row f = w,  q = -e
 *   sdt(e):  s = integral of e dt, row f = -e + leak s, q = s    (ds/dt = e - leak s; PSpice's SDT)
 *
 * An `sdt` unknown starts at 0: the transient's initial operating point holds it there (as a `.define`
 * state's `init`), so the integral counts from t = 0. The leak (1e-12 /s, a time constant of 1e12 s) is
 * what gives the integrator a DC value at all: without it the row says e = 0 and leaves s undetermined, a
 * singular matrix in `.op` and the AC operating point. With it the DC value is e / leak: 0 for an input
 * that is 0 at DC (the common case: a flux or charge monitor under a sine); an integrator of a nonzero DC
 * input has no steady state, and 1e12 e is the honest answer for one. In a transient the leak changes the
 * integral by leak * t relative (2e-12 over 2 s); in AC the response is 1/(j w + leak) for 1/(j w). The expression was flattened by elaboration (src/circuit/flatten.ts: parameters are numbers, signals
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

/** sdt()'s leak, 1/s (see the header): small enough to be invisible, large enough to define DC. */
const INTEGRATOR_LEAK = 1e-12;

interface BehaviouralCode {
  compiled: CompiledLoad;
  table: EntryTable<string, string>;
  /** Input count: nodes, then branch currents, then time. */
  nodes: number;
  branches: number;
  /** ddt() and sdt() calls in the order met: one unknown each. */
  hidden: Array<'ddt' | 'sdt'>;
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
  // ddt(e) and sdt(e): an unknown each (see the header), slots after the own branch, inputs after ownInput.
  const hiddenSlot = own + (b.mode === 'V' ? 1 : 0);
  const hiddenInput = ownInput + 1;
  const hiddenArgs: Array<{ fn: 'ddt' | 'sdt'; arg: number }> = [];
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
      if (fn !== 'ddt' && fn !== 'sdt') return undefined;
      if (args.length !== 1) throw new NetlistError(`${fn}() takes 1 argument, got ${args.length}`, loc);
      hiddenArgs.push({ fn, arg: lower(args[0]) });
      return g.input(hiddenInput + hiddenArgs.length - 1);
    },
  });
  /** Every input that is an unknown, with its slot in U. */
  const unknownInputs: Array<[number, number]> = [
    ...Array.from({ length: timeInput }, (_, k): [number, number] => [k, k]),
    ...(b.mode === 'V' ? [[ownInput, own] as [number, number]] : []),
    ...hiddenArgs.map((_, j): [number, number] => [hiddenInput + j, hiddenSlot + j]),
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
  hiddenArgs.forEach(({ fn, arg: e }, j) => {
    const unknown = g.input(hiddenInput + j);
    const slot = hiddenSlot + j;
    if (fn === 'ddt') {
      // f = w, q = -e: w - de/dt = 0.
      sinks.push({ node: unknown, statement: (ref) => `f[U[${slot}]] += ${ref};` });
      stampPartials(unknown, [[slot, 1]], 'G');
      sinks.push({ node: e, statement: (ref) => `q[U[${slot}]] -= ${ref};` });
      stampPartials(e, [[slot, -1]], 'C');
    } else {
      // f = -e + leak s, q = s: ds/dt - e + leak s = 0.
      const row = g.sub(g.mul(g.constant(INTEGRATOR_LEAK), unknown), e);
      sinks.push({ node: row, statement: (ref) => `f[U[${slot}]] += ${ref};` });
      stampPartials(row, [[slot, 1]], 'G');
      sinks.push({ node: unknown, statement: (ref) => `q[U[${slot}]] += ${ref};` });
      stampPartials(unknown, [[slot, 1]], 'C');
    }
  });
  const reads = [
    ...Array.from({ length: nodes + branches }, (_, k) => ({ index: k, read: `y[U[${k}]]` })),
    { index: timeInput, read: 'time' },
    ...(b.mode === 'V' ? [{ index: ownInput, read: `y[U[${own}]]` }] : []),
    ...hiddenArgs.map((_, j) => ({ index: hiddenInput + j, read: `y[U[${hiddenSlot + j}]]` })),
  ];
  // No static inputs: the parameters are numbers in the expression already.
  const code: BehaviouralCode = { compiled: compileLoad(g, sinks, () => false, reads), table: new EntryTable<string, string>(specs), nodes, branches, hidden: hiddenArgs.map((h) => h.fn) };
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
  private handles: ArrayLike<number> = [];
  /** The sdt() unknowns. */
  private integrals: number[] = [];
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
    // Labels numbered per kind, in the order written: ddt1(B1), sdt1(B1), sdt2(B1).
    const count = { ddt: 0, sdt: 0 };
    this.integrals = [];
    for (const fn of this.code.hidden) {
      // A derivative's scale is a current's (de/dt of a voltage times 1 F); an integral's a state's.
      const u = ctx.addUnknown(`${fn}${++count[fn]}(${this.name})`, fn === 'ddt' ? 'current' : 'state');
      slots.push(u);
      if (fn === 'sdt') this.integrals.push(u);
    }
    this.unknowns = Int32Array.from(slots);
    const where: Record<string, number> = {};
    slots.forEach((u, k) => (where[`u${k}`] = u));
    this.handles = this.bindEntries(ctx, this.code.table, where);
  }

  /** The integral of every sdt() starts at 0: the transient's initial operating point holds it there. */
  pinnedInitialValues(): Array<[number, number]> {
    return this.integrals.map((u): [number, number] => [u, 0]);
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
