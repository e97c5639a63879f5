/** Small helpers shared by tests: run a netlist, pick columns. Error measures, netlist files and the PRNG: test/helpers/. */
import { simulate, type SimulateOptions } from '../src/simulate.ts';
import type { AnalysisResult, SimulationResult } from '../src/analysis/results.ts';

export function run(netlist: string, options: SimulateOptions = {}): SimulationResult {
  return simulate(netlist, { cwd: process.cwd(), ...options });
}

export function column(result: AnalysisResult, name: string): number[] {
  const k = result.columns.indexOf(name);
  if (k < 0) throw new Error(`no column ${name} in [${result.columns.join(', ')}]`);
  return result.data.map((row) => row[k]);
}

/** Complex column of an AC result as [re[], im[]]. */
export function complexColumn(result: AnalysisResult, signal: string): Array<[number, number]> {
  const re = column(result, `re(${signal})`);
  const im = column(result, `im(${signal})`);
  return re.map((r, k) => [r, im[k]]);
}

export function maxAbs(values: number[]): number {
  return values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}
