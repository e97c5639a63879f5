/**
 * netlists/models/team.lib (TEAM, Kvatinsky et al., IEEE TCAS-I 2013) against the test's own integration of the TEAM
 * equations (test/library/references.ts), with the library's parameter set as shipped.
 *
 * TEAM is a current-controlled memristive system (TCAS-I 2013 eqs 1-2: dw/dt = f(w, i), v = R(w) i), so the published
 * set is tested under a sinusoidal current through the device: the rate depends on the drive, not on the state, and
 * the state simply integrates it. The current is i = 0.8 mA + 1 mA sin(2 pi f t): its excursions beyond the two
 * thresholds (down to -0.2 mA = 22 ion, up to 1.8 mA = 16 ioff) move the state by about the same amount each way
 * (0.24 of the range per cycle at f = 1 Hz), so the state swings between 0.50 and 0.74, well inside (0, 1), and
 * returns to within 0.002 of where the cycle began; a symmetric sine would only switch ON (the ON threshold is 13 times
 * lower) and drive the state to its end.
 *
 * Under a voltage sine the published ion = -8.9 uA is another problem (measured, reltol 1e-9, steps <= T/4000 as in
 * every library test): memspice then deviates 1.5e-2 of the peak current from the reference, at t = 3.0689 s, inside
 * the second ON switching. The reference is converged (rtol 1e-11 against 1e-13: 1.6e-10), and the threshold is no
 * kink to step over: the rate rises as (i/ion - 1)^3 from zero, continuous with two derivatives. The cause is the
 * conditioning of the problem itself: the ON switching is a runaway (x falls, R falls, |i| and with it the rate grow
 * as the cube of |i|/|ion|, here up to 500^3), so a state error before it is amplified through it. The test below
 * measures that with the reference alone: a state perturbation of 1e-9 at t = 3.04 s changes the current by 9.0e-6
 * of the peak (4.4e-7 from t = 3.0), against 3.9e-9 with ion = -115 uA. memspice's state error entering the switching
 * is ~5e-8 at t = 3.0 (its local-error tolerance is relative to the largest rate the state has had, ~1e4 /s at the
 * first switching, so the slow onset is resolved to ~1e-8 per step): amplified, 1.5e-2. Tightening does not get there
 * at any practical cost: reltol 1e-11 gives 2.7e-4 (525650 steps), steps <= T/40000 at reltol 1e-9 give 3.0e-3; 1e-6
 * would need a state accurate to ~1e-13 through the onset. So the voltage-driven loop test uses ion = -115 uA, where
 * the same amplification is 3.9e-9 and the problem is well conditioned: it still checks the device as most netlists
 * use it, between two nodes of a voltage-driven circuit, where its current comes from its own state.
 */
import { describe, expect, it } from 'vitest';
import { loopSuite, stateErrorAmplification, type Sine } from './loop.ts';
import { team, teamCurrentDriven, type TeamParams } from './references.ts';

/** netlists/models/team.lib's defaults. */
const PUBLISHED: TeamParams = { ron: 50, roff: 1e3, won: 0, woff: 3e-9, koff: 8e-13, kon: -8e-13, aoff: 3, aon: 3, ioff: 115e-6, ion: -8.9e-6, woffw: 3e-9, wonw: 0, wc: 1.07e-12, x0: 0.5 };

const CURRENT_DRIVE: Sine = { offset: 0.8e-3, amplitude: 1e-3, frequency: 1 };
const VOLTAGE_DRIVE: Sine = { amplitude: 1, frequency: 0.5 };

loopSuite({
  title: 'TEAM (published set) driven by a 0.8 mA + 1 mA, 1 Hz current sine',
  device: '.include "models/team.lib"\nYTEAM m1 a 0',
  probe: { current: 'i(m1)', sign: 1, state: 'x(m1)' },
  reference: teamCurrentDriven(PUBLISHED),
  drive: CURRENT_DRIVE,
  source: 'current',
  // At t = 0 the drive is 0.8 mA, beyond ioff: the state is moving, so there is no operating point of the whole
  // device. Without uic the operating point holds the state at init (x0 = 0.5) and solves the node voltage, which the
  // first output point then shows (with uic it would be the initial guess v(a) = 0, not the device's 0.42 V).
  uic: false,
});

loopSuite({
  title: 'TEAM (ion = -115 uA) under a 1 V, 0.5 Hz voltage sine',
  device: '.include "models/team.lib"\nYTEAM m1 a 0 ion=-115u',
  probe: { current: 'i(m1)', sign: 1, state: 'x(m1)' },
  reference: team({ ...PUBLISHED, ion: -115e-6 }),
  drive: VOLTAGE_DRIVE,
  // Below threshold the TEAM state does not move, so its DC value is undetermined: start from init (x0 = 0.5).
  uic: true,
});

describe('TEAM: the conditioning of each loop problem, measured on the reference (a 1e-9 state error, how far it carries)', () => {
  it('under the voltage sine, with ion = -8.9 uA more than 1e-6 of the peak current, with -115 uA less than 1e-8', () => {
    // Measured 9.0e-6 and 3.9e-9: the bounds are a factor 9 and 2.6 away; the factor of 2300 between them is the point.
    expect(stateErrorAmplification(team(PUBLISHED), VOLTAGE_DRIVE, 3.04)).toBeGreaterThan(1e-6);
    expect(stateErrorAmplification(team({ ...PUBLISHED, ion: -115e-6 }), VOLTAGE_DRIVE, 3.04)).toBeLessThan(1e-8);
  });

  it('under the current sine, with the published set, less than 1e-8 of the peak voltage (no runaway)', () => {
    // t0 = 1.6 s: just before the second ON switching (i < ion for t in (1.650, 1.850) s). The state error is carried
    // unchanged (dx/dt depends on x only through the window, which is 1 inside the range), so the voltage moves by
    // i (roff - ron) 1e-9 against a peak of max(i R): measured 1.8e-9 (the bound is a factor 5.5 away), 5000 times
    // less than the voltage drive's 9.0e-6 with the same parameters.
    expect(stateErrorAmplification(teamCurrentDriven(PUBLISHED), CURRENT_DRIVE, 1.6)).toBeLessThan(1e-8);
  });
});
