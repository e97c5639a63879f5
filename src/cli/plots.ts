/**
 * `memspice run FILE --plot [--png]`: the figures of a result (src/plot/figures.ts) as SVG (and PNG) files in
 * the output directory, `<netlist>-<figure>.svg`. Loaded only when --plot is given: vega is not part of a
 * plain run's start-up.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from '../plot/figures.ts';
import { svgToPng, toSvg } from '../plot/render.ts';

/** Writes every figure under a temporary name first, then renames them all: a failure leaves no partial output. */
export async function writeFigures(list: readonly Figure[], dir: string, base: string, png: boolean): Promise<string[]> {
  const written: Array<{ tmp: string; final: string }> = [];
  try {
    for (const figure of list) {
      const svg = await toSvg(figure.spec);
      const stem = join(dir, `${base}-${figure.name}`);
      written.push({ tmp: `${stem}.svg.partial`, final: `${stem}.svg` });
      writeFileSync(`${stem}.svg.partial`, svg);
      if (png) {
        written.push({ tmp: `${stem}.png.partial`, final: `${stem}.png` });
        writeFileSync(`${stem}.png.partial`, await svgToPng(svg));
      }
    }
    for (const w of written) renameSync(w.tmp, w.final);
  } catch (err) {
    for (const w of written) rmSync(w.tmp, { force: true });
    throw err;
  }
  return written.map((w) => w.final);
}
