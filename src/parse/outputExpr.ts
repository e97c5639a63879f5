/**
 * Output expressions of `.print` / `.probe` (`{v(a)-v(b)}`, `{vdb(out)-vdb(in)}`): the functions they may call
 * and their evaluation over complex values, so one evaluator serves the real analyses (imaginary parts 0) and
 * `.ac`. Signals inside an expression are refs named `#k`; parameters are replaced by their numbers when the
 * circuit is elaborated.
 */
import { NetlistError } from '../base/errors.ts';
import type { Expr } from './expr.ts';
import { binary, FUNCTIONS } from './expr.ts';

export interface ComplexValue {
  re: number;
  im: number;
}

/** Functions of a complex value whose result is real (ngspice names; phases in radians, as ngspice's vp). */
const REAL_OF_COMPLEX: Readonly<Record<string, (z: ComplexValue) => number>> = {
  db: (z) => 20 * Math.log10(Math.hypot(z.re, z.im)),
  mag: (z) => Math.hypot(z.re, z.im),
  abs: (z) => Math.hypot(z.re, z.im),
  ph: (z) => Math.atan2(z.im, z.re),
  phase: (z) => Math.atan2(z.im, z.re),
  real: (z) => z.re,
  imag: (z) => z.im,
};

/**
 * The SPICE2 / ngspice shorthands of `.print ac`: `vdb(out)` is db(v(out)), `ip(v1)` the phase of i(v1) in
 * radians. Each maps to a function of REAL_OF_COMPLEX applied to the v() or i() signal of the same arguments.
 */
export const DERIVED_SIGNALS: Readonly<Record<string, { base: 'v' | 'i'; fn: string }>> = {
  vdb: { base: 'v', fn: 'db' },
  vm: { base: 'v', fn: 'mag' },
  vp: { base: 'v', fn: 'ph' },
  vr: { base: 'v', fn: 'real' },
  vi: { base: 'v', fn: 'imag' },
  idb: { base: 'i', fn: 'db' },
  im: { base: 'i', fn: 'mag' },
  ip: { base: 'i', fn: 'ph' },
  ir: { base: 'i', fn: 'real' },
  ii: { base: 'i', fn: 'imag' },
};

/** Whether `name(...)` inside an output expression is a function (otherwise it is a signal such as v(a)). */
export function isOutputFunction(name: string): boolean {
  return Object.hasOwn(REAL_OF_COMPLEX, name) || Object.hasOwn(FUNCTIONS, name);
}

/** Checks function names and argument counts of an output expression (when the netlist is read). */
export function checkOutputExpr(e: Expr): void {
  switch (e.t) {
    case 'num':
    case 'ref':
      return;
    case 'neg':
      checkOutputExpr(e.arg);
      return;
    case 'bin':
      checkOutputExpr(e.left);
      checkOutputExpr(e.right);
      return;
    case 'call': {
      if (Object.hasOwn(REAL_OF_COMPLEX, e.fn)) {
        if (e.args.length !== 1) throw new NetlistError(`${e.fn}() takes 1 argument, got ${e.args.length}`, e.loc);
      } else {
        const def = Object.hasOwn(FUNCTIONS, e.fn) ? FUNCTIONS[e.fn] : undefined;
        if (!def) throw new NetlistError(`unknown function '${e.fn}'`, e.loc);
        if (def.arity !== undefined && e.args.length !== def.arity) {
          throw new NetlistError(`${e.fn}() takes ${def.arity} argument${def.arity === 1 ? '' : 's'}, got ${e.args.length}`, e.loc);
        }
        if (def.arity === undefined && e.args.length === 0) throw new NetlistError(`${e.fn}() needs at least one argument`, e.loc);
      }
      for (const a of e.args) checkOutputExpr(a);
      return;
    }
  }
}

/** Whether the expression is real whatever its signals are (in `.ac` it then fills one column, not re/im). */
export function isRealValued(e: Expr): boolean {
  switch (e.t) {
    case 'num':
      return true;
    case 'ref':
      return false;
    case 'neg':
      return isRealValued(e.arg);
    case 'bin':
      return isRealValued(e.left) && isRealValued(e.right);
    case 'call':
      return Object.hasOwn(REAL_OF_COMPLEX, e.fn) || e.args.every(isRealValued);
  }
}

/** Functions of expr.ts that also have a complex meaning here (principal branches). */
const COMPLEX_FUNCTIONS: Readonly<Record<string, (z: ComplexValue) => ComplexValue>> = {
  sqrt: (z) => {
    const r = Math.hypot(z.re, z.im);
    const re = Math.sqrt((r + z.re) / 2);
    const im = Math.sign(z.im) * Math.sqrt((r - z.re) / 2);
    return { re, im };
  },
  exp: (z) => {
    const m = Math.exp(z.re);
    return { re: m * Math.cos(z.im), im: m * Math.sin(z.im) };
  },
  log: (z) => ({ re: Math.log(Math.hypot(z.re, z.im)), im: Math.atan2(z.im, z.re) }),
  ln: (z) => ({ re: Math.log(Math.hypot(z.re, z.im)), im: Math.atan2(z.im, z.re) }),
  log10: (z) => ({ re: Math.log10(Math.hypot(z.re, z.im)), im: Math.atan2(z.im, z.re) / Math.LN10 }),
};

function divide(a: ComplexValue, b: ComplexValue): ComplexValue {
  if (b.im === 0) return { re: a.re / b.re, im: a.im / b.re };
  const d = b.re * b.re + b.im * b.im;
  return { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
}

function power(a: ComplexValue, b: ComplexValue): ComplexValue {
  if (a.im === 0 && b.im === 0 && (a.re >= 0 || Number.isInteger(b.re))) return { re: Math.pow(a.re, b.re), im: 0 };
  if (a.re === 0 && a.im === 0) return { re: 0, im: 0 };
  // a^b = exp(b log a)
  const logA = { re: Math.log(Math.hypot(a.re, a.im)), im: Math.atan2(a.im, a.re) };
  const x = { re: b.re * logA.re - b.im * logA.im, im: b.re * logA.im + b.im * logA.re };
  const m = Math.exp(x.re);
  return { re: m * Math.cos(x.im), im: m * Math.sin(x.im) };
}

/**
 * Evaluates an output expression; `signal(k)` is the value of ref `#k`. A function of expr.ts applied to complex
 * arguments that has no complex meaning here gives NaN rather than a silently dropped imaginary part.
 */
export function evaluateOutput(e: Expr, signal: (index: number) => ComplexValue): ComplexValue {
  switch (e.t) {
    case 'num':
      return { re: e.value, im: 0 };
    case 'ref':
      return signal(Number(e.name.slice(1)));
    case 'neg': {
      const a = evaluateOutput(e.arg, signal);
      return { re: -a.re, im: -a.im };
    }
    case 'bin': {
      const a = evaluateOutput(e.left, signal);
      const b = evaluateOutput(e.right, signal);
      switch (e.op) {
        case '+':
          return { re: a.re + b.re, im: a.im + b.im };
        case '-':
          return { re: a.re - b.re, im: a.im - b.im };
        case '*':
          return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
        case '/':
          return divide(a, b);
        case '^':
          return power(a, b);
        default:
          // Comparisons and logic have a meaning for real operands only.
          return a.im === 0 && b.im === 0 ? { re: binary(e.op, a.re, b.re), im: 0 } : { re: NaN, im: NaN };
      }
    }
    case 'call': {
      const args = e.args.map((a) => evaluateOutput(a, signal));
      if (Object.hasOwn(REAL_OF_COMPLEX, e.fn)) return { re: REAL_OF_COMPLEX[e.fn](args[0]), im: 0 };
      if (args.every((a) => a.im === 0)) return { re: FUNCTIONS[e.fn].apply(args.map((a) => a.re)), im: 0 };
      return Object.hasOwn(COMPLEX_FUNCTIONS, e.fn) && args.length === 1 ? COMPLEX_FUNCTIONS[e.fn](args[0]) : { re: NaN, im: NaN };
    }
  }
  return { re: NaN, im: NaN };
}
