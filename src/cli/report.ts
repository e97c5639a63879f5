/**
 * `memspice report FILE.cir [-o report.html]`: simulates the netlist, runs zcheck when it has an .ac, and writes
 * the self-contained HTML report (src/plot/report.ts) with the browser builds of vega and vega-lite inlined.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { NetlistError, SimulationError } from '../base/errors.ts';
import { zcheckNetlist } from '../analysis/zcheck.ts';
import { parseNetlist } from '../parse/index.ts';
import { figures } from '../plot/figures.ts';
import { reportHtml, type ReportInput, type RunStatistics } from '../plot/report.ts';
import type { SimulationResult } from '../analysis/results.ts';
import type { Simulator } from '../engine/simulator.ts';

/** The library's simulate() as the report calls it (src/simulate.ts, passed in: cli/ does not import the entry points). */
type Simulate = (netlist: string, options: { file: string; cwd: string; onWarning: (m: string) => void; onSimulator: (sim: Simulator) => void }) => SimulationResult;
import { readNetlist, type Io } from './io.ts';

/** vega's and vega-lite's minified browser builds, found beside their package entry points. */
export function browserScripts(): { vega: string; vegaLite: string } {
  const require = createRequire(import.meta.url);
  const build = (pkg: string, file: string): string => readFileSync(join(dirname(require.resolve(pkg)), file), 'utf8');
  return { vega: build('vega', 'vega.min.js'), vegaLite: build('vega-lite', 'vega-lite.min.js') };
}

export async function reportCommand(args: string[], io: Io, simulate: Simulate): Promise<number> {
  let file: string | undefined;
  let out: string | undefined;
  for (let k = 0; k < args.length; k++) {
    if ((args[k] === '-o' || args[k] === '--out') && args[k + 1] !== undefined) out = args[++k];
    else if (!args[k].startsWith('-') && file === undefined) file = args[k];
    else {
      io.stderr.write(`memspice report: unexpected argument '${args[k]}'\nusage: memspice report FILE.cir [-o report.html]\n`);
      return 1;
    }
  }
  if (file === undefined) {
    io.stderr.write('usage: memspice report FILE.cir [-o report.html]\n');
    return 1;
  }
  const netlist = readNetlist(file);
  const cwd = dirname(resolve(file));
  const warnings: string[] = [];
  const statistics: RunStatistics = { unknowns: 0, newtonIterations: 0, timeSteps: 0, rejectedSteps: 0, seconds: 0 };
  const started = performance.now();
  const result = simulate(netlist, {
    file,
    cwd,
    onWarning: (m) => warnings.push(m),
    onSimulator: (sim) => {
      statistics.unknowns = Math.max(statistics.unknowns, sim.system.size);
      statistics.newtonIterations += sim.stats.newtonIterations;
      statistics.timeSteps += sim.stats.timeSteps;
      statistics.rejectedSteps += sim.stats.rejectedSteps;
    },
  });
  statistics.seconds = (performance.now() - started) / 1000;
  let zcheck: ReportInput['zcheck'] = null;
  if (result.analyses.some((a) => a.type === 'ac')) {
    try {
      zcheck = zcheckNetlist(parseNetlist(netlist, { file, cwd }));
    } catch (err) {
      // The report still shows the run: zcheck's own failure (no AC voltage source, ...) is one line in it.
      if (!(err instanceof NetlistError || err instanceof SimulationError)) throw err;
      zcheck = `not available: ${err.message}`;
    }
  }
  const html = reportHtml({ file, netlist, result, figures: figures(result, (m) => warnings.push(m)), zcheck, warnings, statistics }, browserScripts());
  const target = out ?? join(dirname(file), `${basename(file, extname(file))}-report.html`);
  writeFileSync(`${target}.partial`, html);
  renameSync(`${target}.partial`, target);
  io.stdout.write(`report -> ${target}\n`);
  return 0;
}
