/**
 * Fuzz test: seeded mutants of netlists/ either run or fail with the project's own errors (NetlistError,
 * SimulationError), never another exception, a hang or running out of memory. Each run has a time budget
 * enforced through the progress callback (a mutant over budget counts as running: it is legitimately long);
 * the watchdog in harness.ts catches what the budget cannot (work between progress reports).
 * `npm run test:slow` runs a longer campaign (fuzz.slow.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkCampaign } from './check.ts';

describe('fuzzing netlists/', () => {
  it('2000 mutants run or fail with NetlistError / SimulationError', async () => {
    await checkCampaign(20_240, 2000, 5);
  });
});
