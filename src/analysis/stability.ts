/**
 * .stability SRC start stop step [max=N]: the operating point followed along a sweep of a source's DC value (by
 * ./continuation.ts, around folds), the `max` rightmost poles at every point (./poles.ts), and the bifurcations
 * between points located on the branch:
 *  - Hopf: a complex pair crosses Re s = 0 (the number of unstable pairs changes between two points). Located by
 *    regula falsi on the real part of that pair along the branch; reported with the pair's frequency, whether the
 *    point is stable just above it, and the sign of the first Lyapunov coefficient (./stabilityLyapunov.ts).
 *  - fold: the branch turns back in the swept value (a real pole crosses 0 there); located by the continuation.
 */
import type { AnalysisSpec, Circuit } from '../circuit/circuit.ts';
import { NetlistError, SimulationError } from '../base/errors.ts';
import type { Simulator } from '../engine/simulator.ts';
import { BranchTracer, traceBranch, type BranchPoint } from './continuation.ts';
import type { Pole } from './eigen.ts';
import { firstLyapunovCoefficient } from './stabilityLyapunov.ts';
import { pencilAt, polesOf, refineOperatingPoint } from './poles.ts';
import type { AnalysisResult, Bifurcation, ProgressListener } from './results.ts';

/** A swept value the analyses can set: a source's DC value (or anything exposing sweepValue). */
export function sweepHandle(sim: Simulator, source: string, what: string, loc: AnalysisSpec['loc']): { set(v: number): void; original: number } {
  const device = sim.device(source);
  if (!device?.sweepValue) throw new NetlistError(`${what}: '${source}' is not a sweepable source (a V or I source, or a resistor)`, loc);
  const handle = device.sweepValue;
  return {
    original: handle.get(),
    set: (v: number): void => {
      handle.set(v);
      if (handle.changesMatrix) sim.matrixChanged();
    },
  };
}

/** Pole count with Re s > 0: complex pairs (counted once) and real poles. */
function unstableCounts(poles: Pole[]): { pairs: number; real: number } {
  let pairs = 0;
  let real = 0;
  for (const p of poles) {
    if (!(p.re > 0)) continue;
    if (p.im > 0) pairs++;
    else if (p.im === 0) real++;
  }
  return { pairs, real };
}

/** The upper members of the complex pairs, rightmost first. */
function upperPairs(poles: Pole[]): Pole[] {
  return poles.filter((p) => p.im > 0).sort((a, b) => b.re - a.re);
}

export function runStability(sim: Simulator, circuit: Circuit, spec: Extract<AnalysisSpec, { type: 'stability' }>, progress?: ProgressListener): AnalysisResult {
  const { sweep, max, loc } = spec;
  const handle = sweepHandle(sim, sweep.source, '.stability', loc);
  const what = `.stability ${sweep.source}`;
  const polesAt = new Map<BranchPoint, Pole[]>();
  const poles = (p: BranchPoint): Pole[] => {
    let list = polesAt.get(p);
    if (list === undefined) {
      handle.set(p.lambda);
      list = polesOf(sim, pencilAt(sim, p.y), max, `${what} at ${sweep.source} = ${p.lambda}`, loc);
      polesAt.set(p, list);
    }
    return list;
  };
  const rows: Array<{ lambda: number; poles: Pole[] }> = [];
  const bifurcations: Bifurcation[] = [];
  const y = sim.initialGuess();
  sim.resetDevices();
  const tracer = new BranchTracer(sim, handle.set, what, loc);
  const span = Math.abs(sweep.stop - sweep.start) || 1;
  try {
    handle.set(sweep.start);
    sim.solveDc(y, { what: `${what} at ${sweep.source} = ${sweep.start}`, loc, time: 0, dcSources: true });
    traceBranch(
      tracer,
      sweep,
      y,
      {
        point: (p) => {
          sim.acceptPoint(p.y);
          rows.push({ lambda: p.lambda, poles: poles(p) });
          progress?.('stability', Math.min(1, Math.abs(p.lambda - sweep.start) / span));
        },
        fold: (p, before, after) => {
          const stableAfter = unstableCounts(poles(after)).real + unstableCounts(poles(after)).pairs === 0;
          void before;
          bifurcations.push({ kind: 'fold', value: p.lambda, stable_above: stableAfter });
        },
        segment: (a, b) => {
          const ca = unstableCounts(poles(a));
          const cb = unstableCounts(poles(b));
          if (ca.pairs === cb.pairs) return;
          const hopf = locateHopf(tracer, a, b, poles);
          if (!hopf) return;
          const { point, omega } = hopf;
          const increasing = b.lambda > a.lambda;
          const stableAbove = (increasing ? cb : ca).pairs + (increasing ? cb : ca).real === 0;
          const bif: Bifurcation = { kind: 'hopf', value: point.lambda, omega, stable_above: stableAbove };
          handle.set(point.lambda);
          const l1 = firstLyapunovCoefficient(sim, point.y, omega);
          if (l1 !== undefined) {
            bif.lyapunov = l1.value;
            bif.criticality = l1.value < -l1.error ? 'supercritical' : l1.value > l1.error ? 'subcritical' : 'degenerate';
          }
          bifurcations.push(bif);
        },
      },
      what,
      loc,
    );
  } finally {
    handle.set(handle.original);
  }
  return stabilityTable(sweep.source, max, rows.map((r) => ({ value: r.lambda, poles: r.poles })), bifurcations);
}

/**
 * The Hopf point between a and b: where the real part of the pair that changes side crosses 0 along the branch.
 * The pair is the k-th rightmost at both ends, k the first rank at which the signs differ.
 */
function locateHopf(tracer: BranchTracer, a: BranchPoint, b: BranchPoint, poles: (p: BranchPoint) => Pole[]): { point: BranchPoint; omega: number } | null {
  const pa = upperPairs(poles(a));
  const pb = upperPairs(poles(b));
  const rank = pa.findIndex((p, k) => pb[k] !== undefined && Math.sign(p.re) !== Math.sign(pb[k].re));
  if (rank < 0) return null;
  const g = (p: BranchPoint): number => upperPairs(poles(p))[rank]?.re ?? NaN;
  const point = tracer.locate(a, b, g, pa[rank].re, pb[rank].re);
  if (!point) throw new SimulationError(`Hopf point between ${a.lambda} and ${b.lambda}: the corrector failed on the branch`);
  const pair = upperPairs(poles(point))[rank];
  return { point, omega: pair.im };
}

/** The circuit elaborated again with the swept `.param` at `value` (built by the caller, which holds the netlist). */
export type CircuitAtParam = (value: number) => Simulator;

/** A point of a `.param` sweep: its own circuit, the operating point there and its rightmost poles. */
interface ParamPoint {
  value: number;
  sim: Simulator;
  y: Float64Array;
  poles: Pole[];
}

/** Most regula falsi steps for one bifurcation: Illinois halves the bracket at least every third step. */
const MAX_REFINE_STEPS = 200;

/**
 * .stability param NAME start stop step: as runStability, but the swept value is a `.param`, so every point is a
 * circuit of its own (elaborated again, as a `.step` run is) and the branch is followed by natural-parameter
 * stepping: each operating point is Newton-started from the previous point's solution. Unlike the source sweep,
 * no arclength continuation: a `.param` may change any element, model or subcircuit, and the tracer's bordered
 * Newton needs d f / d lambda of one loaded source. Past a fold the solve fails or jumps to another branch, and
 * that jump is not reported (the current-clamped NDR MEMDIODE jumps between its two stable branches unnoticed). A
 * real pole crossing 0 between two points is reported as kind 'fold', located on the re-elaborated circuits like
 * a Hopf point.
 */
export function runStabilityParam(spec: Extract<AnalysisSpec, { type: 'stability' }>, circuitAt: CircuitAtParam, progress?: ProgressListener): AnalysisResult {
  const { sweep, max, loc } = spec;
  const what = `.stability param ${sweep.source}`;
  let labels: readonly string[] | undefined;
  const solveAt = (value: number, guess: Float64Array | undefined): ParamPoint => {
    const sim = circuitAt(value);
    const y = sim.initialGuess();
    // Continuation needs one unknown vector for all points: the parameter may change values, never the layout.
    labels ??= sim.system.labels;
    const changed = sim.system.labels.length !== labels.length || sim.system.labels.some((l, k) => l !== labels![k]);
    if (changed) throw new NetlistError(`${what}: at ${sweep.source} = ${value} the circuit has other unknowns than at ${sweep.start} (the parameter changes the circuit's structure): sweep only values`, loc);
    if (guess) y.set(guess);
    sim.resetDevices();
    const at = `${what} at ${sweep.source} = ${value}`;
    sim.solveDc(y, { what: at, loc, time: 0, dcSources: true });
    // The DC solve stops at reltol; the poles (and the crossings located on them) need the point to 1e-14, as .poles.
    refineOperatingPoint(sim, y);
    return { value, sim, y, poles: polesOf(sim, pencilAt(sim, y), max, at, loc) };
  };
  const count = sweep.start === sweep.stop ? 1 : Math.floor((sweep.stop - sweep.start) / sweep.step + 1e-9) + 1;
  const points: ParamPoint[] = [];
  const bifurcations: Bifurcation[] = [];
  for (let k = 0; k < count; k++) {
    const value = k === count - 1 && count > 1 ? sweep.stop : sweep.start + k * sweep.step;
    const previous = points[points.length - 1];
    const point = solveAt(value, previous?.y);
    points.push(point);
    progress?.('stability', (k + 1) / count);
    if (!previous) continue;
    const ca = unstableCounts(previous.poles);
    const cb = unstableCounts(point.poles);
    if (ca.pairs !== cb.pairs) {
      const rank = crossingRank(upperPairs(previous.poles), upperPairs(point.poles));
      const hopf = rank < 0 ? null : refineCrossing(previous, point, (p) => upperPairs(p.poles)[rank]?.re ?? NaN, solveAt);
      if (hopf) {
        const omega = upperPairs(hopf.poles)[rank].im;
        const bif: Bifurcation = { kind: 'hopf', value: hopf.value, omega, stable_above: cb.pairs + cb.real === 0 };
        const l1 = firstLyapunovCoefficient(hopf.sim, hopf.y, omega);
        if (l1 !== undefined) {
          bif.lyapunov = l1.value;
          bif.criticality = l1.value < -l1.error ? 'supercritical' : l1.value > l1.error ? 'subcritical' : 'degenerate';
        }
        bifurcations.push(bif);
      }
    }
    if (ca.real !== cb.real) {
      const rank = crossingRank(realPoles(previous.poles), realPoles(point.poles));
      const fold = rank < 0 ? null : refineCrossing(previous, point, (p) => realPoles(p.poles)[rank]?.re ?? NaN, solveAt);
      if (fold) bifurcations.push({ kind: 'fold', value: fold.value, stable_above: cb.pairs + cb.real === 0 });
    }
  }
  return stabilityTable(sweep.source, max, points, bifurcations);
}

/** The `stability` result: the swept value, then re and im of the `max` rightmost poles at every point. */
function stabilityTable(swept: string, max: number, points: ReadonlyArray<{ value: number; poles: Pole[] }>, bifurcations: Bifurcation[]): AnalysisResult {
  const width = Math.min(max, points.length > 0 ? points[0].poles.length : 0);
  const columns = [swept];
  for (let k = 1; k <= width; k++) columns.push(`re(p${k})`, `im(p${k})`);
  const data = points.map((p) => {
    const row = [p.value];
    for (let k = 0; k < width; k++) row.push(p.poles[k]?.re ?? NaN, p.poles[k]?.im ?? NaN);
    return row;
  });
  return { type: 'stability', columns, data, bifurcations };
}

/** The real poles, rightmost first. */
function realPoles(poles: Pole[]): Pole[] {
  return poles.filter((p) => p.im === 0).sort((a, b) => b.re - a.re);
}

/** The first rank at which the poles' real parts at two points have opposite signs (-1: none). */
function crossingRank(a: Pole[], b: Pole[]): number {
  return a.findIndex((p, k) => b[k] !== undefined && Math.sign(p.re) !== Math.sign(b[k].re));
}

/**
 * Where g (a pole's real part) crosses 0 between points a and b, by Illinois regula falsi on circuits elaborated at
 * the trial values, each solve started from the nearer bracket end's operating point. Stops when the bracket is
 * 1e-12 of the value wide (the analysis promises 1e-9 relative) or g is exactly 0.
 */
function refineCrossing(a: ParamPoint, b: ParamPoint, g: (p: ParamPoint) => number, solveAt: (value: number, guess: Float64Array) => ParamPoint): ParamPoint | null {
  let lo = a;
  let hi = b;
  let gLo = g(lo);
  let gHi = g(hi);
  if (!(Math.sign(gLo) * Math.sign(gHi) < 0)) return null;
  const span = Math.abs(b.value - a.value);
  let retained = 0; // which end the last two steps kept (Illinois: halve the kept end's g if it is kept twice)
  for (let step = 0; step < MAX_REFINE_STEPS; step++) {
    const tolerance = 1e-12 * Math.max(Math.abs(lo.value), Math.abs(hi.value), 1e-3 * span);
    if (Math.abs(hi.value - lo.value) <= tolerance) break;
    let value = hi.value - (gHi * (hi.value - lo.value)) / (gHi - gLo);
    // A trial value outside the bracket (rounding) falls back to bisection.
    if (!(value > Math.min(lo.value, hi.value) && value < Math.max(lo.value, hi.value))) value = 0.5 * (lo.value + hi.value);
    const nearer = Math.abs(value - lo.value) < Math.abs(value - hi.value) ? lo : hi;
    const p = solveAt(value, nearer.y);
    const gp = g(p);
    if (gp === 0) return p;
    if (!Number.isFinite(gp)) return null;
    if (Math.sign(gp) === Math.sign(gLo)) {
      lo = p;
      gLo = gp;
      if (retained === 1) gHi /= 2;
      retained = 1;
    } else {
      hi = p;
      gHi = gp;
      if (retained === -1) gLo /= 2;
      retained = -1;
    }
  }
  return Math.abs(g(lo)) < Math.abs(g(hi)) ? lo : hi;
}
