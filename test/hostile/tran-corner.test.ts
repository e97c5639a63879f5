/**
 * A transient that came within 1.1 minimum steps of tstop rejected its last step forever: the error
 * estimate asked for a smaller step, the smallest step was stretched back onto tstop, and so on.
 * Found by the fuzz test (rlc_series.cir with one PULSE token deleted).
 */
import { describe, expect, it } from 'vitest';
import { run } from '../helpers.ts';

const NETLIST = `Series RLC with a PULSE that lacks its period
V1 in 0 AC 1 PULSE(0 1 0 1u 1u  100m)
R1 in a 10
L1 a b 10m
C1 b 0 1u
.tran 5u 10m
.print tran v(b) i(l1)
`;

describe('transient end', () => {
  it('reaches tstop instead of rejecting the last sliver of a step forever', () => {
    const t0 = performance.now();
    const result = run(NETLIST);
    const tran = result.analyses[0];
    expect(tran.data[tran.data.length - 1][0]).toBe(10e-3);
    // It ran forever before; 10 s is generous for about 2000 steps on a loaded machine.
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});
