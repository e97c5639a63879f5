/** `.tran 0 tstop` and `.tran tstop`: the step is left to the simulator (tstep = (tstop - tstart)/50). */
import { describe, expect, it } from 'vitest';
import { circuit, expectCircuitError } from '../parse/helpers.ts';
import { column, run } from '../helpers.ts';

describe('.tran with tstep 0 or omitted', () => {
  it('tstep 0 and a lone tstop both become (tstop - tstart)/50', () => {
    expect(circuit('t\nR1 a 0 1\n.tran 0 5m\n').analyses[0]).toMatchObject({ type: 'tran', tstep: 5e-3 / 50, tstop: 5e-3, tstart: 0 });
    expect(circuit('t\nR1 a 0 1\n.tran 5m\n').analyses[0]).toMatchObject({ type: 'tran', tstep: 5e-3 / 50, tstop: 5e-3 });
    expect(circuit('t\nR1 a 0 1\n.tran 0 5m 1m\n').analyses[0]).toMatchObject({ tstep: 4e-3 / 50, tstart: 1e-3 });
    expect(circuit('t\nR1 a 0 1\n.tran 5m uic\n').analyses[0]).toMatchObject({ tstop: 5e-3, uic: true });
  });

  it('RC charging under .tran 0 5m follows 1 - exp(-t/RC)', () => {
    const [tran] = run('rc\nV1 in 0 PWL(0 0 1n 1)\nR1 in out 1k\nC1 out 0 1u\n.tran 0 5m\n.print tran v(out)\n').analyses;
    const t = column(tran, 'time');
    const v = column(tran, 'v(out)');
    expect(t[t.length - 1]).toBeCloseTo(5e-3, 15);
    // The default tolerances (reltol 1e-3) keep the local error near 1e-3 of the 1 V swing; 2e-3 allows for
    // its accumulation over the run and the 1 ns ramp (1e-6 of tau).
    for (let k = 0; k < t.length; k++) if (t[k] > 1e-6) expect(Math.abs(v[k] - (1 - Math.exp(-t[k] / 1e-3)))).toBeLessThan(2e-3);
    // tmax = tstep = tstop/50 bounds every step.
    for (let k = 1; k < t.length; k++) expect(t[k] - t[k - 1]).toBeLessThanOrEqual(5e-3 / 50 * (1 + 1e-12));
  });

  it('a negative tstep or a missing tstop is an error at its column', () => {
    expectCircuitError('t\nR1 a 0 1\n.tran -1 5m\n', 3, 7, /\.tran tstep must not be negative, got -1/);
    expectCircuitError('t\nR1 a 0 1\n.tran uic\n', 3, 1, /\.tran needs \[tstep\] tstop \[tstart \[tmax\]\] \[uic\], got 0 items/);
  });
});
