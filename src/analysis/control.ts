/**
 * An ngspice `.control` block, run: its analysis commands in order (`run`: the netlist's analyses), and its
 * `wrdata` / `print` commands as outputs of the analysis run last. When the block runs no analysis at all,
 * the netlist's analyses run first, so a block that only sets plot options still computes what the netlist says.
 */
import type { AnalysisSpec, Circuit, ControlCommand } from '../circuit/circuit.ts';
import type { Simulator } from '../engine/simulator.ts';
import { checkMeasures } from './measure/plan.ts';
import type { AnalysisResult, ControlOutput } from './results.ts';
import { signalName } from './signals.ts';
import type { Expr } from '../parse/expr.ts';
import { DERIVED_SIGNALS, evaluateOutput } from '../parse/outputExpr.ts';

/**
 * Runs the block; `run(spec)` runs one analysis. `outputs` receives the wrdata/print outputs, their analysis
 * index counted from `firstIndex` (analyses of earlier `.step` runs come before).
 */
export function runControl(
  sim: Simulator,
  circuit: Circuit,
  firstIndex: number,
  outputs: ControlOutput[],
  run: (spec: AnalysisSpec) => AnalysisResult,
): AnalysisResult[] {
  const commands = circuit.control ?? [];
  // .meas lines apply to the analyses the block runs too, not only to the netlist's dot analyses.
  const ran = commands.flatMap((c) => (c.kind === 'analysis' ? [c.spec] : []));
  checkMeasures(sim, { ...circuit, analyses: [...circuit.analyses, ...ran] });
  const results: AnalysisResult[] = [];
  let lastSpec: AnalysisSpec | undefined;
  const runOne = (spec: AnalysisSpec): void => {
    results.push(run(spec));
    lastSpec = spec;
  };
  if (!commands.some((c) => c.kind === 'run' || c.kind === 'analysis')) circuit.analyses.forEach(runOne);
  for (const c of commands) {
    if (c.kind === 'run') inRunOrder(circuit.analyses).forEach(runOne);
    else if (c.kind === 'analysis') runOne(c.spec);
    else {
      const last = results[results.length - 1];
      if (!last || !lastSpec) {
        sim.warnings.push({ message: `.control: ${c.kind} before any analysis ran: nothing to ${c.kind === 'wrdata' ? 'write' : 'print'}`, loc: c.loc });
        continue;
      }
      const output = vectorsOf(sim, last, leadColumns(lastSpec), c);
      const out: ControlOutput = { command: c.kind, analysis: firstIndex + results.length - 1, ...output };
      if (c.file !== undefined) out.file = c.file;
      if (c.options?.vectorNames) out.vectorNames = true;
      outputs.push(out);
    }
  }
  return results;
}

/**
 * ngspice's `run` does .ac, .dc, .op, .tran in that order whatever the netlist's order (checked with ngspice 39);
 * memspice's own .pss, .poles and .stability come after them.
 */
const RUN_ORDER: Readonly<Record<AnalysisSpec['type'], number>> = { ac: 0, dc: 1, op: 2, tran: 3, pss: 4, poles: 5, stability: 6 };

function inRunOrder(specs: readonly AnalysisSpec[]): AnalysisSpec[] {
  return [...specs].sort((a, b) => RUN_ORDER[a.type] - RUN_ORDER[b.type]);
}

/** Leading columns of an analysis' table that are not signals: time, freq, the .dc sweep values. */
function leadColumns(spec: AnalysisSpec): number {
  return spec.type === 'op' ? 0 : spec.type === 'dc' ? spec.sweeps.length : 1;
}

function vectorsOf(sim: Simulator, result: AnalysisResult, lead: number, c: Extract<ControlCommand, { kind: 'wrdata' | 'print' }>): Pick<ControlOutput, 'columns' | 'data'> {
  const cols = result.columns;
  const picked: Array<{ names: string[]; values: (row: number[]) => number[] }> = [];
  const columnsOf = (name: string): number[] | undefined => {
    const real = cols.indexOf(name);
    if (real >= 0) return [real];
    const re = cols.indexOf(`re(${name})`);
    const im = cols.indexOf(`im(${name})`);
    return re >= 0 && im >= 0 ? [re, im] : undefined;
  };
  const pick = (names: string[], at: number[]): void => {
    picked.push({ names, values: (row) => at.map((k) => row[k]) });
  };
  if (c.all) {
    for (let k = lead; k < cols.length; k++) {
      const inner = cols[k].startsWith('re(') ? cols[k].slice(3, -1) : undefined;
      if (inner !== undefined && cols[k + 1] === `im(${inner})`) {
        pick([cols[k], cols[k + 1]], [k, k + 1]);
        k++;
      } else pick([cols[k]], [k]);
    }
  }
  for (const v of c.vectors) {
    const name = signalName(v);
    const at = columnsOf(name);
    const derived = Object.hasOwn(DERIVED_SIGNALS, v.fn) ? DERIVED_SIGNALS[v.fn] : undefined;
    const base = derived ? columnsOf(signalName({ ...v, fn: derived.base })) : undefined;
    if (at) pick(at.length === 2 ? [`re(${name})`, `im(${name})`] : [name], at);
    else if (derived && base) {
      // `print vdb(out)`: the shorthand of a computed v(out), as in .print.
      const loc = v.loc;
      const expr: Expr = { t: 'call', fn: derived.fn, args: [{ t: 'ref', name: '#0', loc }], loc };
      picked.push({ names: [name], values: (row) => [evaluateOutput(expr, () => ({ re: row[base[0]], im: base.length === 2 ? row[base[1]] : 0 })).re] });
    } else {
      sim.warnings.push({ message: `.control ${c.kind}: ${name} is not among the ${result.type} outputs (add it to a .print or .probe line); skipped`, loc: v.loc });
    }
  }
  // An .op table has no scale: ngspice then takes the plot's first vector (the first node's voltage by default).
  const scale = cols[0] ?? 'index';
  const scaleOf = (row: number[], r: number): number => (cols.length > 0 ? row[0] : r);
  const values = (row: number[]): number[] => picked.flatMap((p) => p.values(row));
  if (c.kind === 'print' || c.options?.singleScale) {
    // print, and wrdata under `set wr_singlescale`: the scale once, then every vector.
    return {
      columns: [scale, ...picked.flatMap((p) => p.names)],
      data: result.data.map((row, r) => [scaleOf(row, r), ...values(row)]),
    };
  }
  // wrdata: ngspice writes, for every vector, the scale and then the value (re and im for complex vectors).
  return {
    columns: picked.flatMap((p) => [scale, ...p.names]),
    data: result.data.map((row, r) => picked.flatMap((p) => [scaleOf(row, r), ...p.values(row)])),
  };
}
