/**
 * Netlist text -> AST. Reads includes recursively (paths relative to the including file), nests subcircuit
 * bodies, and keeps every statement's own file location.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { NetlistError, type SourceLocation } from '../base/errors.ts';
import type { NetlistAst, Statement } from './ast.ts';
import { splitLines } from './lines.ts';
import { controlBlock } from './control.ts';
import { buildLine, type LineResult } from './statements.ts';

export type { NetlistAst, Statement } from './ast.ts';

export interface ParseOptions {
  /** Name of the netlist in messages (the path as the user gave it). */
  file: string;
  /** Directory relative .include paths of the main netlist resolve against. */
  cwd: string;
}

interface FileContext {
  /** Name used in messages. */
  display: string;
  /** Directory includes of this file resolve against. */
  dir: string;
  /** Absolute paths of the files being read, outermost first (include cycle detection). */
  stack: string[];
}

type Warning = NetlistAst['warnings'][number];

export function parseNetlist(text: string, opts: ParseOptions = { file: '<netlist>', cwd: process.cwd() }): NetlistAst {
  const warnings: Warning[] = [];
  const split = splitLines(text, opts.file, true);
  // The CLI passes cwd = the netlist's directory; the main file's path only serves include-cycle detection.
  const mainPath = resolve(opts.cwd, basename(opts.file));
  const flat: LineResult[] = [];
  readLines(split.lines, { display: opts.file, dir: opts.cwd, stack: [mainPath] }, flat, warnings);
  const statements = nest(flat);
  if (statements.length === 0) {
    throw new NetlistError('empty netlist: nothing after the title line (the first line is always the title)', split.title?.loc);
  }
  return { title: split.title?.text ?? '', file: opts.file, statements, warnings };
}

function readLines(lines: ReturnType<typeof splitLines>['lines'], ctx: FileContext, out: LineResult[], warnings: Warning[]): void {
  for (let i = 0; i < lines.length; i++) {
    const r = buildLine(lines[i]);
    if (r.type === 'end') {
      const rest = lines.length - i - 1;
      if (rest > 0) warnings.push({ message: `${rest} line${rest === 1 ? '' : 's'} after .end ignored`, loc: lines[i + 1].loc });
      return;
    }
    if (r.type === 'controlBegin') {
      const end = lines.findIndex((l, k) => k > i && /^\s*\.endc\b/i.test(l.text));
      if (end < 0) throw new NetlistError('.control without a matching .endc', r.loc);
      const block = controlBlock(lines.slice(i + 1, end), r.loc);
      warnings.push(...(block.warnings ?? []));
      out.push(block);
      i = end;
      continue;
    }
    if ((r.type === 'print' || r.type === 'control') && r.warnings) warnings.push(...r.warnings);
    if (r.type === 'ignored') warnings.push({ message: r.message, loc: r.loc });
    else if (r.type === 'include') include(r.path, r.loc, ctx, out, warnings);
    else out.push(r);
  }
}

function include(path: string, loc: SourceLocation, ctx: FileContext, out: LineResult[], warnings: Warning[]): void {
  const abs = resolve(ctx.dir, path);
  const display = isAbsolute(path) ? path : ctx.display.startsWith('<') ? abs : join(dirname(ctx.display), path);
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new NetlistError(`.include file not found: ${abs}`, loc);
  if (ctx.stack.includes(abs)) {
    const chain = [...ctx.stack.slice(ctx.stack.indexOf(abs)), abs].join(' -> ');
    throw new NetlistError(`.include cycle: ${chain}`, loc);
  }
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    throw new NetlistError(`cannot read .include file ${abs}: ${(e as Error).message}`, loc);
  }
  const split = splitLines(text, display, false);
  readLines(split.lines, { display, dir: dirname(abs), stack: [...ctx.stack, abs] }, out, warnings);
}

const TOP_LEVEL_ONLY = new Set(['op', 'dc', 'ac', 'tran', 'step', 'print', 'meas', 'options', 'ic', 'control']);

/** Moves the statements between `.subckt` and `.ends` into the subcircuit's body. */
function nest(flat: LineResult[]): Statement[] {
  const top: Statement[] = [];
  const open: Array<Extract<Statement, { type: 'subckt' }>> = [];
  for (const r of flat) {
    const body = open.length > 0 ? open[open.length - 1].body : top;
    if (r.type === 'ends') {
      const sub = open.pop();
      if (!sub) throw new NetlistError('.ends without a matching .subckt', r.loc);
      if (r.name && r.name.name !== sub.name.name) {
        throw new NetlistError(`.ends ${r.name.text} does not match .subckt ${sub.name.text} (line ${sub.loc.line})`, r.name.loc);
      }
      continue;
    }
    if (r.type === 'end' || r.type === 'include' || r.type === 'ignored' || r.type === 'controlBegin') continue; // handled by readLines
    if (open.length > 0 && TOP_LEVEL_ONLY.has(r.type)) {
      throw new NetlistError(`${statementWord(r.type)} is not allowed inside .subckt ${open[open.length - 1].name.text}`, r.loc);
    }
    body.push(r);
    if (r.type === 'subckt') open.push(r);
  }
  if (open.length > 0) {
    const sub = open[open.length - 1];
    throw new NetlistError(`.subckt ${sub.name.text} has no matching .ends`, sub.loc);
  }
  return top;
}

function statementWord(type: string): string {
  return type === 'meas' ? '.meas' : `.${type}`;
}
