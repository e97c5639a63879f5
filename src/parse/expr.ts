/**
 * Parameter expressions `{...}`: the tree built from the grammar's parse and a small interpreter.
 * Never `eval`: every operator and function is listed here.
 */
import { NetlistError, type SourceLocation } from '../base/errors.ts';

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

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

/** Built-in functions. `log` is the natural logarithm (ngspice); `log10` the decimal one. */
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
  pow: { arity: 2, apply: (a) => Math.pow(a[0], a[1]) },
  min: { apply: (a) => Math.min(...a) },
  max: { apply: (a) => Math.max(...a) },
};

/** Built-in constants, used when no parameter of that name is defined. */
export const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI };

type BinaryExpr = Extract<Expr, { t: 'bin' }>;

/**
 * The chain of binary nodes down the left operands of `e`, outermost first, and the operand at its bottom.
 * Walkers loop over it instead of recursing into left operands: a flat 10,000-term sum `1+1+...` is a left
 * spine that deep, while genuine nesting (parentheses, calls, signs, `^`) is limited when the line is parsed.
 */
function leftSpine(e: BinaryExpr): { spine: BinaryExpr[]; leftmost: Expr } {
  const spine: BinaryExpr[] = [];
  let leftmost: Expr = e;
  while (leftmost.t === 'bin') {
    spine.push(leftmost);
    leftmost = leftmost.left;
  }
  return { spine, leftmost };
}

/** Checks function names and argument counts (done when the netlist is read, so unused lines fail too). */
export function checkExpr(e: Expr): void {
  switch (e.t) {
    case 'num':
    case 'ref':
      return;
    case 'neg':
      checkExpr(e.arg);
      return;
    case 'bin': {
      const { spine, leftmost } = leftSpine(e);
      checkExpr(leftmost);
      for (let k = spine.length - 1; k >= 0; k--) checkExpr(spine[k].right);
      return;
    }
    case 'call': {
      const def = Object.hasOwn(FUNCTIONS, e.fn) ? FUNCTIONS[e.fn] : undefined;
      if (!def) throw new NetlistError(`unknown function '${e.fn}' (known: ${Object.keys(FUNCTIONS).join(', ')})`, e.loc);
      if (def.arity !== undefined && e.args.length !== def.arity) {
        throw new NetlistError(`${e.fn}() takes ${def.arity} argument${def.arity === 1 ? '' : 's'}, got ${e.args.length}`, e.loc);
      }
      if (def.arity === undefined && e.args.length === 0) throw new NetlistError(`${e.fn}() needs at least one argument`, e.loc);
      for (const a of e.args) checkExpr(a);
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

function binary(op: BinaryOp, a: number, b: number): number {
  switch (op) {
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
