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
