/** Runs a campaign and fails with the first reproducers (mutant number, mutations and text). */
import { expect } from 'vitest';
import { campaign } from './harness.ts';
import { baseNetlists, mutant } from './mutate.ts';

export async function checkCampaign(seed: number, count: number, budgetMs: number): Promise<void> {
  const report = await campaign(seed, count, { budgetMs, hangMs: 10_000, heapMb: 1024 });
  const bases = baseNetlists();
  const details = report.failures.slice(0, 5).map((f) => {
    const m = mutant(bases, seed, f.index);
    return `mutant ${f.index} of ${m.base} (${m.mutations.join('; ')}): ${f.problem}\n--- netlist ---\n${m.text.slice(0, 1500)}`;
  });
  const total = Object.values(report.counts).reduce((a, b) => a + b, 0);
  console.log(`fuzz seed ${seed}: ${JSON.stringify(report.counts)}; ${report.silentNonFinite.length} ran with NaN/Inf and no warning`);
  expect(details.join('\n\n'), `${report.failures.length} failing mutants`).toBe('');
  expect(total).toBe(count);
  // Every run whose results hold NaN or an infinity must have warned (simulate's non-finite warnings).
  const silent = report.silentNonFinite.slice(0, 5).map((index) => {
    const m = mutant(bases, seed, index);
    return `mutant ${index} of ${m.base} (${m.mutations.join('; ')})`;
  });
  expect(silent.join('\n'), `${report.silentNonFinite.length} mutants ran with NaN/Inf and no warning`).toBe('');
}

