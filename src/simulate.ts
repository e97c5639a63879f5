/**
 * The library entry point: netlist text in, plain result data out. Nothing is written anywhere; the CLI
 * decides what to do with the result. Errors are NetlistError (the input) or SimulationError (the run).
 */
import type { Circuit } from './circuit/circuit.ts';
import { elaborate, resolveSteps } from './circuit/elaborate.ts';
import { Simulator } from './engine/simulator.ts';
import type { LinearSolverFactory } from './engine/linear/solver.ts';
import { runAc } from './analysis/ac.ts';
import { runDc } from './analysis/dc.ts';
import { checkMeasures } from './analysis/measure.ts';
import { runOp } from './analysis/op.ts';
import type { AnalysisResult, ProgressListener, SimulationResult } from './analysis/results.ts';
import { runTran } from './analysis/tran.ts';
import { parseNetlist } from './parse/index.ts';
import { NetlistError } from './errors.ts';

export interface SimulateOptions {
  /** Directory that relative .include paths resolve against. */
  cwd?: string;
  /** Name used in messages (file path as the user wrote it). */
  file?: string;
  onProgress?: ProgressListener;
  onWarning?: (message: string) => void;
  /** Force a linear solver (tests, benchmarks); automatic otherwise. */
  solver?: LinearSolverFactory;
  /** Receives each Simulator after its run (benchmarks read statistics). */
  onSimulator?: (sim: Simulator) => void;
}

export function runAnalyses(sim: Simulator, circuit: Circuit, onProgress?: ProgressListener): AnalysisResult[] {
  const results: AnalysisResult[] = [];
  checkMeasures(sim, circuit);
  for (const spec of circuit.analyses) {
    switch (spec.type) {
      case 'op':
        results.push(runOp(sim, circuit, spec));
        break;
      case 'dc':
        results.push(runDc(sim, circuit, spec, onProgress));
        break;
      case 'ac':
        results.push(runAc(sim, circuit, spec, onProgress));
        break;
      case 'tran':
        results.push(runTran(sim, circuit, spec, onProgress));
        break;
    }
  }
  return results;
}

export function simulate(netlistText: string, options: SimulateOptions = {}): SimulationResult {
  const ast = parseNetlist(netlistText, { file: options.file ?? '<netlist>', cwd: options.cwd ?? process.cwd() });
  const steps = resolveSteps(ast);
  const combos = stepCombinations(steps);
  let title = '';
  const analyses: AnalysisResult[] = [];
  for (const combo of combos) {
    const circuit = elaborate(ast, combo ?? undefined);
    title = circuit.title;
    if (circuit.analyses.length === 0) throw new NetlistError(`no analysis in ${options.file ?? 'the netlist'}`);
    if (combo === combos[0]) warnAcWithoutSource(circuit, options.onWarning);
    for (const w of circuit.warnings) options.onWarning?.(`${w.loc.file}:${w.loc.line}:${w.loc.column}: warning: ${w.message}`);
    const sim = new Simulator(circuit, options.solver);
    const results = runAnalyses(sim, circuit, options.onProgress);
    for (const w of sim.warnings) options.onWarning?.(w.loc ? `${w.loc.file}:${w.loc.line}:${w.loc.column}: warning: ${w.message}` : `warning: ${w.message}`);
    options.onSimulator?.(sim);
    for (const r of results) analyses.push(combo ? { ...r, step: { ...combo } } : r);
  }
  return { title, analyses };
}

/** `.ac` with no source that has an AC magnitude computes all zeros: almost certainly a forgotten `AC 1`. */
function warnAcWithoutSource(circuit: Circuit, onWarning: SimulateOptions['onWarning']): void {
  const ac = circuit.analyses.find((a) => a.type === 'ac');
  if (!ac || circuit.elements.some((e) => (e.source?.acMag ?? 0) !== 0)) return;
  const { file, line, column } = ac.loc;
  onWarning?.(`${file}:${line}:${column}: warning: .ac without an AC source (no V or I with AC mag): every small-signal result is 0`);
}

/** Every combination of .step values (outer loop = first .step line); [null] without .step. */
function stepCombinations(steps: ReturnType<typeof resolveSteps>): Array<Record<string, number> | null> {
  if (steps.length === 0) return [null];
  let combos: Array<Record<string, number>> = [{}];
  for (const step of steps) {
    const next: Array<Record<string, number>> = [];
    for (const c of combos) for (const v of step.values) next.push({ ...c, [step.param]: v });
    combos = next;
  }
  return combos;
}
