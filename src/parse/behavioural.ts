/**
 * Behavioural sources: `Bname n+ n- I=expr` / `V=expr` (ngspice, LTspice, Xyce) and the PSpice / LTspice
 * `Ename n+ n- VALUE={expr}`, `Gname n+ n- VALUE={expr}`. The expression runs to the end of the line and may
 * be written bare (`I=V(a)*2`, the common form), in braces or in single quotes; it is read by the expression
 * grammar, with `v(node)`, `v(a, b)`, `i(vsource)`, `time`, `temp` and the functions of expr.ts.
 */
import { NetlistError } from '../base/errors.ts';
import type { Name, Statement } from './ast.ts';
import { exprOf } from './expr.ts';
import { parseBraceExpression } from './grammar.ts';
import type { LogicalLine } from './lines.ts';

export type BehaviouralStatement = Extract<Statement, { type: 'behavioural' }>;

const B_LINE = /^(\s*)(B\S*)\s+(\S+)\s+(\S+)\s+([IV])\s*=\s*/i;
const VALUE_LINE = /^(\s*)([EG]\S*)\s+(\S+)\s+(\S+)\s+value\s*=\s*/i;

/** Whether the line is a behavioural source this module reads (a B line, or E/G with VALUE=). */
export function isBehavioural(text: string): boolean {
  return B_LINE.test(text) || VALUE_LINE.test(text);
}

export function parseBehavioural(ll: LogicalLine): BehaviouralStatement {
  const text = ll.text;
  const m = B_LINE.exec(text) ?? VALUE_LINE.exec(text);
  if (!m) throw new NetlistError('internal: not a behavioural source line', ll.loc);
  const letter = m[2].charAt(0).toUpperCase() as 'B' | 'E' | 'G';
  const mode: 'I' | 'V' = letter === 'B' ? (m[5].toUpperCase() as 'I' | 'V') : letter === 'E' ? 'V' : 'I';
  let at = m[1].length;
  const word = (w: string): Name => {
    const offset = text.indexOf(w, at);
    at = offset + w.length;
    return { name: w.toLowerCase(), text: w, loc: ll.locate(offset) };
  };
  const name = word(m[2]);
  const nodes = [word(m[3]), word(m[4])];
  const start = m[0].length;
  const locate = (offset: number) => ll.locate(offset);
  const body = text.slice(start).trimEnd();
  if (body === '') throw new NetlistError(`${name.text} needs an expression after ${letter === 'B' ? `${mode}=` : 'VALUE='}`, ll.locate(start));
  // The bare and quoted forms are read as the braced one: a '{' in place of the '=' or the opening quote,
  // a '}' at the end, so every column stays where it was written.
  let braced: string;
  let open: number;
  if (body.startsWith('{')) {
    braced = text;
    open = start;
  } else if (body.startsWith("'") && body.endsWith("'") && body.length > 1) {
    braced = `${text.slice(0, start)}{${body.slice(1, -1)}}`;
    open = start;
  } else {
    const eq = text.lastIndexOf('=', start);
    braced = `${text.slice(0, eq)}{${text.slice(eq + 1, start + body.length)}}`;
    open = eq;
  }
  const { expr, end } = parseBraceExpression(braced, open, locate);
  if (braced.slice(end).trim() !== '') throw new NetlistError(`unexpected text after the expression of ${name.text}`, ll.locate(end));
  return { type: 'behavioural', letter, name, nodes, mode, expr: exprOf(expr, locate), loc: name.loc };
}
