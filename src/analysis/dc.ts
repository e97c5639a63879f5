/**
 * .dc: nested sweeps of source values (or any device exposing a sweep value). Each point starts Newton
 * from the previous solution; the full fallback ladder of solveDc applies where continuation fails.
 */
import type { AnalysisSpec, Circuit, DcSweepSpec } from '../circuit/circuit.ts';
import { NetlistError } from '../base/errors.ts';
import type { Simulator } from '../engine/simulator.ts';
import type { AnalysisResult, ProgressListener } from './results.ts';
import { planMeasures } from './measure/plan.ts';
import { applyNodesets } from './nodeset.ts';
import { requestedSignals, resolveRealSignal } from './signals.ts';
import { BranchTracer, traceBranch } from './continuation.ts';
import { pencilAt, polesOf } from './poles.ts';
import type { Bifurcation } from './results.ts';

export function sweepValues(s: DcSweepSpec): number[] {
  const count = Math.floor((s.stop - s.start) / s.step + 1e-9) + 1;
  const values: number[] = [];
  for (let k = 0; k < count; k++) values.push(s.start + k * s.step);
  // Include the stop value when rounding left it just out.
  const last = values[values.length - 1];
  if (Math.abs(last - s.stop) > 1e-9 * Math.abs(s.step) && (s.stop - last) / s.step > 0.5) values.push(s.stop);
  return values;
}

export function runDc(
  sim: Simulator,
  circuit: Circuit,
  spec: Extract<AnalysisSpec, { type: 'dc' }>,
  progress?: ProgressListener,
): AnalysisResult {
  const sweeps = spec.sweeps.map((s) => {
    const device = sim.device(s.source);
    if (!device?.sweepValue) throw new NetlistError(`.dc: '${s.source}' is not a sweepable source`, spec.loc);
    const handle = device.sweepValue;
    const set = (v: number): void => {
      handle.set(v);
      if (handle.changesMatrix) sim.matrixChanged();
    };
    return { spec: s, handle: { get: handle.get, set }, original: handle.get(), values: sweepValues(s) };
  });
  const measured = planMeasures(sim, circuit, 'dc', requestedSignals(sim, circuit, 'dc'));
  const signals = measured.signals.map((s) => resolveRealSignal(sim, s));
  const columns = [...sweeps.map((s) => s.spec.source), ...signals.map((s) => s.column)];
  const data: number[][] = [];
  const inner = sweeps[0];
  const outer = sweeps[1];
  const outerValues = outer ? outer.values : [NaN];
  const total = inner.values.length * outerValues.length;
  const y = sim.initialGuess();
  sim.resetDevices();
  if (sim.options.continuation === 'arclength') {
    if (outer) throw new NetlistError('.options continuation=arclength follows one swept source: give .dc a single sweep (or nest it in .step)', spec.loc);
    return measured.finish(arclengthDc(sim, circuit, spec, inner, signals.map((s) => (at: Float64Array) => s.value(at, 0, true, null)), columns, y, progress));
  }
  try {
    for (const ov of outerValues) {
      if (outer) outer.handle.set(ov);
      for (const iv of inner.values) {
        inner.handle.set(iv);
        const where = outer ? `${inner.spec.source} = ${iv}, ${outer.spec.source} = ${ov}` : `${inner.spec.source} = ${iv}`;
        if (data.length === 0) applyNodesets(sim, circuit, y, { what: `.dc at ${where}`, loc: spec.loc, time: 0, dcSources: true });
        sim.solveDc(y, { what: `.dc at ${where}`, loc: spec.loc, time: 0, dcSources: true });
        sim.acceptPoint(y);
        if (data.length === 0) sim.testJacobians(y, 0, true, `.dc at ${where}`);
        const row = outer ? [iv, ov] : [iv];
        for (const s of signals) row.push(s.value(y, 0, true, null));
        data.push(row);
        progress?.('dc', data.length / total);
      }
    }
  } finally {
    for (const s of sweeps) s.handle.set(s.original);
  }
  return measured.finish({ type: 'dc', columns, data });
}

/**
 * `.options continuation=arclength`: the branch through the start value traced by pseudo-arclength continuation
 * (./continuation.ts), around the folds where a natural-parameter sweep stops converging or jumps. Rows are the
 * traced points in branch order (the grid values where the branch is monotone, more points around a fold,
 * the fold points themselves), so the swept column is not monotone through an S-shaped curve. The folds are
 * listed as `bifurcations` with the stability of the branch after each (from its rightmost poles).
 */
function arclengthDc(
  sim: Simulator,
  circuit: Circuit,
  spec: Extract<AnalysisSpec, { type: 'dc' }>,
  sweep: { spec: DcSweepSpec; handle: { set(v: number): void }; original: number },
  values: Array<(y: Float64Array) => number>,
  columns: string[],
  y: Float64Array,
  progress?: ProgressListener,
): AnalysisResult {
  const what = `.dc ${sweep.spec.source}`;
  const data: number[][] = [];
  const bifurcations: Bifurcation[] = [];
  const span = Math.abs(sweep.spec.stop - sweep.spec.start) || 1;
  try {
    sweep.handle.set(sweep.spec.start);
    applyNodesets(sim, circuit, y, { what: `${what} = ${sweep.spec.start}`, loc: spec.loc, time: 0, dcSources: true });
    sim.solveDc(y, { what: `${what} = ${sweep.spec.start}`, loc: spec.loc, time: 0, dcSources: true });
    const tracer = new BranchTracer(sim, sweep.handle.set, what, spec.loc);
    traceBranch(
      tracer,
      sweep.spec,
      y,
      {
        point: (p) => {
          sweep.handle.set(p.lambda);
          sim.acceptPoint(p.y);
          const row = [p.lambda];
          for (const value of values) row.push(value(p.y));
          data.push(row);
          progress?.('dc', Math.min(1, Math.abs(p.lambda - sweep.spec.start) / span));
        },
        fold: (p, _before, after) => {
          sweep.handle.set(after.lambda);
          const poles = polesOf(sim, pencilAt(sim, after.y), 6, `${what} = ${after.lambda}`, spec.loc);
          bifurcations.push({ kind: 'fold', value: p.lambda, stable_above: poles.every((q) => !(q.re > 0)) });
        },
      },
      what,
      spec.loc,
    );
  } finally {
    sweep.handle.set(sweep.original);
  }
  return { type: 'dc', columns, data, bifurcations };
}
