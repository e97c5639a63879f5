/**
 * The Device.maxTimeStep hook: a device may bound the transient's next step from the current solution.
 * A test-only resistor asks for steps of at most 1e-3 s while its voltage exceeds 0.5 V, nothing otherwise.
 */
import { describe, expect, it } from 'vitest';
import { TwoTerminalTestDevice } from '../helpers/devices.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { column, run } from '../helpers.ts';

const BOUND = 1e-3;

class StepBoundingResistor extends TwoTerminalTestDevice {
  readonly kind = 'STEPBOUND';
  protected current(u: number): [number, number] {
    return [1e-3 * u, 1e-3];
  }
  maxTimeStep(y: Float64Array): number {
    const [p, n] = this.terminals;
    return y[p] - y[n] > 0.5 ? BOUND : Infinity;
  }
}

const devices = defaultRegistry().register({ kind: 'STEPBOUND', summary: 'test-only step-bounding resistor', terminals: 2, params: [], create: (i) => new StepBoundingResistor(i) });

describe('Device.maxTimeStep', () => {
  it('bounds every step taken from a point where the device asks for it, and only those', () => {
    // A 1 Hz sine over 1 s: v(a) > 0.5 V for t in (1/12, 5/12) s. tmax = 0.05 s elsewhere.
    const [tran] = run('bound\nV1 a 0 SIN(0 1 1)\nYSTEPBOUND s1 a 0\n.tran 1m 1 0 50m\n', { devices }).analyses;
    const t = column(tran, 'time');
    const v = column(tran, 'v(a)');
    let bounded = 0;
    let longest = 0;
    for (let k = 0; k + 1 < t.length; k++) {
      const h = t[k + 1] - t[k];
      if (v[k] > 0.5) {
        bounded++;
        expect(h, `step from t = ${t[k]}`).toBeLessThanOrEqual(BOUND * (1 + 1e-12));
      } else {
        longest = Math.max(longest, h);
      }
    }
    // About (5/12 - 1/12) / 1e-3 = 333 bounded steps; outside, the steps grow far beyond the bound.
    expect(bounded).toBeGreaterThan(300);
    expect(longest).toBeGreaterThan(5 * BOUND);
  });
});
