/**
 * Shared pieces of the model-library tests (test/library/*.test.ts): a device of netlists/models/ driven by a sine,
 * compared with the test's own integration of the same equations.
 *
 * Each test writes its model's equations again, from the paper, as a `ReferenceModel` (the state equations and the
 * terminal current as plain TypeScript), integrates them with the Radau IIA reference integrator
 * (test/reference/ode.ts) at rtol 1e-11, and compares memspice's terminal current with it on memspice's output time
 * points. The norm is max_k |I_sim(t_k) - I_ref(t_k)| / max_k |I_ref(t_k)| over the simulated interval.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { integrate } from '../reference/ode.ts';
import { column, maxAbs, run } from '../helpers.ts';
import { deviationFromReference, interp } from '../helpers/numeric.ts';

/** The netlists directory: library files are included as "models/<file>.lib" from a netlist that lives there. */
export const NETLISTS = path.resolve(import.meta.dirname, '../../netlists');

/** A device's equations as the test writes them: y' M = rhs(v, y), I = current(v, y), with v the terminal voltage. */
export interface ReferenceModel {
  /** Initial values of the unknowns (states, and algebraic unknowns such as an internal node voltage). */
  y0: number[];
  /** Mass diagonal: 1 for a state, 0 for an algebraic row; default all 1. */
  mass?: number[];
  rhs(v: number, y: Float64Array, dydt: Float64Array): void;
  current(v: number, y: Float64Array): number;
  /** Absolute tolerance per unknown for the reference integration (the scale at which the unknown is resolved). */
  atol: number[];
}

export interface Sine {
  amplitude: number;
  frequency: number;
}

/** Dense reference solution over [0, cycles / f] and the current it implies. */
export function referenceLoop(model: ReferenceModel, drive: Sine, cycles: number): { current: (t: number) => number; state: (t: number) => Float64Array } {
  const omega = 2 * Math.PI * drive.frequency;
  const v = (t: number): number => drive.amplitude * Math.sin(omega * t);
  const period = 1 / drive.frequency;
  const result = integrate((t, y, dydt) => model.rhs(v(t), y, dydt), model.y0, cycles * period, {
    // 1e-11: five orders below the 1e-6 the comparison asks, so the reference's own error does not count.
    rtol: 1e-11,
    atol: model.atol,
    // At most 1/200 of a period per step, so that no threshold crossing of the drive is stepped over.
    maxStep: period / 200,
    mass: model.mass,
    dense: true,
  });
  const sol = result.sol!;
  return { current: (t) => model.current(v(t), sol(t)), state: sol };
}

/** How a library test reads memspice's output: the current column (with its sign) and the state column. */
export interface Probe {
  /** e.g. `i(m1)` (the device's own current), or `i(v1)` with sign -1 (the source's, SPICE's convention). */
  current: string;
  sign: 1 | -1;
  state: string;
}

export interface SimulatedLoop {
  time: number[];
  voltage: number[];
  current: number[];
  state: number[];
}

/**
 * memspice on `netlist` (a netlist text that includes the library file); its `.tran` must print v(a) and the probe's
 * columns. The netlist is read as if it lived in netlists/, so `.include "models/x.lib"` finds the library.
 */
export function simulateLoop(netlist: string, probe: Probe): SimulatedLoop {
  const [tran] = run(netlist, { cwd: NETLISTS }).analyses;
  return {
    time: column(tran, 'time'),
    voltage: column(tran, 'v(a)'),
    current: column(tran, probe.current).map((i) => probe.sign * i),
    state: column(tran, probe.state),
  };
}

/** The `.tran` and `.options` lines used for the 1e-6 comparison, for `cycles` periods of the drive. */
export function tightTransient(drive: Sine, cycles: number, uic: boolean): string {
  const period = 1 / drive.frequency;
  // reltol 1e-9 with a step of at most T/4000: memspice's own local error then stays near 1e-8 of the peak
  // current, below the 1e-6 the comparison asks (the same settings as test/accuracy/reference.test.ts).
  return `.options reltol=1e-9\n.tran ${period / 400} ${cycles * period} 0 ${period / 4000}${uic ? ' uic' : ''}\n`;
}

/** The 1e-6 norm above. */
export function loopDeviation(sim: SimulatedLoop, reference: (t: number) => number): number {
  return deviationFromReference(sim.time, sim.current, reference).err;
}

/**
 * Area enclosed by the loop of the cycle that starts at t0 = k T (k >= 0 integer, so v(t0) = 0 rising):
 * the integral over V of |I_rising(V) - I_falling(V)|. For v = A sin(w t), the rising branch at t in
 * [t0 - T/4, t0 + T/4] and the falling branch at t' = 2 t0 + T/2 - t have the same voltage, so the area is
 * the integral over that quarter-to-quarter interval of |I(t) - I(t')| v'(t) dt (trapezoidal, n points).
 */
export function loopArea(current: (t: number) => number, drive: Sine, t0: number, n = 4000): number {
  const period = 1 / drive.frequency;
  const omega = 2 * Math.PI * drive.frequency;
  const a = t0 - period / 4;
  const h = period / 2 / n;
  let area = 0;
  for (let k = 0; k <= n; k++) {
    const t = a + k * h;
    const partner = 2 * t0 + period / 2 - t;
    const dv = drive.amplitude * omega * Math.cos(omega * t);
    const w = k === 0 || k === n ? 0.5 : 1;
    area += w * Math.abs(current(t) - current(partner)) * dv * h;
  }
  return area;
}

/** A function of time from memspice's output points (linear interpolation). */
export function sampled(time: number[], values: number[]): (t: number) => number {
  return (t) => interp(time, values, t);
}

/**
 * The current where the drive crosses zero, linearly interpolated between the two output points that straddle each
 * crossing: a pinched loop passes through the origin, so these are 0 up to the interpolation error.
 */
export function currentsAtZeroVoltage(sim: SimulatedLoop): number[] {
  const out: number[] = [];
  for (let k = 1; k < sim.time.length; k++) {
    const v0 = sim.voltage[k - 1]!;
    const v1 = sim.voltage[k]!;
    if (v0 === 0) out.push(sim.current[k - 1]!);
    else if (v0 * v1 < 0) {
      const s = v0 / (v0 - v1);
      out.push(sim.current[k - 1]! + s * (sim.current[k]! - sim.current[k - 1]!));
    }
  }
  return out;
}

export interface LoopSuite {
  /** Title of the describe block. */
  title: string;
  /** Netlist lines that include the library and place the device between node a and ground (no source). */
  device: string;
  probe: Probe;
  reference: ReferenceModel;
  drive: Sine;
  /** Start the transient from the states' init values (models whose DC state is undetermined at V = 0). */
  uic: boolean;
}

/**
 * The three checks every library model gets: (1) the loop under the sine at f matches the test's own integration to
 * 1e-6 (norm of `loopDeviation`), also at 10 f; (2) the loop is open (hysteresis), pinched (the current vanishes where
 * the voltage does) and its area at 10 f is strictly smaller than at f; (3) memspice's loop areas agree with the
 * reference's.
 */
export function loopSuite(suite: LoopSuite): void {
  const cycles = 2;
  const drives = [suite.drive, { ...suite.drive, frequency: 10 * suite.drive.frequency }];
  describe(suite.title, () => {
    const sims: SimulatedLoop[] = [];
    const refs: Array<(t: number) => number> = [];
    const refStates: Array<(t: number) => Float64Array> = [];
    beforeAll(() => {
      for (const drive of drives) {
        const netlist = `${suite.title}\n${suite.device}\nV1 a 0 SIN(0 ${drive.amplitude} ${drive.frequency})\n${tightTransient(drive, cycles, suite.uic)}.print tran v(a) ${suite.probe.current} ${suite.probe.state}\n.end\n`;
        sims.push(simulateLoop(netlist, suite.probe));
        const ref = referenceLoop(suite.reference, drive, cycles);
        refs.push(ref.current);
        refStates.push(ref.state);
      }
    });

    for (const [k, label] of ['f', '10 f'].entries()) {
      it(`the loop at ${label} matches the reference integration to 1e-6 of the peak current`, () => {
        expect(loopDeviation(sims[k]!, refs[k]!)).toBeLessThan(1e-6);
        // The state too (it lies in [0, 1]): within 1e-6 absolute at every output point.
        const sim = sims[k]!;
        const stateError = maxAbs(sim.time.map((t, j) => sim.state[j]! - refStates[k]!(t)[0]!));
        expect(stateError).toBeLessThan(1e-6);
      });
    }

    it('the loop is pinched: the current vanishes at every zero of the voltage (to 1e-6 of the peak current)', () => {
      for (const sim of sims) {
        const peak = maxAbs(sim.current);
        const atZero = currentsAtZeroVoltage(sim);
        // A sine of two periods crosses zero at T/2, T, 3T/2 (and starts at 0): at least 3 crossings.
        expect(atZero.length).toBeGreaterThanOrEqual(3);
        // 1e-6: linear interpolation across a crossing between points at most T/4000 apart is off by
        // ~(2 pi / 4000)^2 / 8 ~ 3e-7 of the peak, and the current itself matches the reference to 1e-6.
        for (const i of atZero) expect(Math.abs(i) / peak).toBeLessThan(1e-6);
      }
    });

    it('the loop is open at f, and its area at 10 f is strictly smaller; memspice\'s areas agree with the reference\'s', () => {
      // The second cycle (t0 = T): the first one starts from the initial state, not from the loop.
      const areas = drives.map((drive, k) => loopArea(sampled(sims[k]!.time, sims[k]!.current), drive, 1 / drive.frequency));
      const refAreas = drives.map((drive, k) => loopArea(refs[k]!, drive, 1 / drive.frequency));
      const peak = maxAbs(sims[0]!.current);
      // Open: the area is at least 1 % of the rectangle A x max|I| (a closed curve would give ~1e-7 here).
      expect(areas[0]! / (suite.drive.amplitude * peak)).toBeGreaterThan(1e-2);
      expect(areas[1]!).toBeLessThan(areas[0]!);
      // 1e-4: the area from memspice's points is integrated through linear interpolation (error ~3e-7 of the
      // integrand), over a difference of two branches that can be a few % of the current each.
      for (const k of [0, 1]) expect(Math.abs(areas[k]! - refAreas[k]!) / refAreas[k]!).toBeLessThan(1e-4);
    });
  });
}
