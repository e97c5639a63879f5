/**
 * ngspice `.control` ... `.endc` blocks. memspice is not a script interpreter: it acts on the commands that
 * decide what is computed and written (`run`, `op`, `dc`, `ac`, `tran`, `wrdata`, `print`) and skips every
 * other command (`plot`, `let`, `set`, `echo`, loops ...) with one located warning, so a netlist written for
 * ngspice runs rather than fails.
 */
import { NetlistError, type SourceLocation } from '../base/errors.ts';
import type { ControlCommandAst, Name, Remark, SignalAst, Statement, WrdataOptions } from './ast.ts';
import { parseLine, type RawItem } from './grammar.ts';
import { LogicalLine } from './lines.ts';
import { buildLine } from './statements.ts';

const ANALYSIS_COMMANDS = new Set(['op', 'dc', 'ac', 'tran']);
/** Commands that open a block closed by `end`; the whole block is skipped (memspice runs no loops). */
const BLOCK_COMMANDS = new Set(['while', 'repeat', 'dowhile', 'foreach', 'if']);

/** The block's commands; `lines` are the logical lines between `.control` and `.endc`. */
export function controlBlock(lines: LogicalLine[], loc: SourceLocation): Extract<Statement, { type: 'control' }> {
  const commands: ControlCommandAst[] = [];
  const warnings: Remark[] = [];
  let depth = 0;
  const wrdata: WrdataOptions = { singleScale: false, vectorNames: false };
  for (const ll of lines) {
    const head = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(ll.text);
    const word = head ? head[1].toLowerCase() : '';
    const at = ll.loc;
    if (depth > 0) {
      if (BLOCK_COMMANDS.has(word)) depth++;
      else if (word === 'end') depth--;
      continue;
    }
    if (BLOCK_COMMANDS.has(word)) {
      depth = 1;
      warnings.push({ message: `.control: '${word}' block skipped (memspice runs no loops or conditionals in .control)`, loc: at });
    } else if (word === 'run') {
      commands.push({ kind: 'run', loc: at });
    } else if (ANALYSIS_COMMANDS.has(word)) {
      commands.push({ kind: 'analysis', statement: analysisCommand(ll), loc: at });
    } else if (word === 'wrdata' || word === 'print') {
      const cmd = outputCommand(word, ll);
      if (word === 'wrdata' && cmd.kind === 'wrdata') cmd.options = { ...wrdata };
      commands.push(cmd);
    } else if ((word === 'set' || word === 'unset') && wrdataVariable(ll.text) !== undefined) {
      // Block commands run in order (loops are skipped whole), so the variables' state can be followed here.
      wrdata[wrdataVariable(ll.text) as keyof WrdataOptions] = word === 'set';
    } else {
      const what = head ? `command '${head[1]}'` : `line '${ll.text.trim()}'`;
      warnings.push({ message: `.control: ${what} skipped (memspice acts on run, op, dc, ac, tran, wrdata and print)`, loc: at });
    }
  }
  const st: Extract<Statement, { type: 'control' }> = { type: 'control', commands, loc };
  if (warnings.length > 0) st.warnings = warnings;
  return st;
}

/** `set wr_singlescale` / `unset wr_vecnames`: the wrdata option a line sets, if it is one of the two and nothing else. */
function wrdataVariable(text: string): keyof WrdataOptions | undefined {
  const m = /^\s*(?:set|unset)\s+(wr_singlescale|wr_vecnames)\s*$/i.exec(text);
  if (!m) return undefined;
  return m[1].toLowerCase() === 'wr_singlescale' ? 'singleScale' : 'vectorNames';
}

/** `tran 1u 1m` is read as the dot command `.tran 1u 1m`, its messages pointing at the command as written. */
function analysisCommand(ll: LogicalLine): Extract<Statement, { type: 'op' | 'dc' | 'ac' | 'tran' }> {
  const lead = ll.text.length - ll.text.trimStart().length;
  const dotted = new LogicalLine(ll.file, `${ll.text.slice(0, lead)}.${ll.text.slice(lead)}`, ll.segments);
  dotted.locate = (offset: number) => ll.locate(offset > lead ? offset - 1 : offset);
  const st = buildLine(dotted);
  if (st.type !== 'op' && st.type !== 'dc' && st.type !== 'ac' && st.type !== 'tran') throw new Error('internal: analysis command did not give an analysis');
  return st;
}

/** `wrdata FILE vec ...` / `print vec ...`: vectors are v(n), i(dev), a bare node name or `dev#branch`. */
function outputCommand(word: 'wrdata' | 'print', ll: LogicalLine): ControlCommandAst {
  const at = ll.loc;
  let text = ll.text;
  let file: string | undefined;
  if (word === 'wrdata') {
    // The file name is read as written (any path characters), then blanked so the vectors keep their columns.
    const m = /^(\s*wrdata\s+)("[^"]*"|\S+)/i.exec(text);
    if (!m) throw new NetlistError('wrdata needs a file name and vectors (wrdata FILE v(out) ...)', at);
    const start = m[1].length;
    file = m[2].startsWith('"') ? m[2].slice(1, -1) : m[2];
    checkOutputPath(file, ll.locate(start));
    text = text.slice(0, start) + ' '.repeat(m[2].length) + text.slice(start + m[2].length);
  }
  const items: RawItem[] = parseLine(text, (offset) => ll.locate(offset)).items;
  const vectors: SignalAst[] = [];
  let all = false;
  for (const it of items) {
    const loc = ll.locate(it.tok.offset);
    const name = (text: string): Name => ({ name: text.toLowerCase(), text, loc });
    if (it.k === 'call') {
      const args = it.args.map((a) => {
        if (a.k === 'word' || a.k === 'num') return { name: a.tok.text.toLowerCase(), text: a.tok.text, loc: ll.locate(a.tok.offset) };
        throw new NetlistError(`expected a node or element name in ${it.tok.text}(...)`, ll.locate(a.tok.offset));
      });
      if (args.length === 0) throw new NetlistError(`${it.tok.text}() needs an argument`, loc);
      vectors.push({ fn: it.tok.text.toLowerCase(), args, loc });
    } else if (it.k === 'word' || it.k === 'num') {
      const text = it.tok.text;
      const lower = text.toLowerCase();
      if (lower === 'all') all = true;
      else if (word === 'print' && (lower === 'col' || lower === 'line')) continue; // ngspice layout words
      else if (lower.endsWith('#branch')) vectors.push({ fn: 'i', args: [name(text.slice(0, -'#branch'.length))], loc });
      else vectors.push({ fn: 'v', args: [name(text)], loc });
    } else {
      throw new NetlistError(`expected a vector such as v(out), out or v1#branch in ${word}, got '${it.tok.text}'`, loc);
    }
  }
  if (vectors.length === 0 && !all) throw new NetlistError(`${word} needs at least one vector (v(out), i(v1), a node name)`, at);
  const cmd: ControlCommandAst = { kind: word, vectors, all, loc: at };
  if (file !== undefined) cmd.file = file;
  return cmd;
}

/** wrdata files land in the output directory: relative paths only, never leaving it. */
function checkOutputPath(file: string, loc: SourceLocation): void {
  if (file === '' || /^[/\\]/.test(file) || /^[A-Za-z]:/.test(file)) {
    throw new NetlistError(`wrdata file '${file}' must be a relative path (it is written inside the output directory)`, loc);
  }
  if (file.split(/[/\\]/).some((part) => part === '..')) {
    throw new NetlistError(`wrdata file '${file}' must not contain '..' (it is written inside the output directory)`, loc);
  }
}
