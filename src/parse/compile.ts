/**
 * A symbolic graph (symbolic.ts) compiled to JavaScript, for the speed of device evaluation in the Newton
 * loop. The generated source is built from the graph alone: numeric literals (formatted from numbers),
 * array indices (`x[3]`, `s[0]`, `U[2]`, `H[5]`), temporaries named by node or input number (`t12`, `u0`),
 * the primitive functions by their index in a fixed table (`m4`), and operators. No name, text or string
 * of the netlist is ever part of it (names were resolved to input indices before the graph was built), so
 * no expression can reach anything but those numbers and functions; test/parse/compile.test.ts checks the
 * source token by token.
 *
 * Inputs split into two kinds. Static ones (parameters, temperature) are fixed per device instance: the
 * nodes that depend on static inputs only are computed once by `prepare` into the instance's slots `s`.
 * The evaluation computes the rest from the dynamic inputs (terminal voltages, states, time) and `s`, values
 * and partial derivatives alike, with their common subexpressions computed once.
 */
import { PRIMITIVES, type Primitive, type SymGraph, type SymNode } from './symbolic.ts';

/** The primitive functions in a fixed order: the generated code calls `m<k>`, the k-th of them. */
const PRIMITIVE_NAMES = Object.keys(PRIMITIVES) as Primitive[];
const PRIMITIVE_FUNCTIONS: ReadonlyArray<(...args: number[]) => number> = PRIMITIVE_NAMES.map((name) => PRIMITIVES[name]);

export interface CompiledGraph {
  /** Number of static slots `prepare` fills. */
  readonly staticSlots: number;
  /** Fills the static slots s from the inputs x (only the static inputs are read). */
  prepare(x: Float64Array, s: Float64Array): void;
  /** Writes output k into out[k]. */
  evaluate(x: Float64Array, s: Float64Array, out: Float64Array): void;
  /** The generated source, for tests. */
  readonly source: string;
}

/**
 * A device's whole load as one function: reads the dynamic inputs from the unknowns y through the instance's
 * unknown indices U (and `time`), computes, and stamps into f, q, G, C (entry handles H). The Jacobian
 * stamps, and the nodes only they need, run when `jac` is true.
 */
export interface CompiledLoad {
  readonly staticSlots: number;
  prepare(x: Float64Array, s: Float64Array): void;
  load(
    x: Float64Array,
    s: Float64Array,
    y: Float64Array,
    U: Int32Array,
    H: Int32Array,
    f: Float64Array,
    q: Float64Array,
    G: Float64Array,
    C: Float64Array,
    jac: boolean,
    time: number,
  ): void;
  readonly source: string;
}

/**
 * Where a computed node goes: one statement, given the node's reference (`t12`, `s[3]`, `u0`, a literal).
 * The caller builds the statement from indices and operators only (e.g. `f[U[0]] += ${ref};`).
 */
export interface Sink {
  node: number;
  statement(ref: string): string;
  /** Only needed with the Jacobian (it goes under `if (jac)`). */
  jacobian?: boolean;
}

/** A number as a JavaScript literal that parses back to the same number. */
export function numberLiteral(v: number): string {
  if (Number.isNaN(v)) return '(0/0)';
  if (v === Infinity) return '(1/0)';
  if (v === -Infinity) return '(-1/0)';
  if (Object.is(v, -0)) return '(-0)';
  const text = String(v);
  if (!/^-?\d+(?:\.\d+)?(?:e[+-]\d+)?$/.test(text)) throw new Error(`internal: unexpected number text ${text}`);
  return v < 0 ? `(${text})` : text;
}

interface Generated {
  staticSlots: number;
  prepareLines: string[];
  evaluateLines: string[];
}

/**
 * The statements computing `sinks`: `prepare` (static nodes into slots s[k]) and the evaluation (dynamic
 * nodes as temporaries, the Jacobian-only part under `if (jac)`). `dynamicInput(k)` reads dynamic input k.
 */
function generate(graph: SymGraph, sinks: readonly Sink[], isStaticInput: (index: number) => boolean, dynamicInput: (index: number) => string): Generated {
  const nodes = graph.nodes;
  // 1: needed by a value sink; 2: needed by Jacobian sinks only.
  const needed = new Uint8Array(nodes.length);
  const mark = (roots: readonly number[], level: number): void => {
    const stack = [...roots];
    while (stack.length > 0) {
      const n = stack.pop() as number;
      if (needed[n] !== 0 && needed[n] <= level) continue;
      needed[n] = level;
      stack.push(...graph.argsOf(nodes[n]));
    }
  };
  mark(sinks.filter((k) => !k.jacobian).map((k) => k.node), 1);
  mark(sinks.filter((k) => k.jacobian).map((k) => k.node), 2);
  const isStatic = new Uint8Array(nodes.length);
  for (let n = 0; n < nodes.length; n++) {
    if (!needed[n]) continue;
    const node = nodes[n];
    isStatic[n] = node.op === 'input' ? (isStaticInput(node.index) ? 1 : 0) : graph.argsOf(node).every((a) => isStatic[a]) ? 1 : 0;
  }
  const leaf = (n: number): string | undefined => {
    const node = nodes[n];
    if (node.op === 'const') return numberLiteral(node.value);
    if (node.op === 'input') return isStaticInput(node.index) ? `x[${node.index}]` : dynamicInput(node.index);
    return undefined;
  };
  // Static nodes that a dynamic node or a sink reads get a slot (constants and inputs are read in place).
  const slot = new Int32Array(nodes.length).fill(-1);
  let staticSlots = 0;
  const wantSlot = (n: number): void => {
    if (isStatic[n] && slot[n] < 0 && leaf(n) === undefined) slot[n] = staticSlots++;
  };
  for (let n = 0; n < nodes.length; n++) if (needed[n] && !isStatic[n]) for (const a of graph.argsOf(nodes[n])) wantSlot(a);
  for (const k of sinks) wantSlot(k.node);

  const prepareLines: string[] = [];
  const staticRef = (n: number): string => leaf(n) ?? `t${n}`;
  for (let n = 0; n < nodes.length; n++) {
    if (!needed[n] || !isStatic[n] || leaf(n) !== undefined) continue;
    prepareLines.push(`const t${n} = ${expression(nodes[n], staticRef)};`);
    if (slot[n] >= 0) prepareLines.push(`s[${slot[n]}] = t${n};`);
  }
  const ref = (n: number): string => leaf(n) ?? (isStatic[n] ? `s[${slot[n]}]` : `t${n}`);
  const temporaries = (level: number): string[] => {
    const lines: string[] = [];
    for (let n = 0; n < nodes.length; n++) {
      if (needed[n] !== level || isStatic[n] || leaf(n) !== undefined) continue;
      lines.push(`const t${n} = ${expression(nodes[n], ref)};`);
    }
    return lines;
  };
  const evaluateLines = [...temporaries(1), ...sinks.filter((k) => !k.jacobian).map((k) => k.statement(ref(k.node)))];
  const jacobianSinks = sinks.filter((k) => k.jacobian);
  if (jacobianSinks.length > 0) evaluateLines.push('if (jac) {', ...temporaries(2), ...jacobianSinks.map((k) => k.statement(ref(k.node))), '}');
  return { staticSlots, prepareLines, evaluateLines };
}

const PRELUDE = `"use strict";\nconst ${PRIMITIVE_NAMES.map((_, k) => `m${k} = M[${k}]`).join(', ')};`;

/** Runs generated source: the only place code is made, from what `generate` built of numbers, indices and operators. */
function instantiate<T>(source: string): T {
  return new Function('M', source)(PRIMITIVE_FUNCTIONS) as T;
}

/** Compiles the nodes `outputs`: `evaluate` writes output k into out[k]. `isStaticInput(k)`: input k is fixed per instance. */
export function compileGraph(graph: SymGraph, outputs: readonly number[], isStaticInput: (index: number) => boolean): CompiledGraph {
  const sinks = outputs.map((node, k): Sink => ({ node, statement: (ref) => `out[${k}] = ${ref};` }));
  const g = generate(graph, sinks, isStaticInput, (k) => `x[${k}]`);
  const source = [PRELUDE, 'return [function (x, s) {', ...g.prepareLines, '}, function (x, s, out) {', ...g.evaluateLines, '}];'].join('\n');
  const [prepare, evaluate] = instantiate<[CompiledGraph['prepare'], CompiledGraph['evaluate']]>(source);
  return { staticSlots: g.staticSlots, prepare, evaluate, source };
}

/**
 * Compiles a device load: `reads[k]` says how dynamic input `index` is read (`y[U[0]] - y[U[1]]`, `time`),
 * `sinks` where each value and derivative is stamped.
 */
export function compileLoad(
  graph: SymGraph,
  sinks: readonly Sink[],
  isStaticInput: (index: number) => boolean,
  reads: ReadonlyArray<{ index: number; read: string }>,
): CompiledLoad {
  const g = generate(graph, sinks, isStaticInput, (k) => `u${k}`);
  const inputLines = reads.map((r) => `const u${r.index} = ${r.read};`);
  const source = [
    PRELUDE,
    'return [function (x, s) {',
    ...g.prepareLines,
    '}, function (x, s, y, U, H, f, q, G, C, jac, time) {',
    ...inputLines,
    ...g.evaluateLines,
    '}];',
  ].join('\n');
  const [prepare, load] = instantiate<[CompiledLoad['prepare'], CompiledLoad['load']]>(source);
  return { staticSlots: g.staticSlots, prepare, load, source };
}

const LOGIC_JS: Readonly<Record<string, string>> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '==': '===', '!=': '!==' };

/** The right-hand side computing `node`, its arguments referred to by `ref`. */
function expression(node: SymNode, ref: (n: number) => string): string {
  switch (node.op) {
    case 'const':
    case 'input':
      throw new Error('internal: leaves are written in place');
    case 'add':
      return `${ref(node.a)} + ${ref(node.b)}`;
    case 'mul':
      return `${ref(node.a)} * ${ref(node.b)}`;
    case 'div':
      return `${ref(node.a)} / ${ref(node.b)}`;
    case 'neg':
      return `-${ref(node.a)}`;
    case 'not':
      return `${ref(node.a)} === 0 ? 1 : 0`;
    case 'if':
      return `${ref(node.c)} !== 0 ? ${ref(node.a)} : ${ref(node.b)}`;
    case 'logic':
      if (node.logic === '&&') return `${ref(node.a)} !== 0 && ${ref(node.b)} !== 0 ? 1 : 0`;
      if (node.logic === '||') return `${ref(node.a)} !== 0 || ${ref(node.b)} !== 0 ? 1 : 0`;
      return `${ref(node.a)} ${LOGIC_JS[node.logic]} ${ref(node.b)} ? 1 : 0`;
    case 'call': {
      const k = PRIMITIVE_NAMES.indexOf(node.fn);
      if (k < 0) throw new Error(`internal: ${node.fn} is not a primitive`);
      return `m${k}(${node.args.map(ref).join(', ')})`;
    }
  }
}
