/**
 * Symbolic expressions as a hash-consed graph: every distinct subexpression is one node, built once, so the
 * values and all the partial derivatives of a device share their common subexpressions. Smart constructors
 * fold constants and drop the identities (0 + a, 1 * a, a ^ 1, `if` with a constant test), and
 * `derivative` differentiates exactly by the chain rule, memoised per node and variable.
 *
 * Nodes are numbered in creation order and a node's arguments are always older than it, so that order is
 * a topological order: the compiler (compile.ts) evaluates nodes by increasing id.
 *
 * Functions are the ones of expr.ts; `min`, `max`, `limit`, `smoothstep`, `step` and the comparisons are
 * rewritten into `if` and comparison nodes when the graph is built, so a handful of primitives carries the
 * differentiation rules. Comparisons, `!`, `&&`, `||`, `sgn`, `floor` and `ceil` have derivative 0 (their
 * value is piecewise constant); `if(c, a, b)` differentiates into `if(c, a', b')`.
 */
import { binary, pwr, pwrs, sigmoid, softplus, type ComparisonOp } from './expr.ts';

/** Primitive functions of one or two arguments the graph keeps as calls (the compiler's whitelist). */
export const PRIMITIVES = {
  exp: Math.exp,
  log: Math.log,
  log10: Math.log10,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  floor: Math.floor,
  ceil: Math.ceil,
  sgn: Math.sign,
  sigmoid,
  softplus,
  atan2: Math.atan2,
  pow: Math.pow,
  pwr,
  pwrs,
} as const satisfies Record<string, (...args: number[]) => number>;

export type Primitive = keyof typeof PRIMITIVES;

export const isPrimitive = (name: string): name is Primitive => Object.hasOwn(PRIMITIVES, name);

/** Primitives whose value is piecewise constant: derivative 0. */
const PIECEWISE_CONSTANT: ReadonlySet<Primitive> = new Set(['floor', 'ceil', 'sgn']);

export type LogicOp = ComparisonOp | '&&' | '||';

export type SymNode =
  | { readonly op: 'const'; readonly value: number }
  /** Input k of the compiled function (an unknown, a parameter, time, ...). */
  | { readonly op: 'input'; readonly index: number }
  | { readonly op: 'add' | 'mul' | 'div'; readonly a: number; readonly b: number }
  | { readonly op: 'neg'; readonly a: number }
  | { readonly op: 'call'; readonly fn: Primitive; readonly args: readonly number[] }
  | { readonly op: 'logic'; readonly logic: LogicOp; readonly a: number; readonly b: number }
  | { readonly op: 'not'; readonly a: number }
  | { readonly op: 'if'; readonly c: number; readonly a: number; readonly b: number };

/** A number's key: exact (round-trip) text, with -0 and NaN told apart. */
function numberKey(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

export class SymGraph {
  readonly nodes: SymNode[] = [];
  private readonly index = new Map<string, number>();
  private readonly derivatives = new Map<string, number>();
  readonly zero: number;
  readonly one: number;

  constructor() {
    this.zero = this.constant(0);
    this.one = this.constant(1);
  }

  private intern(key: string, node: SymNode): number {
    const found = this.index.get(key);
    if (found !== undefined) return found;
    const id = this.nodes.length;
    this.nodes.push(node);
    this.index.set(key, id);
    return id;
  }

  /** The constant value of node `id`, or undefined. */
  valueOf(id: number): number | undefined {
    const n = this.nodes[id];
    return n.op === 'const' ? n.value : undefined;
  }

  constant(value: number): number {
    return this.intern(`k${numberKey(value)}`, { op: 'const', value });
  }

  input(index: number): number {
    return this.intern(`i${index}`, { op: 'input', index });
  }

  add(a: number, b: number): number {
    const ka = this.valueOf(a);
    const kb = this.valueOf(b);
    if (ka !== undefined && kb !== undefined) return this.constant(ka + kb);
    if (ka === 0) return b;
    if (kb === 0) return a;
    // Commutative: one node for a + b and b + a.
    const [x, y] = a < b ? [a, b] : [b, a];
    return this.intern(`+${x},${y}`, { op: 'add', a: x, b: y });
  }

  sub(a: number, b: number): number {
    return this.add(a, this.neg(b));
  }

  neg(a: number): number {
    const n = this.nodes[a];
    if (n.op === 'const') return this.constant(-n.value);
    if (n.op === 'neg') return n.a;
    return this.intern(`-${a}`, { op: 'neg', a });
  }

  mul(a: number, b: number): number {
    const ka = this.valueOf(a);
    const kb = this.valueOf(b);
    if (ka !== undefined && kb !== undefined) return this.constant(ka * kb);
    // 0 * a = 0 even where a is infinite or NaN: a derivative term that is structurally zero stays zero.
    if (ka === 0 || kb === 0) return this.zero;
    if (ka === 1) return b;
    if (kb === 1) return a;
    if (ka === -1) return this.neg(b);
    if (kb === -1) return this.neg(a);
    const [x, y] = a < b ? [a, b] : [b, a];
    return this.intern(`*${x},${y}`, { op: 'mul', a: x, b: y });
  }

  div(a: number, b: number): number {
    const ka = this.valueOf(a);
    const kb = this.valueOf(b);
    if (ka !== undefined && kb !== undefined) return this.constant(ka / kb);
    if (ka === 0) return this.zero;
    if (kb === 1) return a;
    if (kb === -1) return this.neg(a);
    return this.intern(`/${a},${b}`, { op: 'div', a, b });
  }

  call(fn: Primitive, args: readonly number[]): number {
    const values = args.map((a) => this.valueOf(a));
    if (values.every((v) => v !== undefined)) return this.constant((PRIMITIVES[fn] as (...x: number[]) => number)(...(values as number[])));
    if (fn === 'pow') {
      const e = values[1];
      if (e === 1) return args[0];
      if (e === 0) return this.one;
    }
    return this.intern(`${fn}(${args.join(',')})`, { op: 'call', fn, args: [...args] });
  }

  logic(logic: LogicOp, a: number, b: number): number {
    const ka = this.valueOf(a);
    const kb = this.valueOf(b);
    if (ka !== undefined && kb !== undefined) return this.constant(binary(logic, ka, kb));
    return this.intern(`${logic}${a},${b}`, { op: 'logic', logic, a, b });
  }

  not(a: number): number {
    const ka = this.valueOf(a);
    if (ka !== undefined) return this.constant(ka === 0 ? 1 : 0);
    return this.intern(`!${a}`, { op: 'not', a });
  }

  cond(c: number, a: number, b: number): number {
    const kc = this.valueOf(c);
    if (kc !== undefined) return kc !== 0 ? a : b;
    if (a === b) return a;
    return this.intern(`?${c},${a},${b}`, { op: 'if', c, a, b });
  }

  /** a clamped into [lo, hi] (expr.ts `limit`), as `if` nodes so it differentiates piecewise. */
  limit(a: number, lo: number, hi: number): number {
    return this.cond(this.logic('<', a, lo), lo, this.cond(this.logic('>', a, hi), hi, a));
  }

  /** Whether input k is among the leaves of node id (also where the derivative vanishes, as in step(V)). */
  reaches(id: number, k: number, seen = new Set<number>()): boolean {
    const stack = [id];
    while (stack.length > 0) {
      const n = stack.pop() as number;
      if (seen.has(n)) continue;
      seen.add(n);
      const node = this.nodes[n];
      if (node.op === 'input' && node.index === k) return true;
      stack.push(...this.argsOf(node));
    }
    return false;
  }

  argsOf(node: SymNode): readonly number[] {
    switch (node.op) {
      case 'const':
      case 'input':
        return [];
      case 'neg':
      case 'not':
        return [node.a];
      case 'add':
      case 'mul':
      case 'div':
      case 'logic':
        return [node.a, node.b];
      case 'call':
        return node.args;
      case 'if':
        return [node.c, node.a, node.b];
    }
  }

  /**
   * d(node id)/d(input k), exact. Iterative over the nodes below `id` (in id order, which is topological),
   * so a long chain of sums does not recurse.
   */
  derivative(id: number, k: number): number {
    const key = (n: number): string => `${n}/${k}`;
    const known = this.derivatives.get(key(id));
    if (known !== undefined) return known;
    // Nodes below id whose derivative is not known yet, in increasing id order.
    const pending: number[] = [];
    const seen = new Set<number>();
    const stack = [id];
    while (stack.length > 0) {
      const n = stack.pop() as number;
      if (seen.has(n) || this.derivatives.has(key(n))) continue;
      seen.add(n);
      pending.push(n);
      stack.push(...this.argsOf(this.nodes[n]));
    }
    pending.sort((x, y) => x - y);
    const d = (n: number): number => this.derivatives.get(key(n)) as number;
    for (const n of pending) this.derivatives.set(key(n), this.derivativeOf(n, k, d));
    return d(id);
  }

  /** The derivative of node n, given those of its arguments (`d`). */
  private derivativeOf(n: number, k: number, d: (n: number) => number): number {
    const node = this.nodes[n];
    switch (node.op) {
      case 'const':
        return this.zero;
      case 'input':
        return node.index === k ? this.one : this.zero;
      case 'add':
        return this.add(d(node.a), d(node.b));
      case 'neg':
        return this.neg(d(node.a));
      case 'mul':
        return this.add(this.mul(d(node.a), node.b), this.mul(node.a, d(node.b)));
      case 'div': {
        // (a/b)' = (a' - (a/b) b') / b, reusing the quotient itself.
        const db = d(node.b);
        return this.div(this.sub(d(node.a), this.mul(n, db)), node.b);
      }
      case 'logic':
      case 'not':
        return this.zero;
      case 'if':
        return this.cond(node.c, d(node.a), d(node.b));
      case 'call':
        return this.callDerivative(n, node.fn, node.args, d);
    }
  }

  private callDerivative(self: number, fn: Primitive, args: readonly number[], d: (n: number) => number): number {
    const [a, b] = args;
    const da = d(a);
    if (PIECEWISE_CONSTANT.has(fn)) return this.zero;
    if (fn === 'atan2') {
      // atan2(y, x)' = (x y' - y x') / (x^2 + y^2)
      const db = d(b);
      const r2 = this.add(this.mul(a, a), this.mul(b, b));
      return this.div(this.sub(this.mul(b, da), this.mul(a, db)), r2);
    }
    if (fn === 'pow' || fn === 'pwr' || fn === 'pwrs') {
      const db = d(b);
      const eb = this.valueOf(b);
      // Constant exponent: y a^(y-1) a' (pwr: y pwrs(a, y-1) a', pwrs: y pwr(a, y-1) a'), no log of a.
      const lower = this.sub(b, this.one);
      const slopeFn: Primitive = fn === 'pow' ? 'pow' : fn === 'pwr' ? 'pwrs' : 'pwr';
      const baseTerm = this.valueOf(da) === 0 ? this.zero : this.mul(this.mul(b, this.call(slopeFn, [a, lower])), da);
      if (eb !== undefined || this.valueOf(db) === 0) return baseTerm;
      // Variable exponent: a^y ln|a| y' added.
      const logA = this.call('log', [fn === 'pow' ? a : this.call('abs', [a])]);
      return this.add(baseTerm, this.mul(this.mul(self, logA), db));
    }
    if (this.valueOf(da) === 0) return this.zero;
    return this.mul(this.unaryDerivative(self, fn, a), da);
  }

  /** f'(a) for a primitive of one argument; `self` is f(a). */
  private unaryDerivative(self: number, fn: Primitive, a: number): number {
    const c = (v: number): number => this.constant(v);
    switch (fn) {
      case 'exp':
        return self;
      case 'log':
        return this.div(this.one, a);
      case 'log10':
        return this.div(c(1 / Math.LN10), a);
      case 'sqrt':
        return this.div(c(0.5), self);
      case 'abs':
        return this.call('sgn', [a]);
      case 'sin':
        return this.call('cos', [a]);
      case 'cos':
        return this.neg(this.call('sin', [a]));
      case 'tan':
        return this.add(this.one, this.mul(self, self));
      case 'asin':
        return this.div(this.one, this.call('sqrt', [this.sub(this.one, this.mul(a, a))]));
      case 'acos':
        return this.neg(this.div(this.one, this.call('sqrt', [this.sub(this.one, this.mul(a, a))])));
      case 'atan':
        return this.div(this.one, this.add(this.one, this.mul(a, a)));
      case 'sinh':
        return this.call('cosh', [a]);
      case 'cosh':
        return this.call('sinh', [a]);
      case 'tanh':
        return this.sub(this.one, this.mul(self, self));
      case 'asinh':
        return this.div(this.one, this.call('sqrt', [this.add(this.mul(a, a), this.one)]));
      case 'acosh':
        return this.div(this.one, this.call('sqrt', [this.sub(this.mul(a, a), this.one)]));
      case 'atanh':
        return this.div(this.one, this.sub(this.one, this.mul(a, a)));
      case 'sigmoid':
        return this.mul(self, this.sub(this.one, self));
      case 'softplus':
        return this.call('sigmoid', [a]);
      default:
        throw new Error(`internal: no derivative rule for ${fn}`);
    }
  }

  /** Numeric value of node `id` with inputs `x` (tests and the reference evaluation). */
  evaluate(id: number, x: ArrayLike<number>): number {
    const values = new Float64Array(id + 1);
    for (let n = 0; n <= id; n++) {
      const node = this.nodes[n];
      const v = (m: number): number => values[m];
      switch (node.op) {
        case 'const':
          values[n] = node.value;
          break;
        case 'input':
          values[n] = x[node.index];
          break;
        case 'add':
          values[n] = v(node.a) + v(node.b);
          break;
        case 'mul':
          values[n] = v(node.a) * v(node.b);
          break;
        case 'div':
          values[n] = v(node.a) / v(node.b);
          break;
        case 'neg':
          values[n] = -v(node.a);
          break;
        case 'logic':
          values[n] = binary(node.logic, v(node.a), v(node.b));
          break;
        case 'not':
          values[n] = v(node.a) === 0 ? 1 : 0;
          break;
        case 'if':
          values[n] = v(node.c) !== 0 ? v(node.a) : v(node.b);
          break;
        case 'call':
          values[n] = (PRIMITIVES[node.fn] as (...x: number[]) => number)(...node.args.map(v));
          break;
      }
    }
    return values[id];
  }
}

