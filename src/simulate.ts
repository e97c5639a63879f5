/**
 * The library entry point: netlist text in, plain result data out. Nothing is written anywhere; the CLI
 * decides what to do with the result. Errors are NetlistError (the input) or SimulationError (the run).
 */
import type { AnalysisSpec, Circuit } from './circuit/circuit.ts';
import { runControl } from './analysis/control.ts';
import { shapeOutputs } from './analysis/printed.ts';
import { elaborate, resolveSteps, stepCombinations } from './circuit/elaborate.ts';
import { defaultRegistry, type DeviceRegistry } from './devices/index.ts';
import { withEquationDevices } from './devices/equation.ts';
import { Simulator } from './engine/simulator.ts';
import type { LinearSolverFactory } from './engine/linear/solver.ts';
import { runAc } from './analysis/ac.ts';
import { runDc } from './analysis/dc.ts';
import { checkMeasures } from './analysis/measure/plan.ts';
import { runOp } from './analysis/op.ts';
import type { AnalysisResult, ControlOutput, ProgressListener, SimulationResult } from './analysis/results.ts';
import { runTran } from './analysis/tran.ts';
import { runPss } from './analysis/pss.ts';
import { runPoles } from './analysis/poles.ts';
import { runStability } from './analysis/stability.ts';
import { nonFiniteWarnings } from './analysis/nonfinite.ts';
import { parseNetlist, type NetlistAst } from './parse/index.ts';
import { NetlistError } from './base/errors.ts';
import { plotRequests, withPlotOutputs } from './plot/requests.ts';

export interface SimulateOptions {
  /** Directory that relative .include paths resolve against; included files must lie in its tree. */
  cwd?: string;
  /** Further directories whose trees `.include` and `.lib` may read (the CLI's --include-path). */
  includePath?: readonly string[];
  /** Name used in messages (file path as the user wrote it). */
  file?: string;
  onProgress?: ProgressListener;
  onWarning?: (message: string) => void;
  /** Force a linear solver (tests, benchmarks); automatic otherwise. */
  solver?: LinearSolverFactory;
  /** The device kinds the netlist may use; the built-in devices by default. */
  devices?: DeviceRegistry;
  /** Limits that replace the netlist's `.options maxelements=` / `maxsteps=` (the CLI's --max-elements, --max-steps). */
  maxElements?: number;
  maxSteps?: number;
  /** Receives each Simulator after its run (benchmarks read statistics). */
  onSimulator?: (sim: Simulator) => void;
}

export function runAnalyses(sim: Simulator, circuit: Circuit, onProgress?: ProgressListener): AnalysisResult[] {
  checkMeasures(sim, circuit);
  return circuit.analyses.map((spec) => runAnalysis(sim, circuit, spec, onProgress));
}

/** One analysis, its table shaped as the netlist's print lines ask (expressions, vdb(), FORMAT=). */
export function runAnalysis(sim: Simulator, circuit: Circuit, spec: AnalysisSpec, onProgress?: ProgressListener): AnalysisResult {
  const result = shapedResult(sim, circuit, spec, onProgress);
  // NaN or an infinity in the table is kept, but never silently (reported with the simulator's warnings).
  sim.warnings.push(...nonFiniteWarnings(result, spec.loc));
  return result;
}

function shapedResult(sim: Simulator, circuit: Circuit, spec: AnalysisSpec, onProgress?: ProgressListener): AnalysisResult {
  switch (spec.type) {
    case 'op':
      return shapeOutputs(sim, circuit, runOp(sim, circuit, spec));
    case 'dc':
      return shapeOutputs(sim, circuit, runDc(sim, circuit, spec, onProgress));
    case 'ac':
      return shapeOutputs(sim, circuit, runAc(sim, circuit, spec, onProgress));
    case 'tran':
      return shapeOutputs(sim, circuit, runTran(sim, circuit, spec, onProgress));
    case 'pss':
      return shapeOutputs(sim, circuit, runPss(sim, circuit, spec, onProgress));
    case 'poles':
      return runPoles(sim, circuit, spec);
    case 'stability':
      return runStability(sim, circuit, spec, onProgress);
  }
}

export function simulate(netlistText: string, options: SimulateOptions = {}): SimulationResult {
  const parsed = parseNetlist(netlistText, { file: options.file ?? '<netlist>', cwd: options.cwd ?? process.cwd(), includePath: options.includePath });
  const plots = plotRequests(parsed);
  let ast: NetlistAst | undefined = withPlotOutputs(parsed);
  const devices = options.devices ?? defaultRegistry();
  let title = '';
  const analyses: AnalysisResult[] = [];
  let first = true;
  const control: ControlOutput[] = [];
  const hasControl = ast.statements.some((s) => s.type === 'control');
  const combos = stepCombinations(resolveSteps(ast));
  for (let c = 0; c < combos.length; c++) {
    const combo = combos[c];
    if (ast === undefined) throw new Error('internal: the netlist was released before its last .step combination');
    const registry = withEquationDevices(ast, devices, combo);
    const circuit = elaborate(ast, { devices: registry, overrides: combo, maxElements: options.maxElements, maxSteps: options.maxSteps });
    // After the last elaboration the AST is no longer needed: released before the simulator is built, because
    // in a large netlist it is a third of the memory (the circuit keeps only the locations and names it uses).
    if (c === combos.length - 1) ast = undefined;
    title = circuit.title;
    if (circuit.analyses.length === 0 && !circuit.control?.some((c) => c.kind === 'analysis')) throw new NetlistError(`no analysis in ${options.file ?? 'the netlist'}`);
    if (first) warnAcWithoutSource(circuit, options.onWarning);
    first = false;
    for (const w of circuit.warnings) options.onWarning?.(`${w.loc.file}:${w.loc.line}:${w.loc.column}: warning: ${w.message}`);
    const sim = new Simulator(circuit, options.solver, registry);
    const results = circuit.control ? runControl(sim, circuit, analyses.length, control, (spec) => runAnalysis(sim, circuit, spec, options.onProgress)) : runAnalyses(sim, circuit, options.onProgress);
    for (const w of sim.warnings) options.onWarning?.(w.loc ? `${w.loc.file}:${w.loc.line}:${w.loc.column}: warning: ${w.message}` : `warning: ${w.message}`);
    options.onSimulator?.(sim);
    for (const r of results) analyses.push(combo ? { ...r, step: { ...combo } } : r);
  }
  const result: SimulationResult = control.length > 0 || hasControl ? { title, analyses, control } : { title, analyses };
  if (plots.length > 0) result.plots = plots;
  return result;
}

/** `.ac` with no source that has an AC magnitude computes all zeros: almost certainly a forgotten `AC 1`. */
function warnAcWithoutSource(circuit: Circuit, onWarning: SimulateOptions['onWarning']): void {
  const ac = circuit.analyses.find((a) => a.type === 'ac');
  if (!ac || circuit.elements.some((e) => (e.source?.acMag ?? 0) !== 0)) return;
  const { file, line, column } = ac.loc;
  onWarning?.(`${file}:${line}:${column}: warning: .ac without an AC source (no V or I with AC mag): every small-signal result is 0`);
}

