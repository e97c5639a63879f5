/**
 * `.func`: user functions (ngspice, LTspice, Xyce, PSpice), usable in every expression of the netlist, in
 * parameters as in behavioural sources and `.define`s.
 *
 *   .func name(a, b) = {expr}      .func name(a, b) {expr}      .func name(a, b) = expr      .func name() = expr
 *
 * A call is expanded where it stands: the body with each argument in place of its parameter (so the
 * Jacobians of a device see through it). Bodies may call other functions, defined before or after them; a
 * function that reaches itself is an error. A top-level function is visible everywhere, subcircuit bodies
 * included; one defined inside a `.subckt` only in that body and the subcircuits defined within it, where it
 * hides an outer one of the same name (ngspice's rule: two published listings may each define their own
 * `f`). A body is expanded in the scope of its definition. A function of the same name as a built-in one is
 * an error.
 */
import { NetlistError, type SourceLocation } from '../base/errors.ts';
import type { Name, Statement } from './ast.ts';
import { checkExpr, exprOf, FUNCTIONS, leftSpine, type Expr } from './expr.ts';
import { parseBraceExpression } from './grammar.ts';
import type { LogicalLine } from './lines.ts';

export type FuncStatement = Extract<Statement, { type: 'func' }>;

const HEAD = /^(\s*\.func\s+)([A-Za-z_][A-Za-z0-9_]*)\s*\(([^)]*)\)\s*(=?)\s*/i;

export function parseFunc(ll: LogicalLine): FuncStatement {
  const text = ll.text;
  const loc = ll.loc;
  const m = HEAD.exec(text);
  if (!m) throw new NetlistError('.func needs a name, its parameters and a body: .func name(a, b) = {expr}', loc);
  const name: Name = { name: m[2].toLowerCase(), text: m[2], loc: ll.locate(m[1].length) };
  const params: Name[] = [];
  let at = m[1].length + m[2].length;
  for (const p of m[3].split(',')) {
    const word = p.trim();
    const offset = text.indexOf('(', at) + 1 + m[3].indexOf(p) + (p.length - p.trimStart().length);
    if (word === '' && m[3].trim() === '') break;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) throw new NetlistError(`.func ${name.text}: '${word}' is not a parameter name`, ll.locate(offset));
    const param = { name: word.toLowerCase(), text: word, loc: ll.locate(offset) };
    if (params.some((q) => q.name === param.name)) throw new NetlistError(`.func ${name.text}: parameter '${word}' appears twice`, param.loc);
    params.push(param);
  }
  at = m[0].length;
  const body = text.slice(at).trimEnd();
  if (body === '') throw new NetlistError(`.func ${name.text} needs a body: = {expr}`, ll.locate(at));
  // Bare and quoted bodies are read as braced ones (a '{' before, a '}' after; columns kept).
  let braced = text;
  let open = at;
  if (!body.startsWith('{')) {
    const quoted = body.startsWith("'") && body.endsWith("'") && body.length > 1;
    braced = quoted ? `${text.slice(0, at)}{${body.slice(1, -1)}}` : `${text.slice(0, at - 1)}{${body}}`;
    open = quoted ? at : at - 1;
  }
  const locate = (offset: number): SourceLocation => ll.locate(offset);
  const { expr, end } = parseBraceExpression(braced, open, locate);
  if (braced.slice(end).trim() !== '') throw new NetlistError(`unexpected text after the body of .func ${name.text}`, ll.locate(end));
  if (Object.hasOwn(FUNCTIONS, name.name) || name.name === 'v' || name.name === 'i') {
    throw new NetlistError(`.func ${name.text}: ${name.name}() is a built-in function`, name.loc);
  }
  return { type: 'func', name, params, body: exprOf(expr, locate), loc };
}

const EXPR_TAGS = new Set(['num', 'ref', 'neg', 'bin', 'call']);

function isExpr(v: unknown): v is Expr {
  return typeof v === 'object' && v !== null && EXPR_TAGS.has((v as { t?: string }).t ?? '') && 'loc' in v;
}

/**
 * Expands every call of a `.func` in the statements (in place), then checks the function names of parameter
 * expressions, which reading each line left to later: a function may be defined after its first use.
 */
export function expandFunctions(statements: Statement[]): void {
  /** The functions defined directly in one statement list (the netlist, or a subcircuit body). */
  interface Scope {
    funcs: Map<string, FuncStatement>;
    parent?: Scope;
  }
  let anyFunction = false;
  const scopeOf = (body: readonly Statement[], parent?: Scope): Scope => {
    const funcs = new Map<string, FuncStatement>();
    for (const st of body) {
      if (st.type !== 'func') continue;
      const prev = funcs.get(st.name.name);
      if (prev) throw new NetlistError(`.func ${st.name.text} is defined twice (first at line ${prev.loc.line})`, st.name.loc);
      funcs.set(st.name.name, st);
      anyFunction = true;
    }
    return { funcs, parent };
  };
  const lookup = (scope: Scope, name: string): { f: FuncStatement; scope: Scope } | undefined => {
    for (let at: Scope | undefined = scope; at; at = at.parent) {
      const f = at.funcs.get(name);
      if (f) return { f, scope: at };
    }
    return undefined;
  };
  // Every scope is built before any expansion, so that a use may precede its definition.
  const scopes = new Map<readonly Statement[], Scope>();
  const collect = (body: readonly Statement[], parent?: Scope): void => {
    const scope = scopeOf(body, parent);
    scopes.set(body, scope);
    for (const st of body) if (st.type === 'subckt') collect(st.body, scope);
  };
  collect(statements);

  const active: string[] = [];
  const expand = (e: Expr, scope: Scope, bound?: ReadonlyMap<string, Expr>): Expr => {
    switch (e.t) {
      case 'num':
        return e;
      case 'ref':
        return bound?.get(e.name) ?? e;
      case 'neg':
        return { ...e, arg: expand(e.arg, scope, bound) };
      case 'bin': {
        // Left spine in a loop (a flat 10,000-term sum).
        const { spine, leftmost } = leftSpine(e);
        let acc = expand(leftmost, scope, bound);
        for (let k = spine.length - 1; k >= 0; k--) acc = { ...spine[k], left: acc, right: expand(spine[k].right, scope, bound) };
        return acc;
      }
      case 'call': {
        const args = e.args.map((a) => expand(a, scope, bound));
        const found = lookup(scope, e.fn);
        if (!found) return { ...e, args };
        const { f } = found;
        if (args.length !== f.params.length) {
          throw new NetlistError(`${f.name.text}() takes ${f.params.length} argument${f.params.length === 1 ? '' : 's'}, got ${args.length}`, e.loc);
        }
        if (active.includes(f.name.name)) throw new NetlistError(`recursive .func: ${[...active, f.name.name].join(' -> ')}`, e.loc);
        active.push(f.name.name);
        try {
          return expand(f.body, found.scope, new Map(f.params.map((p, k) => [p.name, args[k]])));
        } finally {
          active.pop();
        }
      }
    }
  };
  // Every expression of every statement; the function bodies themselves are expanded where they are used.
  const walk = (value: unknown, parameterValue: boolean, scope: Scope): unknown => {
    if (Array.isArray(value)) {
      // A statement list with its own functions (a subcircuit body) is walked in its scope.
      const inner = scopes.get(value) ?? scope;
      for (let k = 0; k < value.length; k++) value[k] = walk(value[k], parameterValue, inner);
      return value;
    }
    if (typeof value !== 'object' || value === null) return value;
    if (isExpr(value)) {
      const out = anyFunction ? expand(value, scope) : value;
      // A `{...}` value (not an output expression or a device equation, which check their own names).
      if (parameterValue) checkExpr(out);
      return out;
    }
    const record = value as Record<string, unknown>;
    // An R, C, L, ... line (most lines of a large netlist) can hold expressions only in its value and its
    // parameters: its name, nodes, model and refs are Names. Walking just those spares the Object.keys of the
    // statement and of every node name.
    if (record.type === 'element') {
      const element = value as Extract<Statement, { type: 'element' }>;
      if (element.value !== undefined) element.value = walk(element.value, false, scope) as typeof element.value;
      if (element.params.length > 0) walk(element.params, false, scope);
      return value;
    }
    // Numbers, words and strings hold no expression (a 200,000-point PWL is that many of them).
    if (record.type === 'func' || record.kind === 'num' || record.kind === 'word' || record.kind === 'str') return value;
    // A Name ({ name, text, loc }: every node and element name) holds none either; the check spares most of
    // the Object.keys calls of a large netlist (three names per element).
    if (record.kind === undefined && typeof record.name === 'string' && typeof record.text === 'string' && 'loc' in record) return value;
    const isValue = record.kind === 'expr' && !('signals' in record);
    for (const key of Object.keys(record)) if (key !== 'loc') record[key] = walk(record[key], isValue && key === 'expr', scope);
    return value;
  };
  walk(statements, false, scopes.get(statements) as Scope);
}
