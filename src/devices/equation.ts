/**
 * Equation-defined devices: a `.define` (src/parse/define.ts) turned into a device type of the registry.
 *
 * For terminals t_0 ... t_{N-1} with voltages u_k = v(t_k) - v(t_{N-1}) (k < N-1) and states s_r:
 *
 *   KCL row of t_k (k < N-1):  f += I_k(u, s, time),   q += Q_k(u, s)        (the current INTO the device at t_k)
 *   KCL row of t_{N-1}:        f -= sum_k I_k,         q -= sum_k Q_k        (Kirchhoff: what enters leaves)
 *   state row of s_r, `tau * ddt(s) = g`:
 *     tau constant (parameters only):  q = tau s,  f = -g     (the project's convention for tau ds/dt = g)
 *     tau depending on u or s:         q = s,      f = -g/tau (the same equation: q = tau s would add s dtau/dt)
 *     no tau (`ddt(s) = g`):           q = s,      f = -g
 *
 * So the two-terminal `I = {...}` is the current from the first terminal through the device to the second.
 * Every value and every partial derivative (dI/du, dI/ds, df/du, ...) comes from one compiled function per
 * type (src/parse/compile.ts) over the symbolic graph of the equations (src/parse/symbolic.ts), exact and
 * with shared subexpressions computed once; nodes that depend on parameters only are computed once per
 * instance. `load` only writes inputs, calls it, and stamps through precomputed handle arrays.
 *
 * DC and initial values follow the built-in MEMDIODE: without `init` a state starts Newton at 0 (into its
 * bounds) and DC solves g = 0; with `init s = v` it starts at v and the transient's initial operating point
 * holds it there (as MEMDIODE's x0=), unless `.ic x(inst.s)=` says otherwise. `bounds` are projected by
 * Newton as for the built-in devices. No junction-style voltage limiting is applied: the equations are the
 * user's, and which exponential to limit is not known; bounded states are what keeps rate exponentials in
 * range.
 */
import { NetlistError, type SourceLocation } from '../base/errors.ts';
import type { ElementInstance } from '../circuit/circuit.ts';
import { globalScope, type ParamScope } from '../circuit/params.ts';
import { splitOverrides } from '../circuit/steps.ts';
import type { NetlistAst, NumericAst, Statement } from '../parse/ast.ts';
import { compileGraph, compileLoad, type CompiledGraph, type CompiledLoad, type Sink } from '../parse/compile.ts';
import type { DefineAst } from '../parse/define.ts';
import { CONSTANTS, evaluate, type Expr } from '../parse/expr.ts';
import { lowerExpr } from '../parse/lower.ts';
import { SymGraph } from '../parse/symbolic.ts';
import { EntryTable, InstanceDevice, type EntrySpec } from './base.ts';
import type { Device, DeviceDefinition, DeviceEnvironment, LoadContext, SetupContext, StateOutput } from './device.ts';
import { DeviceRegistry } from './registry.ts';

/** Names every expression of a `.define` has besides its own (V only with two terminals). */
const RESERVED = ['v', 'time', 'temp'];

/** One equation type: the combination of all instances' compiled code and stamp layout. */
export class EquationType {
  readonly kind: string;
  readonly terminalCount: number;
  readonly stateNames: string[];
  readonly paramNames: string[];
  readonly paramDefaults: NumericAst[];
  readonly paramLocs: SourceLocation[];
  /** Inputs: u_0..u_{N-2}, s_0..s_{S-1}, time, temp, params. */
  readonly timeInput: number;
  readonly tempInput: number;
  readonly paramInput: number;
  readonly inputCount: number;
  readonly compiled: CompiledLoad;
  /** Per instance, from parameters and temperature only: state scale c_r, lower, upper, init (NaN: none). */
  readonly perInstance: CompiledGraph;
  readonly perInstanceCount: number;
  readonly table: EntryTable<string, string>;
  readonly hasLower: boolean[] = [];
  readonly hasUpper: boolean[] = [];
  readonly hasInit: boolean[] = [];

  constructor(readonly def: DefineAst) {
    const N = def.terminals.length;
    const S = def.states.length;
    const M = N - 1;
    this.kind = def.type.name.toUpperCase();
    this.terminalCount = N;
    this.stateNames = def.states.map((s) => s.name);
    this.paramNames = def.params.map((p) => p.name.name);
    this.paramDefaults = def.params.map((p) => p.value);
    this.paramLocs = def.params.map((p) => p.name.loc);
    this.timeInput = M + S;
    this.tempInput = M + S + 1;
    this.paramInput = M + S + 2;
    this.inputCount = this.paramInput + this.paramNames.length;
    const unknownInputs = M + S;
    const isStaticInput = (k: number): boolean => k > this.timeInput;

    // Names: duplicates are errors wherever they are.
    const declared = new Map<string, SourceLocation>();
    const declare = (name: string, loc: SourceLocation, what: string): void => {
      if (RESERVED.includes(name)) throw new NetlistError(`${what} '${name}' of .define ${def.type.text}: the name is reserved (${RESERVED.join(', ')})`, loc);
      const prev = declared.get(name);
      if (prev) throw new NetlistError(`'${name}' is defined twice in .define ${def.type.text} (first at line ${prev.line})`, loc);
      declared.set(name, loc);
    };
    const terminalIndex = new Map<string, number>();
    def.terminals.forEach((t, k) => {
      if (terminalIndex.has(t.name)) throw new NetlistError(`terminal '${t.name}' appears twice in .define ${def.type.text}`, t.loc);
      terminalIndex.set(t.name, k);
    });
    // In the order they are written, so the second of two is the one reported.
    const names: Array<[string, SourceLocation, string]> = [
      ...def.params.map((p): [string, SourceLocation, string] => [p.name.name, p.name.loc, 'parameter']),
      ...def.states.map((s): [string, SourceLocation, string] => [s.name, s.loc, 'state']),
      ...def.lets.map((l): [string, SourceLocation, string] => [l.name.name, l.name.loc, 'let']),
    ];
    names.sort((a, b) => a[1].line - b[1].line || a[1].column - b[1].column);
    for (const [name, loc, what] of names) declare(name, loc, what);

    const g = new SymGraph();
    const stateIndex = new Map(def.states.map((s, r) => [s.name, r]));
    const paramIndex = new Map(def.params.map((p, k) => [p.name.name, k]));
    const letNode = new Map<string, number>();
    const letOrder = new Map(def.lets.map((l, k) => [l.name.name, k]));
    let lowering: string | undefined;
    const voltage = (k: number): number => (k === N - 1 ? g.zero : g.input(k));

    const resolve = (name: string, loc: SourceLocation): number => {
      const let_ = letNode.get(name);
      if (let_ !== undefined) return let_;
      if (letOrder.has(name)) {
        if (name === lowering) throw new NetlistError(`let ${name} refers to itself (a let is defined by earlier names only)`, loc);
        const at = def.lets[letOrder.get(name) as number].loc;
        throw new NetlistError(`let ${name} is used before its definition (line ${at.line}): a let may use only earlier lets`, loc);
      }
      const r = stateIndex.get(name);
      if (r !== undefined) return g.input(M + r);
      const p = paramIndex.get(name);
      if (p !== undefined) return g.input(this.paramInput + p);
      if (name === 'v') {
        if (N !== 2) throw new NetlistError(`V needs a terminal in a device with ${N} terminals: V(t) or V(t1,t2)`, loc);
        return voltage(0);
      }
      if (name === 'time') return g.input(this.timeInput);
      if (name === 'temp') return g.input(this.tempInput);
      if (Object.hasOwn(CONSTANTS, name)) return g.constant(CONSTANTS[name]);
      if (terminalIndex.has(name)) throw new NetlistError(`'${name}' is a terminal of ${def.type.text}: its voltage is V(${name})`, loc);
      throw new NetlistError(`undefined name '${name}' in .define ${def.type.text} (parameters, states, lets, V, time and temp are defined)`, loc);
    };
    const call = (fn: string, args: readonly Expr[], loc: SourceLocation): number | undefined => {
      if (fn !== 'v') return undefined;
      const terminal = (e: Expr): number => {
        const k = e.t === 'ref' ? terminalIndex.get(e.name) : undefined;
        if (k === undefined) throw new NetlistError(`V(...) takes terminal names of ${def.type.text} (${def.terminals.map((t) => t.text).join(', ')})`, e.loc);
        return k;
      };
      if (args.length === 1) return voltage(terminal(args[0]));
      if (args.length === 2) return g.sub(voltage(terminal(args[0])), voltage(terminal(args[1])));
      throw new NetlistError(`V() takes one or two terminals, got ${args.length}`, loc);
    };
    const reachesUnknown = (node: number): boolean => {
      for (let k = 0; k < unknownInputs; k++) if (g.reaches(node, k)) return true;
      return false;
    };
    /** Expressions whose Jacobian is needed: floor/ceil of an unknown have none. */
    const dynamicCtx = {
      graph: g,
      resolve,
      call,
      onPiecewiseConstant: (fn: string, arg: number, loc: SourceLocation): void => {
        if (reachesUnknown(arg)) {
          throw new NetlistError(
            `${fn}() of a quantity that depends on V or a state has no derivative for the Jacobian (its value jumps); use a smooth form (smoothstep, sigmoid) or select with a comparison`,
            loc,
          );
        }
      },
    };
    for (const l of def.lets) {
      lowering = l.name.name;
      letNode.set(l.name.name, lowerExpr(l.expr, dynamicCtx));
    }
    lowering = undefined;

    // Currents and charges per terminal (all but the last).
    const terminalOf = (eq: { terminal?: { name: string; text: string; loc: SourceLocation }; loc: SourceLocation }, what: string): number => {
      if (!eq.terminal) {
        if (N !== 2) throw new NetlistError(`${what} needs a terminal in a device with ${N} terminals: ${what}(t) = {...} for each terminal but the last`, eq.loc);
        return 0;
      }
      const k = terminalIndex.get(eq.terminal.name);
      if (k === undefined) throw new NetlistError(`${what}(${eq.terminal.text}): not a terminal of ${def.type.text}`, eq.terminal.loc);
      if (k === N - 1) throw new NetlistError(`${what}(${eq.terminal.text}): the last terminal's ${what === 'I' ? 'current' : 'charge'} is minus the sum of the others (Kirchhoff), it is not written`, eq.terminal.loc);
      return k;
    };
    const perTerminal = (eqs: DefineAst['currents'], what: string): Array<number | undefined> => {
      const nodes: Array<number | undefined> = new Array(M).fill(undefined);
      for (const eq of eqs) {
        const k = terminalOf(eq, what);
        if (nodes[k] !== undefined) throw new NetlistError(`${what}${N === 2 ? '' : `(${def.terminals[k].text})`} is defined twice`, eq.loc);
        nodes[k] = lowerExpr(eq.expr, dynamicCtx);
      }
      return nodes;
    };
    const currents = perTerminal(def.currents, 'I');
    const charges = perTerminal(def.charges, 'Q');
    for (const q of charges) {
      if (q !== undefined && g.reaches(q, this.timeInput)) throw new NetlistError(`a charge Q may not depend on time (write the time dependence into I)`, def.charges[0].loc);
    }

    // State rows.
    const rateOf: Array<{ f: number; scale: number } | undefined> = new Array(S).fill(undefined);
    for (const eq of def.rates) {
      const r = stateIndex.get(eq.state.name);
      if (r === undefined) {
        throw new NetlistError(`ddt(${eq.state.text}): '${eq.state.text}' is not a state of ${def.type.text} (states=${def.states.map((s) => s.text).join(',') || 'none'})`, eq.state.loc);
      }
      if (rateOf[r] !== undefined) throw new NetlistError(`ddt(${eq.state.text}) is defined twice`, eq.loc);
      const rhs = lowerExpr(eq.expr, dynamicCtx);
      if (!eq.tau) rateOf[r] = { f: g.neg(rhs), scale: g.one };
      else {
        const tau = lowerExpr(eq.tau, dynamicCtx);
        rateOf[r] = reachesUnknown(tau) || g.reaches(tau, this.timeInput) ? { f: g.neg(g.div(rhs, tau)), scale: g.one } : { f: g.neg(rhs), scale: tau };
      }
    }
    def.states.forEach((s, r) => {
      if (rateOf[r] === undefined) throw new NetlistError(`state '${s.text}' has no equation: add a clause '+ ddt(${s.text}) = {...}'`, s.loc);
    });

    // Per-instance quantities: scales, bounds, inits (parameters only).
    const staticCtx = {
      graph: g,
      resolve: (name: string, loc: SourceLocation): number => {
        if (stateIndex.has(name) || letOrder.has(name) || name === 'v' || name === 'time') {
          throw new NetlistError(`bounds and init may use parameters and temp only, not '${name}'`, loc);
        }
        return resolve(name, loc);
      },
      call: (fn: string, _args: readonly Expr[], loc: SourceLocation): number | undefined => {
        if (fn === 'v') throw new NetlistError('bounds and init may use parameters and temp only, not V', loc);
        return undefined;
      },
    };
    const numericNode = (v: NumericAst): number => (v.kind === 'num' ? g.constant(v.value) : lowerExpr(v.expr, staticCtx));
    const lowerB = new Array<number>(S).fill(g.constant(-Infinity));
    const upperB = new Array<number>(S).fill(g.constant(Infinity));
    const initB = new Array<number>(S).fill(g.zero);
    const seenBounds = new Set<number>();
    const seenInit = new Set<number>();
    const stateOf = (state: { name: string; text: string; loc: SourceLocation }, what: string): number => {
      const r = stateIndex.get(state.name);
      if (r === undefined) throw new NetlistError(`${what} ${state.text}: '${state.text}' is not a state of ${def.type.text}`, state.loc);
      return r;
    };
    this.hasLower = new Array(S).fill(false);
    this.hasUpper = new Array(S).fill(false);
    this.hasInit = new Array(S).fill(false);
    for (const b of def.bounds) {
      const r = stateOf(b.state, 'bounds');
      if (seenBounds.has(r)) throw new NetlistError(`bounds ${b.state.text} given twice`, b.loc);
      seenBounds.add(r);
      if (b.lower) {
        lowerB[r] = numericNode(b.lower);
        this.hasLower[r] = true;
      }
      if (b.upper) {
        upperB[r] = numericNode(b.upper);
        this.hasUpper[r] = true;
      }
    }
    for (const i of def.inits) {
      const r = stateOf(i.state, 'init');
      if (seenInit.has(r)) throw new NetlistError(`init ${i.state.text} given twice`, i.loc);
      seenInit.add(r);
      initB[r] = numericNode(i.value);
      this.hasInit[r] = true;
    }
    const scales = rateOf.map((x) => (x as { scale: number }).scale);
    this.perInstanceCount = 4 * S;
    this.perInstance = compileGraph(g, [...scales, ...lowerB, ...upperB, ...initB], () => true);

    // Stamps. Unknown slots (indices into the instance's U): terminal k -> k, state r -> N + r.
    const sinks: Sink[] = [];
    const entryIndex = new Map<string, number>();
    const entrySpecs: Record<string, EntrySpec<string>> = {};
    const slotName = (slot: number): string => (slot < N ? `t${slot}` : `s${slot - N}`);
    const entry = (row: number, col: number, matrix: 'G' | 'C', value: 'varying' | 'constant'): number => {
      const key = `${slotName(row)},${slotName(col)}`;
      let index = entryIndex.get(key);
      if (index === undefined) {
        index = entryIndex.size;
        entryIndex.set(key, index);
        entrySpecs[key] = { row: slotName(row), col: slotName(col) };
      }
      const spec = entrySpecs[key] as { G?: 'varying' | 'constant'; C?: 'varying' | 'constant' };
      if (matrix === 'G') spec.G = 'varying';
      else spec.C = spec.C === 'varying' ? 'varying' : value;
      return index;
    };
    const add = (sign: number): string => (sign > 0 ? '+=' : '-=');
    /** The unknown slots (with signs) a row, or the column of input k, stands for. */
    const rowTerms = (row: { terminal: number } | { state: number }): Array<[number, number]> =>
      'terminal' in row ? [[row.terminal, 1], [N - 1, -1]] : [[N + row.state, 1]];
    const colTerms = (k: number): Array<[number, number]> => (k < M ? [[k, 1], [N - 1, -1]] : [[N + k - M, 1]]);
    /** Row values into f (or q), their partials into G (or C), through the instance's U and H. */
    const stampRow = (row: { terminal: number } | { state: number }, node: number, matrix: 'G' | 'C'): void => {
      const vector = matrix === 'G' ? 'f' : 'q';
      for (const [slot, sign] of rowTerms(row)) sinks.push({ node, statement: (ref) => `${vector}[U[${slot}]] ${add(sign)} ${ref};` });
      for (let k = 0; k < unknownInputs; k++) {
        const d = g.derivative(node, k);
        if (g.valueOf(d) === 0) continue;
        for (const [rowSlot, rowSign] of rowTerms(row)) {
          for (const [colSlot, colSign] of colTerms(k)) {
            const h = entry(rowSlot, colSlot, matrix, 'varying');
            // G is needed only when the Jacobian is; C in every load (the transient advances q by it).
            sinks.push({ node: d, statement: (ref) => `${matrix}[H[${h}]] ${add(rowSign * colSign)} ${ref};`, jacobian: matrix === 'G' });
          }
        }
      }
    };
    currents.forEach((node, k) => {
      if (node !== undefined) stampRow({ terminal: k }, node, 'G');
    });
    charges.forEach((node, k) => {
      if (node !== undefined) stampRow({ terminal: k }, node, 'C');
    });
    rateOf.forEach((rate, r) => {
      const { f, scale } = rate as { f: number; scale: number };
      stampRow({ state: r }, f, 'G');
      // q = c s on the state row, C = c (constant per instance).
      sinks.push({ node: g.mul(scale, g.input(M + r)), statement: (ref) => `q[U[${N + r}]] += ${ref};` });
      const h = entry(N + r, N + r, 'C', 'constant');
      sinks.push({ node: scale, statement: (ref) => `C[H[${h}]] += ${ref};` });
    });
    const reads = [
      ...Array.from({ length: M }, (_, k) => ({ index: k, read: `y[U[${k}]] - y[U[${N - 1}]]` })),
      ...Array.from({ length: S }, (_, r) => ({ index: M + r, read: `y[U[${N + r}]]` })),
      { index: this.timeInput, read: 'time' },
    ];
    this.compiled = compileLoad(g, sinks, isStaticInput, reads);
    this.table = new EntryTable<string, string>(entrySpecs);
  }
}

/** Compiled types, per `.define` statement (the same for every `.step` combination). */
const TYPES = new WeakMap<DefineAst, EquationType>();

/** The compiled type of a `.define` (built once per statement). */
export function equationType(def: DefineAst): EquationType {
  let type = TYPES.get(def);
  if (!type) {
    type = new EquationType(def);
    TYPES.set(def, type);
  }
  return type;
}

class EquationDevice extends InstanceDevice implements Device {
  readonly kind: string;
  /** Static inputs (parameters, temperature) at their places of the type's input layout. */
  private readonly x: Float64Array;
  /** The instance's static slots (nodes of parameters only, computed once). */
  private readonly s: Float64Array;
  /** scale c_r, lower, upper, init per state (see EquationType.perInstance). */
  private readonly fixed: Float64Array;
  /** Terminals then states: the unknown of each slot. */
  private unknowns: Int32Array = new Int32Array(0);
  private handles: ArrayLike<number> = [];

  constructor(
    instance: ElementInstance,
    private readonly type: EquationType,
    params: Float64Array,
    temp: number,
  ) {
    super(instance);
    this.kind = type.kind;
    this.x = new Float64Array(type.inputCount);
    this.x.set(params, type.paramInput);
    this.x[type.tempInput] = temp;
    this.s = new Float64Array(type.compiled.staticSlots);
    type.compiled.prepare(this.x, this.s);
    this.fixed = new Float64Array(type.perInstanceCount);
    const fixedSlots = new Float64Array(type.perInstance.staticSlots);
    type.perInstance.prepare(this.x, fixedSlots);
    type.perInstance.evaluate(this.x, fixedSlots, this.fixed);
  }

  setup(ctx: SetupContext): void {
    const t = this.type;
    const terminals = this.bindTerminals(ctx, t.terminalCount);
    const states = t.stateNames.map((s) => ctx.addUnknown(`x(${this.name}.${s})`, 'state'));
    this.unknowns = Int32Array.from([...terminals, ...states]);
    const where: Record<string, number> = {};
    terminals.forEach((u, k) => (where[`t${k}`] = u));
    states.forEach((u, r) => (where[`s${r}`] = u));
    this.handles = this.bindEntries(ctx, t.table, where);
  }

  load(ctx: LoadContext): void {
    this.type.compiled.load(this.x, this.s, ctx.y, this.unknowns, this.handles, ctx.f, ctx.q, ctx.G, ctx.C, ctx.jacobian, ctx.time);
  }

  private stateUnknown(r: number): number {
    return this.unknowns[this.type.terminalCount + r];
  }

  states(): StateOutput[] {
    return this.type.stateNames.map((suffix, r) => ({ suffix, unknown: this.stateUnknown(r) }));
  }

  /** Newton's starting point: `init`, else 0 moved into the bounds. */
  initialValues(): Array<[number, number]> {
    const S = this.type.stateNames.length;
    return this.type.stateNames.map((_, r) => {
      const [lo, hi, init] = [this.fixed[S + r], this.fixed[2 * S + r], this.fixed[3 * S + r]];
      return [this.stateUnknown(r), this.type.hasInit[r] ? init : Math.min(hi, Math.max(lo, 0))];
    });
  }

  /** `init` holds a state at the transient's initial operating point (as MEMDIODE's x0=). */
  pinnedInitialValues(): Array<[number, number]> {
    const S = this.type.stateNames.length;
    const pins: Array<[number, number]> = [];
    for (let r = 0; r < S; r++) if (this.type.hasInit[r]) pins.push([this.stateUnknown(r), this.fixed[3 * S + r]]);
    return pins;
  }

  /**
   * `.op` quantities: the terminal current (`i(m1)`; with more terminals `i_<t>(m1)` into each but the last), and
   * for two terminals the conductances gb = dI/dV at fixed states and g0 = dI/dV with the states following
   * (g0 = gb - dI/ds (dF/ds)^-1 dF/dV, F the state rows): the zero-frequency limit of the device's admittance, as
   * the built-in MEMDIODE's gb and g0. g0 is left out where dF/ds is singular (a state the DC equations leave
   * undetermined, e.g. a threshold model below threshold). States are unknowns: `.op` prints them as x(m1.s).
   * The equations are evaluated once more at y (time 0) into arrays of this call, from the same compiled code.
   */
  opQuantities(y: Float64Array): Record<string, number> {
    const t = this.type;
    const N = t.terminalCount;
    const S = t.stateNames.length;
    const size = N + S;
    // A local system: slot k (terminals, then states) is row/column k + 1; 0 is the trash row.
    const local = new Float64Array(size + 1);
    for (let k = 0; k < size; k++) local[k + 1] = y[this.unknowns[k]];
    const slots = Int32Array.from({ length: size }, (_, k) => k + 1);
    const handles = Int32Array.from({ length: t.table.keys.length }, (_, k) => k + 1);
    const f = new Float64Array(size + 1);
    const q = new Float64Array(size + 1);
    const G = new Float64Array(handles.length + 1);
    const C = new Float64Array(handles.length + 1);
    t.compiled.load(this.x, this.s, local, slots, handles, f, q, G, C, true, 0);
    const out: Record<string, number> = {};
    if (N !== 2) {
      for (let k = 0; k < N - 1; k++) out[`i_${t.def.terminals[k].name}`] = f[k + 1];
      return out;
    }
    const slotName = (k: number): string => (k < N ? `t${k}` : `s${k - N}`);
    const jacobian = (row: number, col: number): number => {
      const key = `${slotName(row)},${slotName(col)}`;
      return Object.hasOwn(t.table.slot, key) ? G[t.table.slot[key] + 1] : 0;
    };
    out.i = f[1];
    // Terminal 0's row and column: V = v(t0) - v(t1), so dI/dV is the (t0, t0) entry.
    out.gb = jacobian(0, 0);
    // Solve (dF/ds) z = dF/dV by Gaussian elimination with partial pivoting (S is a handful).
    const a = Array.from({ length: S }, (_, r) => [...Array.from({ length: S }, (_, c) => jacobian(N + r, N + c)), jacobian(N + r, 0)]);
    for (let c = 0; c < S; c++) {
      let pivot = c;
      for (let r = c + 1; r < S; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
      if (a[pivot][c] === 0) return out;
      [a[c], a[pivot]] = [a[pivot], a[c]];
      for (let r = c + 1; r < S; r++) {
        const m = a[r][c] / a[c][c];
        for (let k = c; k <= S; k++) a[r][k] -= m * a[c][k];
      }
    }
    const z = new Array<number>(S).fill(0);
    for (let r = S - 1; r >= 0; r--) {
      let v = a[r][S];
      for (let c = r + 1; c < S; c++) v -= a[r][c] * z[c];
      z[r] = v / a[r][r];
    }
    let g0 = out.gb;
    for (let r = 0; r < S; r++) g0 -= jacobian(0, N + r) * z[r];
    out.g0 = g0;
    return out;
  }

  bounds(): Array<[number, number, number]> {
    const S = this.type.stateNames.length;
    const out: Array<[number, number, number]> = [];
    for (let r = 0; r < S; r++) if (this.type.hasLower[r] || this.type.hasUpper[r]) out.push([this.stateUnknown(r), this.fixed[S + r], this.fixed[2 * S + r]]);
    return out;
  }
}

/**
 * Parameter values of an instance: given ones over the defaults, the defaults evaluated in order (a
 * default may use earlier parameters, the instance's values included, and `.param`s through `scope`).
 */
function instanceParams(type: EquationType, instance: ElementInstance, scope: ParamScope | undefined): Float64Array {
  const names = type.paramNames;
  for (const given of Object.keys(instance.params)) {
    if (!names.includes(given)) {
      throw new NetlistError(`${instance.name}: unknown ${type.kind} parameter '${given}' (known: ${names.join(', ') || 'none'})`, instance.loc);
    }
  }
  const values = new Float64Array(names.length);
  const known = new Map<string, number>();
  names.forEach((name, k) => {
    const given = Object.hasOwn(instance.params, name) ? instance.params[name] : undefined;
    let v: number;
    if (given !== undefined) v = given;
    else {
      const d = type.paramDefaults[k];
      v =
        d.kind === 'num'
          ? d.value
          : evaluate(d.expr, (ref, loc) => {
              if (known.has(ref)) return known.get(ref);
              if (names.includes(ref)) throw new NetlistError(`parameter ${name} uses ${ref}, which is defined after it`, loc);
              return scope?.lookup(ref);
            });
    }
    if (!Number.isFinite(v)) throw new NetlistError(`${instance.name}: parameter '${name}' is ${v}`, given === undefined ? type.paramDefaults[k].loc : instance.loc);
    known.set(name, v);
    values[k] = v;
  });
  return values;
}

function equationDefinition(type: EquationType, scope: ParamScope | undefined): DeviceDefinition {
  return {
    kind: type.kind,
    summary: `Equation-defined device (.define ${type.def.type.text})`,
    terminals: type.terminalCount,
    params: [],
    create(instance, environment?: DeviceEnvironment) {
      return new EquationDevice(instance, type, instanceParams(type, instance, scope), environment?.temp ?? 27);
    },
  };
}

/** Every `.define` of the netlist, subcircuit bodies included (a device type is global, like a model type). */
function defines(statements: readonly Statement[], into: DefineAst[] = []): DefineAst[] {
  for (const st of statements) {
    if (st.type === 'define') into.push(st.define);
    else if (st.type === 'subckt') defines(st.body, into);
  }
  return into;
}

/**
 * `devices` with the netlist's `.define` types added (the same registry when there are none). `combo`: the
 * `.step` values of this run, whose `.param`s parameter defaults may use.
 */
export function withEquationDevices(ast: NetlistAst, devices: DeviceRegistry, combo?: Record<string, number>): DeviceRegistry {
  const defs = defines(ast.statements);
  if (defs.length === 0) return devices;
  const registry = new DeviceRegistry(devices.all());
  const scope = globalScope(ast, splitOverrides(ast, combo).params);
  const seen = new Map<string, DefineAst>();
  for (const def of defs) {
    const kind = def.type.name.toUpperCase();
    const prev = seen.get(kind);
    if (prev) throw new NetlistError(`device type ${def.type.text} is defined twice (first at line ${prev.loc.line})`, def.type.loc);
    if (devices.get(kind)) throw new NetlistError(`.define ${def.type.text}: ${kind} is a built-in device type`, def.type.loc);
    seen.set(kind, def);
    registry.register(equationDefinition(equationType(def), scope));
  }
  return registry;
}
