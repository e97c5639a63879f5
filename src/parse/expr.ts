/**
 * Expressions `{...}`: the tree built from the grammar's parse and a small interpreter.
 * Never `eval`: every operator and function is listed here. Logical values are numbers, 0 false and any
 * other value true (as in ngspice, LTspice and Xyce); comparisons and `&& || !` give 1 or 0. `!a` is the
 * call `!(a)` and `c ? a : b` the call `if(c, a, b)`, so walkers need no node types of their own for them.
 */
import { NetlistError, type SourceLocation } from '../base/errors.ts';
import type { RawExpr } from './grammar.ts';
import { parseSpiceNumber } from './units.ts';
import { RANDOM_FUNCTIONS } from './random.ts';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '^';
export type ComparisonOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type LogicalOp = '&&' | '||';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;

export type Expr =
  | { t: 'num'; value: number; loc: SourceLocation }
  | { t: 'ref'; name: string; loc: SourceLocation }
  | { t: 'neg'; arg: Expr; loc: SourceLocation }
  | { t: 'bin'; op: BinaryOp; left: Expr; right: Expr; loc: SourceLocation }
  | { t: 'call'; fn: string; args: Expr[]; loc: SourceLocation };

interface FunctionDef {
  /** Number of arguments; undefined: one or more. */
  arity?: number;
  apply(args: number[]): number;
}

const unary = (f: (x: number) => number): FunctionDef => ({ arity: 1, apply: (a) => f(a[0]) });
const binary2 = (f: (x: number, y: number) => number): FunctionDef => ({ arity: 2, apply: (a) => f(a[0], a[1]) });

/** Unit step: 1 for x > 0, else 0 (ngspice and LTspice u(x); Xyce stp(x)). */
export const unitStep = (x: number): number => (x > 0 ? 1 : 0);
/** |x|^y (ngspice pwr). */
export const pwr = (x: number, y: number): number => Math.pow(Math.abs(x), y);
/** sgn(x) |x|^y (ngspice and Xyce pwrs). */
export const pwrs = (x: number, y: number): number => Math.sign(x) * Math.pow(Math.abs(x), y);
/** x clamped into [lo, hi] (ngspice and Xyce limit). */
export const limit = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
/** 1 / (1 + e^-x), written so neither side overflows. */
export const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
/** log(1 + e^x), written so it does not overflow for large x. */
export const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
/** 0 below e0, 1 above e1, 3t^2 - 2t^3 between (t = (x - e0)/(e1 - e0)): a step with a continuous derivative. */
export const smoothstep = (e0: number, e1: number, x: number): number => {
  const t = limit((x - e0) / (e1 - e0), 0, 1);
  return t * t * (3 - 2 * t);
};

/**
 * Built-in functions. `log` is the natural logarithm (ngspice); `log10` the decimal one. `if` and `!` are
 * also what the ternary and `!a` are read as. Which have a discontinuous value or derivative is listed in
 * docs/netlist.md (and by `DERIVATIVE_JUMPS` below).
 */
export const FUNCTIONS: Readonly<Record<string, FunctionDef>> = {
  exp: unary(Math.exp),
  log: unary(Math.log),
  ln: unary(Math.log),
  log10: unary(Math.log10),
  sqrt: unary(Math.sqrt),
  abs: unary(Math.abs),
  sin: unary(Math.sin),
  cos: unary(Math.cos),
  tan: unary(Math.tan),
  atan: unary(Math.atan),
  sinh: unary(Math.sinh),
  cosh: unary(Math.cosh),
  tanh: unary(Math.tanh),
  floor: unary(Math.floor),
  ceil: unary(Math.ceil),
  asin: unary(Math.asin),
  acos: unary(Math.acos),
  asinh: unary(Math.asinh),
  acosh: unary(Math.acosh),
  atanh: unary(Math.atanh),
  atan2: binary2(Math.atan2),
  pow: binary2(Math.pow),
  pwr: binary2(pwr),
  pwrs: binary2(pwrs),
  min: { apply: (a) => Math.min(...a) },
  max: { apply: (a) => Math.max(...a) },
  limit: { arity: 3, apply: (a) => limit(a[0], a[1], a[2]) },
  sgn: unary(Math.sign),
  step: unary(unitStep),
  u: unary(unitStep),
  stp: unary(unitStep),
  sigmoid: unary(sigmoid),
  softplus: unary(softplus),
  smoothstep: { arity: 3, apply: (a) => smoothstep(a[0], a[1], a[2]) },
  if: { arity: 3, apply: (a) => (a[0] !== 0 ? a[1] : a[2]) },
  '!': unary((x) => (x === 0 ? 1 : 0)),
  // Monte Carlo: gauss, agauss, unif, aunif, flat, mc (random.ts; nominal values outside a .mc sample).
  ...RANDOM_FUNCTIONS,
};

/**
 * Functions whose value jumps (a derivative is 0 where it exists, undefined at the jump), and those whose
 * value is continuous but whose derivative jumps. The Jacobian of an equation-defined device takes the
 * one-sided derivative; docs/netlist.md lists them for model authors.
 */
export const VALUE_JUMPS: readonly string[] = ['floor', 'ceil', 'sgn', 'step', 'u', 'stp', 'if', '!'];
export const DERIVATIVE_JUMPS: readonly string[] = ['abs', 'min', 'max', 'limit', 'pwr', 'pwrs'];

/** Built-in constants, used when no parameter of that name is defined. */
export const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI };

type BinaryExpr = Extract<Expr, { t: 'bin' }>;

/**
 * The chain of binary nodes down the left operands of `e`, outermost first, and the operand at its bottom.
 * Walkers loop over it instead of recursing into left operands: a flat 10,000-term sum `1+1+...` is a left
 * spine that deep, while genuine nesting (parentheses, calls, signs, `^`) is limited when the line is parsed.
 */
export function leftSpine(e: BinaryExpr): { spine: BinaryExpr[]; leftmost: Expr } {
  const spine: BinaryExpr[] = [];
  let leftmost: Expr = e;
  while (leftmost.t === 'bin') {
    spine.push(leftmost);
    leftmost = leftmost.left;
  }
  return { spine, leftmost };
}

/**
 * Checks function names and argument counts (done when the netlist is read, so unused lines fail too).
 * `unknownAllowed`: a name that is no built-in function passes (it may be a `.func` defined later; the
 * netlist's expressions are checked again once every `.func` is known, src/parse/functions.ts).
 */
export function checkExpr(e: Expr, unknownAllowed = false): void {
  switch (e.t) {
    case 'num':
    case 'ref':
      return;
    case 'neg':
      checkExpr(e.arg, unknownAllowed);
      return;
    case 'bin': {
      const { spine, leftmost } = leftSpine(e);
      checkExpr(leftmost, unknownAllowed);
      for (let k = spine.length - 1; k >= 0; k--) checkExpr(spine[k].right, unknownAllowed);
      return;
    }
    case 'call': {
      const def = Object.hasOwn(FUNCTIONS, e.fn) ? FUNCTIONS[e.fn] : undefined;
      if (!def && unknownAllowed) {
        for (const a of e.args) checkExpr(a, unknownAllowed);
        return;
      }
      if (!def) throw new NetlistError(`unknown function '${e.fn}' (known: ${Object.keys(FUNCTIONS).filter((f) => f !== '!').join(', ')})`, e.loc);
      if (def.arity !== undefined && e.args.length !== def.arity) {
        throw new NetlistError(`${e.fn}() takes ${def.arity} argument${def.arity === 1 ? '' : 's'}, got ${e.args.length}`, e.loc);
      }
      if (def.arity === undefined && e.args.length === 0) throw new NetlistError(`${e.fn}() needs at least one argument`, e.loc);
      for (const a of e.args) checkExpr(a, unknownAllowed);
      return;
    }
  }
}

/**
 * Evaluates an expression. `lookup` resolves a parameter name (lower-case) or returns undefined when it is
 * not defined; constants (`pi`) come after parameters.
 */
export function evaluate(e: Expr, lookup: (name: string, loc: SourceLocation) => number | undefined): number {
  switch (e.t) {
    case 'num':
      return e.value;
    case 'ref': {
      const v = lookup(e.name, e.loc);
      if (v !== undefined) return v;
      if (Object.hasOwn(CONSTANTS, e.name)) return CONSTANTS[e.name];
      throw new NetlistError(`undefined parameter '${e.name}'`, e.loc);
    }
    case 'neg':
      return -evaluate(e.arg, lookup);
    case 'bin': {
      const { spine, leftmost } = leftSpine(e);
      let acc = evaluate(leftmost, lookup);
      for (let k = spine.length - 1; k >= 0; k--) acc = binary(spine[k].op, acc, evaluate(spine[k].right, lookup));
      return acc;
    }
    case 'call': {
      const def = Object.hasOwn(FUNCTIONS, e.fn) ? FUNCTIONS[e.fn] : undefined;
      if (!def) throw new NetlistError(`unknown function '${e.fn}'`, e.loc);
      return def.apply(e.args.map((a) => evaluate(a, lookup)));
    }
  }
}

export function binary(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '&&':
      return a !== 0 && b !== 0 ? 1 : 0;
    case '||':
      return a !== 0 || b !== 0 ? 1 : 0;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '^':
      return Math.pow(a, b);
  }
}

/** Names of the parameters an expression refers to (for documentation and checks). */
export function references(e: Expr, out: string[] = []): string[] {
  switch (e.t) {
    case 'ref':
      out.push(e.name);
      break;
    case 'neg':
      references(e.arg, out);
      break;
    case 'bin': {
      const { spine, leftmost } = leftSpine(e);
      references(leftmost, out);
      for (let k = spine.length - 1; k >= 0; k--) references(spine[k].right, out);
      break;
    }
    case 'call':
      for (const a of e.args) references(a, out);
      break;
    case 'num':
      break;
  }
  return out;
}

/**
 * The expression tree of a grammar parse; `locate` maps an offset of the parsed text to its file location.
 * The left operands of a chain `a+b+c...` are walked in a loop: a flat 10,000-term sum is a left spine that
 * deep, and only nesting (limited by the parser) may recurse.
 */
export function exprOf(e: RawExpr, locate: (offset: number) => SourceLocation): Expr {
  if (e.t === 'bin') {
    const spine: Array<Extract<RawExpr, { t: 'bin' }>> = [];
    let leftmost: RawExpr = e;
    while (leftmost.t === 'bin') {
      spine.push(leftmost);
      leftmost = leftmost.left;
    }
    let acc = exprOf(leftmost, locate);
    for (let k = spine.length - 1; k >= 0; k--) {
      const b = spine[k];
      acc = { t: 'bin', op: b.op, left: acc, right: exprOf(b.right, locate), loc: locate(b.tok.offset) };
    }
    return acc;
  }
  const loc = locate(e.tok.offset);
  switch (e.t) {
    case 'num': {
      const value = parseSpiceNumber(e.tok.text);
      if (value === undefined) throw new NetlistError(`invalid number '${e.tok.text}'`, loc);
      return { t: 'num', value, loc };
    }
    case 'ref':
      return { t: 'ref', name: e.tok.text.toLowerCase(), loc };
    case 'neg':
      return { t: 'neg', arg: exprOf(e.arg, locate), loc };
    case 'call':
      // The ternary's token is its '?'.
      return { t: 'call', fn: e.tok.type === 'question' ? 'if' : e.tok.text.toLowerCase(), args: e.args.map((a) => exprOf(a, locate)), loc };
  }
}
