/**
 * One logical line -> one statement. The grammar gives a command and a flat item list; this module decides
 * what each item means for that command and reports misplaced or missing items at their own column.
 */
import { checkExpr, exprOf, type Expr } from './expr.ts';
import { checkOutputExpr, isOutputFunction } from './outputExpr.ts';
import { parseSpiceNumber } from './units.ts';
import { NetlistError, type SourceLocation } from '../base/errors.ts';
import type { AnalysisType, AssignAst, MeasTokenAst, Name, NumericAst, OutputFormat, PrintItemAst, SignalAst, Statement, ValueAst, WaveformKind } from './ast.ts';
import { isBehavioural, parseBehavioural } from './behavioural.ts';
import { parseDefine } from './define.ts';
import { parseFunc } from './functions.ts';
import { parseLine, type RawExpr, type RawItem, type RawToken } from './grammar.ts';
import { LogicalLine } from './lines.ts';

/** A statement, or a marker the reader acts on (subckt end, netlist end, include). */
export type LineResult =
  | Statement
  | { type: 'ends'; name?: Name; loc: SourceLocation }
  | { type: 'end'; loc: SourceLocation }
  /** loc: the command; pathLoc: the file name (where a refused or missing file is reported). */
  | { type: 'include'; path: string; loc: SourceLocation; pathLoc: SourceLocation }
  | { type: 'ignored'; message: string; loc: SourceLocation }
  /** `.lib file section`, `.lib file` (LTspice: the whole file) or `.lib section` (a section definition). */
  | { type: 'lib'; args: Array<{ text: string; loc: SourceLocation }>; loc: SourceLocation }
  | { type: 'endl'; loc: SourceLocation }
  /** `.control`: the reader collects the block up to `.endc` (control.ts). */
  | { type: 'controlBegin'; loc: SourceLocation };

/** SPICE commands that do not change what memspice computes: read with a warning. */
const IGNORED = new Set(['.width', '.title', '.four']);
const UNSUPPORTED_ANALYSES = new Set(['.noise', '.tf', '.sens', '.pz', '.disto', '.sp', '.fft', '.hb', '.mpde', '.mor', '.es', '.pce', '.sampling', '.embeddedsampling', '.lin']);
/**
 * `.print TYPE` / `.meas TYPE` types of analyses memspice does not run (Xyce's HB, SENS, HOMOTOPY, ..., and
 * NOISE): the line has nothing to print, so it is skipped with a warning; the analysis itself, if the netlist
 * has it, is the error.
 */
const OTHER_OUTPUT_TYPES = new Set([
  'noise', 'noise_cont', 'sens', 'tranadjoint', 'homotopy', 'hb', 'hb_fd', 'hb_td', 'hb_ic', 'hb_startup',
  'mpde', 'mpde_ic', 'mpde_startup', 'es', 'pce', 'ac_ic', 'tf', 'pz', 'disto', 'sp', 'fft',
]);
const ANALYSIS_TYPES: readonly string[] = ['op', 'dc', 'ac', 'tran', 'pss'];
/** Xyce `.print` options that only lay the table out (memspice always writes every digit). */
const PRINT_LAYOUT_OPTIONS = new Set(['width', 'precision', 'delimiter', 'filter', 'time_width']);
/** Xyce FORMAT= values for other programs' files: the table is written as CSV instead, with a warning. */
const OTHER_XYCE_FORMATS = new Set(['raw', 'probe', 'tecplot', 'gnuplot', 'splot']);
/** Commands of other SPICE dialects (LTspice, PSpice, ngspice) that memspice may support later: what they are. */
const NOT_YET_SUPPORTED: Readonly<Record<string, string>> = {
  '.if': 'conditional netlists',
  '.elseif': 'conditional netlists',
  '.else': 'conditional netlists',
  '.endif': 'conditional netlists',
};
/** Scale-factor and unit words a number may carry, for "write 1kohm" hints. */
/** The names an R, C or L line may give its value by (Xyce's `R=`, `C=`, `L=`; ngspice's long names and aliases). */
const VALUE_KEYS: Readonly<Record<string, readonly string[]>> = {
  R: ['r', 'resistance'],
  C: ['c', 'cap', 'capacitance'],
  L: ['l', 'inductance'],
};

const UNIT_WORD = /^(?:t|g|meg|k|m|mil|u|n|p|f)?(?:ohms?|f|h|v|a|s|hz)?$/i;

export function buildLine(ll: LogicalLine): LineResult {
  return plainElement(ll) ?? buildAnyLine(ll);
}

/**
 * `R12 n11 n12 1k`: an R, C or L with two nodes and a plain number, nothing else on the line. Name and nodes are
 * runs of letters, digits and _ (words or numbers to the tokenizer, names either way), the value is one number
 * token of the tokenizer's grammar (grammar.ts), blanks are spaces or tabs.
 */
const PLAIN_ELEMENT = /^([ \t]*)([RCLrcl]\w*)([ \t]+)(\w+)([ \t]+)(\w+)([ \t]+)([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:[A-Za-z_]\w*)?)[ \t]*$/;

/**
 * The statement of a line of PLAIN_ELEMENT's form, read without the tokenizer, items and builder of
 * buildAnyLine, which gives the same statement (test/parse/plain-lines.test.ts) at several times the cost: most
 * lines of a large netlist have this form, and in a process that has not compiled the reader yet they were
 * most of the parse time. Undefined for any other line, and for a value parseSpiceNumber rejects (whose
 * message buildAnyLine gives).
 */
function plainElement(ll: LogicalLine): Statement | undefined {
  const m = PLAIN_ELEMENT.exec(ll.text);
  if (m === null) return undefined;
  const value = parseSpiceNumber(m[8]);
  if (value === undefined) return undefined;
  const nameAt = m[1].length;
  const firstNodeAt = nameAt + m[2].length + m[3].length;
  const secondNodeAt = firstNodeAt + m[4].length + m[5].length;
  const valueAt = secondNodeAt + m[6].length + m[7].length;
  const name: Name = { name: m[2].toLowerCase(), text: m[2], loc: ll.locate(nameAt) };
  const nodes: Name[] = [
    { name: m[4].toLowerCase(), text: m[4], loc: ll.locate(firstNodeAt) },
    { name: m[6].toLowerCase(), text: m[6], loc: ll.locate(secondNodeAt) },
  ];
  const letter = m[2].charAt(0).toUpperCase() as 'R' | 'C' | 'L';
  // The builder's property order (value last), so both give objects of one shape.
  const st: Extract<Statement, { type: 'element' }> = { type: 'element', letter, name, nodes, params: [], loc: name.loc };
  st.value = { kind: 'num', value, text: m[8], loc: ll.locate(valueAt) };
  return st;
}

/** Any line: dot commands, behavioural sources, elements (through the tokenizer and the builder). */
export function buildAnyLine(ll: LogicalLine): LineResult {
  const head = /^\s*(\.[A-Za-z_][A-Za-z0-9_]*)/.exec(ll.text);
  if (head) {
    const cmd = head[1].toLowerCase();
    const loc = ll.locate(head[0].length - head[1].length);
    if (cmd === '.include' || cmd === '.inc') return { type: 'include', ...includePath(ll, head[0].length, cmd), loc };
    if (cmd === '.lib') return { type: 'lib', args: libArgs(ll, head[0].length), loc };
    if (cmd === '.endl') return { type: 'endl', loc };
    if (cmd === '.control') return { type: 'controlBegin', loc };
    if (cmd === '.func') return parseFunc(ll);
    if (cmd === '.define') return { type: 'define', define: parseDefine(ll, head[0].length), loc };
    if (cmd === '.endc') throw new NetlistError('.endc without a .control before it', loc);
    if (cmd === '.save' && ll.text.includes('@')) return saveWithoutDeviceVectors(ll);
    if (IGNORED.has(cmd)) return { type: 'ignored', message: `'${head[1]}' ignored (not supported by memspice)`, loc };
    // ngspice's .csparam only copies a parameter into a vector of the .control scripts: it defines and changes
    // no netlist parameter (ngspice 39: `.csparam r=2k` leaves {r} undefined, `.csparam vcc=2` after
    // `.param vcc=1.2` leaves 1.2).
    if (cmd === '.csparam') return { type: 'ignored', message: `'${head[1]}' ignored (it only exports parameters to .control scripts)`, loc };
    if (cmd === '.print' || cmd === '.meas' || cmd === '.measure') {
      const type = /^\s+([A-Za-z_]+)(?=\s|$)/.exec(ll.text.slice(head[0].length))?.[1];
      if (type && OTHER_OUTPUT_TYPES.has(type.toLowerCase())) {
        const message = `'${head[1]} ${type}' ignored: memspice does not run ${type.toUpperCase()} analyses (it runs .op, .dc, .ac, .tran)`;
        return { type: 'ignored', message, loc };
      }
    }
    // Before the items are read: the analysis is the error, not a syntax of its own (Xyce `.sens objfunc=...`).
    if (UNSUPPORTED_ANALYSES.has(cmd)) throw new NetlistError(`unsupported analysis ${cmd} (supported: .op, .dc, .ac, .tran)`, loc);
    const notYet = NOT_YET_SUPPORTED[cmd];
    if (notYet) throw new NetlistError(`not supported yet: ${cmd} (${notYet})`, loc);
  }
  if (!head && isBehavioural(ll.text)) return parseBehavioural(ll);
  const outputLine = head !== null && OUTPUT_COMMANDS.has(head[1].toLowerCase());
  const raw = parseLine(outputLine ? hierarchicalNamesInBraces(ll.text) : stepColonAsBlank(ll.text), (offset) => ll.locate(offset));
  const b = new Builder(ll);
  if (raw.type === 'dot') return b.dot(raw.cmd, raw.items);
  return b.element(raw.name, raw.items);
}

const OUTPUT_COMMANDS = new Set(['.print', '.probe', '.save']);

/**
 * Subcircuit node names such as `x1.mid` inside an output expression `{v(x1.mid)-v(out)}`: expression names have
 * no dots, so for the lexer each dot between name characters becomes `_` (same length, columns kept); the
 * builder reads the signal's arguments back from the original text.
 */
function hierarchicalNamesInBraces(text: string): string {
  let depth = 0;
  let quoted = false;
  let out = '';
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === "'") {
      // `'v(x1.mid)*2'` is the quoted form of an expression.
      quoted = !quoted;
      depth += quoted ? 1 : -1;
    }
    const inName = depth > 0 && c === '.' && /[A-Za-z0-9_]/.test(text[k - 1] ?? '') && /[A-Za-z_]/.test(text[k + 1] ?? '') && !/^\d+$/.test(lastWord(text, k));
    out += inName ? '_' : c;
  }
  return out;
}

/** The run of name characters just before position `k`. */
function lastWord(text: string, k: number): string {
  let start = k;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1])) start--;
  return text.slice(start, k);
}

/**
 * `.save all @r1[i]`: ngspice's device-internal vectors (`@dev[param]`) have no memspice meaning; they are blanked
 * out (columns kept, so messages still point into the line) with a warning, and the rest is read as usual.
 */
function saveWithoutDeviceVectors(ll: LogicalLine): LineResult {
  const first = ll.text.search(/@\S+/);
  const blanked = ll.text.replace(/@\S+/g, (m) => ' '.repeat(m.length));
  const message = `.save: ngspice device vectors (@device[parameter]) ignored`;
  const loc = ll.locate(first);
  if (blanked.trim().toLowerCase() === '.save') return { type: 'ignored', message, loc };
  const r = buildLine(new LogicalLine(ll.file, blanked, ll.segments));
  if (r.type === 'print') r.warnings = [...(r.warnings ?? []), { message, loc }];
  return r;
}

/**
 * Xyce's `.step NMOS:VTO 0.5 1 0.1` names a model parameter with a colon, which the item grammar does not
 * know: the colon becomes a blank (same length, so columns stay true) and `Builder.step` reads the two
 * words as model and parameter, seeing the colon in the original text.
 */
function stepColonAsBlank(text: string): string {
  const m = /^(\s*\.step\s+(?:(?:lin|dec|oct)\s+)?(?:param\s+)?[A-Za-z_][\w.]*):(?=[A-Za-z_])/i.exec(text);
  return m ? `${m[1]} ${text.slice(m[0].length)}` : text;
}

/** The words of a `.lib` line (file names may be quoted with " or '), each with its location. */
function libArgs(ll: LogicalLine, start: number): Array<{ text: string; loc: SourceLocation }> {
  const args: Array<{ text: string; loc: SourceLocation }> = [];
  const re = /"([^"]*)"|'([^']*)'|(["'])|(\S+)/g;
  const rest = ll.text.slice(start);
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    if (m[3]) throw new NetlistError(`unterminated file name: missing closing ${m[3]}`, ll.locate(start + m.index));
    args.push({ text: m[1] ?? m[2] ?? m[4], loc: ll.locate(start + m.index) });
  }
  if (args.length === 0) throw new NetlistError('.lib needs a file name and a section (.lib "file" section), or a section name', ll.locate(start));
  if (args.length > 2) throw new NetlistError(`unexpected '${args[2].text}' after .lib file section`, args[2].loc);
  return args;
}

function includePath(ll: LogicalLine, start: number, cmd: string): { path: string; pathLoc: SourceLocation } {
  const rest = ll.text.slice(start);
  const lead = rest.length - rest.trimStart().length;
  const body = rest.trim();
  const at = ll.locate(start + lead);
  if (body === '') throw new NetlistError(`${cmd} needs a file name`, ll.locate(start));
  const q = body[0];
  if (q === '"' || q === "'") {
    const close = body.indexOf(q, 1);
    if (close < 0) throw new NetlistError(`unterminated file name: missing closing ${q}`, at);
    if (body.slice(close + 1).trim() !== '') throw new NetlistError(`unexpected text after the file name of ${cmd}`, ll.locate(start + lead + close + 1));
    return { path: body.slice(1, close), pathLoc: at };
  }
  const parts = body.split(/\s+/);
  if (parts.length > 1) throw new NetlistError(`unexpected '${parts[1]}' after the file name of ${cmd} (quote names with blanks)`, ll.locate(start + lead + body.indexOf(parts[1], parts[0].length)));
  return { path: body, pathLoc: at };
}

class Builder {
  constructor(private readonly ll: LogicalLine) {}

  loc(tok: RawToken): SourceLocation {
    return this.ll.locate(tok.offset);
  }

  name(tok: RawToken): Name {
    return { name: tok.text.toLowerCase(), text: tok.text, loc: this.loc(tok) };
  }

  show(item: RawItem): string {
    switch (item.k) {
      case 'expr':
        return '{...}';
      case 'call':
        return `${item.tok.text}(...)`;
      case 'assign':
        return `${this.show(item.key)}=...`;
      default:
        return item.tok.text;
    }
  }

  itemLoc(item: RawItem): SourceLocation {
    return item.k === 'assign' ? this.itemLoc(item.key) : this.loc(item.tok);
  }

  fail(item: RawItem, message: string): never {
    throw new NetlistError(message, this.itemLoc(item));
  }

  expr(e: RawExpr): Expr {
    return exprOf(e, (offset) => this.ll.locate(offset));
  }

  value(item: RawItem): ValueAst {
    const loc = this.loc(item.tok);
    switch (item.k) {
      case 'num': {
        const value = parseSpiceNumber(item.tok.text);
        if (value === undefined) throw new NetlistError(`invalid number '${item.tok.text}'`, loc);
        return { kind: 'num', value, text: item.tok.text, loc };
      }
      case 'expr': {
        const expr = this.expr(item.expr);
        checkExpr(expr, true);
        return { kind: 'expr', expr, loc };
      }
      case 'word':
        return { kind: 'word', name: item.tok.text.toLowerCase(), text: item.tok.text, loc };
      case 'str':
        // A quoted string, or a bare version such as 3.3.0.
        return { kind: 'str', text: item.tok.type === 'string' ? item.tok.text.slice(1, -1) : item.tok.text, loc };
      case 'call':
        return { kind: 'signal', signal: this.signal(item), loc };
      default:
        return this.fail(item, `unexpected '${this.show(item)}'`);
    }
  }

  /** A value that must be a number or an expression; `what` names it in the message. */
  numeric(item: RawItem, what: string): NumericAst {
    if (item.k === 'num' || item.k === 'expr') {
      const v = this.value(item);
      if (v.kind === 'num' || v.kind === 'expr') return v;
    }
    return this.fail(item, `non-numeric value '${this.show(item)}' for ${what} (expected a number or {expression})`);
  }

  node(item: RawItem, what: string): Name {
    if (item.k === 'word' || item.k === 'num') return this.name(item.tok);
    return this.fail(item, `expected a node name for ${what}, got '${this.show(item)}'`);
  }

  /**
   * A model or subcircuit name: a word, or a token that reads as a number (`2N2222`, `74HC00`, `1N4148`), which
   * SPICE takes as a name in these positions.
   */
  label(item: RawItem | undefined, what: string, at: RawToken): Name {
    if (item?.k === 'num') return this.name(item.tok);
    return this.word(item, what, at);
  }

  word(item: RawItem | undefined, what: string, _at: RawToken): Name {
    if (!item) throw new NetlistError(`missing ${what}`, this.ll.locate(this.ll.text.trimEnd().length));
    if (item.k === 'word') return this.name(item.tok);
    return this.fail(item, `expected ${what}, got '${this.show(item)}'`);
  }

  signal(item: RawItem): SignalAst {
    if (item.k !== 'call') return this.fail(item, `expected a signal such as v(node) or i(vsource), got '${this.show(item)}'`);
    const args = item.args.map((a) => {
      if (a.k === 'word' || a.k === 'num') return this.name(a.tok);
      return this.fail(a, `expected a node or element name in ${item.tok.text}(...), got '${this.show(a)}'`);
    });
    if (args.length === 0) throw new NetlistError(`${item.tok.text}() needs an argument`, this.loc(item.tok));
    return { fn: item.tok.text.toLowerCase(), args, loc: this.loc(item.tok) };
  }

  assign(item: RawItem): AssignAst {
    if (item.k !== 'assign' || item.key.k !== 'word') return this.fail(item, `expected name=value, got '${this.show(item)}'`);
    return { key: this.name(item.key.tok), value: this.value(item.value), loc: this.loc(item.key.tok) };
  }

  /**
   * A `.model` card's parameter: name=value, or a bare flag (`nocontrol`, `steplimit` on LTRA cards, `pchan` on
   * VDMOS), which SPICE sets to 1 as its flag parameters are.
   */
  modelParam(item: RawItem): AssignAst {
    if (item.k !== 'word') return this.assign(item);
    const key = this.name(item.tok);
    return { key, value: { kind: 'num', value: 1, text: item.tok.text, loc: key.loc }, loc: key.loc };
  }

  /** Splits items into leading positional items and trailing name=value assignments. */
  split(items: RawItem[], what: string): { pos: RawItem[]; assigns: AssignAst[]; paramsKw: boolean } {
    const pos: RawItem[] = [];
    const assigns: AssignAst[] = [];
    let paramsKw = false;
    for (const item of items) {
      if (item.k === 'assign') assigns.push(this.assign(item));
      else if (item.k === 'params') {
        if (paramsKw || assigns.length > 0) this.fail(item, `unexpected 'params:' in ${what}`);
        paramsKw = true;
      } else if (assigns.length > 0 || paramsKw) this.fail(item, `unexpected '${this.show(item)}' after the parameters of ${what} (expected name=value)`);
      else pos.push(item);
    }
    return { pos, assigns, paramsKw };
  }

  element(nameTok: RawToken, items: RawItem[]): Statement {
    const name = this.name(nameTok);
    const loc = name.loc;
    const letter = nameTok.text.charAt(0).toUpperCase();
    switch (letter) {
      case 'R':
      case 'C':
      case 'L': {
        const { pos, assigns } = this.split(items, nameTok.text);
        if (pos.length === 4) this.unitApart(pos[2], pos[3]);
        // `R1 a b r=1k`, `C1 a b c=1p`, `L1 a b l=1u` (Xyce, ngspice; also ngspice's long names): with nothing
        // after the nodes, the value given by name is the value.
        const valueKeys = VALUE_KEYS[letter];
        const named = pos.length === 2 ? assigns.findIndex((a) => valueKeys.includes(a.key.name)) : -1;
        if (named >= 0) {
          const [byName] = assigns.splice(named, 1);
          const nodes = pos.map((p) => this.node(p, nameTok.text));
          const value = byName.value;
          if (value.kind !== 'num' && value.kind !== 'expr') throw new NetlistError(`non-numeric value for ${nameTok.text} ${byName.key.text} (expected a number or {expression})`, value.loc);
          return { type: 'element', letter, name, nodes, value, params: assigns, loc };
        }
        // `R1 a b 1k`, `R1 a b 1k rmod`, `R1 a b rmod 1k` or `R1 a b rmod` (the value from the model's r=).
        const rest = pos.slice(2);
        const valueItems = rest.filter((p) => p.k === 'num' || p.k === 'expr');
        const modelItems = rest.filter((p) => p.k === 'word');
        if (pos.length < 3 || pos.length > 4 || valueItems.length > 1 || modelItems.length > 1 || valueItems.length + modelItems.length !== rest.length) {
          throw new NetlistError(
            `${nameTok.text} needs 2 nodes and a value or a model name (${nameTok.text} n+ n- value [model] [name=value ...]), got ${countWords(pos.length)}`,
            loc,
          );
        }
        const nodes = pos.slice(0, 2).map((p) => this.node(p, nameTok.text));
        const st: Extract<Statement, { type: 'element' }> = { type: 'element', letter, name, nodes, params: assigns, loc };
        if (valueItems[0]) st.value = this.numeric(valueItems[0], `${nameTok.text} value`);
        if (modelItems[0]) st.model = this.name(modelItems[0].tok);
        return st;
      }
      case 'F':
      case 'H': {
        this.rejectBehavioral(nameTok, items);
        const { pos, assigns } = this.split(items, nameTok.text);
        const what = letter === 'F' ? 'gain' : 'transresistance';
        if (pos.length !== 4) {
          throw new NetlistError(`${nameTok.text} needs 2 nodes, the controlling voltage source and a ${what} (${nameTok.text} n+ n- vname ${what}), got ${countWords(pos.length)}`, loc);
        }
        if (assigns.length > 0) throw new NetlistError(`${nameTok.text} takes no name=value parameters`, assigns[0].loc);
        const nodes = pos.slice(0, 2).map((p) => this.node(p, nameTok.text));
        const refs = [this.word(pos[2], `the controlling voltage source of ${nameTok.text}`, nameTok)];
        return { type: 'element', letter, name, nodes, refs, value: this.numeric(pos[3], `${nameTok.text} ${what}`), params: [], loc };
      }
      case 'S':
      case 'W': {
        // `S1 n+ n- nc+ nc- model [on|off]`, `W1 n+ n- vname model [on|off]`.
        const { pos, assigns } = this.split(items, nameTok.text);
        const last = pos[pos.length - 1];
        const initial = last?.k === 'word' && ['on', 'off'].includes(last.tok.text.toLowerCase()) ? last : undefined;
        const words = initial ? pos.slice(0, -1) : pos;
        const count = letter === 'S' ? 5 : 4;
        if (words.length !== count) {
          const form = letter === 'S' ? `${nameTok.text} n+ n- nc+ nc- model [on|off]` : `${nameTok.text} n+ n- vname model [on|off]`;
          throw new NetlistError(`${nameTok.text} needs ${letter === 'S' ? '4 nodes' : '2 nodes, the controlling voltage source'} and a model (${form}), got ${countWords(pos.length)}`, loc);
        }
        const nodes = words.slice(0, letter === 'S' ? 4 : 2).map((p) => this.node(p, nameTok.text));
        const model = this.label(words[count - 1], `the ${letter === 'S' ? 'SW' : 'CSW'} model name of ${nameTok.text}`, nameTok);
        const params = [...assigns];
        if (initial) {
          const at = this.name(initial.tok);
          params.push({ key: { ...at, name: 'on' }, value: { kind: 'num', value: at.name === 'on' ? 1 : 0, text: at.text, loc: at.loc }, loc: at.loc });
        }
        const st: Extract<Statement, { type: 'element' }> = { type: 'element', letter, name, nodes, model, params, loc };
        if (letter === 'W') st.refs = [this.word(words[2], `the controlling voltage source of ${nameTok.text}`, nameTok)];
        return st;
      }
      case 'K': {
        const { pos, assigns } = this.split(items, nameTok.text);
        if (pos.length !== 3) throw new NetlistError(`${nameTok.text} needs two inductors and a coupling (${nameTok.text} L1 L2 k), got ${countWords(pos.length)}`, loc);
        if (assigns.length > 0) throw new NetlistError(`${nameTok.text} takes no name=value parameters`, assigns[0].loc);
        const refs = pos.slice(0, 2).map((p) => this.word(p, `an inductor name for ${nameTok.text}`, nameTok));
        return { type: 'element', letter, name, nodes: [], refs, value: this.numeric(pos[2], `${nameTok.text} coupling`), params: [], loc };
      }
      case 'E':
      case 'G': {
        this.rejectBehavioral(nameTok, items);
        const { pos, assigns } = this.split(items, nameTok.text);
        const what = letter === 'E' ? 'a gain' : 'a transconductance';
        // `E1 b 0 a 0 gain=2` (ngspice accepts the gain, or G's gm, as a named parameter).
        const valueKey = letter === 'E' ? 'gain' : 'gm';
        if (pos.length === 4 && assigns.length === 1 && assigns[0].key.name === valueKey) {
          const named = assigns[0].value;
          if (named.kind !== 'num' && named.kind !== 'expr') {
            throw new NetlistError(`non-numeric value for ${nameTok.text} ${valueKey} (expected a number or {expression})`, named.loc);
          }
          const nodes = pos.map((p) => this.node(p, nameTok.text));
          return { type: 'element', letter, name, nodes, value: named, params: [], loc };
        }
        if (pos.length === 6) this.unitApart(pos[4], pos[5]);
        if (pos.length !== 5) {
          throw new NetlistError(
            `${nameTok.text} needs 4 nodes and ${what} (${nameTok.text} n+ n- nc+ nc- ${letter === 'E' ? 'gain' : 'gm'}), got ${countWords(pos.length)}`,
            loc,
          );
        }
        if (assigns.length > 0) throw new NetlistError(`${nameTok.text} takes no name=value parameters`, assigns[0].loc);
        const nodes = pos.slice(0, 4).map((p) => this.node(p, nameTok.text));
        return { type: 'element', letter, name, nodes, value: this.numeric(pos[4], `${nameTok.text} ${letter === 'E' ? 'gain' : 'gm'}`), params: [], loc };
      }
      case 'V':
      case 'I':
        return this.source(letter, name, items);
      case 'X': {
        const { pos, assigns } = this.split(items, nameTok.text);
        if (pos.length < 1) throw new NetlistError(`${nameTok.text} needs its nodes and a subcircuit name (${nameTok.text} n1 n2 ... NAME [a=1])`, loc);
        const nodes = pos.slice(0, -1).map((p) => this.node(p, nameTok.text));
        const subckt = this.label(pos[pos.length - 1], 'a subcircuit name', nameTok);
        return { type: 'instance', name, nodes, subckt, params: assigns, loc };
      }
      case 'Y': {
        const kind = nameTok.text.slice(1).toUpperCase();
        if (kind === '') throw new NetlistError("a Y line needs the device type after the Y (e.g. 'YMEMDIODE p1 a b')", loc);
        const { pos, assigns } = this.split(items, nameTok.text);
        if (pos.length === 0) throw new NetlistError(`${nameTok.text} needs an instance name and its nodes (${nameTok.text} name n+ n- [model] [p=v ...])`, loc);
        const inst = this.node(pos[0], `the ${nameTok.text} instance name`);
        const words = pos.slice(1).map((p) => this.node(p, inst.text));
        return { type: 'ydevice', kind, kindLoc: loc, name: inst, words, params: assigns, loc };
      }
      case 'D':
      case 'M':
        return this.semiconductor(letter, name, nameTok, items);
      case 'B':
        return { type: 'unsupported', name, message: `${nameTok.text} needs two nodes and I=expr or V=expr (${nameTok.text} n+ n- I={v(a)*1m})`, loc };
      default:
        // Reported only where elaboration meets it: a library's subcircuit that is never instantiated may hold
        // elements memspice does not have.
        return {
          type: 'unsupported',
          name,
          message: `unknown element letter '${letter}' in '${nameTok.text}' (elements start with R, C, L, K, V, I, E, F, G, H, D, M, X or Y; comment lines start with '*')`,
          loc,
        };
    }
  }

  /**
   * `D1 a k [model] [area] [p=v ...]` and `M1 d g s b [model] [p=v ...]`: device statements like Y lines,
   * named by the element itself; the diode's positional area becomes `area=`.
   */
  semiconductor(letter: 'D' | 'M', name: Name, nameTok: RawToken, items: RawItem[]): Statement {
    const { pos, assigns } = this.split(items, nameTok.text);
    const terminals = letter === 'D' ? 2 : 4;
    const usage = letter === 'D' ? `${nameTok.text} n+ n- model [area] [p=v ...]` : `${nameTok.text} nd ng ns nb model [W=v L=v ...]`;
    if (letter === 'D' && pos.length === terminals + 2) {
      const area = this.numeric(pos.pop() as RawItem, `${nameTok.text} area`);
      assigns.unshift({ key: { name: 'area', text: 'area', loc: area.loc }, value: area, loc: area.loc });
    }
    if (pos.length < terminals || pos.length > terminals + 1) {
      throw new NetlistError(`${nameTok.text} needs ${terminals} nodes and a model name (${usage}), got ${countWords(pos.length)}`, name.loc);
    }
    const words = pos.map((p) => this.node(p, nameTok.text));
    return { type: 'ydevice', kind: letter, kindLoc: name.loc, name, words, params: assigns, loc: name.loc };
  }

  /** `R1 a 0 1 kohm`: a unit written apart from its number reads as one item too many; say so at the unit. */
  unitApart(value: RawItem, extra: RawItem): void {
    if (value.k === 'num' && extra.k === 'word' && UNIT_WORD.test(extra.tok.text)) {
      this.fail(extra, `unexpected extra item '${extra.tok.text}' after the value; write ${value.tok.text}${extra.tok.text} (no blank before the unit)`);
    }
  }

  /** Behavioral forms of E/G lines from other dialects: named as what they are, at their own column. */
  rejectBehavioral(nameTok: RawToken, items: RawItem[]): void {
    const kind = `${nameTok.text.charAt(0).toUpperCase()} sources`;
    for (const it of items) {
      // Only assignments and calls: a bare word such as `table` may be a node name.
      if (it.k === 'assign' && it.key.k === 'word') {
        const key = it.key.tok.text.toLowerCase();
        if (key === 'value') this.fail(it, `not supported yet: VALUE= (behavioral ${kind}); use a linear gain`);
        if (key === 'table' || key === 'laplace' || key === 'freq') this.fail(it, `not supported yet: ${key.toUpperCase()}= (${kind} defined by a ${key === 'table' ? 'table' : 'transfer function'}); use a linear gain`);
      }
      if (it.k === 'call' && it.tok.text.toLowerCase() === 'poly') this.fail(it, `not supported yet: POLY(...) (polynomial ${kind}); use a linear gain`);
    }
  }

  source(letter: 'V' | 'I', name: Name, items: RawItem[]): Statement {
    const loc = name.loc;
    const n = name.text;
    const usage = `${n} needs 2 nodes (${n} n+ n- [[DC] value] [AC mag [phase]] [SIN|PULSE|PWL|EXP|SFFM|AM(...)])`;
    if (items.length < 2) throw new NetlistError(`${usage}, got ${countWords(items.length)}`, loc);
    const nodes = items.slice(0, 2).map((p) => this.node(p, n));
    const st: Extract<Statement, { type: 'source' }> = { type: 'source', letter, name, nodes, loc };
    const isNum = (it: RawItem | undefined): boolean => it !== undefined && (it.k === 'num' || it.k === 'expr');
    const setDc = (it: RawItem, value: RawItem | undefined, at: RawItem): void => {
      if (st.dc) this.fail(it, `${n} has two DC values`);
      if (!value || !isNum(value)) this.fail(at, `DC in ${n} needs a value`);
      st.dc = this.numeric(value, `${n} DC value`);
    };
    /** `AC mag [phase]`, `AC(mag [phase])` or `ac=mag`: the magnitude and phase items. */
    const setAc = (it: RawItem, tok: RawToken, args: RawItem[]): void => {
      if (st.ac) this.fail(it, `${n} has two AC specifications`);
      st.ac = { loc: this.loc(tok) };
      if (args[0]) st.ac.mag = this.numeric(args[0], `${n} AC magnitude`);
      if (args[1]) st.ac.phase = this.numeric(args[1], `${n} AC phase`);
      if (args[2]) this.fail(args[2], `unexpected '${this.show(args[2])}' in AC of ${n} (expected AC mag [phase])`);
    };
    let i = 2;
    while (i < items.length) {
      const it = items[i];
      const kw = it.k === 'word' || it.k === 'call' ? it.tok.text.toLowerCase() : '';
      if (isNum(it)) {
        if (st.dc || st.ac || st.wave) this.fail(it, `unexpected value '${this.show(it)}' in ${n}: a value after DC, AC or a waveform is not expected here`);
        st.dc = this.numeric(it, `${n} DC value`);
        i++;
      } else if (it.k === 'word' && kw === 'dc') {
        setDc(it, items[i + 1], it);
        i += 2;
      } else if (it.k === 'call' && kw === 'dc') {
        if (it.args.length !== 1) this.fail(it, `DC(...) in ${n} takes one value`);
        setDc(it, it.args[0], it);
        i++;
      } else if (it.k === 'word' && kw === 'ac') {
        i++;
        const args: RawItem[] = [];
        if (isNum(items[i])) args.push(items[i++]);
        if (args.length > 0 && isNum(items[i])) args.push(items[i++]);
        setAc(it, it.tok, args);
      } else if (it.k === 'call' && kw === 'ac') {
        setAc(it, it.tok, it.args);
        i++;
      } else if (it.k === 'assign' && it.key.k === 'word' && ['dc', 'ac'].includes(it.key.tok.text.toLowerCase())) {
        // ngspice's key forms `dc=1 ac=1`.
        if (it.key.tok.text.toLowerCase() === 'dc') setDc(it, it.value, it);
        else setAc(it, it.key.tok, [it.value]);
        i++;
      } else if (it.k === 'assign' && it.key.k === 'word' && st.wave?.kind === 'pwl' && ['r', 'td'].includes(it.key.tok.text.toLowerCase())) {
        // PWL(...) r=t td=t: repeat from time t of the list, and delay the whole list (ngspice).
        const key = it.key.tok.text.toLowerCase();
        const value = this.numeric(it.value, `${n} PWL ${key}`);
        if (key === 'r') {
          if (st.wave.repeat) this.fail(it, `${n} PWL has two r= values`);
          st.wave.repeat = value;
        } else {
          if (st.wave.delay) this.fail(it, `${n} PWL has two td= values`);
          st.wave.delay = value;
        }
        i++;
      } else if ((it.k === 'word' || it.k === 'call') && isWaveformKind(kw)) {
        if (st.wave) this.fail(it, `${n} has two waveforms`);
        const wloc = this.loc(it.tok);
        if (it.k === 'call') {
          st.wave = { kind: kw, args: it.args.map((a) => this.numeric(a, `${n} ${kw.toUpperCase()}`)), loc: wloc };
          i++;
        } else {
          // `sin 0 1 1k`: the values follow the keyword without parentheses.
          const args: NumericAst[] = [];
          i++;
          while (isNum(items[i])) args.push(this.numeric(items[i++], `${n} ${kw.toUpperCase()}`));
          st.wave = { kind: kw, args, loc: wloc };
        }
      } else if ((it.k === 'word' || it.k === 'call') && ['trnoise', 'trrandom', 'distof1', 'distof2'].includes(kw)) {
        this.fail(it, `unsupported source function '${it.tok.text}' in ${n} (supported: SIN, PULSE, PWL, EXP, SFFM, AM)`);
      } else {
        this.fail(it, `unexpected '${this.show(it)}' in ${n} (expected a value, DC, AC, SIN, PULSE, PWL, EXP, SFFM or AM)`);
      }
    }
    return st;
  }

  dot(cmdTok: RawToken, items: RawItem[]): LineResult {
    const cmd = cmdTok.text.toLowerCase();
    const loc = this.loc(cmdTok);
    const noItems = (): void => {
      if (items.length > 0) this.fail(items[0], `unexpected '${this.show(items[0])}': ${cmd} takes no arguments`);
    };
    switch (cmd) {
      case '.end':
        noItems();
        return { type: 'end', loc };
      case '.ends': {
        if (items.length > 1) this.fail(items[1], `unexpected '${this.show(items[1])}' after .ends`);
        return { type: 'ends', name: items[0] ? this.label(items[0], 'the subcircuit name', cmdTok) : undefined, loc };
      }
      case '.param':
      case '.params':
      case '.global_param': // Xyce: a top-level .param
      {
        if (items.length === 0) throw new NetlistError(`${cmd} needs name=value assignments`, loc);
        return { type: 'param', assigns: items.map((it) => this.assign(it)), loc };
      }
      case '.model': {
        const name = this.label(items[0], 'the model name', cmdTok);
        const typeItem = items[1];
        if (!typeItem || (typeItem.k !== 'word' && typeItem.k !== 'call')) {
          if (typeItem) this.fail(typeItem, `expected the model type after the model name, got '${this.show(typeItem)}'`);
          throw new NetlistError('.model needs a name and a type (.model NAME TYPE (p=v ...))', loc);
        }
        const mtype = this.name(typeItem.tok);
        const rest = typeItem.k === 'call' ? [...typeItem.args, ...items.slice(2)] : items.slice(2);
        return { type: 'model', name, mtype, params: rest.map((it) => this.modelParam(it)), loc };
      }
      case '.subckt': {
        const { pos, assigns } = this.split(items, '.subckt');
        const name = this.label(pos[0], 'the subcircuit name', cmdTok);
        const ports = pos.slice(1).map((p) => this.node(p, `.subckt ${name.text}`));
        return { type: 'subckt', name, ports, params: assigns, body: [], loc };
      }
      case '.ic': {
        if (items.length === 0) throw new NetlistError('.ic needs v(node)=value or x(device)=value entries', loc);
        const entries = items.map((it) => {
          if (it.k !== 'assign' || it.key.k !== 'call') return this.fail(it, `expected v(node)=value or x(device)=value in .ic, got '${this.show(it)}'`);
          const signal = this.signal(it.key);
          return { signal, value: this.numeric(it.value, `.ic ${it.key.tok.text}(...)`), loc: signal.loc };
        });
        return { type: 'ic', entries, loc };
      }
      case '.nodeset': {
        if (items.length === 0) throw new NetlistError('.nodeset needs v(node)=value entries', loc);
        const entries = items.map((it) => {
          if (it.k !== 'assign' || it.key.k !== 'call' || it.key.tok.text.toLowerCase() !== 'v') {
            return this.fail(it, `expected v(node)=value in .nodeset, got '${this.show(it)}'`);
          }
          const signal = this.signal(it.key);
          return { signal, value: this.numeric(it.value, `.nodeset v(...)`), loc: signal.loc };
        });
        return { type: 'nodeset', entries, loc };
      }
      case '.option':
      case '.options':
      case '.opt': {
        const entries = items.map((it) => {
          if (it.k === 'word') return { key: this.name(it.tok), loc: this.loc(it.tok) };
          const a = this.assign(it);
          return { key: a.key, value: a.value, loc: a.loc };
        });
        return { type: 'options', entries, loc };
      }
      case '.global': {
        if (items.length === 0) throw new NetlistError('.global needs node names', loc);
        return { type: 'global', nodes: items.map((it) => this.node(it, '.global')), loc };
      }
      case '.temp': {
        // SPICE's `.temp T`: the same as `.options temp=T` (several temperatures: use .step temp list ...).
        if (items.length !== 1) {
          if (items.length > 1) this.fail(items[1], `.temp takes one temperature; for several use .step temp list ${items.map((it) => this.show(it)).join(' ')}`);
          throw new NetlistError('.temp needs a temperature in °C', loc);
        }
        const value = this.numeric(items[0], '.temp');
        return { type: 'options', entries: [{ key: { name: 'temp', text: cmdTok.text.slice(1), loc }, value, loc }], loc };
      }
      case '.op':
        noItems();
        return { type: 'op', loc };
      case '.dc': {
        if (items.length !== 4 && items.length !== 8) {
          throw new NetlistError(`.dc needs SRC start stop step [SRC2 start2 stop2 step2], got ${countWords(items.length)}`, loc);
        }
        const sweeps = [];
        for (let k = 0; k < items.length; k += 4) {
          const source = this.word(items[k], 'a source name', cmdTok);
          sweeps.push({
            source,
            start: this.numeric(items[k + 1], `.dc ${source.text} start`),
            stop: this.numeric(items[k + 2], `.dc ${source.text} stop`),
            step: this.numeric(items[k + 3], `.dc ${source.text} step`),
          });
        }
        return { type: 'dc', sweeps, loc };
      }
      case '.ac': {
        if (items.length !== 4) throw new NetlistError(`.ac needs dec|oct|lin N fstart fstop, got ${countWords(items.length)}`, loc);
        const v = this.word(items[0], 'dec, oct or lin', cmdTok);
        if (v.name !== 'dec' && v.name !== 'oct' && v.name !== 'lin') throw new NetlistError(`expected dec, oct or lin after .ac, got '${v.text}'`, v.loc);
        return {
          type: 'ac',
          variation: v.name,
          points: this.numeric(items[1], '.ac points'),
          fstart: this.numeric(items[2], '.ac fstart'),
          fstop: this.numeric(items[3], '.ac fstop'),
          loc,
        };
      }
      case '.tran': {
        const args = [...items];
        let uic = false;
        const last = args[args.length - 1];
        if (last && last.k === 'word' && last.tok.text.toLowerCase() === 'uic') {
          uic = true;
          args.pop();
        }
        if (args.length < 1 || args.length > 4) throw new NetlistError(`.tran needs [tstep] tstop [tstart [tmax]] [uic], got ${countWords(args.length)}`, loc);
        if (args.length === 1) return { type: 'tran', tstop: this.numeric(args[0], '.tran tstop'), uic, loc };
        const names = ['tstep', 'tstop', 'tstart', 'tmax'];
        const v = args.map((a, k) => this.numeric(a, `.tran ${names[k]}`));
        return { type: 'tran', tstep: v[0], tstop: v[1], tstart: v[2], tmax: v[3], uic, loc };
      }
      case '.pss': {
        // memspice's own form: the period guess and the warm-up length. ngspice's `.pss gfreq tstab oprobe
        // ppoints ...` (a frequency first, then an output probe) is refused rather than misread.
        if (items.length > 2) {
          throw new NetlistError(`.pss needs [tguess [tsettle]] (the expected period and the warm-up transient's length, in s), got ${countWords(items.length)}`, loc);
        }
        const tguess = items[0] ? this.numeric(items[0], '.pss tguess') : undefined;
        const tsettle = items[1] ? this.numeric(items[1], '.pss tsettle') : undefined;
        return { type: 'pss', tguess, tsettle, loc };
      }
      case '.poles': {
        const max = this.maxOption(items, '.poles', 0);
        return max === undefined ? { type: 'poles', loc } : { type: 'poles', max, loc };
      }
      case '.stability': {
        const positional = items.filter((it) => it.k !== 'assign');
        // `.stability param NAME start stop step`: the keyword shifts the sweep's words by one.
        const isParam = positional.length === 5 && positional[0].k === 'word' && positional[0].tok.text.toLowerCase() === 'param';
        const sweepWords = isParam ? positional.slice(1) : positional;
        if (sweepWords.length !== 4) throw new NetlistError(`.stability needs SRC start stop step [max=N] (or param NAME start stop step [max=N]), got ${countWords(positional.length)}`, loc);
        const source = this.word(sweepWords[0], isParam ? 'a .param name' : 'a source name', cmdTok);
        const max = this.maxOption(items, '.stability', positional.length);
        return {
          type: 'stability',
          source,
          ...(isParam ? { param: true } : {}),
          start: this.numeric(sweepWords[1], `.stability ${source.text} start`),
          stop: this.numeric(sweepWords[2], `.stability ${source.text} stop`),
          step: this.numeric(sweepWords[3], `.stability ${source.text} step`),
          ...(max === undefined ? {} : { max }),
          loc,
        };
      }
      case '.step':
        return this.step(cmdTok, items);
      case '.mc': {
        // memspice's `.mc N seed=S` (HSPICE: `.tran ... sweep monte=N` with `.option seed=S`).
        if (items.length === 0) throw new NetlistError('.mc needs the number of samples (.mc N [seed=S])', loc);
        const samples = this.numeric(items[0], '.mc samples');
        let seed: NumericAst | undefined;
        for (const it of items.slice(1)) {
          const a = it.k === 'assign' ? this.assign(it) : undefined;
          if (!a || a.key.name !== 'seed' || seed) this.fail(it, `unexpected '${this.show(it)}' in .mc (expected .mc N [seed=S])`);
          seed = a.value.kind === 'num' || a.value.kind === 'expr' ? a.value : this.fail(it, '.mc seed must be a number');
        }
        return seed ? { type: 'mc', samples, seed, loc } : { type: 'mc', samples, loc };
      }
      case '.print':
      case '.probe':
      case '.save':
        return this.print(cmd, items, loc);
      case '.plot':
        return this.plot(cmdTok, items);
      case '.meas':
      case '.measure': {
        const t = this.word(items[0], `the analysis type (op, dc, ac or tran) after ${cmd}`, cmdTok);
        if (!ANALYSIS_TYPES.includes(t.name)) throw new NetlistError(`expected the analysis type (op, dc, ac or tran) after ${cmd}, got '${t.text}'`, t.loc);
        const name = this.word(items[1], 'the measurement name', cmdTok);
        const tokens: MeasTokenAst[] = items.slice(2).map((it) => this.measToken(it));
        return { type: 'meas', analysis: t.name as AnalysisType, name, tokens, loc };
      }
      default:
        if (UNSUPPORTED_ANALYSES.has(cmd)) throw new NetlistError(`unsupported analysis ${cmd} (supported: .op, .dc, .ac, .tran)`, loc);
        throw new NetlistError(`unknown dot command '${cmdTok.text}'`, loc);
    }
  }

  /** The `max=N` of `.poles` / `.stability` (after `positional` positional items); anything else is an error. */
  maxOption(items: RawItem[], cmd: string, positional: number): NumericAst | undefined {
    let max: NumericAst | undefined;
    items.forEach((it, k) => {
      if (it.k !== 'assign') {
        if (k >= positional) this.fail(it, `unexpected '${this.show(it)}' in ${cmd} (expected max=N)`);
        return;
      }
      const a = this.assign(it);
      if (a.key.name !== 'max') this.fail(it, `unknown ${cmd} option '${a.key.text}' (expected max=N)`);
      max = this.numeric(it.value, `${cmd} max`);
    });
    return max;
  }

  /**
   * `.print [TYPE] item ...`, `.probe item ...`, `.save item ...`: signals, `{expressions}` over signals, `all` /
   * `allv` / `alli`, and Xyce's output options (FORMAT= honoured, layout-only ones warned about and ignored).
   */
  print(cmd: string, items: RawItem[], loc: SourceLocation): Statement {
    let rest = items;
    let analysis: AnalysisType | undefined;
    const first = items[0];
    if (first && first.k === 'word' && ANALYSIS_TYPES.includes(first.tok.text.toLowerCase())) {
      analysis = first.tok.text.toLowerCase() as AnalysisType;
      rest = items.slice(1);
    }
    const out: PrintItemAst[] = [];
    const warnings: Array<{ message: string; loc: SourceLocation }> = [];
    let format: OutputFormat | undefined;
    for (const it of rest) {
      if (it.k === 'assign' && it.key.k === 'word') {
        const key = it.key.tok.text.toLowerCase();
        const at = this.loc(it.key.tok);
        if (key === 'format') {
          const v = it.value;
          const word = v.k === 'word' ? v.tok.text.toLowerCase() : '';
          if (word === 'csv' || word === 'std' || word === 'noindex') format = word;
          else if (OTHER_XYCE_FORMATS.has(word)) warnings.push({ message: `${cmd} FORMAT=${v.tok.text} not supported: written as CSV`, loc: this.loc(v.tok) });
          else this.fail(v, `unsupported ${cmd} FORMAT '${this.show(v)}' (supported: CSV, STD, NOINDEX)`);
        } else if (key === 'file') {
          warnings.push({ message: `${cmd} FILE= ignored (memspice names each table after the netlist and the analysis)`, loc: at });
        } else if (PRINT_LAYOUT_OPTIONS.has(key)) {
          warnings.push({ message: `${cmd} ${it.key.tok.text}= ignored (layout only: memspice writes full precision)`, loc: at });
        } else {
          this.fail(it, `unknown ${cmd} option '${it.key.tok.text}=' (memspice reads FORMAT=; FILE=, ${[...PRINT_LAYOUT_OPTIONS].join(', ').toUpperCase()} are ignored)`);
        }
      } else if (it.k === 'word' && ['all', 'allv', 'alli'].includes(it.tok.text.toLowerCase())) {
        out.push({ kind: 'all', which: it.tok.text.toLowerCase() as 'all' | 'allv' | 'alli', loc: this.loc(it.tok) });
      } else if (it.k === 'expr') {
        out.push(this.outputExpr(it));
      } else if (it.k === 'call') {
        out.push({ kind: 'signal', signal: this.signal(it) });
      } else if (it.k === 'word' && analysis === undefined && out.length === 0 && cmd === '.print') {
        this.fail(it, `expected the analysis type (op, dc, ac or tran) or a signal after .print, got '${it.tok.text}'`);
      } else {
        this.fail(it, `expected a signal such as v(node), an {expression} or ALL in ${cmd}, got '${this.show(it)}'`);
      }
    }
    // PSpice `.probe` and ngspice `.save` with nothing named keep everything.
    if (out.length === 0 && cmd !== '.print') out.push({ kind: 'all', which: 'all', loc });
    if (out.length === 0) throw new NetlistError(`${cmd} needs at least one signal such as v(node)`, loc);
    const st: Extract<Statement, { type: 'print' }> = { type: 'print', analysis, items: out, loc };
    if (format) st.format = format;
    if (warnings.length > 0) st.warnings = warnings;
    return st;
  }

  /**
   * `.plot TYPE [KIND] signal ... [XLOG] [YLOG]` (docs/netlist.md, "Plots"): SPICE's line-printer `.plot`, drawn
   * as a figure. KIND is `xy` (the first signal is the abscissa), `nyquist` or `bode` (.ac), or `pulses NAME`
   * (the readings of `.meas tran NAME PULSES`); without it every signal is drawn against the analysis' axis.
   */
  plot(cmdTok: RawToken, items: RawItem[]): Statement {
    const loc = this.loc(cmdTok);
    const t = this.word(items[0], 'the analysis type (tran, dc, ac, poles or stability) after .plot', cmdTok);
    if (t.name !== 'tran' && t.name !== 'dc' && t.name !== 'ac' && t.name !== 'poles' && t.name !== 'stability') {
      throw new NetlistError(`expected the analysis type (tran, dc, ac, poles or stability) after .plot, got '${t.text}'`, t.loc);
    }
    // `.plot poles` (the pole map) and `.plot stability` (the rightmost poles along the sweep) draw the analysis' poles.
    const poleKind = t.name === 'poles' || t.name === 'stability' ? t.name : undefined;
    const st: Extract<Statement, { type: 'plot' }> = { type: 'plot', analysis: t.name, kind: poleKind ?? 'signals', signals: [], xlog: false, ylog: false, loc };
    if (poleKind && items.length > 1) this.fail(items[1], `.plot ${poleKind} takes no signals or options (it draws the poles of .${poleKind})`);
    for (let k = 1; k < items.length; k++) {
      const it = items[k];
      const word = it.k === 'word' ? it.tok.text.toLowerCase() : '';
      if (it.k === 'call') st.signals.push(this.signal(it));
      else if (word === 'xlog' || word === 'ylog') st[word] = true;
      else if ((word === 'xy' || word === 'nyquist' || word === 'bode' || word === 'pulses') && k === 1) {
        if ((word === 'nyquist' || word === 'bode') && st.analysis !== 'ac') this.fail(it, `.plot ${word} draws an impedance: it needs .plot ac, not .plot ${st.analysis}`);
        if (word === 'pulses' && st.analysis !== 'tran') this.fail(it, `.plot pulses draws a .meas tran PULSES measurement: it needs .plot tran`);
        st.kind = word;
        if (word === 'pulses') st.measure = this.word(items[++k], 'the name of a .meas tran ... PULSES measurement after .plot tran pulses', cmdTok);
      } else this.fail(it, `expected a signal such as v(node), XY, NYQUIST, BODE, PULSES, XLOG or YLOG in .plot, got '${this.show(it)}'`);
    }
    if (poleKind) return st;
    if (st.kind === 'pulses') {
      if (st.signals.length > 0) throw new NetlistError('.plot tran pulses NAME takes no signals (it draws the readings of the measurement NAME)', st.signals[0].loc);
    } else if (st.signals.length < (st.kind === 'xy' ? 2 : 1)) {
      throw new NetlistError(st.kind === 'xy' ? '.plot xy needs the abscissa signal and at least one more, e.g. .plot tran xy v(a) i(v1)' : '.plot needs at least one signal such as v(node)', loc);
    }
    return st;
  }

  /** `{v(a)-v(b)}` in an output line: calls that are not functions are signals, referred to as `#k`. */
  outputExpr(item: Extract<RawItem, { k: 'expr' }>): PrintItemAst {
    const signals: SignalAst[] = [];
    const convert = (e: RawExpr): Expr => {
      const loc = this.loc(e.tok);
      switch (e.t) {
        case 'num':
          return this.expr(e);
        case 'ref':
          return { t: 'ref', name: this.ll.text.slice(e.tok.offset, e.tok.offset + e.tok.text.length).toLowerCase(), loc };
        case 'neg':
          return { t: 'neg', arg: convert(e.arg), loc };
        case 'bin':
          return { t: 'bin', op: e.op, left: convert(e.left), right: convert(e.right), loc };
        case 'call': {
          const fn = e.tok.type === 'question' ? 'if' : e.tok.text.toLowerCase();
          if (isOutputFunction(fn)) return { t: 'call', fn, args: e.args.map(convert), loc };
          const args = e.args.map((a): Name => {
            if (a.t === 'ref' || a.t === 'num') {
              // As written: the lexer saw `x1_mid` for `x1.mid` (hierarchicalNamesInBraces).
              const text = this.ll.text.slice(a.tok.offset, a.tok.offset + a.tok.text.length);
              return { name: text.toLowerCase(), text, loc: this.loc(a.tok) };
            }
            throw new NetlistError(`expected a node or element name in ${e.tok.text}(...), got an expression`, this.loc(a.tok));
          });
          if (args.length === 0) throw new NetlistError(`${e.tok.text}() needs an argument`, loc);
          signals.push({ fn, args, loc });
          return { t: 'ref', name: `#${signals.length - 1}`, loc };
        }
      }
    };
    const expr = convert(item.expr);
    checkOutputExpr(expr);
    const open = item.tok.offset;
    const close = this.ll.text.indexOf(item.tok.text === "'" ? "'" : '}', open + 1);
    const text = this.ll.text.slice(open + 1, close < 0 ? undefined : close).trim().toLowerCase();
    return { kind: 'expr', text, expr, signals, loc: this.loc(item.tok) };
  }

  measToken(it: RawItem): MeasTokenAst {
    switch (it.k) {
      case 'word':
        return { kind: 'word', name: this.name(it.tok) };
      case 'num':
      case 'expr':
        return { kind: 'value', value: this.numeric(it, 'the measurement') };
      case 'call':
        return { kind: 'signal', signal: this.signal(it) };
      case 'assign': {
        if (it.key.k === 'call') {
          const keySignal = this.signal(it.key);
          const text = `${keySignal.fn}(${keySignal.args.map((a) => a.name).join(',')})`;
          return { kind: 'assign', key: { name: text, text, loc: keySignal.loc }, keySignal, value: this.value(it.value), loc: keySignal.loc };
        }
        const a = this.assign(it);
        return { kind: 'assign', key: a.key, value: a.value, loc: a.loc };
      }
      default:
        return this.fail(it, `unexpected '${this.show(it)}' in the measurement`);
    }
  }

  step(cmdTok: RawToken, items: RawItem[]): Statement {
    const loc = this.loc(cmdTok);
    const usage = '.step [param] NAME|SOURCE|ELEMENT|MODEL:PARAM|TEMP list v1 v2 ... | ... start stop step | .step dec|oct ... start stop n';
    let mode: 'list' | 'lin' | 'dec' | 'oct' | undefined;
    let k = 0;
    const isWord = (it: RawItem | undefined, ...w: string[]): boolean => it !== undefined && it.k === 'word' && w.includes(it.tok.text.toLowerCase());
    if (isWord(items[k], 'lin', 'dec', 'oct')) mode = items[k++].tok.text.toLowerCase() as 'lin' | 'dec' | 'oct';
    if (isWord(items[k], 'param') && items[k + 1]?.k === 'word') k++;
    let model: Name | undefined;
    const first = items[k];
    const second = items[k + 1];
    let param: Name;
    if (first?.k === 'word' && second?.k === 'word' && this.ll.text[first.tok.offset + first.tok.text.length] === ':') {
      // Xyce: .step MODEL:PARAM ...
      model = this.name(first.tok);
      param = this.name(second.tok);
      k += 2;
    } else if (first?.k === 'word' && second?.k === 'call') {
      // LTspice: .step TYPE MODEL(PARAM) ...; the type only documents the model's kind.
      if (second.args.length !== 1 || second.args[0].k !== 'word') this.fail(second, `expected MODEL(PARAM) after .step ${first.tok.text}, got '${this.show(second)}'`);
      model = this.name(second.tok);
      param = this.name(second.args[0].tok);
      k += 2;
    } else param = this.word(items[k++], `the parameter name (${usage})`, cmdTok);
    if (!mode && isWord(items[k], 'list', 'lin', 'dec', 'oct')) mode = items[k++].tok.text.toLowerCase() as 'list' | 'lin' | 'dec' | 'oct';
    mode ??= 'lin';
    const values = items.slice(k).map((it) => this.numeric(it, `.step ${param.text}`));
    if (mode === 'list' && values.length === 0) throw new NetlistError(`.step ${param.text} list needs at least one value`, loc);
    if (mode !== 'list' && values.length !== 3) {
      throw new NetlistError(`.step ${param.text} needs start stop ${mode === 'lin' ? 'step' : 'points'} (${usage}), got ${countWords(values.length)}`, loc);
    }
    const st: Extract<Statement, { type: 'step' }> = { type: 'step', param, mode, values, loc };
    if (model) st.model = model;
    return st;
  }
}

const WAVEFORM_KINDS: readonly string[] = ['sin', 'pulse', 'pwl', 'exp', 'sffm', 'am'] satisfies readonly WaveformKind[];

function isWaveformKind(word: string): word is WaveformKind {
  return WAVEFORM_KINDS.includes(word);
}

function countWords(n: number): string {
  return n === 1 ? '1 item' : `${n} items`;
}
