/**
 * `.define`: a device type written as equations (docs/netlist.md, "Equation-defined devices").
 *
 *   .define <type> <t1> <t2> [<t3> ...] [states=<s>[,<s> ...]] [params: <p>=<v> ...]
 *   + params: <p>=<v> ...
 *   + let <name> = {expr}
 *   + I = {expr}          | I(<t>) = {expr}        (three or more terminals)
 *   + Q = {expr}          | Q(<t>) = {expr}
 *   + ddt(<s>) = {expr}   | <tau> * ddt(<s>) = {expr}
 *   + bounds <s> = [lo, hi]                        (either side may be empty)
 *   + init <s> = <number or {expr}>
 *
 * The clauses do not fit the item grammar of other lines (`*`, `[ ]`, `:`), so each physical line of the
 * statement (one clause per `+` line) is read here by a small lexer of its own; the `{...}` expressions are
 * read by the expression grammar (parseBraceExpression), so they are exactly the expressions of other lines.
 * Only the syntax is checked here; names, orders and recursion are checked when the type is built
 * (src/devices/equation.ts), where what each name means is known.
 */
import { NetlistError, type SourceLocation } from '../base/errors.ts';
import type { Name, NumericAst } from './ast.ts';
import { exprOf, type Expr } from './expr.ts';
import { parseBraceExpression } from './grammar.ts';
import type { LogicalLine } from './lines.ts';
import { parseSpiceNumber } from './units.ts';

export interface DefineParam {
  name: Name;
  value: NumericAst;
}

/** `I = ...` (terminal undefined: the two-terminal form) or `I(t) = ...`; likewise Q. */
export interface TerminalEquation {
  terminal?: Name;
  expr: Expr;
  loc: SourceLocation;
}

export interface RateEquation {
  state: Name;
  /** `tau * ddt(s) = g`: tau; absent for `ddt(s) = g`. */
  tau?: Expr;
  expr: Expr;
  loc: SourceLocation;
}

export interface DefineAst {
  /** The type (lower-case `name`; instances are `Y<TYPE>` in any case). */
  type: Name;
  terminals: Name[];
  states: Name[];
  params: DefineParam[];
  lets: Array<{ name: Name; expr: Expr; loc: SourceLocation }>;
  currents: TerminalEquation[];
  charges: TerminalEquation[];
  rates: RateEquation[];
  bounds: Array<{ state: Name; lower?: NumericAst; upper?: NumericAst; loc: SourceLocation }>;
  inits: Array<{ state: Name; value: NumericAst; loc: SourceLocation }>;
  loc: SourceLocation;
}

type Token =
  | { type: 'word' | 'num' | 'punct'; text: string; offset: number }
  | { type: 'expr'; text: string; offset: number; expr: Expr };

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:[A-Za-z_][A-Za-z0-9_]*)?/y;
const BLANKS = /[ \t]*/y;
const PUNCTUATION = '=[](),*:';

/** The tokens of text[start, end). */
function tokens(ll: LogicalLine, start: number, end: number): Token[] {
  const text = ll.text;
  const out: Token[] = [];
  let pos = start;
  const locate = (offset: number): SourceLocation => ll.locate(offset);
  for (;;) {
    BLANKS.lastIndex = pos;
    BLANKS.exec(text);
    pos = BLANKS.lastIndex;
    if (pos >= end) return out;
    const c = text[pos];
    if (c === '{') {
      const { expr, end: after } = parseBraceExpression(text.slice(0, end), pos, locate);
      out.push({ type: 'expr', text: text.slice(pos, after), offset: pos, expr: exprOf(expr, locate) });
      pos = after;
      continue;
    }
    WORD.lastIndex = pos;
    const word = WORD.exec(text);
    if (word) {
      out.push({ type: 'word', text: word[0], offset: pos });
      pos += word[0].length;
      continue;
    }
    NUMBER.lastIndex = pos;
    const number = NUMBER.exec(text);
    if (number) {
      out.push({ type: 'num', text: number[0], offset: pos });
      pos += number[0].length;
      continue;
    }
    if (PUNCTUATION.includes(c)) {
      out.push({ type: 'punct', text: c, offset: pos });
      pos++;
      continue;
    }
    throw new NetlistError(`syntax error in .define: unexpected character '${c}'`, locate(pos));
  }
}

/** Reads one clause's tokens. */
class ClauseReader {
  private pos = 0;
  constructor(
    private readonly ll: LogicalLine,
    private readonly toks: Token[],
    private readonly end: number,
  ) {}

  loc(tok: Token | undefined): SourceLocation {
    return this.ll.locate(tok ? tok.offset : this.end);
  }

  peek(offset = 0): Token | undefined {
    return this.toks[this.pos + offset];
  }

  next(): Token | undefined {
    return this.toks[this.pos++];
  }

  done(): boolean {
    return this.pos >= this.toks.length;
  }

  fail(tok: Token | undefined, expected: string): never {
    const got = tok ? `'${tok.type === 'expr' ? '{...}' : tok.text}'` : 'end of line';
    throw new NetlistError(`syntax error in .define: expected ${expected}, got ${got}`, this.loc(tok));
  }

  punct(text: string): Token {
    const tok = this.next();
    if (tok?.type !== 'punct' || tok.text !== text) this.fail(tok, `'${text}'`);
    return tok;
  }

  atPunct(text: string): boolean {
    const tok = this.peek();
    return tok?.type === 'punct' && tok.text === text;
  }

  name(what: string): Name {
    const tok = this.next();
    if (tok?.type !== 'word') this.fail(tok, what);
    return { name: tok.text.toLowerCase(), text: tok.text, loc: this.loc(tok) };
  }

  /** A number or `{expression}`. */
  numeric(what: string): NumericAst {
    const tok = this.next();
    if (tok?.type === 'num') {
      const value = parseSpiceNumber(tok.text);
      if (value === undefined) throw new NetlistError(`invalid number '${tok.text}'`, this.loc(tok));
      return { kind: 'num', value, text: tok.text, loc: this.loc(tok) };
    }
    if (tok?.type === 'expr') return { kind: 'expr', expr: tok.expr, loc: this.loc(tok) };
    return this.fail(tok, `a number or {expression} for ${what}`);
  }

  /** `{expression}`. */
  expr(what: string): Expr {
    const tok = this.next();
    if (tok?.type !== 'expr') this.fail(tok, `{expression} for ${what}`);
    return tok.expr;
  }

  finish(): void {
    if (!this.done()) this.fail(this.peek(), 'the end of the clause');
  }

  /** `p=v` pairs up to the end of the clause. */
  params(into: DefineParam[]): void {
    while (!this.done()) {
      const name = this.name('a parameter name');
      this.punct('=');
      into.push({ name, value: this.numeric(`parameter ${name.text}`) });
    }
  }
}

const lower = (tok: Token | undefined): string => (tok && tok.type === 'word' ? tok.text.toLowerCase() : '');

/** The `.define` statement of logical line `ll`; `cmdEnd` is the offset just after `.define`. */
export function parseDefine(ll: LogicalLine, cmdEnd: number): DefineAst {
  const segs = ll.segments;
  const clauseEnd = (k: number): number => (k + 1 < segs.length ? segs[k + 1].start : ll.text.length);
  const loc = ll.locate(cmdEnd - '.define'.length);

  // First line: type, terminals, states=, params:.
  const head = new ClauseReader(ll, tokens(ll, cmdEnd, clauseEnd(0)), clauseEnd(0));
  if (head.done()) throw new NetlistError('.define needs a type name and its terminals (.define <type> <t1> <t2> ...)', ll.locate(cmdEnd));
  const type = head.name('the device type name');
  const def: DefineAst = { type, terminals: [], states: [], params: [], lets: [], currents: [], charges: [], rates: [], bounds: [], inits: [], loc };
  while (!head.done()) {
    const tok = head.peek();
    const word = lower(tok);
    if (word === 'states' && head.peek(1)?.text === '=') {
      head.next();
      head.next();
      def.states.push(head.name('a state name'));
      // `states=x,y` or `states=x y`: names up to `params:`.
      while (!head.done() && !(lower(head.peek()) === 'params' && head.peek(1)?.text === ':')) {
        if (head.atPunct(',')) head.next();
        def.states.push(head.name('a state name'));
      }
    } else if (word === 'params' && head.peek(1)?.text === ':') {
      head.next();
      head.next();
      head.params(def.params);
    } else if (def.states.length === 0) {
      def.terminals.push(head.name('a terminal name, states= or params:'));
    } else head.fail(tok, "'params:'");
  }
  if (def.terminals.length < 2) throw new NetlistError(`.define ${type.text} needs at least two terminals, got ${def.terminals.length}`, type.loc);

  for (let k = 1; k < segs.length; k++) {
    const r = new ClauseReader(ll, tokens(ll, segs[k].start, clauseEnd(k)), clauseEnd(k));
    if (r.done()) continue;
    clause(r, def);
  }
  return def;
}

/** One `+` line of a `.define`. */
function clause(r: ClauseReader, def: DefineAst): void {
  const first = r.peek() as Token;
  const at = r.loc(first);
  const word = lower(first);
  const second = r.peek(1);
  if (word === 'params' && second?.text === ':') {
    r.next();
    r.next();
    r.params(def.params);
    return;
  }
  if (word === 'let' && second?.type === 'word') {
    r.next();
    const name = r.name('a name');
    r.punct('=');
    def.lets.push({ name, expr: r.expr(`let ${name.text}`), loc: name.loc });
    return r.finish();
  }
  if ((word === 'i' || word === 'q') && (second?.text === '=' || second?.text === '(')) {
    r.next();
    let terminal: Name | undefined;
    if (r.atPunct('(')) {
      r.next();
      terminal = r.name('a terminal name');
      r.punct(')');
    }
    r.punct('=');
    const eq: TerminalEquation = { expr: r.expr(word === 'i' ? 'the current' : 'the charge'), loc: at };
    if (terminal) eq.terminal = terminal;
    (word === 'i' ? def.currents : def.charges).push(eq);
    return r.finish();
  }
  if (word === 'bounds' || word === 'init') {
    r.next();
    const state = r.name('a state name');
    r.punct('=');
    if (word === 'init') {
      def.inits.push({ state, value: r.numeric(`init ${state.text}`), loc: at });
      return r.finish();
    }
    r.punct('[');
    const b: DefineAst['bounds'][number] = { state, loc: at };
    if (!r.atPunct(',')) b.lower = r.numeric(`the lower bound of ${state.text}`);
    r.punct(',');
    if (!r.atPunct(']')) b.upper = r.numeric(`the upper bound of ${state.text}`);
    r.punct(']');
    def.bounds.push(b);
    return r.finish();
  }
  // ddt(s) = g, or tau * ddt(s) = g with tau a number, a name or {expression}.
  let tau: Expr | undefined;
  if (word !== 'ddt' || second?.text !== '(') {
    const t = r.next();
    if (t?.type === 'expr') tau = t.expr;
    else if (t?.type === 'num') {
      const value = parseSpiceNumber(t.text);
      if (value === undefined) throw new NetlistError(`invalid number '${t.text}'`, r.loc(t));
      tau = { t: 'num', value, loc: r.loc(t) };
    } else if (t?.type === 'word') tau = { t: 'ref', name: t.text.toLowerCase(), loc: r.loc(t) };
    else r.fail(t, 'a clause (params:, let, I, Q, ddt, bounds or init)');
    if (!r.atPunct('*')) r.fail(r.peek(), "'* ddt(state)' (or a clause: params:, let, I, Q, ddt, bounds, init)");
    r.next();
    if (lower(r.peek()) !== 'ddt') r.fail(r.peek(), "'ddt'");
  }
  r.next();
  r.punct('(');
  const state = r.name('a state name');
  r.punct(')');
  r.punct('=');
  const eq: RateEquation = { state, expr: r.expr(`ddt(${state.text})`), loc: at };
  if (tau) eq.tau = tau;
  def.rates.push(eq);
  r.finish();
}
