/**
 * .stability SRC start stop step [max=N]: the operating point followed along a sweep of a source's DC value (by
 * ./continuation.ts, around folds), the `max` rightmost poles at every point (./poles.ts), and the bifurcations
 * between points located on the branch:
 *  - Hopf: a complex pair crosses Re s = 0 (the number of unstable pairs changes between two points). Located by
 *    regula falsi on the real part of that pair along the branch; reported with the pair's frequency, whether the
 *    point is stable just above it, and the sign of the first Lyapunov coefficient (./stabilityLyapunov.ts).
 *  - fold: the branch turns back in the swept value (a real pole crosses 0 there); located by the continuation.
 * The swept value is a source's DC value, or (`.stability param`) a `.param`, the circuit elaborated again at each
 * value; both are followed by the same continuation.
 */
import type { AnalysisSpec, Circuit } from '../circuit/circuit.ts';
import { NetlistError, SimulationError } from '../base/errors.ts';
import type { Simulator } from '../engine/simulator.ts';
import { BranchTracer, traceBranch, type BranchPoint, type LambdaBinding } from './continuation.ts';
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

/**
 * One swept value as the continuation sees it: the circuit at the start, and the binding that gives the circuit at
 * any value (a source set in place, or a `.param` elaborated again).
 */
interface SweptProblem {
  /** The swept name, the table's first column. */
  label: string;
  what: string;
  start: Simulator;
  /** The circuit at a value (for a source: the same one, its value set). */
  at(value: number): Simulator;
  binding: LambdaBinding;
  /** Magnitude of the swept value (see BranchTracer). */
  scale: number;
  /** Restores what `at` changed. */
  finish(): void;
}

export function runStability(sim: Simulator, circuit: Circuit, spec: Extract<AnalysisSpec, { type: 'stability' }>, progress?: ProgressListener): AnalysisResult {
  const handle = sweepHandle(sim, spec.sweep.source, '.stability', spec.loc);
  const at = (value: number): Simulator => {
    handle.set(value);
    return sim;
  };
  return traceStability(spec, { label: spec.sweep.source, what: `.stability ${spec.sweep.source}`, start: sim, at, binding: handle.set, scale: 1, finish: () => handle.set(handle.original) }, progress);
}

/** The circuit elaborated again with the swept `.param` at `value` (built by the caller, which holds the netlist). */
export type CircuitAtParam = (value: number) => Simulator;

/**
 * Circuits elaborated at the values asked last: a corrector step loads three values (lambda and lambda +- delta),
 * a natural step iterates at one, and the poles and bifurcation checks ask again for an accepted point's value.
 */
const PARAM_CIRCUITS_KEPT = 8;

/**
 * .stability param NAME start stop step: as runStability, but the swept value is a `.param`, so every value is a
 * circuit of its own, elaborated again as a `.step` run is (a `.param` may change any element, model or
 * subcircuit). The branch is followed by the same pseudo-arclength continuation, around folds: the tracer loads
 * F at lambda from the circuit elaborated at lambda, and F_lambda by the central difference of the circuits at
 * lambda +- delta (see ./continuation.ts for its step and why its error moves neither the points nor the folds).
 * The parameter may change values only: every circuit must have the unknowns and equation pattern of the first.
 */
export function runStabilityParam(spec: Extract<AnalysisSpec, { type: 'stability' }>, circuitAt: CircuitAtParam, progress?: ProgressListener): AnalysisResult {
  const { sweep, loc } = spec;
  const what = `.stability param ${sweep.source}`;
  const kept = new Map<number, Simulator>();
  let labels: readonly string[] | undefined;
  const at = (value: number): Simulator => {
    let sim = kept.get(value);
    if (sim !== undefined) {
      // Most recently used last.
      kept.delete(value);
      kept.set(value, sim);
      return sim;
    }
    sim = circuitAt(value);
    // Continuation needs one unknown vector for all points: the parameter may change values, never the layout.
    labels ??= sim.system.labels;
    const changed = sim.system.labels.length !== labels.length || sim.system.labels.some((l, k) => l !== labels![k]);
    if (changed) throw new NetlistError(`${what}: at ${sweep.source} = ${value} the circuit has other unknowns than at ${sweep.start} (the parameter changes the circuit's structure): sweep only values`, loc);
    kept.set(value, sim);
    if (kept.size > PARAM_CIRCUITS_KEPT) kept.delete(kept.keys().next().value as number);
    return sim;
  };
  const scale = Math.max(Math.abs(sweep.start), Math.abs(sweep.stop), Math.abs(sweep.step));
  return traceStability(spec, { label: sweep.source, what, start: at(sweep.start), at, binding: at, scale, finish: () => kept.clear() }, progress);
}

/** The branch traced through the sweep, its poles at every point, the folds and Hopf points located on it. */
function traceStability(spec: Extract<AnalysisSpec, { type: 'stability' }>, problem: SweptProblem, progress?: ProgressListener): AnalysisResult {
  const { sweep, max, loc } = spec;
  const { label, what } = problem;
  const polesAt = new Map<BranchPoint, Pole[]>();
  const poles = (p: BranchPoint): Pole[] => {
    let list = polesAt.get(p);
    if (list === undefined) {
      const sim = problem.at(p.lambda);
      list = polesOf(sim, pencilAt(sim, p.y), max, `${what} at ${label} = ${p.lambda}`, loc);
      polesAt.set(p, list);
    }
    return list;
  };
  const rows: Array<{ value: number; poles: Pole[] }> = [];
  const bifurcations: Bifurcation[] = [];
  const span = Math.abs(sweep.stop - sweep.start) || 1;
  try {
    const first = problem.at(sweep.start);
    const y = first.initialGuess();
    first.resetDevices();
    first.solveDc(y, { what: `${what} at ${label} = ${sweep.start}`, loc, time: 0, dcSources: true });
    // The DC solve stops at reltol; the first point's poles need it to 1e-14, as .poles (the tracer's own
    // corrector takes every later point to 1e-11 relative update, i.e. to rounding after its quadratic step).
    refineOperatingPoint(first, y);
    const tracer = new BranchTracer(problem.start, problem.binding, what, loc, problem.scale);
    traceBranch(
      tracer,
      sweep,
      y,
      {
        point: (p) => {
          problem.at(p.lambda).acceptPoint(p.y);
          rows.push({ value: p.lambda, poles: poles(p) });
          progress?.('stability', Math.min(1, Math.abs(p.lambda - sweep.start) / span));
        },
        fold: (p, _before, after) => {
          const counts = unstableCounts(poles(after));
          bifurcations.push({ kind: 'fold', value: p.lambda, stable_above: counts.real + counts.pairs === 0 });
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
          const l1 = firstLyapunovCoefficient(problem.at(point.lambda), point.y, omega);
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
    problem.finish();
  }
  return stabilityTable(label, max, rows, bifurcations);
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
