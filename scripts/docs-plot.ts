/**
 * `npm run docs:plot`: the figure shown in the README, docs/figures/pccp2024_fig5_nyquist.svg, drawn from
 * netlists/pccp2024_fig5_spectra.cir (its first `.plot` line, the Nyquist plot of the four biases).
 * test/plot/docs-figure.test.ts fails when the committed file is not what this script writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { figures } from '../src/plot/figures.ts';
import { toSvg } from '../src/plot/render.ts';
import { simulate } from '../src/simulate.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const README_NETLIST = 'netlists/pccp2024_fig5_spectra.cir';
export const README_FIGURE = 'docs/figures/pccp2024_fig5_nyquist.svg';

export async function readmeFigure(): Promise<string> {
  const file = path.join(root, README_NETLIST);
  const result = simulate(readFileSync(file, 'utf8'), { file: README_NETLIST, cwd: path.dirname(file) });
  const [nyquist] = figures(result);
  return `${await toSvg(nyquist.spec)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(path.join(root, README_FIGURE), await readmeFigure());
  console.log(`wrote ${README_FIGURE}`);
}
