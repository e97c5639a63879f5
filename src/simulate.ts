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
import type { ComplexLinearSolver, LinearSolverFactory } from './engine/linear/solver.ts';
import { acFrequencies, runAc, runAcBlock } from './analysis/ac.ts';
import { runDc } from './analysis/dc.ts';
import { chooseSolverFactory, SparseLUComplexSolver } from './engine/linear/index.ts';
import type { SourceLocation } from './base/errors.ts';
import { checkMeasures } from './analysis/measure/plan.ts';
import { runOp } from './analysis/op.ts';
import type { AnalysisResult, ControlOutput, ProgressListener, SimulationResult, StreamedTable, TableSink, TableWriter } from './analysis/results.ts';
import { outputShaper } from './analysis/printed.ts';
import { NonFiniteScan } from './analysis/nonfinite.ts';
import { runTran } from './analysis/tran.ts';
import { runPss } from './analysis/pss.ts';
import { runPoles } from './analysis/poles.ts';
import { runStability, runStabilityParam } from './analysis/stability.ts';
import { nonFiniteWarnings } from './analysis/nonfinite.ts';
import { parseNetlist, type NetlistAst } from './parse/index.ts';
import { NetlistError } from './base/errors.ts';
import { plotRequests, withPlotOutputs } from './plot/requests.ts';
import { SampleStream, withSampler } from './parse/random.ts';
import { globalScope, num } from './circuit/params.ts';

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
  /**
   * Where the printed table of a `.tran` goes row by row as it is computed (the CLI's CSV files), so that a long
   * transient runs in memory that does not grow with its points; the result then has `rowsStreamed` and no
   * `data`. Not for a `.tran` that a `.meas tran` measures (the measures need the whole waveform) nor inside a
   * `.control` block (its commands read the vectors of the last analysis).
   */
  streamTable?: (table: StreamedTable) => TableWriter;
}

/** Opens the streamed table of one analysis, given what its printed table looks like. */
type OpenTable = (table: Pick<StreamedTable, 'type' | 'format' | 'columns'>) => TableWriter;

/** The run's circuit elaborated again with one more `.param` overridden (what `.stability param` sweeps). */
export type CircuitWithParam = (name: string, value: number) => Simulator;

/** `openTable(k)`: where analysis k's table may be streamed (SimulateOptions.streamTable). */
export function runAnalyses(sim: Simulator, circuit: Circuit, onProgress?: ProgressListener, withParam?: CircuitWithParam, openTable?: (k: number) => OpenTable): AnalysisResult[] {
  checkMeasures(sim, circuit);
  return circuit.analyses.map((spec, k) => runAnalysis(sim, circuit, spec, onProgress, withParam, openTable?.(k)));
}

/** One analysis, its table shaped as the netlist's print lines ask (expressions, vdb(), FORMAT=). */
export function runAnalysis(sim: Simulator, circuit: Circuit, spec: AnalysisSpec, onProgress?: ProgressListener, withParam?: CircuitWithParam, openTable?: OpenTable): AnalysisResult {
  if (spec.type === 'tran' && openTable && !circuit.measures.some((m) => m.analysis === 'tran')) return streamedTran(sim, circuit, spec, openTable, onProgress);
  const result = shapedResult(sim, circuit, spec, onProgress, withParam);
  // NaN or an infinity in the table is kept, but never silently (reported with the simulator's warnings).
  sim.warnings.push(...nonFiniteWarnings(result, spec.loc));
  return result;
}

/**
 * A `.tran` whose printed rows go to a table writer as the points are accepted: each computed row is shaped (print
 * expressions) and scanned for non-finite values on its way, so the warnings are those of the kept table.
 */
function streamedTran(sim: Simulator, circuit: Circuit, spec: Extract<AnalysisSpec, { type: 'tran' }>, openTable: OpenTable, onProgress?: ProgressListener): AnalysisResult {
  let writer: TableWriter | undefined;
  let scan: NonFiniteScan | undefined;
  let shape = (row: readonly number[]): readonly number[] => row;
  const sink: TableSink = {
    columns(computed) {
      const shaper = outputShaper(sim, circuit, 'tran', computed);
      if (shaper.shape) shape = shaper.shape;
      scan = new NonFiniteScan('tran', shaper.columns);
      writer = openTable({ type: 'tran', format: shaper.format, columns: shaper.columns });
    },
    row(values) {
      const printed = shape(values);
      scan?.row(printed);
      writer?.row(printed);
    },
  };
  const result = shapeOutputs(sim, circuit, runTran(sim, circuit, spec, onProgress, undefined, sink));
  writer?.close();
  if (scan) sim.warnings.push(...scan.warnings(spec.loc));
  return result;
}

function shapedResult(sim: Simulator, circuit: Circuit, spec: AnalysisSpec, onProgress?: ProgressListener, withParam?: CircuitWithParam): AnalysisResult {
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
    case 'stability': {
      if (!spec.param) return runStability(sim, circuit, spec, onProgress);
      if (!withParam) throw new Error('internal: .stability param needs the netlist to elaborate the circuit again');
      return runStabilityParam(spec, (value) => withParam(spec.sweep.source, value), onProgress);
    }
  }
}

export function simulate(netlistText: string, options: SimulateOptions = {}): SimulationResult {
  const plan = planRuns(netlistText, options);
  const outputs: RunOutput[] = [];
  // The last run releases the netlist once it is elaborated (RunPlan.ast): in a large netlist the AST is a third
  // of the memory, and the circuit keeps only the locations and names it uses.
  let analysesBefore = 0;
  for (let k = 0; k < plan.runs.length; k++) {
    const output = simulateRun(plan, k, options, k === plan.runs.length - 1, analysesBefore);
    analysesBefore += output.analyses.length;
    outputs.push(output);
  }
  return mergeRuns(plan, outputs);
}

/** One run of a netlist: a `.step` combination, a Monte Carlo sample, both, or neither (the nominal run). */
export interface Run {
  step?: Record<string, number>;
  /** Monte Carlo sample index (0-based), under `.mc`. */
  sample?: number;
}

/** The parsed netlist and its runs, in output order (`.step` combinations outer, samples inner). */
export interface RunPlan {
  /** Undefined once the last run released it (simulate(), serially); the pools keep it for every run. */
  ast: NetlistAst | undefined;
  /** The netlist has a `.control` block (the result then carries `control`). */
  hasControl: boolean;
  /** The netlist's `.plot` lines. */
  plots: NonNullable<SimulationResult['plots']>;
  runs: Run[];
  /** `.mc seed=` (1 when not given). */
  seed: number;
  file: string;
}

/** What one run produced; independent of the other runs, so runs may execute on any thread or machine. */
export interface RunOutput {
  title: string;
  analyses: AnalysisResult[];
  /** Control outputs; their `analysis` index counts from this run's first analysis. */
  control: ControlOutput[];
  /** A part of a split run (RunSplit): which of `analyses` is the block, and its LU's pivot searches after the first. */
  part?: { analysis: number; repivots: number; loc: SourceLocation };
}

/**
 * A run whose long `.ac` is split into blocks of frequencies for the thread pool (runAcBlock in
 * src/analysis/ac.ts says why a block gives the whole sweep's numbers bit for bit). Part 0 runs every analysis
 * (the `.ac` for its block only); the other parts run only their block.
 *
 * A nested `.dc` is not split: each inner sweep starts Newton from the last point of the previous one, as in
 * ngspice, and that point (with the devices' state and the LU's pivot order) is known only by sweeping every
 * outer value before it, so a block of outer values cannot start where the serial run would be.
 */
export interface RunSplit {
  /** Where the split analysis is written (it identifies the analysis in every part's elaborated circuit). */
  loc: SourceLocation;
  parts: number;
}

/** One part of a split run, as a task names it. */
export interface RunPart {
  loc: SourceLocation;
  at: number;
  of: number;
}

/**
 * Work below which an `.ac` is not split, in frequencies x element lines. A frequency costs about 1.0 us per
 * element line once the code is optimised (the 32x32 crossbar's 1001 points x 3,136 lines: 3.3 s of CPU), and
 * splitting in two saves half of that; but the second part costs its thread a start, V8's optimisation of the
 * simulator again (about 0.8 s of CPU, part of it on V8's background threads, which on two cores compete with
 * the parts), the elaboration and the operating point again (0.5 s): measured, about 1 s of wall time in all
 * (docs/scaling.md). Splitting in two therefore breaks even near 2e6 and pays from 2.5e6 on.
 */
export const SPLIT_MIN_WORK = 2.5e6;
/** Fewest frequencies per part (a block's one extra factorisation, at the first frequency, stays a small share). */
export const SPLIT_MIN_FREQUENCIES = 32;

/**
 * Whether and how to split a run over `jobs` threads: only a netlist of one run (a `.step` or `.mc` already
 * fills the threads with runs), without `.control`, whose first analysis is an `.ac` (later ones run in part 0
 * after its block: an .ac leaves the circuit's state as it found it) with no `.meas ac` (measures need the
 * whole table), and whose work (frequencies x element lines) is at least SPLIT_MIN_WORK, into at most `jobs`
 * parts of at least SPLIT_MIN_FREQUENCIES frequencies each. The sizes come from the netlist's global
 * parameters; a part takes its block of the analysis' actual frequencies, so the split is right whatever they are.
 */
export function splitRun(plan: RunPlan, jobs: number): RunSplit | undefined {
  const ast = plan.ast;
  if (!ast || jobs < 2 || plan.runs.length !== 1 || plan.hasControl) return undefined;
  const first = ast.statements.find((st) => ANALYSIS_TYPES.has(st.type));
  if (first === undefined || first.type !== 'ac') return undefined;
  if (ast.statements.some((st) => st.type === 'meas' && st.analysis === 'ac')) return undefined;
  const elements = ast.statements.filter((st) => ELEMENT_TYPES.has(st.type)).length;
  try {
    const scope = globalScope(ast);
    const count = acFrequencies({ type: 'ac', variation: first.variation, points: num(first.points, scope, '.ac points'), fstart: num(first.fstart, scope, '.ac fstart'), fstop: num(first.fstop, scope, '.ac fstop'), loc: first.loc }).length;
    const parts = Math.min(jobs, Math.floor(count / SPLIT_MIN_FREQUENCIES));
    return parts >= 2 && count * elements >= SPLIT_MIN_WORK ? { loc: first.loc, parts } : undefined;
  } catch (err) {
    // A value the netlist cannot give is the run's error to report, with its location: the run is not split.
    if (err instanceof NetlistError) return undefined;
    throw err;
  }
}

/** The statements that are element lines (a subcircuit instance counts one: the estimate errs on the small side). */
const ELEMENT_TYPES = new Set<string>(['element', 'source', 'ydevice', 'behavioural', 'instance']);

/** The statements that are analyses (each one entry of Circuit.analyses, in the same order). */
const ANALYSIS_TYPES = new Set<string>(['op', 'dc', 'ac', 'tran', 'pss', 'poles', 'stability']);

function sameLocation(a: SourceLocation, b: SourceLocation): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

/** The frequencies [from, to) of part `at` of `of` among `count`: contiguous blocks whose sizes differ by at most one. */
export function partRange(at: number, of: number, count: number): [number, number] {
  return [Math.floor((at * count) / of), Math.floor(((at + 1) * count) / of)];
}

/**
 * The parts of a split run joined into the run's output: part 0's output with the split analysis' rows of every
 * part in order, and that analysis' non-finite warnings (over the whole table, as the serial run gives them).
 * Undefined when a part before the last made a pivot search after its first factorisation: its successors may
 * then have started from another pivot order than the serial run (runAcBlock), and the run must be repeated whole.
 */
export function mergeParts(outputs: readonly RunOutput[]): { output: RunOutput; warnings: string[] } | undefined {
  const first = outputs[0];
  if (!first.part || outputs.slice(0, -1).some((o) => (o.part?.repivots ?? 0) !== 0)) return undefined;
  const index = first.part.analysis;
  const split = first.analyses[index];
  const data = outputs.flatMap((o) => o.analyses[o.part?.analysis ?? 0].data);
  const joined: AnalysisResult = { ...split, data };
  const analyses = first.analyses.map((a, k) => (k === index ? joined : a));
  const warnings = nonFiniteWarnings(joined, first.part.loc).map((w) => `${w.loc.file}:${w.loc.line}:${w.loc.column}: warning: ${w.message}`);
  return { output: { title: first.title, analyses, control: first.control }, warnings };
}

/** Largest `.mc` sample count: beyond it the results would not fit in memory anyway. */
const MAX_SAMPLES = 1e7;

export function planRuns(netlistText: string, options: SimulateOptions = {}): RunPlan {
  const file = options.file ?? '<netlist>';
  const parsed = parseNetlist(netlistText, { file, cwd: options.cwd ?? process.cwd(), includePath: options.includePath });
  const plots = plotRequests(parsed);
  const ast = withPlotOutputs(parsed);
  const combos = stepCombinations(resolveSteps(ast));
  const mcLines = ast.statements.filter((s) => s.type === 'mc');
  if (mcLines.length > 1) throw new NetlistError('only one .mc line per netlist', mcLines[1].loc);
  const mc = mcLines[0];
  let seed = 1;
  let samples: number | undefined;
  if (mc) {
    const scope = globalScope(ast);
    samples = num(mc.samples, scope, '.mc samples');
    if (!Number.isInteger(samples) || samples < 1 || samples > MAX_SAMPLES) throw new NetlistError(`.mc needs a whole number of samples from 1 to ${MAX_SAMPLES}, got ${samples}`, mc.samples.loc);
    if (mc.seed) {
      seed = num(mc.seed, scope, '.mc seed');
      if (!Number.isSafeInteger(seed) || seed < 0) throw new NetlistError(`.mc seed must be a whole number >= 0, got ${seed}`, mc.seed.loc);
    }
  }
  const runs: Run[] = [];
  for (const combo of combos) {
    if (samples === undefined) runs.push(combo ? { step: combo } : {});
    else for (let k = 0; k < samples; k++) runs.push(combo ? { step: combo, sample: k } : { sample: k });
  }
  return { ast, runs, seed, file, hasControl: ast.statements.some((s) => s.type === 'control'), plots };
}

/**
 * Elaborates and simulates run `index` of the plan; warnings go to options.onWarning as they arise.
 * `analysesBefore`: how many analyses the earlier runs gave (the position of this run's tables when streamed).
 */
export function simulateRun(plan: RunPlan, index: number, options: SimulateOptions = {}, releaseAst = false, analysesBefore = 0, part?: RunPart): RunOutput {
  if (plan.ast === undefined) throw new Error('internal: the netlist was released before its last run');
  const run = plan.runs[index];
  const combo = run.step;
  const devices = options.devices ?? defaultRegistry();
  // Statistical functions draw only while this run's parameters are evaluated (nominal values otherwise).
  const sampler = run.sample === undefined ? undefined : new SampleStream(plan.seed, run.sample);
  return withSampler(sampler, () => {
    // The netlist is an argument, not a variable of this scope: a closure's captured variable would keep it alive
    // for the whole run (in a 400k-element netlist, 300 MB that the circuit no longer needs).
    const build = (ast: NetlistAst, overrides: Record<string, number> | undefined): { circuit: Circuit; registry: DeviceRegistry } => {
      const registry = withEquationDevices(ast, devices, overrides);
      return { circuit: elaborate(ast, { devices: registry, overrides, maxElements: options.maxElements, maxSteps: options.maxSteps }), registry };
    };
    const { circuit, registry } = build(plan.ast as NetlistAst, combo);
    // `.stability param` elaborates the circuit again at every point, as a `.step` run does, so it keeps the netlist;
    // each point draws the run's own Monte Carlo sample again, so the swept circuits differ only in the parameter.
    const withParam = circuit.analyses.some((a) => a.type === 'stability' && a.param) ? sweptCircuit(plan.ast as NetlistAst, (ast, overrides) => build(ast, overrides), plan, run, options) : undefined;
    if (releaseAst) plan.ast = undefined;
    if (circuit.analyses.length === 0 && !circuit.control?.some((c) => c.kind === 'analysis')) throw new NetlistError(`no analysis in ${options.file ?? 'the netlist'}`);
    // The netlist's warnings, and the operating point's, are the first part's to report: every part elaborates the
    // same circuit and solves the same operating point, and the frequencies themselves warn of nothing.
    const onWarning = part !== undefined && part.at > 0 ? undefined : options.onWarning;
    if (index === 0) warnAcWithoutSource(circuit, onWarning);
    for (const w of circuit.warnings) onWarning?.(`${w.loc.file}:${w.loc.line}:${w.loc.column}: warning: ${w.message}`);
    const counting = part ? countingComplexSolvers(options.solver) : undefined;
    const sim = new Simulator(circuit, counting?.factory ?? options.solver, registry);
    const control: ControlOutput[] = [];
    const stream = options.streamTable;
    const openTable = stream
      ? (k: number): OpenTable =>
          (table) =>
            stream({ ...table, index: analysesBefore + k, ...(combo ? { step: { ...combo } } : {}), ...(run.sample !== undefined ? { sample: run.sample } : {}) })
      : undefined;
    let partOf: RunOutput['part'];
    let results: AnalysisResult[];
    if (part && counting) {
      const block = runPartOf(sim, circuit, part, counting.pivotSearches, options.onProgress, withParam);
      results = block.results;
      partOf = block.part;
    } else {
      results = circuit.control
        ? runControl(sim, circuit, 0, control, (spec) => runAnalysis(sim, circuit, spec, options.onProgress, withParam))
        : runAnalyses(sim, circuit, options.onProgress, withParam, openTable);
    }
    for (const w of sim.warnings) onWarning?.(w.loc ? `${w.loc.file}:${w.loc.line}:${w.loc.column}: warning: ${w.message}` : `warning: ${w.message}`);
    options.onSimulator?.(sim);
    const tag = (r: AnalysisResult): AnalysisResult => {
      let out = combo ? { ...r, step: { ...combo } } : r;
      if (run.sample !== undefined) out = { ...out, sample: run.sample };
      return out;
    };
    const output: RunOutput = { title: circuit.title, analyses: results.map(tag), control };
    if (partOf) output.part = partOf;
    return output;
  });
}

/** What `.stability param` sweeps: the run's circuit elaborated again with one parameter overridden. */
function sweptCircuit(
  ast: NetlistAst,
  build: (ast: NetlistAst, overrides: Record<string, number> | undefined) => { circuit: Circuit; registry: DeviceRegistry },
  plan: RunPlan,
  run: Run,
  options: SimulateOptions,
): CircuitWithParam {
  return (name, value) => {
    const swept = withSampler(run.sample === undefined ? undefined : new SampleStream(plan.seed, run.sample), () => build(ast, { ...run.step, [name]: value }));
    return new Simulator(swept.circuit, options.solver, swept.registry);
  };
}

/**
 * Part `part.at` of a split run (RunSplit): part 0 runs every analysis, the `.ac` for its block only; a later part
 * runs only its block. The block's non-finite warnings are left to mergeParts (they concern the whole table).
 * `pivotSearches` counts the pivoting factorisations of the solvers created so far (simulateRun's solver factory).
 */
function runPartOf(sim: Simulator, circuit: Circuit, part: RunPart, pivotSearches: () => number, onProgress?: ProgressListener, withParam?: CircuitWithParam): { results: AnalysisResult[]; part: NonNullable<RunOutput['part']> } {
  const index = circuit.analyses.findIndex((a) => sameLocation(a.loc, part.loc));
  const spec = circuit.analyses[index];
  if (spec === undefined || spec.type !== 'ac') throw new Error('internal: the analysis to split is not an .ac of this netlist');
  let repivots = 0;
  const block = (): AnalysisResult => {
    const before = pivotSearches();
    const [from, to] = partRange(part.at, part.of, acFrequencies(spec).length);
    const table = shapeOutputs(sim, circuit, runAcBlock(sim, circuit, spec, from, to, onProgress));
    // The block's first factorisation (at the sweep's first frequency) chooses the pivot order; any more is a re-pivot.
    repivots = Math.max(0, pivotSearches() - before - 1);
    return table;
  };
  if (part.at > 0) return { results: [block()], part: { analysis: 0, repivots, loc: spec.loc } };
  checkMeasures(sim, circuit);
  const results = circuit.analyses.map((a, k) => (k === index ? block() : runAnalysis(sim, circuit, a, onProgress, withParam)));
  return { results, part: { analysis: index, repivots, loc: spec.loc } };
}

/** A solver factory that hands out `base`'s complex solvers and counts their pivoting factorisations. */
function countingComplexSolvers(base: LinearSolverFactory | undefined): { factory: LinearSolverFactory; pivotSearches: () => number } {
  const complex: ComplexLinearSolver[] = [];
  const factory: LinearSolverFactory = {
    name: base?.name ?? 'auto',
    real: (pattern) => (base ?? chooseSolverFactory(pattern)).real(pattern),
    complex: (pattern) => {
      const solver = (base ?? chooseSolverFactory(pattern)).complex(pattern);
      complex.push(solver);
      return solver;
    },
  };
  // The sparse LU counts them; the dense LU keeps no pivot order between factorisations, so it never re-pivots.
  const pivotSearches = (): number => complex.reduce((sum, solver) => sum + (solver instanceof SparseLUComplexSolver ? solver.stats.pivotingFactors : 0), 0);
  return { factory, pivotSearches };
}

/** The runs' outputs, in plan order, as one result: what simulate() returns whichever way the runs were executed. */
export function mergeRuns(plan: RunPlan, outputs: readonly RunOutput[]): SimulationResult {
  const analyses: AnalysisResult[] = [];
  const control: ControlOutput[] = [];
  let title = '';
  for (const out of outputs) {
    title = out.title;
    for (const c of out.control) control.push({ ...c, analysis: c.analysis + analyses.length });
    analyses.push(...out.analyses);
  }
  const result: SimulationResult = control.length > 0 || plan.hasControl ? { title, analyses, control } : { title, analyses };
  if (plan.plots.length > 0) result.plots = plan.plots;
  const measures = measuresOverRuns(plan, outputs);
  if (measures) result.measureRuns = measures;
  return result;
}

/** Each `.meas` result over the runs, in run order, when there is more than one run (NaN where a run lacks it). */
function measuresOverRuns(plan: RunPlan, outputs: readonly RunOutput[]): SimulationResult['measureRuns'] {
  if (outputs.length < 2) return undefined;
  const names: string[] = [];
  for (const out of outputs) for (const a of out.analyses) for (const m of Object.keys(a.measures ?? {})) if (!names.includes(m)) names.push(m);
  if (names.length === 0) return undefined;
  const values: Record<string, number[]> = {};
  for (const m of names) values[m] = outputs.map((out) => out.analyses.find((a) => a.measures && Object.hasOwn(a.measures, m))?.measures?.[m] ?? NaN);
  return { runs: plan.runs.map((r) => ({ ...r })), values };
}

/** `.ac` with no source that has an AC magnitude computes all zeros: almost certainly a forgotten `AC 1`. */
function warnAcWithoutSource(circuit: Circuit, onWarning: SimulateOptions['onWarning']): void {
  const ac = circuit.analyses.find((a) => a.type === 'ac');
  if (!ac || circuit.elements.some((e) => (e.source?.acMag ?? 0) !== 0)) return;
  const { file, line, column } = ac.loc;
  onWarning?.(`${file}:${line}:${column}: warning: .ac without an AC source (no V or I with AC mag): every small-signal result is 0`);
}

