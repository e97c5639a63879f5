/**
 * Fuzz worker: runs mutants `from` .. `from + count - 1` and reports each before and after it runs, so the
 * parent can name the mutant that hangs (no report in time) or exhausts memory (the worker dies).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { baseNetlists, mutant, NETLIST_DIR } from './mutate.ts';
import { runWithBudget } from './outcome.ts';

const { seed, from, count, budgetMs } = workerData as { seed: number; from: number; count: number; budgetMs: number };
const bases = baseNetlists();
for (let index = from; index < from + count; index++) {
  const m = mutant(bases, seed, index);
  parentPort?.postMessage({ type: 'start', index });
  const outcome = runWithBudget(m.text, NETLIST_DIR, m.base, budgetMs);
  parentPort?.postMessage({ type: 'done', index, outcome });
}
parentPort?.postMessage({ type: 'finished' });
