/** Analyses whose size is a typo (a step of 1e-300, a tstop of 1e300) fail at once instead of exhausting memory. */
import { describe, expect, it } from 'vitest';
import { SimulationError } from '../../src/base/errors.ts';
import { run } from '../helpers.ts';
import { circuit, expectCircuitError } from '../parse/helpers.ts';

describe('sweep and waveform sizes', () => {
  it('.dc with a step of 1e-300 is a located error, not a 2.5e300-point list', () => {
    expectCircuitError('t\nV1 u 0 0\nR1 u 0 1k\n.dc V1 -1.5 1 1e-300\n', 4, 15, /\.dc v1 would make .* points, more than 1000000: use a larger step/);
  });

  it('.ac with more than a million frequencies is a located error', () => {
    // 1e6 points per decade over 3 decades: 3e6 frequencies.
    expectCircuitError('t\nV1 u 0 AC 1\nR1 u 0 1k\n.ac dec 1meg 1 1k\n', 4, 9, /\.ac would make 3000000 frequencies, more than 1000000/);
    expectCircuitError('t\nV1 u 0 AC 1\nR1 u 0 1k\n.ac lin 2meg 1 1k\n', 4, 9, /\.ac would make 2000000 frequencies/);
  });

  it('the limit is a million points: 0..1 by 1e-6 (1,000,001 points) is over, 0..0.999999 is not', () => {
    expectCircuitError('t\nV1 u 0 0\nR1 u 0 1k\n.dc V1 0 1 1e-6\n', 4, 12, /would make 1000001 points/);
    expect(() => circuit('t\nV1 u 0 0\nR1 u 0 1k\n.dc V1 0 0.999999 1e-6\n')).not.toThrow();
  });

  it('.tran 10u 1e300 with a periodic PULSE fails at once with the reason', () => {
    const t0 = performance.now();
    let caught: unknown;
    try {
      run('t\nV1 in 0 PULSE(0 1 0 1n 1n 10m 20m)\nR1 in 0 1k\n.tran 10u 1e300\n');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SimulationError);
    expect((caught as Error).message).toMatch(/PULSE period 0\.02 s repeats 5\.0e\+301 times before 1e\+300 s, more than 1e\+7/);
    // Listing the corners took 34 s before; the error comes before any work. 5 s allows a loaded machine.
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
