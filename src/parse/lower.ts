/**
 * A checked expression tree (expr.ts) as nodes of a symbolic graph (symbolic.ts). Names are resolved by the
 * caller (`resolve`): a parameter, a state or a voltage becomes an input node, a `let` the node it stands
 * for. Calls that are not functions of the expression language (`v(a, b)`, user `.func`s) go to `call`.
 *
 * The functions the graph has no primitive for are rewritten here into primitives: `min`/`max` and `limit`
 * into `if` of comparisons, `step` into a comparison, `smoothstep` into its polynomial of a clamped ramp,
 * `^` into `pow`, `ln` into `log`.
 */
import { NetlistError, type SourceLocation } from '../base/errors.ts';
import { FUNCTIONS, leftSpine, type Expr } from './expr.ts';
import { RANDOM_FUNCTIONS } from './random.ts';
import { isPrimitive, type LogicOp, type SymGraph } from './symbolic.ts';

export interface LowerContext {
  graph: SymGraph;
  /** The node a name stands for; throws (located) when the name means nothing here. */
  resolve(name: string, loc: SourceLocation): number;
  /** A call the expression language does not define (`v(a)`, a `.func`); undefined: unknown function. */
  call?(fn: string, args: readonly Expr[], loc: SourceLocation, lower: (e: Expr) => number): number | undefined;
  /** Told of every floor/ceil node (which has no useful derivative) with its argument. */
  onPiecewiseConstant?(fn: string, arg: number, loc: SourceLocation): void;
}

const LOGIC_OF: Readonly<Record<string, LogicOp>> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '==': '==', '!=': '!=', '&&': '&&', '||': '||' };

export function lowerExpr(e: Expr, ctx: LowerContext): number {
  const g = ctx.graph;
  const lower = (x: Expr): number => lowerExpr(x, ctx);
  switch (e.t) {
    case 'num':
      return g.constant(e.value);
    case 'ref':
      return ctx.resolve(e.name, e.loc);
    case 'neg':
      return g.neg(lower(e.arg));
    case 'bin': {
      // Left operands in a loop: a flat 10,000-term sum is a left spine that deep.
      const { spine, leftmost } = leftSpine(e);
      let acc = lower(leftmost);
      for (let k = spine.length - 1; k >= 0; k--) {
        const b = spine[k];
        const right = lower(b.right);
        switch (b.op) {
          case '+':
            acc = g.add(acc, right);
            break;
          case '-':
            acc = g.sub(acc, right);
            break;
          case '*':
            acc = g.mul(acc, right);
            break;
          case '/':
            acc = g.div(acc, right);
            break;
          case '^':
            acc = g.call('pow', [acc, right]);
            break;
          default:
            acc = g.logic(LOGIC_OF[b.op], acc, right);
        }
      }
      return acc;
    }
    case 'call':
      return lowerCall(e, ctx, lower);
  }
}

function lowerCall(e: Extract<Expr, { t: 'call' }>, ctx: LowerContext, lower: (e: Expr) => number): number {
  const g = ctx.graph;
  const def = Object.hasOwn(FUNCTIONS, e.fn) ? FUNCTIONS[e.fn] : undefined;
  if (!def) {
    const custom = ctx.call?.(e.fn, e.args, e.loc, lower);
    if (custom !== undefined) return custom;
    throw new NetlistError(`unknown function '${e.fn}' (known: ${Object.keys(FUNCTIONS).filter((f) => f !== '!').join(', ')})`, e.loc);
  }
  if (def.arity !== undefined && e.args.length !== def.arity) {
    throw new NetlistError(`${e.fn}() takes ${def.arity} argument${def.arity === 1 ? '' : 's'}, got ${e.args.length}`, e.loc);
  }
  if (e.args.length === 0) throw new NetlistError(`${e.fn}() needs at least one argument`, e.loc);
  // A draw per evaluation would make the device's equations change from one Newton iteration to the next.
  if (Object.hasOwn(RANDOM_FUNCTIONS, e.fn)) throw new NetlistError(`${e.fn}() is drawn once per Monte Carlo sample: use it in a .param or a parameter value, not in a device's equations`, e.loc);
  const args = e.args.map(lower);
  const [a, b, c] = args;
  switch (e.fn) {
    case 'if':
      return g.cond(a, b, c);
    case '!':
      return g.not(a);
    case 'ln':
      return g.call('log', [a]);
    case 'step':
    case 'u':
    case 'stp':
      return g.logic('>', a, g.zero);
    case 'limit':
      return g.limit(a, b, c);
    case 'min':
      // The first smallest argument, as Math.min; its derivative is that argument's.
      return args.slice(1).reduce((m, x) => g.cond(g.logic('<', x, m), x, m), a);
    case 'max':
      return args.slice(1).reduce((m, x) => g.cond(g.logic('>', x, m), x, m), a);
    case 'smoothstep': {
      // t = limit((x - e0)/(e1 - e0), 0, 1); t^2 (3 - 2t)
      const t = g.limit(g.div(g.sub(c, a), g.sub(b, a)), g.zero, g.one);
      return g.mul(g.mul(t, t), g.sub(g.constant(3), g.mul(g.constant(2), t)));
    }
    default:
      if (!isPrimitive(e.fn)) throw new Error(`internal: function ${e.fn} has no lowering`);
      if (e.fn === 'floor' || e.fn === 'ceil') ctx.onPiecewiseConstant?.(e.fn, a, e.loc);
      return g.call(e.fn, args);
  }
}
