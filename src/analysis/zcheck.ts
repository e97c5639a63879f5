/**
 * zcheck, the library side: for every .ac of a circuit and every voltage source with an AC value, the impedance
 * z(V) the .ac analysis gives (the engine's linearisation of each device, state rows included) against the
 * closed-form one (src/models/networkImpedance.ts, from the closed forms the device definitions carry), both with
 * every AC source driving, with the relative difference per frequency. The command is src/cli/zcheck.ts.
 */
import type { AnalysisSpec, Circuit } from '../circuit/circuit.ts';
import { elaborate, resolveSteps, stepCombinations } from '../circuit/elaborate.ts';
import { defaultRegistry, type DeviceRegistry } from '../devices/index.ts';
import { Simulator } from '../engine/simulator.ts';
import { NetlistError } from '../base/errors.ts';
import { closedFormImpedances, isVoltageSource, requireClosedForms } from '../models/networkImpedance.ts';
import type { parseNetlist } from '../parse/index.ts';
import { runAc } from './ac.ts';
import { operatingPoint } from './op.ts';

export interface ZcheckRow {
  freq: number;
  simulated: [number, number];
  closedForm: [number, number];
  relativeDifference: number;
}

export interface ZcheckResult {
  /** The AC voltage source whose impedance is compared. */
  source: string;
  /** .step values of this run, if any. */
  step?: Record<string, number>;
  rows: ZcheckRow[];
  maxRelativeDifference: number;
}

/**
 * Every .ac of the circuit: simulated z(V) against the closed form for each AC voltage source. `devices` is the
 * registry the circuit was elaborated with: it builds the simulated devices and gives their closed forms. An
 * element whose definition has no closed form is a NetlistError naming it, raised before any simulation.
 */
export function zcheckCircuit(
  circuit: Circuit,
  step?: Record<string, number>,
  devices: DeviceRegistry = defaultRegistry(),
): ZcheckResult[] {
  const acSpecs = circuit.analyses.filter((a): a is Extract<AnalysisSpec, { type: 'ac' }> => a.type === 'ac');
  if (acSpecs.length === 0) throw new NetlistError('zcheck: the netlist has no .ac analysis');
  const sources = circuit.elements.filter((e) => isVoltageSource(e, devices) && (e.source?.acMag ?? 0) !== 0);
  if (sources.length === 0) throw new NetlistError('zcheck: no voltage source with an AC value drives the circuit');
  // Before any solve: an element without a closed form is reported by name, not after an operating point and a sweep.
  requireClosedForms(circuit, devices);
  const results: ZcheckResult[] = [];
  for (const spec of acSpecs) {
    const sim = new Simulator(circuit, undefined, devices);
    // One operating point serves both sides: the .ac linearises at it, the closed forms are evaluated at it.
    const y = operatingPoint(sim, '.ac operating point', spec.loc, circuit);
    const bias = (node: string): number => (node === '0' || node === 'gnd' ? 0 : y[sim.system.nodeIndex.get(node) as number]);
    const signals = sources.map((v) => ({ fn: 'z', args: [v.name], loc: spec.loc }));
    const probe: Circuit = { ...circuit, measures: [], prints: [{ analysis: 'ac', signals, loc: spec.loc }] };
    const ac = runAc(sim, probe, spec, undefined, y);
    const freqs = ac.data.map((row) => row[0]);
    const exact = closedFormImpedances(circuit, bias, freqs, devices);
    sources.forEach((source, s) => {
      let max = 0;
      const rows = ac.data.map((row, k) => {
        const [re, im] = [row[1 + 2 * s], row[2 + 2 * s]];
        const z = exact.get(source.name)![k];
        const diff = Math.hypot(re - z.re, im - z.im) / Math.hypot(z.re, z.im);
        max = Math.max(max, diff);
        return { freq: row[0], simulated: [re, im] as [number, number], closedForm: [z.re, z.im] as [number, number], relativeDifference: diff };
      });
      results.push({ source: source.name, ...(step ? { step } : {}), rows, maxRelativeDifference: max });
    });
  }
  return results;
}

/** Every .step combination of a parsed netlist (outer loop = first .step line), or the nominal circuit. */
export function zcheckNetlist(ast: ReturnType<typeof parseNetlist>, devices: DeviceRegistry = defaultRegistry()): ZcheckResult[] {
  return stepCombinations(resolveSteps(ast)).flatMap((combo) => zcheckCircuit(elaborate(ast, { devices, overrides: combo }), combo, devices));
}
