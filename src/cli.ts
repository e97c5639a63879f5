/**
 * The command line, kept thin: argument parsing, files in and out, exit codes. Everything else is the
 * library (src/simulate.ts).
 *
 * Exit codes: 0 success, 1 netlist or usage error, 2 simulation failure.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { NetlistError, SimulationError } from './base/errors.ts';
import { printText, wrdataText } from './output/control.ts';
import { csvFileName, toCsv } from './output/csv.ts';
import { ProgressReporter } from './output/progress.ts';
import { measureRunsCsv, measureRunsFileName, summaryLines } from './output/statistics.ts';
import { availableParallelism } from 'node:os';
import { readNetlist, standardIo, type Io } from './cli/io.ts';
import { fitsInThisThread } from './cli/smallRun.ts';
import { immediateAnswer, USAGE } from './cli/usage.ts';
import type { ProgressListener, SimulationResult } from './analysis/results.ts';
import type { Worker } from 'node:worker_threads';
import { pssSummaryLines } from './analysis/pssSummary.ts';
import { stabilitySummary } from './analysis/polesSummary.ts';

import type { RunRequest, WorkerMessage } from './cli/messages.ts';
import { tableFilePath, TableFiles, type TableFilesTarget } from './cli/tableFiles.ts';
import { handleRequest } from './simulationWorker.ts';

// The worker thread's simulator (src/cli/workerEntry.ts): the built worker loads this bundle, whose code cache it shares.
export { handleRequest };

/** A failure the worker already formatted (a NetlistError or SimulationError), with its exit code. */
class FormattedFailure extends Error {
  constructor(
    readonly text: string,
    readonly exitCode: number,
  ) {
    super(text);
  }
}

/**
 * Whether this is the built CLI (dist/cli.cjs, which bin/memspice.js runs) rather than the sources under tsx (tests,
 * scripts). Only the built CLI has the files a thread starts from (the worker's dist/simulationWorker.cjs, the
 * pool's dist/poolThread.cjs): under tsx a thread would have no TypeScript loader.
 */
const BUILT = !import.meta.url.endsWith('.ts');

/** The module a pool thread loads (its export poolRun): dist/poolThread.cjs (src/cli/poolEntry.ts), beside the bundle. */
const POOL_MODULE = { url: new URL(BUILT ? './poolThread.cjs' : './cli.ts', import.meta.url).href };

/** The worker `memspice run` simulates in (src/cli/workerEntry.ts, built to dist/simulationWorker.cjs beside this module). */
function startSimulationWorker(): Worker {
  // node:worker_threads only here, a few ms to load that a run without the worker does not need; by require, which
  // unlike import() does not start Node's ES module loader.
  const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  return new Worker(new URL('./simulationWorker.cjs', import.meta.url));
}

/** What the simulation reports, to the CLI's listeners; the final message settles the run. */
function receive(
  m: WorkerMessage,
  onProgress: ProgressListener | undefined,
  onWarning: ((m: string) => void) | undefined,
  settle: (outcome: { result: SimulationResult } | { failure: FormattedFailure }) => void,
  onPartial?: (file: string) => void,
): void {
  if (m.type === 'warning') onWarning?.(m.message);
  else if (m.type === 'partial') onPartial?.(m.file);
  else if (m.type === 'progress') onProgress?.(m.analysis, m.fraction);
  else settle(m.type === 'result' ? { result: m.result } : { failure: new FormattedFailure(m.text, m.exitCode) });
}

/** Runs simulate() in the worker: a heap exhausted there is an error here, and the tables it streamed are removed. */
function simulateInWorker(
  worker: Worker,
  request: RunRequest,
  onProgress: ProgressListener | undefined,
  onWarning: ((m: string) => void) | undefined,
): Promise<SimulationResult> {
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    const partials: string[] = [];
    const fail = (err: Error): void => {
      for (const file of partials) rmSync(file, { force: true });
      reject(err);
    };
    worker.on('message', (m: WorkerMessage) =>
      receive(
        m,
        onProgress,
        onWarning,
        (outcome) => {
          settled = true;
          void worker.terminate();
          if ('result' in outcome) resolvePromise(outcome.result);
          else fail(outcome.failure);
        },
        (file) => partials.push(file),
      ),
    );
    worker.on('error', (err: Error & { code?: string }) => {
      settled = true;
      fail(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new Error('out of memory (the JavaScript heap is full; a smaller circuit or a shorter run may fit)') : err);
    });
    worker.on('exit', (exitCode) => {
      if (!settled) fail(new Error(`the simulation worker stopped (exit code ${exitCode})`));
    });
    worker.postMessage(request);
  });
}

/** Runs simulate() in this thread, reporting as the worker does (only for netlists fitsInThisThread accepts). */
function simulateHere(request: RunRequest, onProgress: ProgressListener | undefined, onWarning: ((m: string) => void) | undefined): SimulationResult {
  let outcome: { result: SimulationResult } | { failure: FormattedFailure } | undefined;
  handleRequest(request, (m) => receive(m, onProgress, onWarning, (o) => (outcome = o)));
  if (outcome === undefined) throw new Error('internal: the simulation ended without a result');
  if ('failure' in outcome) throw outcome.failure;
  return outcome.result;
}

/** The version in package.json, one directory above this module both in src/ and in the built dist/. */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return String(pkg.version);
}

export async function main(argv: string[], io: Io = standardIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const answer = immediateAnswer(argv, packageVersion);
    if (answer !== undefined) {
      io.stdout.write(answer);
      return 0;
    }
    switch (command) {
      case 'run':
        return await runCommand(rest, io);
      case 'zcheck': {
        const { zcheckCommand } = await import('./cli/zcheck.ts');
        return await zcheckCommand(rest, io);
      }
      case 'devices':
        return await devicesCommand(io);
      case 'serve': {
        const { serveCommand } = await import('./cli/serve.ts');
        return await serveCommand(rest, io);
      }
      case 'report': {
        const [{ reportCommand }, { simulate }] = await Promise.all([import('./cli/report.ts'), import('./simulate.ts')]);
        return await reportCommand(rest, io, simulate);
      }
      case 'worker': {
        const { workerCommand } = await import('./runQueue.ts');
        return await workerCommand(rest, io, POOL_MODULE);
      }
      default:
        io.stderr.write(`memspice: ${command ? `unknown command '${command}'` : 'no command given'}\n${USAGE}\n`);
        return 1;
    }
  } catch (err) {
    return reportError(err, io);
  }
}

export function reportError(err: unknown, io: Io): number {
  if (err instanceof FormattedFailure) {
    io.stderr.write(`${err.text}\n`);
    return err.exitCode;
  }
  if (err instanceof NetlistError) {
    io.stderr.write(`${err.format()}\n`);
    return 1;
  }
  if (err instanceof SimulationError) {
    io.stderr.write(`${err.format()}\n`);
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`memspice: internal error: ${message}\n`);
  if (process.env.MEMSPICE_DEBUG && err instanceof Error) io.stderr.write(`${err.stack}\n`);
  return 2;
}

interface RunArgs {
  file: string;
  out: string;
  json: boolean;
  quiet: boolean;
  includePath: string[];
  maxElements?: number;
  maxSteps?: number;
  /** Threads for the runs of a sweep. */
  jobs: number;
  /** Redis URL of the queue the runs go to (memspice worker executes them). */
  queue?: string;
  /** --plot: an SVG per .plot line (or per analysis); --png: a PNG of each as well. */
  plot: boolean;
  png: boolean;
}

/** The limit options of `run`: flag name and the field it sets. */
const LIMIT_FLAGS = { '--max-elements': 'maxElements', '--max-steps': 'maxSteps' } as const;

/** A limit's value: a whole number >= 1 (written as SPICE writes numbers: 1e6 is allowed), else null. */
function limitValue(text: string | undefined): number | null {
  if (text === undefined || !/^\d+(?:\.\d*)?(?:e\+?\d+)?$/i.test(text)) return null;
  const x = Number(text);
  return Number.isSafeInteger(x) && x >= 1 ? x : null;
}

export function parseRunArgs(args: string[], io: Io): RunArgs | null {
  let file: string | undefined;
  let out = 'out';
  let json = false;
  let quiet = false;
  let plot = false;
  let png = false;
  const includePath: string[] = [];
  let jobs: number | undefined;
  let queue: string | undefined;
  const limits: Pick<RunArgs, 'maxElements' | 'maxSteps'> = {};
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const flag = a.split('=', 1)[0];
    if (flag === '--max-elements' || flag === '--max-steps') {
      const text = a.includes('=') ? a.slice(flag.length + 1) : args[++k];
      const value = limitValue(text);
      if (value === null) {
        io.stderr.write(`memspice: ${flag} needs a whole number >= 1${text === undefined ? '' : `, got '${text}'`}\n`);
        return null;
      }
      limits[LIMIT_FLAGS[flag]] = value;
    } else if (a === '--json') json = true;
    else if (a === '--plot') plot = true;
    else if (a === '--png') png = plot = true;
    else if (a === '--jobs' || a === '-j' || a.startsWith('--jobs=')) {
      const v = a.startsWith('--jobs=') ? a.slice('--jobs='.length) : args[++k];
      jobs = parseJobs(v, io) ?? undefined;
      if (jobs === undefined) return null;
    } else if (a === '--queue' || a.startsWith('--queue=')) {
      queue = a.startsWith('--queue=') ? a.slice('--queue='.length) : args[++k];
      if (queue === undefined || !/^rediss?:\/\//.test(queue)) {
        io.stderr.write(`memspice: --queue needs a redis://host:port URL${queue === undefined ? '' : `, got '${queue}'`}\n`);
        return null;
      }
    }
    else if (a === '--include-path' || a === '-I') {
      const v = args[++k];
      if (v === undefined) {
        io.stderr.write('memspice: --include-path needs a directory\n');
        return null;
      }
      includePath.push(resolve(v));
    } else if (a.startsWith('--include-path=')) includePath.push(resolve(a.slice('--include-path='.length)));
    else if (a === '--quiet' || a === '-q') quiet = true;
    else if (a === '--out' || a === '-o') {
      const v = args[++k];
      if (v === undefined) {
        io.stderr.write('memspice: --out needs a directory\n');
        return null;
      }
      out = v;
    } else if (a.startsWith('--out=')) out = a.slice(6);
    else if (a.startsWith('-')) {
      io.stderr.write(`memspice: unknown option '${a}'\n${USAGE}\n`);
      return null;
    } else if (file === undefined) file = a;
    else {
      io.stderr.write(`memspice: more than one netlist given ('${file}', '${a}')\n`);
      return null;
    }
  }
  if (file === undefined) {
    io.stderr.write(`memspice: no netlist given\n${USAGE}\n`);
    return null;
  }
  if (plot && json) {
    io.stderr.write('memspice: --plot writes files into --out; it does not go with --json\n');
    return null;
  }
  return { file, out, json, quiet, includePath, plot, png, ...limits, jobs: jobs ?? availableParallelism(), ...(queue !== undefined ? { queue } : {}) };
}

/** `--jobs N`: a whole number of threads >= 1, or null after reporting the problem. */
export function parseJobs(v: string | undefined, io: Io): number | null {
  const n = v === undefined ? NaN : Number(v);
  if (!Number.isInteger(n) || n < 1) {
    io.stderr.write(`memspice: --jobs needs a whole number of threads >= 1${v === undefined ? '' : `, got '${v}'`}\n`);
    return null;
  }
  return n;
}

/** What a pool thread runs (this module is the file the pool loads, in src/ under tsx and in dist/ built). */
export async function poolRun(task: import('./runPool.ts').RunTask): Promise<import('./runPool.ts').RunReply> {
  const { executeRun } = await import('./runPool.ts');
  return executeRun(task);
}

/** Lines below which a netlist's .ac is not considered for splitting (SPLIT_MIN_WORK in simulate.ts: over 25,000 frequencies). */
const SPLIT_MIN_LINES = 100;

/** Whether `text` has at least `count` lines: counts newlines only up to `count`, without splitting a long netlist. */
function hasLines(text: string, count: number): boolean {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1 && lines < count; at = text.indexOf('\n', at + 1)) lines++;
  return lines >= count;
}

/** The runs of a sweep on threads or on a queue; undefined when they run as before (one run, or --jobs 1). */
async function simulateRuns(parsed: RunArgs, request: RunRequest, progress: ProgressReporter | undefined, onWarning: ((m: string) => void) | undefined): Promise<SimulationResult | undefined> {
  // Threads need the built CLI (under tsx a thread has no TypeScript loader): there the runs stay serial.
  if ((parsed.jobs <= 1 || !BUILT) && parsed.queue === undefined) return undefined;
  // Planning parses the netlist in this thread, where running out of heap would abort V8 instead of being
  // reported: only a netlist that can have several runs is planned here (a .step or .mc line of the file
  // itself; one inside an .include runs serially, with the same result), or an .ac that may be long
  // enough to split (splitRun): in a netlist of fewer than SPLIT_MIN_LINES lines it would need more points than
  // anyone asks for, and planning it here would only delay a small run by loading the simulator twice.
  const sweeps = /^[ \t]*\.(step|mc)\b/im.test(request.text);
  const splittable = /^[ \t]*\.ac\b/im.test(request.text) && hasLines(request.text, SPLIT_MIN_LINES);
  if (parsed.queue === undefined && !sweeps && !splittable) return undefined;
  const { RunFailure, createPool, simulateParallel } = await import('./runPool.ts');
  // With a .step or .mc line (almost always several runs) the pool's threads start now, each loading the
  // simulator, while this thread loads it and plans: a thread's start is then off the critical path
  // (docs/scaling.md). A plan that needs no pool destroys it unused. Only as many as there are cores start ahead;
  // more (a --jobs above the cores) start when the runs queue for them. An .ac that may be split waits for the
  // plan: most such netlists are not split, and their run would pay for threads started in vain.
  const pool = parsed.queue === undefined && sweeps ? createPool(POOL_MODULE, parsed.jobs, availableParallelism()) : undefined;
  try {
    const { planRuns, splitRun } = await import('./simulate.ts');
    const plan = planRuns(request.text, request);
    if (plan.runs.length < 2 && parsed.queue === undefined && splitRun(plan, parsed.jobs) === undefined) return undefined;
    const kind = (plan.ast?.statements ?? []).find((s) => s.type === 'op' || s.type === 'dc' || s.type === 'ac' || s.type === 'tran')?.type ?? 'op';
    const onRunFinished = (finished: number, total: number): void => progress?.update(kind, finished / total);
    if (parsed.queue !== undefined) {
      const { submitToQueue } = await import('./runQueue.ts');
      return await submitToQueue(parsed.queue, request, plan, { onWarning, onRunFinished });
    }
    return await simulateParallel(POOL_MODULE, request, plan, parsed.jobs, { onWarning, onRunFinished, pool });
  } catch (err) {
    if (err instanceof RunFailure) throw new FormattedFailure(err.text, err.exitCode);
    throw err;
  } finally {
    await pool?.destroy();
  }
}

async function runCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseRunArgs(args, io);
  if (!parsed) return 1;
  const text = readNetlist(parsed.file);
  const progress = !parsed.quiet && io.stderr.isTTY ? new ProgressReporter(io.stderr) : undefined;
  const request: RunRequest = {
    text,
    file: parsed.file,
    cwd: dirname(resolve(parsed.file)),
    includePath: parsed.includePath,
    maxElements: parsed.maxElements,
    maxSteps: parsed.maxSteps,
  };
  const onWarning = parsed.quiet ? undefined : (m: string): void => void io.stderr.write(`${m}\n`);
  const base = basename(parsed.file, extname(parsed.file));
  // The CSV files of the transients are written while they run (memory that does not grow with the points),
  // except where the whole table is needed afterwards: --json prints it, --plot draws it. Runs on the thread
  // pool or the queue keep theirs in memory (they come back as results to be merged in order).
  const target: TableFilesTarget | undefined = parsed.json || parsed.plot ? undefined : { dir: parsed.out, base };
  let result: SimulationResult;
  try {
    // The built CLI (dist/) simulates in a worker, so that running out of heap ends the worker, reported as
    // an internal error, instead of V8 aborting the process with a native stack. Under tsx (tests, scripts)
    // the worker would have no TypeScript loader: the simulation runs in this thread.
    // A netlist too small to exhaust the heap (src/cli/smallRun.ts) runs here: starting the worker would be most
    // of its run time.
    const runs = await simulateRuns(parsed, request, progress, onWarning);
    if (runs) result = runs;
    else if (BUILT && fitsInThisThread(text)) result = simulateHere(request, progress?.update, onWarning);
    else if (BUILT) result = await simulateInWorker(startSimulationWorker(), target ? { ...request, stream: target } : request, progress?.update, onWarning);
    else {
      const files = target ? new TableFiles(target) : undefined;
      try {
        const options = { ...request, onProgress: progress?.update, onWarning, ...(files ? { streamTable: files.create.bind(files) } : {}) };
        result = (await import('./simulate.ts')).simulate(request.text, options);
      } catch (err) {
        files?.discard();
        throw err;
      }
    }
  } finally {
    progress?.finish();
  }
  if (parsed.json) {
    io.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  }
  // Write every file under a temporary name first, then rename: a failure leaves no partial output.
  mkdirSync(parsed.out, { recursive: true });
  const written: Array<{ tmp: string; final: string }> = [];
  try {
    result.analyses.forEach((a, k) => {
      const final = join(parsed.out, csvFileName(base, k + 1, a));
      const tmp = `${final}.partial`;
      // A streamed table is in its partial file already (tableFiles.ts names it the same way).
      if (a.rowsStreamed === undefined) writeFileSync(tmp, toCsv(a));
      else if (target === undefined || tableFilePath(target, a, k) !== final) throw new Error(`table ${k + 1} was streamed, but not to ${final}`);
      written.push({ tmp, final });
    });
    // A file written twice (a wrdata line under .step, or two lines naming it) holds the last write, as in ngspice.
    const wrdata = new Map<string, string>();
    for (const c of result.control ?? []) if (c.command === 'wrdata' && c.file !== undefined) wrdata.set(insideDirectory(parsed.out, c.file), wrdataText(c));
    for (const [final, text] of wrdata) {
      mkdirSync(dirname(final), { recursive: true });
      const tmp = `${final}.partial`;
      writeFileSync(tmp, text);
      written.push({ tmp, final });
    }
    const measureCsv = measureRunsCsv(result);
    if (measureCsv !== undefined) {
      const final = join(parsed.out, measureRunsFileName(base));
      writeFileSync(`${final}.partial`, measureCsv);
      written.push({ tmp: `${final}.partial`, final });
    }
    for (const w of written) renameSync(w.tmp, w.final);
  } catch (err) {
    for (const w of written) rmSync(w.tmp, { force: true });
    // Streamed tables not reached yet are partial files too.
    if (target) result.analyses.forEach((a, k) => a.rowsStreamed !== undefined && rmSync(`${tableFilePath(target, a, k)}.partial`, { force: true }));
    throw err;
  }
  for (const c of result.control ?? []) if (c.command === 'print') io.stdout.write(printText(c));
  result.analyses.forEach((a, k) => {
    const step = a.step ? ` [${Object.entries(a.step).map(([p, v]) => `${p}=${v}`).join(', ')}]` : '';
    const measures = a.measures
      ? '  ' + Object.entries(a.measures).map(([m, v]) => `${m}=${v}`).join(' ')
      : '';
    const sample = a.sample !== undefined ? ` [mc ${a.sample}]` : '';
    io.stdout.write(`${a.type}${step}${sample}: ${a.rowsStreamed ?? a.data.length} point(s) x ${a.columns.length} column(s) -> ${written[k].final}${measures}\n`);
    if (a.periodic) for (const line of pssSummaryLines(a.periodic)) io.stdout.write(line + '\n');
    for (const line of stabilitySummary(a)) io.stdout.write(`  ${line}\n`);
  });
  for (const line of summaryLines(result)) io.stdout.write(`${line}\n`);
  if (parsed.plot) {
    const [{ writeFigures }, { figures }] = await Promise.all([import('./cli/plots.ts'), import('./plot/figures.ts')]);
    for (const f of await writeFigures(figures(result, onWarning), parsed.out, base, parsed.png)) io.stdout.write(`plot -> ${f}\n`);
  }
  return 0;
}

/** A wrdata file's path inside the output directory (the parser already refused absolute paths and '..'). */
function insideDirectory(dir: string, file: string): string {
  const root = resolve(dir);
  const path = resolve(root, file);
  if (relative(root, path).startsWith('..') || isAbsolute(relative(root, path))) {
    throw new NetlistError(`wrdata file '${file}' would be written outside the output directory ${dir}`, { file, line: 0, column: 0, text: '' });
  }
  return path;
}

async function devicesCommand(io: Io): Promise<number> {
  const { BUILT_IN_DEVICES } = await import('./devices/index.ts');
  for (const d of BUILT_IN_DEVICES) {
    io.stdout.write(`${d.kind}  (${d.terminals} terminals)  ${d.summary}\n`);
    for (const p of d.params) {
      const def = p.default !== undefined ? `default ${p.default}` : p.optional ? 'optional' : 'required';
      const aliases = p.aliases?.length ? ` (alias ${p.aliases.join(', ')})` : '';
      io.stdout.write(`    ${p.name.padEnd(10)} ${p.unit.padEnd(6)} ${def.padEnd(16)} ${p.description}${aliases}\n`);
    }
  }
  return 0;
}
