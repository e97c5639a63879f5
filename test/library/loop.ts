/**
 * Shared pieces of the model-library tests (test/library/*.test.ts): a device of netlists/models/ driven by a sine,
 * compared with the test's own integration of the same equations.
 *
 * Each test writes its model's equations again, from the paper, as a `ReferenceModel` (the state equations and the
 * terminal response as plain TypeScript), integrates them with the Radau IIA reference integrator
 * (test/reference/ode.ts) at rtol 1e-11, and compares memspice's terminal response with it on memspice's output time
 * points. The drive is a voltage sine across the device (the response is its current) or, for a current-controlled
 * model, a current sine through it (the response is its voltage). The norm is
 * max_k |r_sim(t_k) - r_ref(t_k)| / max_k |r_ref(t_k)| over the simulated interval, r the response.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { integrate } from '../reference/ode.ts';
import { column, maxAbs, run } from '../helpers.ts';
import { deviationFromReference, interp } from '../helpers/numeric.ts';

/** The netlists directory: library files are included as "models/<file>.lib" from a netlist that lives there. */
export const NETLISTS = path.resolve(import.meta.dirname, '../../netlists');

/**
 * A device's equations as the test writes them: y' M = rhs(u, y), r = response(u, y), with u the drive: the terminal
 * voltage (r the current) for a voltage drive, the terminal current (r the voltage) for a current drive.
 */
export interface ReferenceModel {
  /** Initial values of the unknowns (states, and algebraic unknowns such as an internal node voltage). */
  y0: number[];
  /** Mass diagonal: 1 for a state, 0 for an algebraic row; default all 1. */
  mass?: number[];
  rhs(u: number, y: Float64Array, dydt: Float64Array): void;
  response(u: number, y: Float64Array): number;
  /** Absolute tolerance per unknown for the reference integration (the scale at which the unknown is resolved). */
  atol: number[];
}

/** u(t) = offset + amplitude sin(2 pi frequency t): SPICE's SIN(offset amplitude frequency). */
export interface Sine {
  amplitude: number;
  frequency: number;
  /** Default 0. */
  offset?: number;
}

export function sine(drive: Sine): (t: number) => number {
  const omega = 2 * Math.PI * drive.frequency;
  const offset = drive.offset ?? 0;
  return (t) => offset + drive.amplitude * Math.sin(omega * t);
}

/** Dense reference solution over [0, cycles / f] and the response it implies. */
export function referenceLoop(model: ReferenceModel, drive: Sine, cycles: number): { response: (t: number) => number; state: (t: number) => Float64Array } {
  const v = sine(drive);
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
  return { response: (t) => model.response(v(t), sol(t)), state: sol };
}

/** How a library test reads memspice's output: the current column (with its sign) and the state column. */
export interface Probe {
  /** e.g. `i(m1)` (the device's own current), or `i(v1)` with sign -1 (the source's, SPICE's convention). */
  current: string;
  sign: 1 | -1;
  state: string;
}

/** What drives the device (between node a and ground): a voltage source across it or a current source through it. */
export type Source = 'voltage' | 'current';

/** memspice's output: the drive u and the response r (voltage and current, in the order the source decides). */
export interface SimulatedLoop {
  time: number[];
  drive: number[];
  response: number[];
  state: number[];
}

/**
 * memspice on `netlist` (a netlist text that includes the library file); its `.tran` must print v(a) and the probe's
 * columns. The netlist is read as if it lived in netlists/, so `.include "models/x.lib"` finds the library.
 */
export function simulateLoop(netlist: string, probe: Probe, source: Source = 'voltage'): SimulatedLoop {
  const [tran] = run(netlist, { cwd: NETLISTS }).analyses;
  const voltage = column(tran, 'v(a)');
  const current = column(tran, probe.current).map((i) => probe.sign * i);
  return {
    time: column(tran, 'time'),
    drive: source === 'voltage' ? voltage : current,
    response: source === 'voltage' ? current : voltage,
    state: column(tran, probe.state),
  };
}

/**
 * The source line: `V1 a 0 SIN(...)` sets v(a); `I1 0 a SIN(...)` drives its current from ground through the source
 * into node a (SPICE's I n+ n-: positive current leaves n- into the circuit), so it flows through the device from a
 * to ground, the device's own positive direction.
 */
export function sourceLine(source: Source, drive: Sine): string {
  const waveform = `SIN(${drive.offset ?? 0} ${drive.amplitude} ${drive.frequency})`;
  return source === 'voltage' ? `V1 a 0 ${waveform}` : `I1 0 a ${waveform}`;
}

/**
 * The conditioning of a loop problem, on the reference alone: the largest change of the response (relative to its
 * peak) over [t0, 2 T] when the state at t0 is moved by 1e-9, both runs integrated by the test's Radau IIA at rtol
 * 1e-13 (its own error, 1e-12, is far below what is measured). memspice's state is accurate to ~1e-9 at reltol 1e-9;
 * where this exceeds 1e-6 no practical tolerance gives a 1e-6 comparison.
 */
export function stateErrorAmplification(model: ReferenceModel, drive: Sine, t0: number): number {
  const u = sine(drive);
  const end = 2 / drive.frequency;
  const settings = { rtol: 1e-13, atol: [1e-15], maxStep: 5e-4 / drive.frequency, dense: true };
  const before = integrate((t, y, dydt) => model.rhs(u(t), y, dydt), model.y0, t0, settings).y;
  const x0 = before[before.length - 1]![0]!;
  const from = (dx: number) => integrate((t, y, dydt) => model.rhs(u(t + t0), y, dydt), [x0 + dx], end - t0, settings);
  const a = from(0);
  const b = from(1e-9).sol!;
  // At the accepted steps of the unperturbed run (they crowd into the switching front, where the difference peaks).
  let change = 0;
  let peak = 0;
  for (const t of a.stepTimes) {
    const r = model.response(u(t + t0), a.sol!(t));
    change = Math.max(change, Math.abs(r - model.response(u(t + t0), b(t))));
    peak = Math.max(peak, Math.abs(r));
  }
  return change / peak;
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
  return deviationFromReference(sim.time, sim.response, reference).err;
}

/**
 * Area enclosed by the loop of the cycle that starts at t0 = k T (k >= 0 integer, so u(t0) = offset, rising):
 * the integral over u of |r_rising(u) - r_falling(u)|, r the response. For u = U0 + A sin(w t), the rising branch at
 * t in [t0 - T/4, t0 + T/4] and the falling branch at t' = 2 t0 + T/2 - t have the same drive, so the area is the
 * integral over that quarter-to-quarter interval of |r(t) - r(t')| u'(t) dt (trapezoidal, n points).
 */
export function loopArea(response: (t: number) => number, drive: Sine, t0: number, n = 4000): number {
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
    area += w * Math.abs(response(t) - response(partner)) * dv * h;
  }
  return area;
}

/** A function of time from memspice's output points (linear interpolation). */
export function sampled(time: number[], values: number[]): (t: number) => number {
  return (t) => interp(time, values, t);
}

/**
 * The response where the drive crosses zero, linearly interpolated between the two output points that straddle each
 * crossing: a pinched loop passes through the origin, so these are 0 up to the interpolation error.
 */
export function responsesAtZeroDrive(sim: SimulatedLoop): number[] {
  const out: number[] = [];
  for (let k = 1; k < sim.time.length; k++) {
    const u0 = sim.drive[k - 1]!;
    const u1 = sim.drive[k]!;
    if (u0 === 0) out.push(sim.response[k - 1]!);
    else if (u0 * u1 < 0) {
      const s = u0 / (u0 - u1);
      out.push(sim.response[k - 1]! + s * (sim.response[k]! - sim.response[k - 1]!));
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
  /** Default 'voltage'. For 'current' the reference's drive u is the device current and its response the voltage. */
  source?: Source;
  /** Start the transient from the states' init values (models whose DC state is undetermined at V = 0). */
  uic: boolean;
}

/**
 * The three checks every library model gets: (1) the loop under the sine at f matches the test's own integration to
 * 1e-6 (norm of `loopDeviation`), also at 10 f; (2) the loop is open (hysteresis), pinched (the response vanishes
 * where the drive does) and its area at 10 f is strictly smaller than at f; (3) memspice's loop areas agree with the
 * reference's.
 */
export function loopSuite(suite: LoopSuite): void {
  const cycles = 2;
  const source = suite.source ?? 'voltage';
  const response = source === 'voltage' ? 'current' : 'voltage';
  const drives = [suite.drive, { ...suite.drive, frequency: 10 * suite.drive.frequency }];
  describe(suite.title, () => {
    const sims: SimulatedLoop[] = [];
    const refs: Array<(t: number) => number> = [];
    const refStates: Array<(t: number) => Float64Array> = [];
    beforeAll(() => {
      for (const drive of drives) {
        const netlist = `${suite.title}\n${suite.device}\n${sourceLine(source, drive)}\n${tightTransient(drive, cycles, suite.uic)}.print tran v(a) ${suite.probe.current} ${suite.probe.state}\n.end\n`;
        sims.push(simulateLoop(netlist, suite.probe, source));
        const ref = referenceLoop(suite.reference, drive, cycles);
        refs.push(ref.response);
        refStates.push(ref.state);
      }
    });

    for (const [k, label] of ['f', '10 f'].entries()) {
      it(`the loop at ${label} matches the reference integration to 1e-6 of the peak ${response}`, () => {
        expect(loopDeviation(sims[k]!, refs[k]!)).toBeLessThan(1e-6);
        // The state too (it lies in [0, 1]): within 1e-6 absolute at every output point.
        const sim = sims[k]!;
        const stateError = maxAbs(sim.time.map((t, j) => sim.state[j]! - refStates[k]!(t)[0]!));
        expect(stateError).toBeLessThan(1e-6);
      });
    }

    it(`the loop is pinched: the ${response} vanishes at every zero of the drive (to 1e-6 of its peak)`, () => {
      for (const sim of sims) {
        const peak = maxAbs(sim.response);
        const atZero = responsesAtZeroDrive(sim);
        // A sine of two periods with |offset| < amplitude crosses zero at least 3 times (at T/2, T, 3T/2 without an
        // offset, where it also starts at 0; twice in each period with one).
        expect(atZero.length).toBeGreaterThanOrEqual(3);
        // 1e-6: linear interpolation across a crossing between points at most T/4000 apart is off by
        // ~(2 pi / 4000)^2 / 8 ~ 3e-7 of the peak, and the response itself matches the reference to 1e-6.
        for (const r of atZero) expect(Math.abs(r) / peak).toBeLessThan(1e-6);
      }
    });

    it('the loop is open at f, and its area at 10 f is strictly smaller; memspice\'s areas agree with the reference\'s', () => {
      // The second cycle (t0 = T): the first one starts from the initial state, not from the loop.
      const areas = drives.map((drive, k) => loopArea(sampled(sims[k]!.time, sims[k]!.response), drive, 1 / drive.frequency));
      const refAreas = drives.map((drive, k) => loopArea(refs[k]!, drive, 1 / drive.frequency));
      const peak = maxAbs(sims[0]!.response);
      // Open: the area is at least 1 % of the rectangle A x max|r| (a closed curve would give ~1e-7 here).
      expect(areas[0]! / (suite.drive.amplitude * peak)).toBeGreaterThan(1e-2);
      expect(areas[1]!).toBeLessThan(areas[0]!);
      // 1e-4: the area from memspice's points is integrated through linear interpolation (error ~3e-7 of the
      // integrand), over a difference of two branches that can be a few % of the response each.
      for (const k of [0, 1]) expect(Math.abs(areas[k]! - refAreas[k]!) / refAreas[k]!).toBeLessThan(1e-4);
    });
  });
}
