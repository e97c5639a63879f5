/** .op: the DC operating point, one row. Memristive devices add their small-signal quantities. */
import type { AnalysisSpec, Circuit } from '../circuit/circuit.ts';
import type { Simulator } from '../engine/simulator.ts';
import { applyNodesets } from './nodeset.ts';
import type { AnalysisResult } from './results.ts';
import { requestedSignals, resolveRealSignal } from './signals.ts';

/** Solve the DC operating point (sources at their DC values) from the device initial guess. */
export function operatingPoint(sim: Simulator, what: string, loc?: AnalysisSpec['loc'], circuit?: Circuit): Float64Array {
  const y = sim.initialGuess();
  sim.resetDevices();
  if (circuit) applyNodesets(sim, circuit, y, { what, loc, time: 0, dcSources: true });
  sim.solveDc(y, { what, loc, time: 0, dcSources: true });
  sim.testJacobians(y, 0, true, what);
  return y;
}

export function runOp(sim: Simulator, circuit: Circuit, spec: Extract<AnalysisSpec, { type: 'op' }>): AnalysisResult {
  const y = operatingPoint(sim, 'operating point', spec.loc, circuit);
  const signals = requestedSignals(sim, circuit, 'op').map((s) => resolveRealSignal(sim, s));
  const columns = signals.map((s) => s.column);
  const row = signals.map((s) => s.value(y, 0, true, null));
  // Without an explicit .print op, every device's small-signal quantities come along (ga(p1), ...).
  if (!circuit.prints.some((p) => p.analysis === undefined || p.analysis === 'op')) {
    for (const d of sim.devices) {
      const quantities = d.opQuantities?.(y);
      if (!quantities) continue;
      for (const [key, value] of Object.entries(quantities)) {
        const column = `${key.toLowerCase()}(${d.name})`;
        if (columns.includes(column)) continue; // already printed as a signal
        columns.push(column);
        row.push(value);
      }
    }
  }
  return { type: 'op', columns, data: [row] };
}
