/**
 * Figures (vega-lite specifications, src/plot/figures.ts) rendered headlessly: compiled to vega, drawn by a
 * vega View with no renderer into an SVG string, and rasterised to PNG by resvg. The libraries are loaded on
 * first use, so that a `memspice run` without `--plot` never loads them.
 */
import type { VegaLiteSpec } from './figures.ts';

export async function toSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The SVG as PNG at twice its size, with the system's fonts (DejaVu on Debian) for the text. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: 'white' });
  return resvg.render().asPng();
}
