/**
 * Loads the nearley grammar compiled from grammar/netlist.ne (`npm run grammar`) and parses one logical
 * line into a raw statement: a command word and a flat list of items. Syntax errors become NetlistErrors
 * that say, in plain words, what was expected.
 */
import { createRequire } from 'node:module';
import nearley from 'nearley';
import { NetlistError, type SourceLocation } from '../base/errors.ts';

/** A token as the moo lexer gives it; `offset` is 0-based in the logical line. */
export interface RawToken {
  type: string;
  text: string;
  offset: number;
}

export type RawExpr =
  | { t: 'num'; tok: RawToken }
  | { t: 'ref'; tok: RawToken }
  | { t: 'neg'; arg: RawExpr; tok: RawToken }
  | { t: 'bin'; op: '+' | '-' | '*' | '/' | '^'; left: RawExpr; right: RawExpr; tok: RawToken }
  | { t: 'call'; tok: RawToken; args: RawExpr[] };

export type RawItem =
  | { k: 'word' | 'num' | 'str' | 'params'; tok: RawToken }
  | { k: 'expr'; tok: RawToken; expr: RawExpr }
  | { k: 'call'; tok: RawToken; args: RawItem[]; close: RawToken }
  | { k: 'assign'; key: RawItem; value: RawItem; tok: RawToken };

export type RawLine = { type: 'dot'; cmd: RawToken; items: RawItem[] } | { type: 'element'; name: RawToken; items: RawItem[] };

const require = createRequire(import.meta.url);
let compiled: nearley.Grammar | undefined;

function grammar(): nearley.Grammar {
  if (!compiled) {
    let rules: nearley.CompiledRules;
    try {
      rules = require('./generated/netlist-grammar.cjs') as nearley.CompiledRules;
    } catch (e) {
      throw new Error(`netlist grammar not compiled: run 'npm run grammar' (${(e as Error).message})`);
    }
    compiled = nearley.Grammar.fromCompiled(rules);
  }
  return compiled;
}

/** Every parse of a line (tests assert there is exactly one: the grammar is unambiguous). */
export function parseLineAll(text: string): RawLine[] {
  const parser = new nearley.Parser(grammar());
  parser.feed(text);
  return parser.results as RawLine[];
}

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
  comma: "','",
  rparen: "')'",
  rbrace: "'}'",
};

interface ParserInternals {
  table: Array<{ states: Array<{ rule: { symbols: unknown[] }; dot: number }> } | undefined>;
}

/** Plain-words list of the tokens the parser could accept in a column of its table. */
function expectedIn(parser: nearley.Parser, column: number): string {
  const col = (parser as unknown as ParserInternals).table[column];
  const words: string[] = [];
  for (const state of col?.states ?? []) {
    const sym = state.rule.symbols[state.dot];
    if (sym && typeof sym === 'object' && 'type' in sym) {
      const w = TOKEN_WORDS[String((sym as { type: unknown }).type)];
      if (w && !words.includes(w)) words.push(w);
    }
  }
  const order = Object.values(TOKEN_WORDS);
  words.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  if (words.length === 0) return 'nothing more';
  if (words.length === 1) return words[0];
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function describe(tok: RawToken): string {
  if (tok.type === 'dotcmd') return `'${tok.text}' (dot commands must start the line)`;
  return `'${tok.text}'`;
}

/** Parses one logical line; `locate` maps an offset in `text` to the original file position. */
export function parseLine(text: string, locate: (offset: number) => SourceLocation): RawLine {
  const parser = new nearley.Parser(grammar());
  try {
    parser.feed(text);
  } catch (e) {
    const tok = (e as { token?: RawToken }).token;
    const offset = tok?.offset ?? 0;
    const table = (parser as unknown as ParserInternals).table;
    if (tok && tok.type === 'invalid') {
      throw new NetlistError(
        `syntax error: unexpected character '${tok.text.charAt(0)}'; expected ${expectedIn(parser, table.length - 2)}`,
        locate(offset),
      );
    }
    const what = tok ? describe(tok) : 'input';
    throw new NetlistError(`syntax error: unexpected ${what}; expected ${expectedIn(parser, table.length - 2)}`, locate(offset));
  }
  if (parser.results.length === 0) {
    const table = (parser as unknown as ParserInternals).table;
    throw new NetlistError(`syntax error: unexpected end of line; expected ${expectedIn(parser, table.length - 1)}`, locate(text.trimEnd().length));
  }
  return parser.results[0] as RawLine;
}
