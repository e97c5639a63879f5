/**
 * The printed table of an analysis from the signals it evaluated: an analysis computes the plain signals of its
 * print lines (signals.ts, printPlan), and this module turns them into the columns the lines ask for, in their
 * order: the signals themselves, `{expressions}` over them, `vdb(out)` and the other shorthands, `all`.
 */
import type { Circuit, PrintOutput, SignalSpec } from '../circuit/circuit.ts';
import type { Simulator } from '../engine/simulator.ts';
import { evaluateOutput, isRealValued, type ComplexValue } from '../parse/outputExpr.ts';
import type { AnalysisResult } from './results.ts';
import { allSignals, printPlan, signalName } from './signals.ts';

/** One output column (or re/im pair in .ac): how to compute it from the row of evaluated signals. */
interface Column {
  names: string[];
  /** Writes this output's values for one row into `out`; `signal(k)` is the k-th leaf's value. */
  write(signal: (k: number) => ComplexValue, out: number[]): void;
}

/** The analysis' result with its print lines' columns; the result itself when they are plain signals. */
export function shapeOutputs(sim: Simulator, circuit: Circuit, result: AnalysisResult): AnalysisResult {
  const shaper = outputShaper(sim, circuit, result.type, result.columns);
  const shaped = shaper.format ? { ...result, format: shaper.format } : result;
  if (!shaper.shape) return shaped;
  const shape = shaper.shape;
  return { ...shaped, columns: shaper.columns, data: result.data.map((row) => shape(row)) };
}

/** How an analysis' computed rows become its printed table: the columns, the format, and the row map (none when they are plain signals). */
export interface OutputShaper {
  columns: string[];
  format: AnalysisResult['format'];
  /** The printed row of one computed row; undefined when the computed row is printed as it is. */
  shape?: (row: readonly number[]) => number[];
}

/** The shaping of a table of `computed` columns (what the analysis evaluated), one row at a time (a streamed transient) or all. */
export function outputShaper(sim: Simulator, circuit: Circuit, type: AnalysisResult['type'], computed: readonly string[]): OutputShaper {
  // Without print lines for this analysis the table is the default signals as computed: nothing to shape.
  const prints = circuit.prints.filter((p) => p.analysis === undefined || p.analysis === type);
  const format = prints.reduce<AnalysisResult['format']>((f, p) => p.format ?? f, undefined);
  if (!prints.some((p) => p.outputs)) return { columns: [...computed], format };
  const plan = printPlan(sim, circuit, type);

  const complex = type === 'ac';
  const width = complex ? 2 : 1;
  const leafIndex = new Map(plan.leaves.map((s, k) => [signalName(s), k]));
  const lead = computed.length - width * plan.leaves.length;
  const columns: Column[] = [];
  const seen = new Set<string>();
  const plain = (s: SignalSpec): void => {
    const name = signalName(s);
    if (seen.has(name)) return;
    seen.add(name);
    const k = leafIndex.get(name) as number;
    columns.push({
      names: complex ? [`re(${name})`, `im(${name})`] : [name],
      write: (signal, out) => {
        const v = signal(k);
        if (complex) out.push(v.re, v.im);
        else out.push(v.re);
      },
    });
  };
  for (const p of plan.prints) {
    const outputs: PrintOutput[] = p.outputs ?? p.signals.map((signal) => ({ kind: 'signal', signal }));
    for (const o of outputs) {
      if (o.kind === 'signal') plain(o.signal);
      else if (o.kind === 'all') allSignals(sim, circuit, o.which, o.loc).forEach(plain);
      else {
        if (seen.has(o.column)) continue;
        seen.add(o.column);
        const map = o.leaves.map((s) => leafIndex.get(signalName(s)) as number);
        const pair = complex && !isRealValued(o.expr);
        const expr = o.expr;
        columns.push({
          names: pair ? [`re(${o.column})`, `im(${o.column})`] : [o.column],
          write: (signal, out) => {
            const v = evaluateOutput(expr, (k) => signal(map[k]));
            if (pair) out.push(v.re, v.im);
            else out.push(v.re);
          },
        });
      }
    }
  }

  const names = computed.slice(0, lead);
  for (const c of columns) names.push(...c.names);
  const shape = (row: readonly number[]): number[] => {
    const signal = (k: number): ComplexValue => (complex ? { re: row[lead + 2 * k], im: row[lead + 2 * k + 1] } : { re: row[lead + k], im: 0 });
    const out = row.slice(0, lead);
    for (const c of columns) c.write(signal, out);
    return out;
  };
  return { columns: names, format, shape };
}
