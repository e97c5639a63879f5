/**
 * A symbolic graph (symbolic.ts) compiled to JavaScript, for the speed of device evaluation in the Newton
 * loop. The generated source is built from the graph alone: numeric literals (formatted from numbers),
 * array indices (`x[3]`, `s[0]`, `out[5]`), temporaries named by node id (`t12`), the primitive functions
 * by their index in a fixed table (`f4`), and operators. No name, text or string of the netlist is ever
 * part of it (names were resolved to input indices before the graph was built), so no expression can reach
 * anything but those numbers and functions; test/parse/compile.test.ts checks the source token by token.
 *
 * Inputs split into two kinds. Static ones (parameters, temperature) are fixed per device instance: the
 * nodes that depend on static inputs only are computed once by `prepare` into the instance's slots `s`.
 * `evaluate` computes the rest from the dynamic inputs (terminal voltages, states, time) and `s`, and
 * writes every output into `out`, values and partial derivatives alike, with their common subexpressions
 * computed once.
 */
import { PRIMITIVES, type Primitive, type SymGraph, type SymNode } from './symbolic.ts';

/** The primitive functions in a fixed order: the generated code calls `f<k>`, the k-th of them. */
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

/**
 * Compiles the nodes `outputs` of `graph`. `isStaticInput(k)`: input k is fixed per instance.
 */
export function compileGraph(graph: SymGraph, outputs: readonly number[], isStaticInput: (index: number) => boolean): CompiledGraph {
  const nodes = graph.nodes;
  // Which nodes are needed, and which of them depend on static inputs only.
  const needed = new Uint8Array(nodes.length);
  const stack = [...outputs];
  while (stack.length > 0) {
    const n = stack.pop() as number;
    if (needed[n]) continue;
    needed[n] = 1;
    stack.push(...graph.argsOf(nodes[n]));
  }
  const isStatic = new Uint8Array(nodes.length);
  for (let n = 0; n < nodes.length; n++) {
    if (!needed[n]) continue;
    const node = nodes[n];
    isStatic[n] = node.op === 'input' ? (isStaticInput(node.index) ? 1 : 0) : graph.argsOf(node).every((a) => isStatic[a]) ? 1 : 0;
  }
  // Static nodes that a dynamic node or an output reads get a slot (constants and inputs are read in place).
  const slot = new Int32Array(nodes.length).fill(-1);
  let staticSlots = 0;
  const wantSlot = (n: number): void => {
    const op = nodes[n].op;
    if (isStatic[n] && slot[n] < 0 && op !== 'const' && op !== 'input') slot[n] = staticSlots++;
  };
  for (let n = 0; n < nodes.length; n++) if (needed[n] && !isStatic[n]) for (const a of graph.argsOf(nodes[n])) wantSlot(a);
  for (const o of outputs) wantSlot(o);

  // prepare: every needed static node as a temporary, the slotted ones stored.
  const prepareLines: string[] = [];
  const staticRef = (n: number): string => leaf(nodes[n]) ?? `t${n}`;
  for (let n = 0; n < nodes.length; n++) {
    if (!needed[n] || !isStatic[n] || leaf(nodes[n]) !== undefined) continue;
    prepareLines.push(`const t${n} = ${expression(nodes[n], staticRef)};`);
    if (slot[n] >= 0) prepareLines.push(`s[${slot[n]}] = t${n};`);
  }
  // evaluate: dynamic nodes as temporaries, static ones read from their slots.
  const dynamicRef = (n: number): string => leaf(nodes[n]) ?? (isStatic[n] ? `s[${slot[n]}]` : `t${n}`);
  const evaluateLines: string[] = [];
  for (let n = 0; n < nodes.length; n++) {
    if (!needed[n] || isStatic[n] || leaf(nodes[n]) !== undefined) continue;
    evaluateLines.push(`const t${n} = ${expression(nodes[n], dynamicRef)};`);
  }
  outputs.forEach((o, k) => evaluateLines.push(`out[${k}] = ${dynamicRef(o)};`));

  const prelude = PRIMITIVE_NAMES.map((_, k) => `f${k} = F[${k}]`);
  const source = [
    '"use strict";',
    `const ${prelude.join(', ')};`,
    'return [function (x, s) {',
    ...prepareLines,
    '}, function (x, s, out) {',
    ...evaluateLines,
    '}];',
  ].join('\n');
  // The only place code is generated from: `source` is built from numbers, indices and operators above.
  const [prepare, evaluate] = new Function('F', source)(PRIMITIVE_FUNCTIONS) as [CompiledGraph['prepare'], CompiledGraph['evaluate']];
  return { staticSlots, prepare, evaluate, source };
}

/** A constant or an input, written in place; undefined for other nodes. */
function leaf(node: SymNode): string | undefined {
  if (node.op === 'const') return numberLiteral(node.value);
  if (node.op === 'input') return `x[${node.index}]`;
  return undefined;
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
      return `f${k}(${node.args.map(ref).join(', ')})`;
    }
  }
}
