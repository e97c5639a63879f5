/** Runs one netlist under a time budget and classifies what happened. */
import { NetlistError, SimulationError } from '../../src/base/errors.ts';
import { simulate } from '../../src/simulate.ts';

/** Thrown from the progress callback when a run exceeds its budget: the mutant runs, just too long for a test. */
export class BudgetExceeded extends Error {}

export type Outcome =
  | { kind: 'ran'; nonFinite: boolean; warned: boolean }
  | { kind: 'NetlistError' | 'SimulationError' | 'budget'; message: string }
  | { kind: 'crash'; message: string };

export function runWithBudget(text: string, cwd: string, file: string, budgetMs: number): Outcome {
  const start = performance.now();
  let warned = false;
  try {
    const result = simulate(text, {
      cwd,
      file,
      onWarning: () => {
        warned = true;
      },
      onProgress: () => {
        if (performance.now() - start > budgetMs) throw new BudgetExceeded();
      },
    });
    const nonFinite = result.analyses.some((a) => a.data.some((row) => row.some((v) => !Number.isFinite(v))));
    return { kind: 'ran', nonFinite, warned };
  } catch (e) {
    if (e instanceof BudgetExceeded) return { kind: 'budget', message: 'budget' };
    if (e instanceof NetlistError) return { kind: 'NetlistError', message: e.message };
    if (e instanceof SimulationError) return { kind: 'SimulationError', message: e.message };
    const err = e as Error;
    return { kind: 'crash', message: `${err?.name}: ${err?.message}\n${(err?.stack ?? '').split('\n').slice(1, 6).join('\n')}` };
  }
}
