/**
 * A PWL corner that is also a jump (two points at one time) must cost no more than a steep ramp: as in
 * SPICE the waveform holds its earlier value at the corner, the step landing on it sees a smooth input, and
 * the step after it restarts at order 1 with a small step, its error estimates using no history from before
 * the corner. (Before, the jump showed up in the step ending
 * at the corner: its error estimate rejected it again and again and ~36 steps crowded into the last 0.1 ms.)
 */
import { describe, expect, it } from 'vitest';
import { column, run } from '../helpers.ts';

const TAU = 0.1; // R1 C1 = 1k x 100u

function rc(pwl: string): { t: number[]; vin: number[]; vout: number[]; steps: number } {
  let steps = 0;
  const [tran] = run(`RC driven by a PWL\nV1 in 0 ${pwl}\nR1 in out 1k\nC1 out 0 100u\n.tran 10m 3\n.print tran v(in) v(out)\n.end\n`, {
    onSimulator: (sim) => {
      steps = sim.stats.timeSteps;
    },
  }).analyses;
  return { t: column(tran, 'time'), vin: column(tran, 'v(in)'), vout: column(tran, 'v(out)'), steps };
}

/** RC response to a unit step at t = 1 s: 1 - exp(-(t - 1)/tau). */
const stepResponse = (t: number): number => (t <= 1 ? 0 : 1 - Math.exp(-(t - 1) / TAU));

/** RC response to a 0 -> 1 ramp over [1, 1 + d]: the convolution of the ramp with exp(-t/tau)/tau. */
function rampResponse(t: number, d: number): number {
  const s = t - 1;
  if (s <= 0) return 0;
  if (s <= d) return (s - TAU * (1 - Math.exp(-s / TAU))) / d;
  return 1 - (TAU / d) * (Math.exp(-(s - d) / TAU) - Math.exp(-s / TAU));
}

describe('a PWL jump as a breakpoint', () => {
  const jump = rc('PWL(0 0 1 0 1 1 2 1)');
  const ramp = rc('PWL(0 0 1 0 1.000001 1 2 1)');

  it('takes at most 1.1x the steps of the same edge 1 us later', () => {
    // Both runs step alike except within ~10 tau after the edge; the ramp needs a few extra steps to
    // resolve its 1 us slope, so the jump may take fewer, never (by more than 10%) more.
    expect(jump.steps).toBeGreaterThan(0);
    expect(jump.steps).toBeLessThanOrEqual(1.1 * ramp.steps);
    // No crowding before the corner: at most two points in its last 0.1 ms (the ramp case has one).
    expect(jump.t.filter((t) => t > 1 - 1e-4 && t < 1).length).toBeLessThanOrEqual(2);
  });

  it('restarts after the corner in a few steps: at most 10 in the first tmax = 10 ms after it', () => {
    // The restart takes a tenth of the last step (5 ms here) and may double per step back to tmax: about
    // log2(10) + 1 = 5 steps, 10 with margin for the hysteresis. Divided differences reaching back across
    // the corner (the kink of the input) asked for ~1000x smaller steps: 14 steps, 36 before the corner
    // held its earlier value.
    expect(jump.t.filter((t) => t > 1 && t <= 1.01).length).toBeLessThanOrEqual(10);
  });

  it('lands on the corner with the earlier value (as ngspice), the later one right after', () => {
    const k = jump.t.indexOf(1);
    expect(k).toBeGreaterThan(0);
    expect(jump.vin[k]).toBe(0);
    expect(jump.vin[k + 1]).toBe(1);
  });

  it('follows the closed-form RC step response as closely as the ramp follows its own', () => {
    // Both errors are the trapezoidal error of the tmax-bounded steps (tmax = tstep = tau/10) in the decay,
    // measured 2.8e-4 each; the jump must not add error of its own (10% margin), and stays within the
    // default reltol = 1e-3 of the 1 V step that the error control targets.
    const jumpError = Math.max(...jump.t.map((t, k) => Math.abs(jump.vout[k] - stepResponse(t))));
    const rampError = Math.max(...ramp.t.map((t, k) => Math.abs(ramp.vout[k] - rampResponse(t, 1e-6))));
    expect(jumpError).toBeLessThan(1e-3);
    expect(jumpError).toBeLessThanOrEqual(1.1 * rampError);
  });
});
