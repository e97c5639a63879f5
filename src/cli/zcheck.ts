/**
 * `memspice zcheck FILE.cir [--tol T] [--json] [--plot [--png] [--out DIR]]`: runs the file's .ac and prints, per frequency, the simulated
 * impedance seen by the AC source and the closed-form one (src/analysis/zcheck.ts), with the relative
 * difference; the last line is the maximum. With --tol, exits 2 when it is exceeded. --plot draws both as
 * Nyquist and Bode figures into DIR (src/plot/figures.ts zcheckFigures).
 */
import { mkdirSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { zcheckNetlist } from '../analysis/zcheck.ts';
import { parseNetlist } from '../parse/index.ts';
import { readNetlist, type Io } from './io.ts';

export async function zcheckCommand(args: string[], io: Io): Promise<number> {
  let file: string | undefined;
  let tol: number | undefined;
  let json = false;
  let plot = false;
  let png = false;
  let out = 'out';
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '--tol') tol = Number(args[++k]);
    else if (args[k] === '--json') json = true;
    else if (args[k] === '--plot') plot = true;
    else if (args[k] === '--png') png = plot = true;
    else if ((args[k] === '--out' || args[k] === '-o') && args[k + 1] !== undefined) out = args[++k];
    else if (!args[k].startsWith('-') && file === undefined) file = args[k];
    else {
      io.stderr.write(`memspice zcheck: unexpected argument '${args[k]}'\n`);
      return 1;
    }
  }
  if (file === undefined || (tol !== undefined && !(tol > 0))) {
    io.stderr.write('usage: memspice zcheck FILE.cir [--tol T] [--json] [--plot [--png] [--out DIR]]\n');
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
  if (plot) {
    const [{ writeFigures }, { zcheckFigures }] = await Promise.all([import('./plots.ts'), import('../plot/figures.ts')]);
    mkdirSync(out, { recursive: true });
    for (const f of await writeFigures(zcheckFigures(results), out, basename(file, extname(file)), png)) (json ? io.stderr : io.stdout).write(`plot -> ${f}\n`);
  }
  const worst = Math.max(...results.map((r) => r.maxRelativeDifference));
  return tol !== undefined && !(worst <= tol) ? 2 : 0;
}
