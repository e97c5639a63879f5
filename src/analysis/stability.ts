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
import { pencilAt, polesOf } from './poles.ts';
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
  const width = Math.min(max, rows.length > 0 ? rows[0].poles.length : 0);
  const columns = [sweep.source];
  for (let k = 1; k <= width; k++) columns.push(`re(p${k})`, `im(p${k})`);
  const data = rows.map((r) => {
    const row = [r.lambda];
    for (let k = 0; k < width; k++) row.push(r.poles[k]?.re ?? NaN, r.poles[k]?.im ?? NaN);
    return row;
  });
  return { type: 'stability', columns, data, bifurcations };
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
