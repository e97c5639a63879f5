/**
 * How much of a public netlist corpus memspice reads: for every *.cir/*.sp/*.spice/*.net/*.ckt file under the
 * given directories, parse it (includes resolve beside the file, confined to its corpus directory),
 * elaborate it with the built-in devices and build its devices (which reads their parameters), then print
 * the share that gets through and the most common failure classes. Nothing is simulated; the corpora are not part of the repository.
 *
 *   npx tsx scripts/compat/scan.ts /path/to/Xyce_Regression/Netlists /path/to/ngspice/examples ...
 *   options: --top N (failure classes shown, default 20), --list CLASS (print the files of a class),
 *            --ok (print the files that pass)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { elaborate } from '../../src/circuit/elaborate.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { parseNetlist } from '../../src/parse/index.ts';
import { NetlistError, SimulationError } from '../../src/base/errors.ts';
import { Simulator } from '../../src/engine/simulator.ts';

const NETLIST = /\.(cir|sp|spice|net|ckt)$/i;

interface Outcome {
  file: string;
  ok: boolean;
  /** Which stage failed: the parser, the elaboration, or an exception that is not a located error (a bug). */
  stage?: 'parse' | 'elaborate' | 'crash';
  klass?: string;
  hasAnalysis?: boolean;
}

function netlistFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) out.push(...netlistFiles(p));
    else if (st.isFile() && NETLIST.test(name)) out.push(p);
  }
  return out;
}

/**
 * The failure class of a message: its first words, with quoted names longer than one character and numbers
 * blanked out so "unknown model 'd1n4148'" and "unknown model 'qmod'" count together while
 * "unknown element letter 'Q'" keeps its letter.
 */
export function failureClass(message: string, lineText?: string): string {
  const firstLine = message.split('\n')[0].split('; ')[0].split(' (')[0];
  // A message that starts with an element's (possibly hierarchical) name counts by the element's letter.
  const unnamed = firstLine.replace(/^([\w$-]+\.)*([A-Za-z])[\w$-]*(?=: | needs )/, (_m, _path, letter: string) => `${letter.toUpperCase()}…`);
  const blanked = unnamed
    .replace(/'[A-Za-z_][^'\s]+'/g, "'…'")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b\d+(\.\d+)?([eE][-+]?\d+)?\b/g, 'N');
  const words = blanked.split(/\s+/).filter(Boolean);
  const head = words.slice(0, 11).join(' ').replace(/[:,;]$/, '');
  // A bare syntax error says little on its own: name the kind of line it was on (element letter or dot command).
  if (/^syntax error/.test(head) && lineText) {
    const first = lineText.trim().split(/[\s(]/)[0];
    const kind = first.startsWith('.') ? first.toLowerCase() : first.charAt(0).toUpperCase();
    return `${head} [in ${kind} line]`;
  }
  return head;
}

function scanFile(file: string, root: string): Outcome {
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch (e) {
    return { file, ok: false, stage: 'crash', klass: `unreadable: ${(e as Error).message}` };
  }
  const devices = defaultRegistry();
  let stage: 'parse' | 'elaborate' = 'parse';
  try {
    const ast = parseNetlist(text, { file: basename(file), cwd: dirname(file), includePath: [root] });
    stage = 'elaborate';
    const circuit = elaborate(ast, { devices });
    // Devices read their instance and model parameters when the simulator builds them: part of elaboration.
    new Simulator(circuit, undefined, devices);
    // As simulate(): an analysis line, or one run from a .control block.
    const hasAnalysis = circuit.analyses.length > 0 || (circuit.control?.some((c) => c.kind === 'analysis') ?? false);
    return { file, ok: true, hasAnalysis };
  } catch (e) {
    if (e instanceof NetlistError || e instanceof SimulationError) return { file, ok: false, stage, klass: failureClass(e.message, e.loc?.text) };
    const err = e as Error;
    return { file, ok: false, stage: 'crash', klass: `${err.name}: ${failureClass(err.message ?? String(e))}` };
  }
}

function percent(n: number, of: number): string {
  return of === 0 ? '-' : `${((100 * n) / of).toFixed(1)} %`;
}

function main(argv: string[]): void {
  let top = 20;
  let listClass: string | undefined;
  let listOk = false;
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--top') top = Number(argv[++i]);
    else if (argv[i] === '--list') listClass = argv[++i];
    else if (argv[i] === '--ok') listOk = true;
    else dirs.push(argv[i]);
  }
  if (dirs.length === 0) {
    console.error('usage: tsx scripts/compat/scan.ts [--top N] [--list CLASS] [--ok] DIR...');
    process.exit(1);
  }
  for (const dir of dirs) {
    const root = resolve(dir);
    const files = netlistFiles(root);
    const outcomes = files.map((f) => scanFile(f, root));
    const ok = outcomes.filter((o) => o.ok);
    const withAnalysis = ok.filter((o) => o.hasAnalysis);
    const byStage = (s: Outcome['stage']) => outcomes.filter((o) => o.stage === s).length;
    console.log(`\n== ${dir}: ${files.length} netlist files`);
    console.log(`parse + elaborate: ${ok.length} (${percent(ok.length, files.length)}), of which with an analysis: ${withAnalysis.length} (${percent(withAnalysis.length, files.length)})`);
    console.log(`fail in parse: ${byStage('parse')}, in elaborate: ${byStage('elaborate')}, other exceptions: ${byStage('crash')}`);
    const classes = new Map<string, Outcome[]>();
    for (const o of outcomes) if (!o.ok) classes.set(o.klass!, [...(classes.get(o.klass!) ?? []), o]);
    const ranked = [...classes.entries()].sort((a, b) => b[1].length - a[1].length);
    console.log(`top ${Math.min(top, ranked.length)} of ${ranked.length} failure classes:`);
    for (const [klass, list] of ranked.slice(0, top)) console.log(`${String(list.length).padStart(6)}  ${percent(list.length, files.length).padStart(7)}  [${list[0].stage}] ${klass}`);
    if (listOk) for (const o of ok) console.log(`  ok: ${relative(root, o.file)}`);
    if (listClass !== undefined) {
      for (const [klass, list] of ranked) if (klass.includes(listClass)) for (const o of list) console.log(`  ${relative(root, o.file)}: ${klass}`);
    }
  }
}

main(process.argv.slice(2));
