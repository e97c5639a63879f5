/**
 * Runs a fuzz campaign in a worker thread with a watchdog: a mutant that takes longer than `hangMs` (wall
 * clock, far above the per-run budget) is reported as a hang, one that kills the worker (heap limit) as out
 * of memory. The campaign then continues after it in a fresh worker.
 */
import { Worker } from 'node:worker_threads';
import type { Outcome } from './outcome.ts';

export interface Failure {
  index: number;
  problem: string;
}

export interface CampaignReport {
  counts: Record<string, number>;
  failures: Failure[];
  /** Mutants that ran to the end with NaN or infinite values and no warning (checkCampaign fails on them). */
  silentNonFinite: number[];
}

type Message = { type: 'start'; index: number } | { type: 'done'; index: number; outcome: Outcome } | { type: 'finished' };

function runSlice(seed: number, from: number, count: number, budgetMs: number, hangMs: number, heapMb: number, report: CampaignReport): Promise<number> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: { seed, from, count, budgetMs },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    let current = from;
    let settled = false;
    let started = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        report.failures.push({ index: current, problem: `no result within ${hangMs} ms (hang)` });
        finish(current + 1);
      }, hangMs);
    };
    const finish = (next: number): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(next);
    };
    // Starting the worker (loading tsx and the simulator) is not a mutant's time.
    timer = setTimeout(() => finish(from), 60_000);
    worker.on('message', (m: Message) => {
      if (m.type === 'start') {
        started = true;
        current = m.index;
        arm();
      } else if (m.type === 'done') {
        const kind = m.outcome.kind;
        report.counts[kind] = (report.counts[kind] ?? 0) + 1;
        if (m.outcome.kind === 'crash') report.failures.push({ index: m.index, problem: m.outcome.message });
        if (m.outcome.kind === 'ran' && m.outcome.nonFinite && !m.outcome.warned) report.silentNonFinite.push(m.index);
        current = m.index + 1;
      } else finish(from + count);
    });
    // A worker that dies before its first mutant would die again: stop the campaign instead of retrying.
    const afterDeath = (): number => (started ? current + 1 : from + count + Number.MAX_SAFE_INTEGER);
    worker.on('error', (e) => {
      report.failures.push({ index: current, problem: `worker died: ${e.message}` });
      finish(afterDeath());
    });
    worker.on('exit', () => {
      if (!settled) report.failures.push({ index: current, problem: 'worker exited (out of memory or a fatal error)' });
      finish(afterDeath());
    });
  });
}

export async function campaign(seed: number, count: number, options: { budgetMs: number; hangMs: number; heapMb: number }): Promise<CampaignReport> {
  const report: CampaignReport = { counts: {}, failures: [], silentNonFinite: [] };
  let next = 0;
  while (next < count) next = await runSlice(seed, next, count - next, options.budgetMs, options.hangMs, options.heapMb, report);
  return report;
}
