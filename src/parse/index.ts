/**
 * Netlist text -> AST. Reads includes recursively (paths relative to the including file), nests subcircuit
 * bodies, and keeps every statement's own file location.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { NetlistError, type SourceLocation } from '../base/errors.ts';
import type { NetlistAst, Statement } from './ast.ts';
import { splitLines, type LogicalLine } from './lines.ts';
import { controlBlock } from './control.ts';
import { expandFunctions } from './functions.ts';
import { buildLine, type LineResult } from './statements.ts';

export type { NetlistAst, Statement } from './ast.ts';

export interface ParseOptions {
  /** Name of the netlist in messages (the path as the user gave it). */
  file: string;
  /** Directory relative .include paths of the main netlist resolve against. */
  cwd: string;
  /**
   * Directories besides `cwd` whose files `.include` and `.lib` may read. Every included file must lie in
   * `cwd`'s tree or one of these trees (after resolving symbolic links), so a netlist can not read
   * arbitrary files of the machine it runs on.
   */
  includePath?: readonly string[];
}

interface FileContext {
  /** Name used in messages. */
  display: string;
  /** Directory includes of this file resolve against. */
  dir: string;
  /** Absolute paths of the files being read, outermost first (include cycle detection). */
  stack: string[];
  /** Real paths of the directory trees includes may read from. */
  roots: readonly string[];
}

type Warning = NetlistAst['warnings'][number];

export function parseNetlist(text: string, opts: ParseOptions = { file: '<netlist>', cwd: process.cwd() }): NetlistAst {
  const warnings: Warning[] = [];
  const split = splitLines(text, opts.file, true);
  // The CLI passes cwd = the netlist's directory; the main file's path only serves include-cycle detection.
  const mainPath = resolve(opts.cwd, basename(opts.file));
  const flat: LineResult[] = [];
  const roots = [opts.cwd, ...(opts.includePath ?? [])].map(realDir);
  readLines(split.lines, { display: opts.file, dir: opts.cwd, stack: [mainPath], roots }, flat, warnings);
  const statements = nest(flat);
  expandFunctions(statements);
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
    else if (r.type === 'include') include(r.path, r.loc, r.pathLoc, ctx, out, warnings);
    else if (r.type === 'lib') i = lib(r, lines, i, ctx, out, warnings);
    else if (r.type === 'endl') throw new NetlistError('.endl without a .lib section before it', r.loc);
    else out.push(r);
  }
}

/**
 * `.lib file section` reads one section of a library file; `.lib file` (LTspice) the whole file; `.lib name`
 * where no such file exists opens a section definition, which is skipped up to its `.endl` (sections are
 * read only where a `.lib file name` line asks for them, as in HSPICE and ngspice). Returns the index of the
 * last line consumed.
 */
function lib(r: Extract<LineResult, { type: 'lib' }>, lines: LogicalLine[], i: number, ctx: FileContext, out: LineResult[], warnings: Warning[]): number {
  const [file, section] = r.args;
  if (section) {
    const found = openInclude(file.text, file.loc, ctx, '.lib');
    const key = `${found.abs}#${section.text.toLowerCase()}`;
    if (ctx.stack.includes(key)) throw new NetlistError(`.lib cycle: ${[...ctx.stack.slice(ctx.stack.indexOf(key)), key].join(' -> ')}`, section.loc);
    const body = sectionLines(splitLines(found.text, found.display, false).lines, section.text);
    if (!body) throw new NetlistError(`.lib section '${section.text}' not found in ${found.display}`, section.loc);
    readLines(body, { ...ctx, display: found.display, dir: dirname(found.abs), stack: [...ctx.stack, key] }, out, warnings);
    return i;
  }
  if (isFile(findInclude(file.text, ctx))) {
    include(file.text, r.loc, file.loc, ctx, out, warnings);
    return i;
  }
  for (let j = i + 1; j < lines.length; j++) if (ENDL.test(lines[j].text)) return j;
  throw new NetlistError(`.lib ${file.text}: no file of that name, and as a section definition it has no .endl`, file.loc);
}

const ENDL = /^\s*\.endl\b/i;

/** The lines between `.lib NAME` and its `.endl`, or undefined when the file has no such section. */
function sectionLines(lines: LogicalLine[], name: string): LogicalLine[] | undefined {
  const want = name.toLowerCase();
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*\.lib\s+(?:"([^"]*)"|'([^']*)'|(\S+))\s*$/i.exec(lines[i].text);
    if (!m || (m[1] ?? m[2] ?? m[3]).toLowerCase() !== want) continue;
    for (let j = i + 1; j < lines.length; j++) if (ENDL.test(lines[j].text)) return lines.slice(i + 1, j);
    throw new NetlistError(`.lib section '${name}' has no .endl`, lines[i].loc);
  }
  return undefined;
}

/** Finds, confines and reads an included file; errors at `loc` (missing file) or `pathLoc` (refused). */
function openInclude(path: string, pathLoc: SourceLocation, ctx: FileContext, cmd: string, loc = pathLoc): { abs: string; display: string; text: string } {
  const abs = findInclude(path, ctx);
  const display = isAbsolute(path) ? path : ctx.display.startsWith('<') || abs !== resolve(ctx.dir, path) ? abs : join(dirname(ctx.display), path);
  if (!isFile(abs)) throw new NetlistError(`${cmd} file not found: ${abs}`, loc);
  const real = realpathSync(abs);
  if (!ctx.roots.some((root) => inside(real, root))) {
    // Only the name the netlist wrote is shown: nothing of the file is read.
    throw new NetlistError(
      `${cmd} file '${path}' is outside the netlist's directory ${ctx.roots[0]} (allow other directories with --include-path DIR, or the includePath option of simulate())`,
      pathLoc,
    );
  }
  try {
    return { abs, display, text: readFileSync(abs, 'utf8') };
  } catch (e) {
    throw new NetlistError(`cannot read ${cmd} file ${abs}: ${(e as Error).message}`, loc);
  }
}

/**
 * Where an included file is: relative to the including file's directory, else (a relative name that is not
 * there) in the first `includePath` directory that has it, as ngspice's and HSPICE's search paths.
 */
function findInclude(path: string, ctx: FileContext): string {
  const local = resolve(ctx.dir, path);
  if (isAbsolute(path) || isFile(local)) return local;
  for (const dir of ctx.roots.slice(1)) {
    const candidate = resolve(dir, path);
    if (isFile(candidate)) return candidate;
  }
  return local;
}

function isFile(abs: string): boolean {
  return existsSync(abs) && statSync(abs).isFile();
}

function include(path: string, loc: SourceLocation, pathLoc: SourceLocation, ctx: FileContext, out: LineResult[], warnings: Warning[]): void {
  const abs = findInclude(path, ctx);
  if (ctx.stack.includes(abs)) {
    const chain = [...ctx.stack.slice(ctx.stack.indexOf(abs)), abs].join(' -> ');
    throw new NetlistError(`.include cycle: ${chain}`, loc);
  }
  const { display, text } = openInclude(path, pathLoc, ctx, '.include', loc);
  const split = splitLines(text, display, false);
  readLines(split.lines, { ...ctx, display, dir: dirname(abs), stack: [...ctx.stack, abs] }, out, warnings);
}

function realDir(dir: string): string {
  const abs = resolve(dir);
  return existsSync(abs) ? realpathSync(abs) : abs;
}

function inside(file: string, root: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

const TOP_LEVEL_ONLY = new Set(['op', 'dc', 'ac', 'tran', 'step', 'print', 'meas', 'options', 'ic', 'nodeset', 'control']);

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
    if (r.type === 'end' || r.type === 'include' || r.type === 'ignored' || r.type === 'lib' || r.type === 'endl' || r.type === 'controlBegin') continue; // handled by readLines
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
