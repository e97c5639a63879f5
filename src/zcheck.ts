/**
 * `memspice zcheck FILE.cir [--tol T] [--json]`: runs the file's .ac and prints, per frequency, the
 * simulated impedance seen by the AC source and the closed-form one (src/models/networkImpedance.ts),
 * with the relative difference; the last line is the maximum. With --tol, exits 2 when it is exceeded.
 */
import { dirname, resolve } from 'node:path';
import { runAc } from './analysis/ac.ts';
import { operatingPoint } from './analysis/op.ts';
import type { AnalysisSpec, Circuit } from './circuit/circuit.ts';
import { elaborate, resolveSteps } from './circuit/elaborate.ts';
import { Simulator } from './engine/simulator.ts';
import { NetlistError } from './errors.ts';
import { closedFormImpedance } from './models/networkImpedance.ts';
import { parseNetlist } from './parse/index.ts';
import { readNetlist } from './cli.ts';

export interface ZcheckRow {
  freq: number;
  simulated: [number, number];
  closedForm: [number, number];
  relativeDifference: number;
}

export interface ZcheckResult {
  source: string;
  rows: ZcheckRow[];
  maxRelativeDifference: number;
}

/** Library form: compare the impedance seen by the (first) AC voltage source in every .ac of the circuit. */
export function zcheckCircuit(circuit: Circuit): ZcheckResult[] {
  const acSpecs = circuit.analyses.filter((a): a is Extract<AnalysisSpec, { type: 'ac' }> => a.type === 'ac');
  if (acSpecs.length === 0) throw new NetlistError('zcheck: the netlist has no .ac analysis');
  const source = circuit.elements.find((e) => e.kind === 'V' && (e.source?.acMag ?? 0) !== 0);
  if (!source) throw new NetlistError('zcheck: no voltage source with an AC value drives the circuit');
  const results: ZcheckResult[] = [];
  for (const spec of acSpecs) {
    const sim = new Simulator(circuit);
    const y = operatingPoint(sim, 'zcheck operating point', spec.loc);
    const bias = (node: string): number => (node === '0' || node === 'gnd' ? 0 : y[sim.system.nodeIndex.get(node) as number]);
    const probe: Circuit = { ...circuit, prints: [{ analysis: 'ac', signals: [{ fn: 'z', args: [source.name], loc: spec.loc }], loc: spec.loc }] };
    const ac = runAc(sim, probe, spec);
    const freqs = ac.data.map((row) => row[0]);
    const exact = closedFormImpedance(circuit, source.name, bias, freqs);
    let max = 0;
    const rows = ac.data.map((row, k) => {
      const [re, im] = [row[1], row[2]];
      const z = exact[k];
      const diff = Math.hypot(re - z.re, im - z.im) / Math.hypot(z.re, z.im);
      max = Math.max(max, diff);
      return { freq: row[0], simulated: [re, im] as [number, number], closedForm: [z.re, z.im] as [number, number], relativeDifference: diff };
    });
    results.push({ source: source.name, rows, maxRelativeDifference: max });
  }
  return results;
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
  const ast = parseNetlist(readNetlist(file), { file, cwd: dirname(resolve(file)) });
  if (resolveSteps(ast).length > 0) io.stderr.write('memspice zcheck: .step ignored; checking the nominal circuit\n');
  const results = zcheckCircuit(elaborate(ast));
  if (json) {
    io.stdout.write(JSON.stringify(results) + '\n');
  } else {
    for (const r of results) {
      io.stdout.write(`impedance seen by ${r.source}: simulated vs closed form\n`);
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
