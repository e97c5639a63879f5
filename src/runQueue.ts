/**
 * The runs of a sweep on a Redis-backed job queue (BullMQ): `memspice run FILE --queue URL` enqueues one job
 * per run and gathers the results in plan order; `memspice worker --queue URL`, on any number of machines,
 * executes them on its own thread pool. BullMQ gives the delivery guarantees: a job is locked by the worker
 * running it, and a worker that dies stops renewing the lock, so after the stall timeout another worker takes
 * the job over; a job whose thread crashed is retried (attempts). A run that fails in the netlist or the
 * simulation is deterministic and not retried: its formatted error is the job's result and is reported.
 *
 * Results travel as JSON (Redis stores strings); numbers are written as the shortest round-trip decimal, so
 * they arrive bit for bit, with NaN, the infinities and -0 (which JSON cannot hold) encoded as tagged objects.
 *
 * In src/ beside cli.ts for the reason given in runPool.ts.
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { SimulationResult } from './analysis/results.ts';
import type { Io } from './cli/io.ts';
import { createPool, defaultJobs, RunFailure, type NetlistRequest, type ParallelOptions, type PoolModule, type RunReply, type RunTask } from './runPool.ts';
import { mergeRuns, type RunOutput, type RunPlan } from './simulate.ts';

/** The queue every memspice submitter and worker on one Redis shares. */
export const QUEUE_NAME = 'memspice-runs';

/** Attempts of a job whose worker thread crashed (a lost worker is handled by the stall timeout, not by these). */
const ATTEMPTS = 3;

/**
 * A Redis client for `redis://[user:password@]host:port[/db]` (`rediss://`: TLS), one per BullMQ object
 * (a queue, its event reader and a worker each hold blocking commands of their own). BullMQ loads no
 * client by itself in an ES module, hence ioredis here, its reference client.
 */
export function redisClient(url: string): Redis {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`--queue needs a redis:// URL, got '${url}'`);
  // BullMQ's blocking commands must wait as long as it takes (its documented requirement for workers).
  return new Redis(url, { maxRetriesPerRequest: null });
}

/** Closes what BullMQ was given: it leaves clients passed to it open. */
async function quit(...clients: Redis[]): Promise<void> {
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
}

/** JSON with NaN, +-Infinity and -0 kept (as {"$num": "NaN"} and so on); every other double round-trips exactly. */
export function encodeExact(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? { $num: Object.is(v, -0) ? '-0' : String(v) } : v));
}

export function decodeExact(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const tag = (v as { $num?: unknown }).$num;
      if (typeof tag === 'string' && Object.keys(v).length === 1) return Number(tag);
    }
    return v;
  });
}

/** What a job carries: the run and the batch (one submitting command) it belongs to. */
interface JobData extends RunTask {
  batch: string;
}

/** A run described for a failure report: `run 3 (rload=1000, sample 2)`. */
function describeRun(plan: RunPlan, index: number): string {
  const run = plan.runs[index];
  const parts = [...Object.entries(run.step ?? {}).map(([k, v]) => `${k}=${v}`), ...(run.sample !== undefined ? [`sample ${run.sample}`] : [])];
  return `run ${index}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Enqueues every run of `plan`, waits for all of them and merges them in plan order. Runs that failed are
 * reported together (every one, not only the first) as one RunFailure.
 */
export async function submitToQueue(url: string, request: NetlistRequest, plan: RunPlan, options: ParallelOptions = {}): Promise<SimulationResult> {
  const queueClient = redisClient(url);
  const eventsClient = redisClient(url);
  const queue = new Queue<JobData, string>(QUEUE_NAME, { connection: queueClient });
  const events = new QueueEvents(QUEUE_NAME, { connection: eventsClient });
  try {
    await events.waitUntilReady();
    const batch = randomUUID();
    const jobs = await queue.addBulk(
      plan.runs.map((_, index) => ({
        name: 'run',
        data: { batch, request, index },
        opts: { jobId: `${batch}-${index}`, attempts: ATTEMPTS, backoff: { type: 'fixed', delay: 1000 } },
      })),
    );
    let finished = 0;
    const replies = await Promise.all(
      jobs.map(async (job, index): Promise<RunReply> => {
        let reply: RunReply;
        try {
          reply = decodeExact(await job.waitUntilFinished(events)) as RunReply;
        } catch (err) {
          reply = { ok: false, text: `memspice: ${describeRun(plan, index)} failed on every attempt: ${err instanceof Error ? err.message : String(err)}`, exitCode: 2 };
        }
        options.onRunFinished?.(++finished, plan.runs.length);
        return reply;
      }),
    );
    // The results are in hand: the jobs need not stay in Redis.
    await Promise.all(jobs.map((job) => job.remove().catch(() => undefined)));
    const failures = replies.flatMap((r, index) => (r.ok ? [] : [{ index, text: r.text, exitCode: r.exitCode }]));
    if (failures.length > 0) {
      const text = failures.map((f) => `${describeRun(plan, f.index)}: ${f.text}`).join('\n') + `\nmemspice: ${failures.length} of ${plan.runs.length} runs failed`;
      throw new RunFailure(text, Math.max(...failures.map((f) => f.exitCode)), failures[0].index);
    }
    const outputs: RunOutput[] = [];
    for (const r of replies) {
      if (!r.ok) continue;
      for (const w of r.warnings) options.onWarning?.(w);
      outputs.push(r.output);
    }
    return mergeRuns(plan, outputs);
  } finally {
    await events.close();
    await queue.close();
    await quit(queueClient, eventsClient);
  }
}

interface WorkerArgs {
  queue: string;
  jobs: number;
  stallSeconds: number;
  idleExitSeconds?: number;
}

function parseWorkerArgs(args: string[], io: Io): WorkerArgs | null {
  let queue: string | undefined;
  let jobs = defaultJobs();
  let stallSeconds = 30;
  let idleExitSeconds: number | undefined;
  const positive = (flag: string, v: string | undefined, whole: boolean): number | null => {
    const n = v === undefined ? NaN : Number(v);
    if (!(n > 0) || !Number.isFinite(n) || (whole && !Number.isInteger(n))) {
      io.stderr.write(`memspice: ${flag} needs a ${whole ? 'whole number' : 'number'} > 0${v === undefined ? '' : `, got '${v}'`}\n`);
      return null;
    }
    return n;
  };
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? args[++k];
    if (flag === '--queue') queue = value();
    else if (flag === '--jobs' || flag === '-j') {
      const n = positive('--jobs', value(), true);
      if (n === null) return null;
      jobs = n;
    } else if (flag === '--stall-timeout') {
      const n = positive('--stall-timeout', value(), false);
      if (n === null) return null;
      stallSeconds = n;
    } else if (flag === '--idle-exit') {
      const n = positive('--idle-exit', value(), false);
      if (n === null) return null;
      idleExitSeconds = n;
    } else {
      io.stderr.write(`memspice: unknown option '${a}' for worker (memspice worker --help)\n`);
      return null;
    }
  }
  if (queue === undefined || !/^rediss?:\/\//.test(queue)) {
    io.stderr.write(`memspice: worker needs --queue redis://host:port${queue === undefined ? '' : `, got '${queue}'`}\n`);
    return null;
  }
  return { queue, jobs, stallSeconds, ...(idleExitSeconds !== undefined ? { idleExitSeconds } : {}) };
}

/** `memspice worker`: executes queued runs on a pool of `--jobs` threads until SIGINT/SIGTERM (or --idle-exit). */
export async function workerCommand(args: string[], io: Io, module: PoolModule): Promise<number> {
  const parsed = parseWorkerArgs(args, io);
  if (!parsed) return 1;
  const pool = createPool(module, parsed.jobs);
  const client = redisClient(parsed.queue);
  let active = 0;
  let lastActivity = Date.now();
  const worker = new Worker<JobData, string>(
    QUEUE_NAME,
    async (job: Job<JobData, string>) => {
      active++;
      // One line per job on stderr: the worker's log (which machine ran what, and what a dead worker held).
      io.stderr.write(`memspice worker: job ${job.id} (${job.data.request.file} run ${job.data.index}) started\n`);
      try {
        const reply = (await pool.run({ request: job.data.request, index: job.data.index } satisfies RunTask)) as RunReply;
        io.stderr.write(`memspice worker: job ${job.id} ${reply.ok ? 'done' : 'failed in the netlist or simulation (reported to the submitter)'}\n`);
        return encodeExact(reply);
      } finally {
        active--;
        lastActivity = Date.now();
      }
    },
    {
      connection: client,
      concurrency: parsed.jobs,
      // The lock is renewed every lockDuration/2 by this thread's event loop, which the runs (on the pool's
      // threads) never block; a dead worker's jobs are moved back to the queue within about twice this time.
      lockDuration: parsed.stallSeconds * 1000,
      stalledInterval: parsed.stallSeconds * 1000,
      maxStalledCount: ATTEMPTS,
    },
  );
  worker.on('error', (err) => io.stderr.write(`memspice worker: ${err.message}\n`));
  await worker.waitUntilReady();
  io.stderr.write(`memspice worker: ${parsed.jobs} thread(s) on ${parsed.queue}\n`);
  await new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      clearInterval(idleTimer);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    const idleTimer = setInterval(() => {
      if (parsed.idleExitSeconds !== undefined && active === 0 && Date.now() - lastActivity > parsed.idleExitSeconds * 1000) stop();
    }, 200);
  });
  // Runs in progress finish and report before the worker leaves.
  await worker.close();
  await pool.destroy();
  await quit(client);
  return 0;
}
