/**
 * Robustness: a cold-start DC operating point and a 0 -> +-10 V step converge on
 * every memristive device with Vm = 0.05 (rates up to exp(190)), and land on the physical steady state.
 */
import { describe, expect, it } from 'vitest';
import { column, run } from '../helpers.ts';

// Time constants are short enough (<= 0.2 s) that 4 s after the step every device has settled.
const devices = [
  ['MEMDIODE rate form', 'YMEMDIODE p1 a 0 vm=0.05'],
  ['MEMDIODE relaxation form with gam', 'YMEMDIODE p1 a 0 vm=0.05 vb=0.2 vc=0.8'],
  ['CHEMIND 2-D', 'YCHEMIND p1 a 0 vm=0.05 tau=0.2'],
  ['CHEMIND 3-D', 'YCHEMIND p1 a 0 vm=0.05 tau=0.2 tauf=0.1 ic0=1'],
  ['POLCAP', 'YPOLCAP p1 a 0 vm=0.05 tau0=0.2'],
];

describe('cold start and large steps with Vm = 0.05', () => {
  for (const [label, line] of devices) {
    for (const v of [10, -10]) {
      it(`${label}: .op at ${v} V through 1 Ohm, then a 0 -> ${v} V step`, () => {
        const [op] = run(`op\nV1 in 0 DC ${v}\nR1 in a 1\n${line}\n.op\n.print op v(a) i(v1) i(p1) x(p1)\n`).analyses;
        const [tran] = run(`step\nV1 in 0 PULSE(0 ${v} 1 1u 1u 10 20)\nR1 in a 1\n${line}\n.tran 0.1 5\n.print tran v(a) x(p1)\n`).analyses;
        // KCL in the operating point: the current the device reports (its own i(p1), computed from its state and
        // terminal voltage) is the current the source delivers through R1 (-i(v1)). Only a converged nonlinear
        // solve satisfies this; the residual left is round-off (measured <= 2e-16 A), far below 1e-9 of v/R1.
        const va = column(op, 'v(a)')[0];
        const sourceCurrent = -column(op, 'i(v1)')[0];
        const deviceCurrent = column(op, 'i(p1)')[0];
        expect(Math.abs(deviceCurrent - sourceCurrent)).toBeLessThan(1e-9 * Math.abs(v));
        // After the step has settled (4 s later), the transient sits at the same operating point.
        const vEnd = column(tran, 'v(a)').at(-1) as number;
        expect(Math.abs(vEnd - va)).toBeLessThan(1e-3 * Math.abs(v));
        expect(Math.abs((column(tran, 'x(p1)').at(-1) as number) - column(op, 'x(p1)')[0])).toBeLessThan(1e-3 * Math.max(1, Math.abs(column(op, 'x(p1)')[0])));
      });
    }
  }
});
