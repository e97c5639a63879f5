/**
 * `memspice zcheck FILE.cir [--tol T] [--json]`: runs the file's .ac and prints, per frequency, the
 * simulated impedance seen by the AC source and the closed-form one (src/models/networkImpedance.ts),
 * with the relative difference; the last line is the maximum. With --tol, exits 2 when it is exceeded.
 */
import { dirname, resolve } from 'node:path';
import { runAc } from './analysis/ac.ts';
import { operatingPoint } from './analysis/op.ts';
import type { AnalysisSpec, Circuit } from './circuit/circuit.ts';
import { elaborate, resolveSteps, stepCombinations } from './circuit/elaborate.ts';
import { defaultRegistry } from './devices/index.ts';
import { Simulator } from './engine/simulator.ts';
import { NetlistError } from './base/errors.ts';
import { closedFormImpedances } from './models/networkImpedance.ts';
import { parseNetlist } from './parse/index.ts';
import { readNetlist } from './cli.ts';

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
 * Library form: for every .ac of the circuit and every voltage source with an AC value, the simulated
 * z(V) against the closed form (src/models/networkImpedance.ts), both with every AC source driving.
 */
export function zcheckCircuit(circuit: Circuit, step?: Record<string, number>): ZcheckResult[] {
  const acSpecs = circuit.analyses.filter((a): a is Extract<AnalysisSpec, { type: 'ac' }> => a.type === 'ac');
  if (acSpecs.length === 0) throw new NetlistError('zcheck: the netlist has no .ac analysis');
  const sources = circuit.elements.filter((e) => e.kind === 'V' && (e.source?.acMag ?? 0) !== 0);
  if (sources.length === 0) throw new NetlistError('zcheck: no voltage source with an AC value drives the circuit');
  const results: ZcheckResult[] = [];
  for (const spec of acSpecs) {
    const sim = new Simulator(circuit);
    const y = operatingPoint(sim, 'zcheck operating point', spec.loc);
    const bias = (node: string): number => (node === '0' || node === 'gnd' ? 0 : y[sim.system.nodeIndex.get(node) as number]);
    const signals = sources.map((v) => ({ fn: 'z', args: [v.name], loc: spec.loc }));
    const probe: Circuit = { ...circuit, measures: [], prints: [{ analysis: 'ac', signals, loc: spec.loc }] };
    const ac = runAc(sim, probe, spec);
    const freqs = ac.data.map((row) => row[0]);
    const exact = closedFormImpedances(circuit, bias, freqs);
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
export function zcheckNetlist(ast: ReturnType<typeof parseNetlist>): ZcheckResult[] {
  const devices = defaultRegistry();
  return stepCombinations(resolveSteps(ast)).flatMap((combo) => zcheckCircuit(elaborate(ast, { devices, overrides: combo }), combo));
}

interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export function zcheckCommand(args: string[], io: Io): number {
  let file: string | undefined;
  let tol: number | undefined;
  let json = false;
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '--tol') tol = Number(args[++k]);
    else if (args[k] === '--json') json = true;
    else if (!args[k].startsWith('-') && file === undefined) file = args[k];
    else {
      io.stderr.write(`memspice zcheck: unexpected argument '${args[k]}'\n`);
      return 1;
    }
  }
  if (file === undefined || (tol !== undefined && !(tol > 0))) {
    io.stderr.write('usage: memspice zcheck FILE.cir [--tol T] [--json]\n');
    return 1;
  }
  const results = zcheckNetlist(parseNetlist(readNetlist(file), { file, cwd: dirname(resolve(file)) }));
  if (json) {
    io.stdout.write(JSON.stringify(results) + '\n');
  } else {
    for (const r of results) {
      const step = r.step ? ` [${Object.entries(r.step).map(([k, v]) => `${k}=${v}`).join(', ')}]` : '';
      io.stdout.write(`impedance seen by ${r.source}${step}: simulated vs closed form\n`);
      io.stdout.write(`${'freq'.padStart(14)} ${'re(Zsim)'.padStart(16)} ${'im(Zsim)'.padStart(16)} ${'re(Zcf)'.padStart(16)} ${'im(Zcf)'.padStart(16)} ${'rel.diff'.padStart(10)}\n`);
      for (const row of r.rows) {
        const cells = [row.freq, ...row.simulated, ...row.closedForm].map((v) => v.toPrecision(9).padStart(16));
        io.stdout.write(`${cells[0].slice(2)} ${cells.slice(1).join(' ')} ${row.relativeDifference.toExponential(2).padStart(10)}\n`);
      }
      io.stdout.write(`max relative difference: ${r.maxRelativeDifference.toExponential(3)}\n`);
    }
  }
  const worst = Math.max(...results.map((r) => r.maxRelativeDifference));
  return tol !== undefined && !(worst <= tol) ? 2 : 0;
}
