/**
 * Parameters of elaboration: `.param` definitions resolved lazily (with cycle detection) in scopes that nest
 * lexically through subcircuits, values that must be numbers, and the `.step` lines with their combinations.
 */
import { NetlistError, type SourceLocation } from '../base/errors.ts';
import type { AssignAst, NetlistAst, NumericAst, Statement, ValueAst } from '../parse/ast.ts';
import { CONSTANTS, evaluate } from '../parse/expr.ts';
import type { StepSpec } from './circuit.ts';
import { stepKey, stepTarget } from './steps.ts';

/** The statement of one type. */
export type Stmt<T extends Statement['type']> = Extract<Statement, { type: T }>;

interface ParamDef {
  value: ValueAst;
  loc: SourceLocation;
}

/**
 * Longest chain of parameters defined through one another (`a1={a2+1}`, `a2={a3+1}` ...) and deepest
 * subcircuit instance nesting (flatten.ts): both are resolved recursively, so a limit turns a stack overflow
 * into a located message (documented in docs/netlist.md).
 */
export const MAX_CHAIN = 1000;

/** One scope of parameters: fixed values (step overrides, instance arguments) over definitions, then the parent. */
export class ParamScope {
  private readonly cache = new Map<string, number>();
  private readonly resolving: string[] = [];

  constructor(
    private readonly defs: Map<string, ParamDef>,
    private readonly parent?: ParamScope,
    private readonly fixed: Map<string, number> = new Map(),
  ) {}

  has(name: string): boolean {
    return this.fixed.has(name) || this.defs.has(name);
  }

  lookup(name: string): number | undefined {
    const f = this.fixed.get(name);
    if (f !== undefined) return f;
    if (this.defs.has(name)) return this.resolve(name);
    return this.parent?.lookup(name);
  }

  /** Evaluates every definition (so errors in unused parameters are reported too). */
  resolveAll(): void {
    for (const name of this.defs.keys()) if (!this.fixed.has(name)) this.resolve(name);
  }

  private resolve(name: string): number {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    const def = this.defs.get(name);
    if (!def) throw new Error(`internal: parameter ${name} not defined here`);
    const at = this.resolving.indexOf(name);
    if (at >= 0) {
      const chain = [...this.resolving.slice(at), name].join(' -> ');
      throw new NetlistError(`parameter cycle: ${chain}`, def.loc);
    }
    if (this.resolving.length >= MAX_CHAIN) {
      throw new NetlistError(
        `parameter ${this.resolving[0]} depends on a chain of more than ${MAX_CHAIN} parameters (${this.resolving[0]} -> ${this.resolving[1]} -> ... -> ${name})`,
        def.loc,
      );
    }
    this.resolving.push(name);
    try {
      const v = numberOf(def.value, this, `parameter ${name}`, true);
      this.cache.set(name, v);
      return v;
    } finally {
      this.resolving.pop();
    }
  }
}

/**
 * The number a value stands for. Bare words are parameter references when `wordIsRef` (parameter
 * assignments), an error otherwise.
 */
export function numberOf(v: ValueAst, scope: ParamScope, what: string, wordIsRef: boolean): number {
  let x: number;
  switch (v.kind) {
    case 'num':
      return v.value;
    case 'expr':
      x = evaluate(v.expr, (name) => scope.lookup(name));
      break;
    case 'word': {
      if (!wordIsRef) throw new NetlistError(`non-numeric value '${v.text}' for ${what} (expected a number or {expression})`, v.loc);
      const p = scope.lookup(v.name) ?? (Object.hasOwn(CONSTANTS, v.name) ? CONSTANTS[v.name] : undefined);
      if (p === undefined) throw new NetlistError(`undefined parameter '${v.name}'`, v.loc);
      x = p;
      break;
    }
    case 'signal':
      throw new NetlistError(`non-numeric value '${v.signal.fn}(...)' for ${what} (expected a number or {expression})`, v.loc);
    case 'str':
      throw new NetlistError(`non-numeric value "${v.text}" for ${what} (expected a number or {expression})`, v.loc);
  }
  if (!Number.isFinite(x)) throw new NetlistError(`${what} evaluates to ${x}`, v.loc);
  return x;
}

/** A value where only numbers and `{expressions}` may stand. */
export function num(v: NumericAst, scope: ParamScope, what: string): number {
  return numberOf(v, scope, what, false);
}

/** `.param`-style assignments as definitions of one scope; a name defined twice is an error. */
export function paramDefs(assigns: Iterable<AssignAst>, into = new Map<string, ParamDef>()): Map<string, ParamDef> {
  for (const a of assigns) {
    const prev = into.get(a.key.name);
    if (prev) throw new NetlistError(`parameter '${a.key.name}' already defined (line ${prev.loc.line})`, a.key.loc);
    into.set(a.key.name, { value: a.value, loc: a.key.loc });
  }
  return into;
}

/** The top-level scope: every `.param` line, with `.step` values (`overrides`) fixed over them. */
export function globalScope(ast: NetlistAst, overrides?: Record<string, number>): ParamScope {
  const defs = new Map<string, ParamDef>();
  for (const st of ast.statements) if (st.type === 'param') paramDefs(st.assigns, defs);
  const fixed = new Map<string, number>();
  for (const [k, v] of Object.entries(overrides ?? {})) fixed.set(k.toLowerCase(), v);
  return new ParamScope(defs, undefined, fixed);
}

/** Values of every `.step` line, in order (the first line is the outer loop). */
export function resolveSteps(ast: NetlistAst): StepSpec[] {
  const scope = globalScope(ast);
  const defined = new Set<string>();
  for (const st of ast.statements) if (st.type === 'param') for (const a of st.assigns) defined.add(a.key.name);
  const steps: StepSpec[] = [];
  for (const st of ast.statements) {
    if (st.type !== 'step') continue;
    const p = st.param;
    stepTarget(st, ast, defined);
    const key = stepKey(st);
    if (steps.some((s) => s.param === key)) throw new NetlistError(`parameter '${key}' is stepped twice`, p.loc);
    const v = st.values.map((x) => num(x, scope, `.step ${key}`));
    steps.push({ param: key, values: stepValues(st, v), loc: st.loc });
  }
  return steps;
}

/**
 * Every combination of `.step` values, the first `.step` line the outer loop; `[undefined]` (one run with
 * the nominal parameters) without `.step`.
 */
export function stepCombinations(steps: readonly StepSpec[]): Array<Record<string, number> | undefined> {
  if (steps.length === 0) return [undefined];
  let combos: Array<Record<string, number>> = [{}];
  for (const step of steps) combos = combos.flatMap((combo) => step.values.map((value) => ({ ...combo, [step.param]: value })));
  return combos;
}

/** Rounds away the float noise of start + k*step (0.1 + 2*0.1 -> 0.3). */
function clean(x: number): number {
  return Number(x.toPrecision(14));
}

function stepValues(st: Stmt<'step'>, v: number[]): number[] {
  if (st.mode === 'list') return v;
  const [start, stop, inc] = v;
  const [, , incAst] = st.values;
  if (st.mode === 'lin') {
    checkStepDirection(start, stop, inc, incAst.loc, `.step ${st.param.name}`);
    const n = start === stop ? 0 : Math.floor((stop - start) / inc + 1e-9);
    if (n > 1e6) throw new NetlistError(`.step ${st.param.name} would make ${n + 1} values`, st.loc);
    return Array.from({ length: n + 1 }, (_, k) => clean(start + k * inc));
  }
  if (!(start > 0) || !(stop > 0)) throw new NetlistError(`.step ${st.mode} needs positive start and stop`, st.values[0].loc);
  if (!(inc >= 1) || !Number.isInteger(inc)) throw new NetlistError(`.step ${st.mode} needs a whole number of points >= 1`, incAst.loc);
  const base = st.mode === 'dec' ? 10 : 2;
  const out: number[] = [];
  const dir = stop >= start ? 1 : -1;
  for (let k = 0; ; k++) {
    const x = start * Math.pow(base, (dir * k) / inc);
    if (dir > 0 ? x > stop * (1 + 1e-9) : x < stop * (1 - 1e-9)) break;
    out.push(clean(x));
    if (out.length > 1e6) break;
  }
  return out;
}

export function checkStepDirection(start: number, stop: number, step: number, loc: SourceLocation, what: string): void {
  if (step === 0) throw new NetlistError(`${what} step must not be zero`, loc);
  if (stop > start && step < 0) throw new NetlistError(`${what} step must be positive when stop > start (got ${step})`, loc);
  if (stop < start && step > 0) throw new NetlistError(`${what} step must be negative when stop < start (got ${step})`, loc);
}
