/**
 * Runs corpus netlists in memspice and in ngspice 39 and says which agree: the candidates for the public
 * collection in test/compat/netlists/. Each netlist is run unmodified by memspice and, with only a
 * `.control` block appended (test/compat/ngspice/regen-netlists.ts, `runNgspice`), by `ngspice -b`; the
 * vectors its `.print` lines name are compared as test/compat/netlists.test.ts compares the stored fixtures
 * (test/compat/ngspice/compare.ts: op/dc/ac within 1e-6 of the vector's largest magnitude, tran within 2e-3
 * plus linear interpolation's own error bound). A deck that prints nothing is compared on every node
 * voltage memspice writes by default.
 *
 *   npx tsx scripts/compat/compare.ts FILE...        (or --from LIST: one path a line, e.g. scan.ts --ok output)
 *
 * One line per netlist: `agree` / `differ` with the worst deviation as a multiple of its tolerance and where,
 * or the stage that failed (`memspice:` / `ngspice:` and the first line of the message).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simulate } from '../../src/simulate.ts';
import type { AnalysisResult } from '../../src/analysis/results.ts';
import { printedVectors, runNgspice, type CompatAnalysis } from '../../test/compat/ngspice/regen-netlists.ts';
import { TOLERANCE, vectorChecks, worstDeviation } from '../../test/compat/ngspice/compare.ts';

const MEMSPICE_SECONDS = 90;

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0].slice(0, 160);
}

/** Node voltages memspice writes for an analysis by default, as ngspice names them. */
function defaultVoltages(result: AnalysisResult): string[] {
  return result.columns.filter((c) => /^v\([^()]+\)$/.test(c));
}

function compareFile(file: string): string {
  const text = readFileSync(file, 'latin1');
  let analyses: AnalysisResult[];
  try {
    // A deck memspice crawls through (an inductance matrix that is not positive definite grows without
    // bound, and the step control follows it) is given up after MEMSPICE_SECONDS, from its progress reports.
    const started = Date.now();
    const onProgress = (): void => {
      if (Date.now() - started > MEMSPICE_SECONDS * 1000) throw new Error(`gave up after ${MEMSPICE_SECONDS} s`);
    };
    analyses = simulate(text, { file: path.basename(file), cwd: path.dirname(file), onProgress }).analyses;
  } catch (e) {
    return `memspice: ${firstLine(e)}`;
  }
  const printed = printedVectors(text);
  const fallback = new Map<CompatAnalysis, string[]>();
  if (printed.size === 0) for (const a of analyses) if (['op', 'dc', 'ac', 'tran'].includes(a.type)) fallback.set(a.type as CompatAnalysis, defaultVoltages(a));
  let plots;
  try {
    plots = runNgspice(file, undefined, printed.size === 0 ? fallback : undefined);
  } catch (e) {
    // The message carries ngspice's output: its own error line says more than "wrote no data".
    const lines = String(e instanceof Error ? e.message : e).split('\n');
    const at = lines.findIndex((l) => /error|invalid|unknown|not found|can't|cannot/i.test(l) && !/^ngspice wrote/.test(l));
    const reason = at < 0 ? lines[0] : lines.slice(at, at + 3).map((l) => l.trim()).join(' ');
    return `ngspice: ${reason.slice(0, 200)}`;
  }
  if (plots.length === 0) return 'nothing to compare';
  let worst = { ratio: 0, what: '' };
  const skipped: string[] = [];
  for (const plot of plots) {
    const mine = analyses.find((a) => a.type === plot.type);
    if (!mine) return `memspice ran no .${plot.type}`;
    for (const name of Object.keys(plot.vectors)) {
      // A vector named only inside a printed expression ({v(a)-v(b)}) is not a memspice column: not compared.
      if (!mine.columns.includes(plot.type === 'ac' ? `re(${name})` : name)) {
        skipped.push(name);
        continue;
      }
      let checks;
      try {
        checks = vectorChecks(mine, plot, name, false);
      } catch (e) {
        return `incomparable: .${plot.type} ${name}: ${firstLine(e)}`;
      }
      for (const c of checks) {
        const w = worstDeviation(c.reference, c.actual, c.allowance);
        const ratio = w.relative / TOLERANCE[plot.type];
        const where = c.scale.length > 0 ? ` at ${c.scale[w.at]}` : '';
        if (ratio >= worst.ratio) worst = { ratio, what: `.${plot.type} ${c.part}${name}${where}: memspice ${c.actual[w.at]}, ngspice ${c.reference[w.at]} (${w.relative.toExponential(2)})` };
      }
    }
  }
  if (worst.what === '') return `nothing to compare (memspice has none of ${skipped.join(' ')})`;
  const points = plots.map((p) => `${p.type} ${Object.keys(p.vectors).length}x${Math.max(1, p.scale.length)}`).join(', ');
  return `${worst.ratio < 1 ? 'agree' : 'differ'} ${worst.ratio.toExponential(2)} [${points}]${skipped.length > 0 ? ` (not compared: ${skipped.join(' ')})` : ''} ${worst.what}`;
}

const args = process.argv.slice(2);
const files = args[0] === '--from' ? readFileSync(args[1], 'utf8').split('\n').map((l) => l.trim()).filter(Boolean) : args;
if (files.length === 0) {
  console.error('usage: tsx scripts/compat/compare.ts FILE... | --from LIST');
  process.exit(1);
}
for (const file of files) console.log(`${file}\t${compareFile(file)}`);
