/**
 * Public netlists from the ngspice and Xyce test suites, run unmodified by memspice and compared with what
 * ngspice computed for them (stored beside each netlist by test/compat/ngspice/regen-netlists.ts, with the
 * ngspice version). Sources and licences: test/compat/netlists/README.md.
 *
 * Tolerances, relative to the largest magnitude of the vector in ngspice's result:
 * - .op, .dc, .ac: 1e-6. These netlists are linear, so both simulators solve the same linear system to
 *   rounding; 1e-6 leaves room only for Newton stopping one iteration apart (reltol 1e-3 on an update that is
 *   already ~1e-9 for a linear circuit).
 * - .tran: memspice is interpolated linearly onto ngspice's time points. Both integrate with their own
 *   truncation-error step control (reltol 1e-3, trtol 7), so each may differ from the exact waveform by up to
 *   ~reltol of the signal; 2e-3 of the signal's maximum is the sum of the two allowances. On top of that
 *   comes the error of the linear interpolation itself, |f''|/2 (t - a)(b - t) on memspice's step [a, b],
 *   with f'' bounded by the second divided differences of ngspice's own points around that step (an
 *   independent estimate; at a corner of the input, where the derivative jumps, it is large and the point
 *   says little). A wrong source value, sign, coupling or topology is off by tens of percent.
 *
 * Seven fixtures hold ngspice run at tight tolerances, not its defaults (their `control` field, and
 * TIGHT_RUNS in regen-netlists.ts say how): Xyce's Params_D2, pmos1, bug_1455, BUG_352a, BUG_658 and
 * BUG_754 (.dc; ngspice's default Newton stop leaves it 1.1e-4 to 8.5e-4 from the solution both simulators
 * reach at reltol = 1e-12, memspice's default at most 2e-8) and mutindlin_odd_s3f5 (.tran; ngspice's default 1 us first step leaves it 5 % off in the
 * first 2 us, memspice 4e-4, against ngspice at reltol = 1e-9 with 1 ns steps, which agrees with memspice
 * at reltol = 1e-9 to 6e-8). The tolerances above are unchanged for them.
 *
 * A .tran with tstart > 0: each simulator starts its output at its own first step past tstart, so
 * ngspice's points outside memspice's output span are not compared (compare.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.ts';
import { compatNetlists, fixturePath, NETLIST_DIR, type CompatFixture } from './ngspice/regen-netlists.ts';
import { TOLERANCE, vectorChecks, worstDeviation } from './ngspice/compare.ts';

/**
 * Transient netlists compared only at the time points both simulators have (same time to 1e-9 of the
 * run), not by interpolation: their signal jumps at the input's corners (Xyce's inductor.cir: v = L di/dt
 * steps between 0 and -50 V at each corner of a current ramp), and a step of one simulator that spans a
 * jump says nothing about the value in between. Both place their points on the corners and on the
 * tstep grid, so most points are shared; at least MIN_SHARED (compare.ts) of ngspice's must be, or the test fails.
 */
const SHARED_POINTS_ONLY = new Set(['xyce/INDUCTOR-inductor.cir']);

for (const netlist of compatNetlists()) {
  const fixture = JSON.parse(readFileSync(fixturePath(netlist), 'utf8')) as CompatFixture;
  describe(`${netlist} agrees with ${fixture.ngspice}`, () => {
    const file = path.join(NETLIST_DIR, netlist);
    const result = simulate(readFileSync(file, 'latin1'), { file: path.basename(file), cwd: path.dirname(file) });
    for (const plot of fixture.plots) {
      const mine = result.analyses.find((a) => a.type === plot.type);
      // Several plots of one analysis (a fine grid early, a coarse one over the run): named by their span.
      const span = fixture.plots.filter((p) => p.type === plot.type).length > 1 ? ` on ${plot.scale[0]}..${plot.scale[plot.scale.length - 1]}` : '';
      for (const name of Object.keys(plot.vectors)) {
        it(`.${plot.type} ${name}${span}`, () => {
          expect(mine, `memspice ran no .${plot.type}`).toBeDefined();
          for (const c of vectorChecks(mine!, plot, name, SHARED_POINTS_ONLY.has(netlist))) {
            const w = worstDeviation(c.reference, c.actual, c.allowance);
            const where = c.scale.length > 0 ? ` at ${c.scale[w.at]}` : '';
            expect(w.relative, `${c.part}${name}${where}: memspice ${c.actual[w.at]}, ngspice ${c.reference[w.at]}`).toBeLessThan(TOLERANCE[plot.type]);
          }
        });
      }
    }
  });
}
