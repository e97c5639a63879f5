/**
 * One logical line -> one raw statement: a command word and a flat list of items
 *   word | number | "string" | {expression} | name(args) | key=value | params:
 * What the items mean (node, value, keyword) is decided per statement in statements.ts.
 *
 * A hand-written lexer and parser: the item level is a flat LL(1) list read in a loop and
 * brace expressions are read by precedence climbing, so time and memory are linear in the line (a
 * 200,000-point PWL is one line) and flat chains such as a 10,000-term sum never recurse. Nesting
 * (parentheses, calls, unary signs, `^` chains) recurses and is limited to MAX_NESTING levels, reported as a
 * located error instead of a stack overflow.
 *
 * Expression precedence: unary +/- < + - < * / < ^ (right-associative), with `-2^2` = -(2^2) as in most
 * SPICE dialects. Syntax errors say, in plain words, which tokens could have come next.
 */
import { NetlistError, type SourceLocation } from '../base/errors.ts';
import type { BinaryOp } from './expr.ts';

/** How deeply parentheses, calls, unary signs and `^` may nest in one expression or item (documented in docs/netlist.md). */
export const MAX_NESTING = 1000;

/** A token of a line; `offset` is 0-based in the logical line. */
export interface RawToken {
  type: string;
  text: string;
  offset: number;
}

export type RawExpr =
  | { t: 'num'; tok: RawToken }
  | { t: 'ref'; tok: RawToken }
  | { t: 'neg'; arg: RawExpr; tok: RawToken }
  | { t: 'bin'; op: BinaryOp; left: RawExpr; right: RawExpr; tok: RawToken }
  /** `!a` (tok '!') is the call `!(a)`; `c ? a : b` (tok '?') is `if(c, a, b)`. */
  | { t: 'call'; tok: RawToken; args: RawExpr[] };

export type RawItem =
  | { k: 'word' | 'num' | 'str' | 'params'; tok: RawToken }
  | { k: 'expr'; tok: RawToken; expr: RawExpr }
  | { k: 'call'; tok: RawToken; args: RawItem[]; close: RawToken }
  | { k: 'assign'; key: RawItem; value: RawItem; tok: RawToken };

export type RawLine = { type: 'dot'; cmd: RawToken; items: RawItem[] } | { type: 'element'; name: RawToken; items: RawItem[] };

const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:[A-Za-z_][A-Za-z0-9_]*)?/;
const ENUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:[A-Za-z_][A-Za-z0-9_]*)?/;
/** A number followed, without a blank, by another decimal point (`1.2.3k`): one mistyped number, not two. */
const BAD_ENUMBER = /(?:(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?[A-Za-z0-9_]*|\d+(?:[eE][+-]?\d+)?[A-Za-z_][A-Za-z0-9_]*)\.[A-Za-z0-9_.]*/;
/** Digits in three or more dot-separated groups, nothing else: a version (`3.3.0`, `4.8.2`), not a mistyped number. */
const VERSION = /^\d+(?:\.\d+){2,}$/;
const BAD_NUMBER = new RegExp(`[+-]?${BAD_ENUMBER.source}`);

/** One lexer state: token rules tried in order at each position, the first that matches wins. */
interface LexState {
  /** The rules as one sticky alternation, one capture group per rule. */
  pattern: RegExp;
  types: string[];
}

function lexState(rules: Array<[string, RegExp | string]>): LexState {
  const escape = (literal: string): string => literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const source = rules.map(([, r]) => `(${typeof r === 'string' ? escape(r) : r.source})`).join('|');
  return { pattern: new RegExp(source, 'y'), types: rules.map(([t]) => t) };
}

// Whitespace and commas outside `{...}` only separate items. `{` enters the expression state, `}` leaves it.
const MAIN = lexState([
  ['ws', /[ \t,]+/],
  ['lbrace', '{'],
  // `'expr'` (ngspice, HSPICE) is the same as `{expr}`: an opening quote enters the expression state.
  ['lbrace', "'"],
  ['string', /"[^"\n]*"/],
  ['params', /[pP][aA][rR][aA][mM][sS]:/],
  ['dotcmd', /\.[A-Za-z_][A-Za-z0-9_]*/],
  ['badnumber', BAD_NUMBER],
  ['number', NUMBER],
  // Node names as EDA tools write them: KiCad's `Net-(R1-Pad2)` (parentheses right after '-'), `/sheet/net`,
  // ports such as `+IN`. A name may start with '/', '+' or '-' when a name character follows (`-1` is a number).
  ['word', /(?:[A-Za-z_]|[/+-](?=[A-Za-z0-9_]))(?:-\([A-Za-z0-9_.#\-+!|<>@&%~?[\]/]*\)|[A-Za-z0-9_.#\-+!|<>@&%~?[\]/])*/],
  ['lparen', '('],
  ['rparen', ')'],
  ['eq', '='],
]);
const EXPR_RULES: Array<[string, RegExp | string]> = [
  ['ws', /[ \t]+/],
  ['rbrace', '}'],
  ['badnumber', BAD_ENUMBER],
  ['enumber', ENUMBER],
  ['ident', /[A-Za-z_][A-Za-z0-9_]*/],
  ['pow', /\*\*|\^/],
  // Two-character operators before their one-character prefixes.
  ['le', '<='],
  ['ge', '>='],
  ['eqeq', '=='],
  ['ne', '!='],
  ['and', '&&'],
  ['or', '||'],
  ['lt', '<'],
  ['gt', '>'],
  ['not', '!'],
  ['question', '?'],
  ['colon', ':'],
  ['plus', '+'],
  ['minus', '-'],
  ['times', '*'],
  ['divide', '/'],
  ['lparen', '('],
  ['rparen', ')'],
  ['comma', ','],
];
const EXPR = lexState(EXPR_RULES);
/** Inside `'...'`: the closing quote ends the expression, a '}' is out of place. */
const QUOTED_EXPR = lexState(EXPR_RULES.map(([type, rule]): [string, RegExp | string] => (type === 'rbrace' ? ['rquote', "'"] : [type, rule])));

/** Token types in the order messages list them, with the words they are listed as. */
const TOKEN_WORDS: Record<string, string> = {
  word: 'a name',
  ident: 'a name',
  number: 'a number',
  enumber: 'a number',
  string: 'a quoted string',
  dotcmd: 'a dot command',
  params: "'params:'",
  lbrace: "'{'",
  lparen: "'('",
  eq: "'='",
  plus: "'+'",
  minus: "'-'",
  times: "'*'",
  divide: "'/'",
  pow: "'^'",
  lt: "'<'",
  le: "'<='",
  gt: "'>'",
  ge: "'>='",
  eqeq: "'=='",
  ne: "'!='",
  and: "'&&'",
  or: "'||'",
  not: "'!'",
  question: "'?'",
  colon: "':'",
  comma: "','",
  rparen: "')'",
  rbrace: "'}'",
  rquote: 'a closing quote',
};
const WORD_ORDER = Object.values(TOKEN_WORDS);

/** Plain-words list of token types: "a name, a number or '('". */
function expectedWords(types: readonly string[]): string {
  const words: string[] = [];
  for (const t of types) {
    const w = TOKEN_WORDS[t];
    if (w && !words.includes(w)) words.push(w);
  }
  words.sort((a, b) => WORD_ORDER.indexOf(a) - WORD_ORDER.indexOf(b));
  if (words.length === 0) return 'nothing more';
  if (words.length === 1) return words[0];
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

const ITEM_START = ['word', 'number', 'string', 'params', 'lbrace'] as const;
const ARG_START = ['word', 'number', 'string', 'lbrace'] as const;
const VALUE_START = ARG_START;
const OPERAND_START = ['ident', 'enumber', 'lparen', 'plus', 'minus', 'not'] as const;
const BINARY_OPS = ['plus', 'minus', 'times', 'divide', 'pow', 'lt', 'le', 'gt', 'ge', 'eqeq', 'ne', 'and', 'or', 'question'] as const;
const BINARY_OP_OF: Record<string, BinaryOp> = {
  plus: '+',
  minus: '-',
  times: '*',
  divide: '/',
  pow: '^',
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
  eqeq: '==',
  ne: '!=',
  and: '&&',
  or: '||',
};

/**
 * The tokens of a line, blanks dropped. A character no rule matches becomes an 'invalid' token holding the
 * rest of the line, and lexing stops there (the parser reports it as an unexpected character).
 */
function tokenize(text: string, start = 0, inBraces = false): RawToken[] {
  const tokens: RawToken[] = [];
  let state = inBraces ? EXPR : MAIN;
  let pos = start;
  while (pos < text.length) {
    const { pattern, types } = state;
    pattern.lastIndex = pos;
    const m = pattern.exec(text);
    if (!m) {
      tokens.push({ type: 'invalid', text: text.slice(pos), offset: pos });
      break;
    }
    let group = 1;
    while (m[group] === undefined) group++;
    const type = types[group - 1];
    if (type !== 'ws') tokens.push({ type, text: m[0], offset: pos });
    if (type === 'lbrace') state = m[0] === "'" ? QUOTED_EXPR : EXPR;
    else if (type === 'rbrace' || type === 'rquote') {
      // One brace expression asked for (parseBraceExpression): its closing brace ends it.
      if (inBraces) break;
      state = MAIN;
    }
    pos += m[0].length;
  }
  return tokens;
}

class LineParser {
  private pos = 0;
  /** Tokens that could have extended the operand or item read last (part of the next message's "expected"). */
  private extension: readonly string[] = [];

  constructor(
    private readonly text: string,
    private readonly tokens: RawToken[],
    private readonly locate: (offset: number) => SourceLocation,
  ) {}

  /** Index of the next token. */
  get position(): number {
    return this.pos;
  }

  /** Steps over the next token (the caller read it). */
  skip(): void {
    this.pos++;
  }

  private peek(): RawToken | undefined {
    return this.tokens[this.pos];
  }

  private next(): RawToken | undefined {
    return this.tokens[this.pos++];
  }

  private at(type: string): boolean {
    return this.tokens[this.pos]?.type === type;
  }

  private fail(tok: RawToken | undefined, expected: readonly string[]): never {
    const list = expectedWords(expected);
    if (!tok) throw new NetlistError(`syntax error: unexpected end of line; expected ${list}`, this.locate(this.text.trimEnd().length));
    const loc = this.locate(tok.offset);
    if (tok.type === 'invalid') throw new NetlistError(`syntax error: unexpected character '${tok.text.charAt(0)}'; expected ${list}`, loc);
    if (tok.type === 'badnumber') {
      throw new NetlistError(`'${tok.text}' is not a number: a number has one decimal point and its unit follows it without a blank (1.2k, 10uF)`, loc);
    }
    const what = tok.type === 'dotcmd' ? `'${tok.text}' (dot commands must start the line)` : `'${tok.text}'`;
    throw new NetlistError(`syntax error: unexpected ${what}; expected ${list}`, loc);
  }

  private tooDeep(tok: RawToken): never {
    throw new NetlistError(
      `nested too deeply: more than ${MAX_NESTING} levels of parentheses, calls, signs or '^' in one item`,
      this.locate(tok.offset),
    );
  }

  line(): RawLine {
    const head = this.next();
    if (!head || (head.type !== 'dotcmd' && head.type !== 'word')) this.fail(head, ['word', 'dotcmd']);
    const items = this.items();
    return head.type === 'dotcmd' ? { type: 'dot', cmd: head, items } : { type: 'element', name: head, items };
  }

  /** The items of the line, up to its end. */
  private items(): RawItem[] {
    const items: RawItem[] = [];
    this.extension = [];
    for (let tok = this.peek(); tok; tok = this.peek()) {
      switch (tok.type) {
        case 'word':
          items.push(this.wordItem(0, false));
          break;
        case 'params':
          this.pos++;
          items.push({ k: 'params', tok });
          this.extension = [];
          break;
        case 'number':
        case 'string':
        case 'lbrace':
          items.push(this.value(0));
          break;
        default:
          this.fail(tok, [...ITEM_START, ...this.extension]);
      }
    }
    return items;
  }

  /**
   * An item that starts with a word: the word, a call `w(...)`, or an assignment whose key is either.
   * Inside call arguments (`inArgs`) a call may only stand as the key of an assignment.
   */
  private wordItem(depth: number, inArgs: boolean): RawItem {
    const word = this.next() as RawToken;
    let key: RawItem = { k: 'word', tok: word };
    this.extension = ['lparen', 'eq'];
    if (this.at('lparen')) {
      key = this.call(word, depth);
      if (inArgs && !this.at('eq')) this.fail(this.peek(), ['eq']);
      this.extension = ['eq'];
    }
    if (!this.at('eq')) return key;
    const eq = this.next() as RawToken;
    return { k: 'assign', key, value: this.value(depth), tok: eq };
  }

  /** A word, number, string, {expression} or call. */
  private value(depth: number): RawItem {
    const tok = this.next();
    this.extension = [];
    switch (tok?.type) {
      case 'word':
        if (this.at('lparen')) return this.call(tok, depth);
        this.extension = ['lparen'];
        return { k: 'word', tok };
      case 'number':
        return { k: 'num', tok };
      case 'string':
        return { k: 'str', tok };
      case 'lbrace':
        return this.brace(tok);
      case 'badnumber':
        // A version string (`.model n1 nmos level=49 version=3.3.0`, BSIM's text parameter): text, which only a
        // numeric parameter rejects, where the model is used.
        if (VERSION.test(tok.text)) return { k: 'str', tok };
        return this.fail(tok, VALUE_START);
      default:
        return this.fail(tok, VALUE_START);
    }
  }

  /** `name(args)`, the name already read and the next token '('. */
  private call(name: RawToken, depth: number): RawItem {
    const open = this.next() as RawToken;
    if (depth >= MAX_NESTING) this.tooDeep(open);
    const args: RawItem[] = [];
    this.extension = [];
    for (;;) {
      const tok = this.peek();
      if (tok?.type === 'rparen') {
        this.pos++;
        this.extension = [];
        return { k: 'call', tok: name, args, close: tok };
      }
      if (tok?.type === 'word') args.push(this.wordItem(depth + 1, true));
      else if (tok?.type === 'number' || tok?.type === 'string' || tok?.type === 'lbrace') args.push(this.value(depth + 1));
      else this.fail(tok, [...ARG_START, ...this.extension, 'rparen']);
    }
  }

  /** `{expression}`, the '{' already read. */
  brace(open: RawToken): Extract<RawItem, { k: 'expr' }> {
    const expr = this.ternary(0);
    const close = this.peek();
    const closer = open.text === "'" ? 'rquote' : 'rbrace';
    if (close?.type !== closer) this.fail(close, [...this.extension, closer]);
    this.pos++;
    this.extension = [];
    return { k: 'expr', tok: open, expr };
  }

  /** `c ? a : b`, right-associative (each level nests, so it counts towards MAX_NESTING). */
  private ternary(depth: number): RawExpr {
    const test = this.binary(depth, 0);
    if (!this.at('question')) return test;
    const tok = this.next() as RawToken;
    if (depth >= MAX_NESTING) this.tooDeep(tok);
    const then = this.ternary(depth + 1);
    if (!this.at('colon')) this.fail(this.peek(), [...this.extension, 'colon']);
    this.pos++;
    const otherwise = this.ternary(depth + 1);
    return { t: 'call', tok, args: [test, then, otherwise] };
  }

  /**
   * The left-associative binary operators below the ternary, by precedence climbing: a chain of one level
   * (a flat 10,000-term sum) is read in a loop, and a right operand recurses only into tighter levels, so
   * the stack per nesting level (parentheses, calls) stays as small as with `+ -` and `* /` alone.
   */
  private binary(depth: number, minPrecedence: number): RawExpr {
    let left = this.unary(depth);
    for (let tok = this.peek(); tok; tok = this.peek()) {
      const precedence = PRECEDENCE[tok.type];
      if (precedence === undefined || precedence < minPrecedence) break;
      this.pos++;
      left = { t: 'bin', op: BINARY_OP_OF[tok.type], left, right: this.binary(depth, precedence + 1), tok };
    }
    return left;
  }

  private unary(depth: number): RawExpr {
    if (this.at('minus') || this.at('plus') || this.at('not')) {
      const sign = this.next() as RawToken;
      if (depth >= MAX_NESTING) this.tooDeep(sign);
      const arg = this.unary(depth + 1);
      if (sign.type === 'not') return { t: 'call', tok: sign, args: [arg] };
      return sign.type === 'minus' ? { t: 'neg', arg, tok: sign } : arg;
    }
    const base = this.primary(depth);
    if (!this.at('pow')) return base;
    const op = this.next() as RawToken;
    if (depth >= MAX_NESTING) this.tooDeep(op);
    return { t: 'bin', op: '^', left: base, right: this.unary(depth + 1), tok: op };
  }

  private primary(depth: number): RawExpr {
    const tok = this.next();
    switch (tok?.type) {
      case 'enumber':
        this.extension = BINARY_OPS;
        return { t: 'num', tok };
      case 'ident': {
        if (!this.at('lparen')) {
          this.extension = [...BINARY_OPS, 'lparen'];
          return { t: 'ref', tok };
        }
        const open = this.next() as RawToken;
        if (depth >= MAX_NESTING) this.tooDeep(open);
        const args: RawExpr[] = [];
        if (!this.at('rparen')) {
          const first = this.peek();
          if (!first || !(OPERAND_START as readonly string[]).includes(first.type)) this.fail(first, [...OPERAND_START, 'rparen']);
          args.push(this.ternary(depth + 1));
          while (this.at('comma')) {
            this.pos++;
            args.push(this.ternary(depth + 1));
          }
          if (!this.at('rparen')) this.fail(this.peek(), [...this.extension, 'comma', 'rparen']);
        }
        this.pos++;
        this.extension = BINARY_OPS;
        return { t: 'call', tok, args };
      }
      case 'lparen': {
        if (depth >= MAX_NESTING) this.tooDeep(tok);
        const inner = this.ternary(depth + 1);
        if (!this.at('rparen')) this.fail(this.peek(), [...this.extension, 'rparen']);
        this.pos++;
        this.extension = BINARY_OPS;
        return inner;
      }
      default:
        return this.fail(tok, OPERAND_START);
    }
  }
}

/** Binding strength of the left-associative binary operators (C precedence; `^` binds tighter, in `unary`). */
const PRECEDENCE: Readonly<Record<string, number>> = { or: 1, and: 2, eqeq: 3, ne: 3, lt: 4, le: 4, gt: 4, ge: 4, plus: 5, minus: 5, times: 6, divide: 6 };

/**
 * One `{expression}` of `text` whose '{' is at `open`, for statements with a syntax of their own (`.define`
 * clauses): the expression and the offset just after its closing '}'.
 */
export function parseBraceExpression(text: string, open: number, locate: (offset: number) => SourceLocation): { expr: RawExpr; end: number } {
  const brace: RawToken = { type: 'lbrace', text: '{', offset: open };
  const tokens = [brace, ...tokenize(text, open + 1, true)];
  const parser = new LineParser(text, tokens, locate);
  parser.skip();
  const item = parser.brace(brace);
  const close = tokens[parser.position - 1];
  return { expr: item.expr, end: close.offset + close.text.length };
}

/** Parses one logical line; `locate` maps an offset in `text` to the original file position. */
export function parseLine(text: string, locate: (offset: number) => SourceLocation): RawLine {
  return new LineParser(text, tokenize(text), locate).line();
}

/** Every parse of a line: one, or none when it has a syntax error (the grammar is LL(1), so never more). */
export function parseLineAll(text: string): RawLine[] {
  try {
    return [parseLine(text, (offset) => ({ file: '<line>', line: 1, column: offset + 1, text }))];
  } catch (e) {
    if (e instanceof NetlistError) return [];
    throw e;
  }
}
