/**
 * The runs of a sweep (`.step` combinations, `.mc` samples) on a pool of worker threads (piscina). Each
 * run is elaborated and simulated from the netlist text alone (simulateRun), so a run computes the same
 * numbers on any thread; the outputs are merged in plan order, so the result equals simulate()'s bit for bit.
 * A netlist of one run with a long `.ac` has its frequencies split into blocks instead (splitRun in
 * src/simulate.ts, runAcBlock in src/analysis/ac.ts), one task per block, joined in order.
 *
 * This file is in src/ beside cli.ts, not in a folder of its own: it uses the library entry point
 * (simulate.ts) and is used by the CLI, both of the root layer, and a folder between them would be a cycle.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { NetlistError, SimulationError } from './base/errors.ts';
import type { SimulationResult } from './analysis/results.ts';
import { mergeParts, mergeRuns, planRuns, simulateRun, splitRun, type RunOutput, type RunPart, type RunPlan } from './simulate.ts';

/** A netlist as a worker reads it: the text, the name used in messages, where its includes resolve. */
export interface NetlistRequest {
  text: string;
  file: string;
  cwd: string;
  includePath: string[];
}

/** One run of a netlist, the unit a pool thread or a queue worker executes. */
export interface RunTask {
  request: NetlistRequest;
  index: number;
  /** Only this block of the run's split analysis (simulateRun). */
  part?: RunPart;
}

/** A run's output with the warnings it gave, or the formatted failure (a NetlistError or SimulationError). */
export type RunReply = { ok: true; output: RunOutput; warnings: string[] } | { ok: false; text: string; exitCode: number };

/** The default `--jobs`: every core the process may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** The plan of the last netlist a thread read: the runs of one sweep arrive one by one with the same text. */
let cached: { text: string; file: string; plan: RunPlan } | undefined;

/** Executes one run (in a pool thread, a queue worker, or inline); failures of the input or the run are replies. */
export function executeRun(task: RunTask): RunReply {
  const { request } = task;
  try {
    if (!cached || cached.text !== request.text || cached.file !== request.file) {
      cached = { text: request.text, file: request.file, plan: planRuns(request.text, request) };
    }
    const plan = cached.plan;
    if (!Number.isInteger(task.index) || task.index < 0 || task.index >= plan.runs.length) throw new Error(`run ${task.index} does not exist (the netlist has ${plan.runs.length})`);
    const warnings: string[] = [];
    const output = simulateRun(plan, task.index, { ...request, onWarning: (m) => warnings.push(m) }, false, 0, task.part);
    return { ok: true, output, warnings };
  } catch (err) {
    if (err instanceof NetlistError) return { ok: false, text: err.format(), exitCode: 1 };
    if (err instanceof SimulationError) return { ok: false, text: err.format(), exitCode: 2 };
    return { ok: false, text: `memspice: internal error: ${err instanceof Error ? err.message : String(err)}`, exitCode: 2 };
  }
}

/**
 * The module a pool thread loads: dist/poolThread.cjs (src/cli/poolEntry.ts), the built CLI bundle whose export
 * `poolRun` is executeRun. Under tsx (tests, scripts) a new thread has no TypeScript loader, so there is no pool:
 * see poolAvailable.
 */
export interface PoolModule {
  url: string;
}

/** Whether `module` can be loaded by a pool thread (a built .cjs or .js file, not TypeScript). */
export function poolAvailable(module: PoolModule): boolean {
  return module.url.endsWith('.cjs') || module.url.endsWith('.js');
}

/** A pool of at most `threads` threads, `started` of them (default: all) started at once, the rest when tasks queue. */
export function createPool(module: PoolModule, threads: number, started = threads): Piscina {
  if (!poolAvailable(module)) throw new Error('worker threads need the built CLI (npm run build; bin/memspice.js runs it)');
  return new Piscina({
    filename: module.url,
    name: 'poolRun',
    minThreads: Math.min(started, threads),
    maxThreads: threads,
    // One run per thread at a time: a run is CPU-bound from start to end.
    concurrentTasksPerWorker: 1,
  });
}

export interface ParallelOptions {
  onWarning?: (message: string) => void;
  /** Called after each finished run (or part of a split run): how many have finished, of how many. */
  onRunFinished?: (finished: number, total: number) => void;
  /** A pool started earlier (createPool), which the caller destroys; otherwise one is started here and destroyed. */
  pool?: Piscina;
}

/** A run's failure, already formatted, with its exit code and the run it belongs to. */
export class RunFailure extends Error {
  constructor(
    readonly text: string,
    readonly exitCode: number,
    readonly index: number,
  ) {
    super(text);
  }
}

/**
 * Simulates every run of `plan` on `jobs` threads and merges them in plan order (a split run: its parts, joined).
 * Warnings are reported in run order once all runs are done (as the serial run reports them, but not interleaved
 * with its progress). The first failed run (in plan order) is thrown as a RunFailure.
 */
export async function simulateParallel(module: PoolModule, request: NetlistRequest, plan: RunPlan, jobs: number, options: ParallelOptions = {}): Promise<SimulationResult> {
  const split = splitRun(plan, jobs);
  const tasks: RunTask[] = split
    ? Array.from({ length: split.parts }, (_, at) => ({ request, index: 0, part: { loc: split.loc, at, of: split.parts } }))
    : plan.runs.map((_, index) => ({ request, index }));
  const total = tasks.length;
  const pool = options.pool ?? createPool(module, Math.max(1, Math.min(jobs, total)));
  let finished = 0;
  try {
    const replies = await Promise.all(
      tasks.map(async (task) => {
        const reply = (await pool.run(task)) as RunReply;
        options.onRunFinished?.(++finished, total);
        return reply;
      }),
    );
    const outputs: RunOutput[] = [];
    const warnings: string[] = [];
    for (const [k, reply] of replies.entries()) {
      if (!reply.ok) throw new RunFailure(reply.text, reply.exitCode, tasks[k].index);
      warnings.push(...reply.warnings);
      outputs.push(reply.output);
    }
    if (split) {
      const joined = mergeParts(outputs);
      if (joined) {
        for (const w of [...warnings, ...joined.warnings]) options.onWarning?.(w);
        return mergeRuns(plan, [joined.output]);
      }
      // A part's LU may have started from another pivot order than the serial run's (runAcBlock): the run again, whole.
      const whole = (await pool.run({ request, index: 0 } satisfies RunTask)) as RunReply;
      if (!whole.ok) throw new RunFailure(whole.text, whole.exitCode, 0);
      for (const w of whole.warnings) options.onWarning?.(w);
      return mergeRuns(plan, [whole.output]);
    }
    for (const w of warnings) options.onWarning?.(w);
    return mergeRuns(plan, outputs);
  } finally {
    if (options.pool === undefined) await pool.destroy();
  }
}
