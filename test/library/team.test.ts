/**
 * netlists/models/team.lib (TEAM, Kvatinsky et al., IEEE TCAS-I 2013) against the test's own integration of the TEAM
 * equations (test/library/references.ts). The library's parameter set (the Pickett-model fit) with one change: the ON
 * threshold ion = -115 uA instead of -8.9 uA, so that under a 1 V sine the state stays inside (0, 1) (with -8.9 uA the
 * ON branch drives x to the window's end within the first negative half-cycle, and the
 * loop's area at 10 f is larger than at f: both frequencies saturate the switching).
 *
 * Why not the published ion = -8.9 uA (measured, reltol 1e-9, steps <= T/4000 as in every library test): memspice
 * then deviates 1.5e-2 of the peak current from the reference, at t = 3.0689 s, inside the second ON switching. The
 * reference is converged (rtol 1e-11 against 1e-13: 1.6e-10), and the threshold is no kink to step over: the rate
 * rises as (i/ion - 1)^3 from zero, continuous with two derivatives. The cause is the conditioning of the problem
 * itself: the ON switching is a runaway (x falls, R falls, |i| and with it the rate grow as the cube of |i|/|ion|,
 * here up to 500^3), so a state error before it is amplified through it. The test below measures that with the
 * reference alone: a state perturbation of 1e-9 at t = 3.04 s changes the current by 9.0e-6 of the peak (4.4e-7 from
 * t = 3.0), against 3.9e-9 with ion = -115 uA. memspice's state error entering the switching is ~5e-8 at t = 3.0 (its
 * local-error tolerance is relative to the largest rate the state has had, ~1e4 /s at the first switching, so the
 * slow onset is resolved to ~1e-8 per step): amplified, 1.5e-2. Tightening does not get there at any practical cost:
 * reltol 1e-11 gives 2.7e-4 (525650 steps), steps <= T/40000 at reltol 1e-9 give 3.0e-3; 1e-6 would need a state
 * accurate to ~1e-13 through the onset. So the loop test uses ion = -115 uA, where the same amplification is 3.9 and
 * the problem is well conditioned; the published set's runaway is checked on the reference below.
 */
import { describe, expect, it } from 'vitest';
import { integrate } from '../reference/ode.ts';
import { loopSuite } from './loop.ts';
import { team, type TeamParams } from './references.ts';

const PUBLISHED: TeamParams = { ron: 50, roff: 1e3, won: 0, woff: 3e-9, koff: 8e-13, kon: -8e-13, aoff: 3, aon: 3, ioff: 115e-6, ion: -8.9e-6, woffw: 3e-9, wonw: 0, wc: 1.07e-12, x0: 0.5 };

loopSuite({
  title: 'TEAM under a 1 V, 0.5 Hz sine',
  device: '.include "models/team.lib"\nYTEAM m1 a 0 ion=-115u',
  probe: { current: 'i(m1)', sign: 1, state: 'x(m1)' },
  reference: team({ ...PUBLISHED, ion: -115e-6 }),
  drive: { amplitude: 1, frequency: 0.5 },
  // Below threshold the TEAM state does not move, so its DC value is undetermined: start from init (x0 = 0.5).
  uic: true,
});

describe('TEAM under a 1 V, 0.5 Hz sine: the conditioning that rules out the published ion for a 1e-6 comparison', () => {
  /**
   * Largest change of the current (relative to its peak) over [t0, 2 T] when the state at t0 is moved by 1e-9, both
   * runs integrated by the test's Radau IIA at rtol 1e-13 (its own error, 1e-12, is far below what is measured).
   */
  function amplification(params: TeamParams, t0: number): number {
    const model = team(params);
    const v = (t: number): number => Math.sin(Math.PI * t);
    const settings = { rtol: 1e-13, atol: [1e-15], maxStep: 1e-3, dense: true };
    const before = integrate((t, y, dydt) => model.rhs(v(t), y, dydt), model.y0, t0, settings).y;
    const x0 = before[before.length - 1]![0]!;
    const from = (dx: number) => integrate((t, y, dydt) => model.rhs(v(t + t0), y, dydt), [x0 + dx], 4 - t0, settings);
    const a = from(0);
    const b = from(1e-9).sol!;
    // At the accepted steps of the unperturbed run (they crowd into the switching front, where the difference peaks).
    let change = 0;
    let peak = 0;
    for (const t of a.stepTimes) {
      const i = model.current(v(t + t0), a.sol!(t));
      change = Math.max(change, Math.abs(i - model.current(v(t + t0), b(t))));
      peak = Math.max(peak, Math.abs(i));
    }
    return change / peak;
  }

  it('a 1e-9 state error at t = 3.04 s moves the current by more than 1e-6 with ion = -8.9 uA, by less than 1e-8 with -115 uA', () => {
    // Measured 9.0e-6 and 3.9e-9: the bounds are a factor 9 and 2.6 away; the factor of 2300 between them is the point.
    expect(amplification(PUBLISHED, 3.04)).toBeGreaterThan(1e-6);
    expect(amplification({ ...PUBLISHED, ion: -115e-6 }, 3.04)).toBeLessThan(1e-8);
  });
});
