/**
 * Chord Newton (factor reuse across iterations and time steps) against full Newton: the residual is exact
 * in both, so both converge to the same transient; only the number of factorisations differs.
 */
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../src/circuit/elaborate.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { Simulator } from '../../src/engine/simulator.ts';
import { parseNetlist } from '../../src/parse/index.ts';
import { runAnalyses } from '../../src/simulate.ts';
import type { AnalysisResult } from '../../src/analysis/results.ts';

// A MEMDIODE (tau0 = 10 ms) driven through 1 Ohm by a 1 V pulse: the state moves from its rest value 0.5
// to near 1 within a few ms and relaxes back after the pulse. The corners (1, 2, 12, 13 ms) and tstop are hit
// exactly by both runs, so values there can be compared without interpolation.
const NETLIST = `chord vs full Newton
V1 in 0 PULSE(0 1 1m 1m 1m 10m 40m)
R1 in a 1
YMEMDIODE p1 a 0 tau0=10m
.options reltol=1e-6
.tran 0.1m 30m
.print tran v(a) x(p1) i(v1)
`;

function transient(chord: boolean): { result: AnalysisResult; sim: Simulator } {
  const circuit = elaborate(parseNetlist(NETLIST), { devices: defaultRegistry() });
  const sim = new Simulator(circuit);
  sim.work.factors.chordEnabled = chord;
  const [result] = runAnalyses(sim, circuit);
  return { result, sim };
}

function valueAt(result: AnalysisResult, name: string, time: number): number {
  const row = result.data.find((r) => Math.abs(r[0] - time) <= 1e-12 * Math.max(1, time));
  if (!row) throw new Error(`no time point ${time}`);
  return row[result.columns.indexOf(name)];
}

describe('chord Newton reproduces full Newton', () => {
  it('MEMDIODE pulse transient: same values at every corner, fewer factorisations', () => {
    const full = transient(false);
    const chord = transient(true);
    // Full Newton refactors in every iteration of a nonlinear circuit; chord Newton must save most of them
    // (otherwise this test would compare full Newton with itself).
    expect(full.sim.work.factorizations).toBe(full.sim.stats.newtonIterations);
    expect(chord.sim.work.factorizations).toBeLessThan(0.5 * chord.sim.stats.newtonIterations);
    // Where the two runs take the same steps they solve the same discrete equations, and differ only by
    // what each Newton leaves (within reltol * |y|, |y| <= 1 here); where their steps differ, by their
    // truncation errors, which the error control keeps near reltol of the amplitude (1) too. So they must
    // agree to reltol = 1e-6 (measured: ~1e-10).
    for (const time of [1e-3, 2e-3, 12e-3, 13e-3, 30e-3]) {
      for (const name of ['v(a)', 'x(p1)', 'i(v1)']) {
        const a = valueAt(full.result, name, time);
        const b = valueAt(chord.result, name, time);
        expect(Math.abs(a - b), `${name} at ${time}`).toBeLessThanOrEqual(1e-6);
      }
    }
    // The state really switched, so the comparison covers the nonlinear regime.
    expect(valueAt(full.result, 'x(p1)', 12e-3) - valueAt(full.result, 'x(p1)', 1e-3)).toBeGreaterThan(0.4);
  });
});
