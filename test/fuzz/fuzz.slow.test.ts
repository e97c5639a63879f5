/** The long fuzz campaign (`npm run test:slow`): more mutants, a larger budget per run. */
import { describe, it } from 'vitest';
import { checkCampaign } from './check.ts';

describe('fuzzing netlists/ (long)', () => {
  it('30,000 mutants run or fail with NetlistError / SimulationError', async () => {
    await checkCampaign(7_919, 30_000, 50);
  });
});
