/**
 * Figures as a reader sees them: the SVG that vega writes is well-formed, has the axis titles and one curve per
 * signal or step, and its pixels map back to the data. The scales are read from the tick labels (test/plot/svg.ts),
 * not taken from src/plot, so a wrong domain, a swapped axis or an unequal aspect shows up.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { NetlistError } from '../../src/base/errors.ts';
import { figures, zcheckFigures, type Figure } from '../../src/plot/figures.ts';
import { svgToPng, toSvg } from '../../src/plot/render.ts';
import { simulate } from '../../src/simulate.ts';
import { zcheckNetlist } from '../../src/analysis/zcheck.ts';
import type { SimulationResult } from '../../src/analysis/results.ts';
import { parseNetlist } from '../../src/parse/index.ts';
import { axisScales, findAll, hasClass, isWellFormed, linePaths, parseSvg, texts } from './svg.ts';

// Z(f) = R0 + R1 / (1 + j 2 pi f R1 C1): a semicircle of diameter R1 from R0 to R0 + R1, apex at f = 1/(2 pi R1 C1).
const R0 = 10;
const R1 = 100;
const C1 = 1e-3;
const SEMICIRCLE = `R0 + R1 || C1
V1 a 0 DC 0 AC 1
R0 a b ${R0}
R1 b 0 ${R1}
C1 b 0 ${C1}
.ac dec 10 0.01 1e4
.plot ac nyquist z(v1)
.plot ac bode z(v1)
.end
`;

function closedForm(f: number): { re: number; im: number } {
  const wrc = 2 * Math.PI * f * R1 * C1;
  const d = 1 + wrc * wrc;
  return { re: R0 + R1 / d, im: (-R1 * wrc) / d };
}

async function rendered(netlist: string, file = 'plot.cir'): Promise<Array<{ figure: Figure; svg: string }>> {
  const result = simulate(netlist, { file, cwd: resolve('netlists') });
  return Promise.all(figures(result).map(async (figure) => ({ figure, svg: await toSvg(figure.spec) })));
}

describe('Nyquist plot of a closed-form semicircle', () => {
  let svg = '';
  beforeAll(async () => {
    [{ svg }] = await rendered(SEMICIRCLE);
  });

  it('is well-formed XML with the axis titles and one curve', () => {
    expect(isWellFormed(svg)).toBe(true);
    const root = parseSvg(svg);
    expect(texts(root)).toEqual(expect.arrayContaining(['Re Z (Ω)', '−Im Z (Ω)']));
    expect(linePaths(root)).toHaveLength(1);
  });

  it('maps every vertex back to Z(f_k) of the closed form within a pixel', () => {
    const root = parseSvg(svg);
    const { x, y } = axisScales(root);
    const [path] = linePaths(root);
    // .ac dec 10 0.01 1e4: 61 frequencies 10^(-2 + k/10), the closed form at each, in the plot's pixels.
    expect(path).toHaveLength(61);
    let worst = 0;
    path.forEach(([px, py], k) => {
      const z = closedForm(10 ** (-2 + k / 10));
      worst = Math.max(worst, Math.hypot(px - (x.a + x.b * z.re), py - (y.a + y.b * -z.im)));
    });
    // One pixel is the goal; vega writes vertices to 1e-3 px and the labels at full precision, so the error
    // here is the simulation's (relative 1e-9 of R1 at most) plus that rounding.
    expect(worst).toBeLessThan(1);
  });

  it('has equal scales: one ohm is as long on the real axis as on the imaginary one', () => {
    const { x, y } = axisScales(parseSvg(svg));
    expect(x.ticks).toBeGreaterThanOrEqual(3);
    expect(y.ticks).toBeGreaterThanOrEqual(3);
    // Screen y grows downwards: the y scale's slope is negative. The slopes come from tick labels written at full
    // precision, so they agree to rounding (1e-9 relative allows for it).
    expect(y.b).toBeLessThan(0);
    expect(Math.abs(-y.b / x.b - 1)).toBeLessThan(1e-9);
  });

  it('labels the decades of frequency', () => {
    const labels = texts(parseSvg(svg)).filter((t) => t.endsWith(' Hz'));
    // The apex is at 1/(2 pi R1 C1) = 1.6 Hz; decades 0.01 ... 1e4 Hz lie along the arc, the ones crowded at its
    // ends (closer than 30 px to a label kept) are dropped: the first one and those around the apex remain.
    expect(labels).toEqual(expect.arrayContaining(['0.01 Hz', '1 Hz', '10 Hz']));
  });
});

describe('figures of the PCCP 2024 Fig 5 netlists', () => {
  // The netlists' own .plot lines removed: each test adds the one it checks.
  const withoutPlots = (file: string): string => readFileSync(file, 'utf8').replace(/^\.plot .*\n/gm, '');
  const spectra = withoutPlots('netlists/pccp2024_fig5_spectra.cir');
  const loop = withoutPlots('netlists/pccp2024_fig5_loop.cir');

  it('a stepped Nyquist plot has one curve per .step value and a legend of them', async () => {
    const [{ svg }] = await rendered(spectra.replace(/^\.end\s*$/m, '.plot ac nyquist z(v1)\n.end'));
    const root = parseSvg(svg);
    expect(linePaths(root)).toHaveLength(4);
    expect(texts(root)).toEqual(expect.arrayContaining(['vb=-0.4', 'vb=-0.2', 'vb=0.2', 'vb=0.4', 'step']));
  });

  it('a Bode plot has magnitude and phase panels on a log frequency axis', async () => {
    const [{ svg }] = await rendered(spectra.replace(/^\.end\s*$/m, '.plot ac bode z(v1)\n.end'));
    const root = parseSvg(svg);
    expect(isWellFormed(svg)).toBe(true);
    // Two panels, four steps each.
    expect(linePaths(root)).toHaveLength(8);
    expect(texts(root)).toEqual(expect.arrayContaining(['|z(v1)| (Ω)', 'phase of z(v1) (°)', 'frequency (Hz)']));
  });

  it('a transient plot has one curve per signal, with units on the axes', async () => {
    const [{ svg }] = await rendered(loop.replace(/^\.end\s*$/m, '.plot tran v(a) i(p1)\n.end'));
    const root = parseSvg(svg);
    expect(linePaths(root)).toHaveLength(2);
    expect(texts(root)).toEqual(expect.arrayContaining(['time (s)', 'v(a), i(p1)', 'v(a)', 'i(p1)']));
  });

  it('an xy plot draws i(p1) against v(a) point by point, with arrowheads along time', async () => {
    const [{ svg }] = await rendered(loop.replace(/^\.end\s*$/m, '.plot tran xy v(a) i(p1)\n.end'));
    const root = parseSvg(svg);
    expect(texts(root)).toEqual(expect.arrayContaining(['v(a) (V)', 'i(p1) (A)']));
    const [path] = linePaths(root);
    const { x, y } = axisScales(root);
    const table = simulate(loop, { file: 'loop.cir' }).analyses[0];
    expect(path).toHaveLength(table.data.length);
    // Vertex k is (v(a), i(p1)) of row k: the curve is the loop in time order.
    let worst = 0;
    table.data.forEach((row, k) => (worst = Math.max(worst, Math.hypot(path[k][0] - (x.a + x.b * row[1]), path[k][1] - (y.a + y.b * row[2])))));
    expect(worst).toBeLessThan(1);
    const arrows = findAll(root, hasClass('mark-symbol'));
    expect(arrows.length).toBeGreaterThan(0);
  });

  it('without .plot lines, a default figure per analysis: Nyquist and Bode for an impedance', async () => {
    const figs = (await rendered(spectra)).map((r) => r.figure.name);
    expect(figs).toEqual(['ac-nyquist', 'ac-bode']);
  });
});

describe('other figures', () => {
  it('PULSES readings against the pulse number, one series per step', async () => {
    const text = readFileSync('netlists/pores_antiparallel_pulses.cir', 'utf8').replace(/^\.end\s*$/m, '.plot tran pulses g\n.end');
    const result = simulate(text, { file: 'pulses.cir', cwd: resolve('netlists') });
    const [figure] = figures(result);
    const root = parseSvg(await toSvg(figure.spec));
    const paths = linePaths(root);
    expect(paths).toHaveLength(result.analyses.filter((a) => a.type === 'tran').length);
    const { x, y } = axisScales(root);
    const first = result.analyses[0].measures as Record<string, number>;
    expect(paths[0]).toHaveLength(first.g);
    // Vertex k is (k, g_k).
    paths[0].forEach(([px, py], k) => {
      expect(Math.abs(px - (x.a + x.b * (k + 1)))).toBeLessThan(1);
      expect(Math.abs(py - (y.a + y.b * first[`g_${k + 1}`]))).toBeLessThan(1);
    });
    expect(texts(root)).toContain('pulse number');
  });

  it('a .dc sweep of operating-point quantities against the swept voltage, with a log axis', async () => {
    const netlist = `memdiode sweep
.model FIG4 MEMDIODE (Vs=0.3 Vr=-0.4 Vm=0.1 ns=1.5 nr=2 gL=0.1 gH=1 tauk=1)
V1 a 0 DC 0
YMEMDIODE p1 a 0 FIG4
.dc V1 0.05 1 0.05
.plot dc ga(p1) ylog
.plot dc la(p1)
.end
`;
    const out = await rendered(netlist);
    expect(out).toHaveLength(2);
    expect(texts(parseSvg(out[0].svg))).toEqual(expect.arrayContaining(['v1 (V)', 'ga(p1) (S)']));
    expect(texts(parseSvg(out[1].svg))).toEqual(expect.arrayContaining(['la(p1) (H)']));
  });

  it('zcheck: the simulated impedance as markers over the closed form, Nyquist and Bode', async () => {
    const spectra = readFileSync('netlists/pccp2024_fig5_spectra.cir', 'utf8');
    const comparisons = zcheckNetlist(parseNetlist(spectra, { file: 'spectra.cir', cwd: resolve('netlists') }));
    const [nyquist, bode] = zcheckFigures(comparisons);
    const root = parseSvg(await toSvg(nyquist.spec));
    // One closed-form line per step, and a marker per simulated frequency and step.
    expect(linePaths(root)).toHaveLength(comparisons.length);
    const markers = findAll(root, hasClass('mark-symbol')).flatMap((g) => g.children.filter((c) => c.tag === 'path'));
    expect(markers.length).toBeGreaterThanOrEqual(comparisons.reduce((n, c) => n + c.rows.length, 0));
    expect(isWellFormed(await toSvg(bode.spec))).toBe(true);
  });

  it('the PNG renders, at twice the SVG size, and is not blank', async () => {
    const [{ svg }] = await rendered(SEMICIRCLE);
    const png = await svgToPng(svg);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = png.readUInt32BE(16);
    const svgWidth = Number(/width="(\d+)"/.exec(svg)?.[1]);
    expect(width).toBe(2 * svgWidth);
    // Not blank: the rendered pixels include the curve's colour (vega's first category colour #4c78a8) and dark text.
    const pixels = new Resvg(svg, { font: { loadSystemFonts: true } }).render().pixels;
    let curve = 0;
    let dark = 0;
    for (let k = 0; k < pixels.length; k += 4) {
      const [r, g, b] = [pixels[k], pixels[k + 1], pixels[k + 2]];
      if (Math.abs(r - 0x4c) < 20 && Math.abs(g - 0x78) < 20 && Math.abs(b - 0xa8) < 20) curve++;
      if (r < 60 && g < 60 && b < 60) dark++;
    }
    expect(curve).toBeGreaterThan(200);
    expect(dark).toBeGreaterThan(200);
  });
});

describe('.plot lines: errors at the line', () => {
  it('nyquist on a transient', () => {
    expect(() => simulate('t\nV1 a 0 1\nR1 a 0 1\n.tran 1m 1\n.plot tran nyquist z(v1)\n.end\n', { file: 'bad.cir' })).toThrow(/bad\.cir|nyquist draws an impedance/);
    try {
      simulate('t\nV1 a 0 1\nR1 a 0 1\n.tran 1m 1\n.plot tran nyquist z(v1)\n.end\n', { file: 'bad.cir' });
    } catch (err) {
      expect(err).toBeInstanceOf(NetlistError);
      expect((err as NetlistError).format()).toMatch(/^bad\.cir:5:12: .plot nyquist draws an impedance/);
    }
  });

  it('a signal the circuit does not have', () => {
    expect(() => simulate('t\nV1 a 0 1\nR1 a 0 1\n.tran 1m 1\n.plot tran v(nowhere)\n.end\n', { file: 'bad.cir' })).toThrow(NetlistError);
  });

  it('xy with one signal', () => {
    expect(() => simulate('t\nV1 a 0 1\nR1 a 0 1\n.tran 1m 1\n.plot tran xy v(a)\n.end\n', { file: 'bad.cir' })).toThrow(/needs the abscissa signal and at least one more/);
  });

  it('a .plot keeps the default table and adds its signals', () => {
    const plain = simulate('t\nV1 a 0 DC 0 AC 1\nR1 a 0 1\n.ac dec 1 1 10\n.end\n', { file: 'p.cir' });
    const plotted = simulate('t\nV1 a 0 DC 0 AC 1\nR1 a 0 1\n.ac dec 1 1 10\n.plot ac nyquist z(v1)\n.end\n', { file: 'p.cir' });
    expect(plotted.analyses[0].columns).toEqual([...plain.analyses[0].columns, 're(z(v1))', 'im(z(v1))']);
    expect(plotted.plots?.[0]).toMatchObject({ analysis: 'ac', kind: 'nyquist', signals: ['z(v1)'] });
  });
});

/**
 * `.poles` and `.stability` results as the stability analysis writes them (type 'poles': columns re, im, damping,
 * freq; type 'stability': the swept source, then re(pk), im(pk) per pole rank, and `bifurcations`), built here by
 * hand from known poles so that the figures can be checked against them.
 */
describe('pole figures', () => {
  const poles = (data: number[][]): SimulationResult['analyses'][number] => ({ type: 'poles' as const, columns: ['re', 'im', 'damping', 'freq'], data });

  it('the pole map puts a cross at every pole (within a pixel), the imaginary axis marked', async () => {
    // A damped pair -1 ± 2j and a real pole at -3.
    const known = [[-1, 2], [-1, -2], [-3, 0]];
    const result: SimulationResult = { title: 'poles', analyses: [poles(known.map(([re, im]) => [re, im, -re / Math.hypot(re, im), Math.abs(im) / (2 * Math.PI)]))], plots: [{ analysis: 'poles', kind: 'poles', signals: [], xlog: false, ylog: false, loc: { file: 'p.cir', line: 3, column: 1, text: '' } }] };
    const [figure] = figures(result);
    const root = parseSvg(await toSvg(figure.spec));
    expect(texts(root)).toEqual(expect.arrayContaining(['Re p (1/s)', 'Im p (rad/s)']));
    const { x, y } = axisScales(root);
    const crosses = findAll(root, hasClass('mark-symbol')).flatMap((g) => g.children.filter((c) => c.tag === 'path'));
    expect(crosses).toHaveLength(3);
    for (const [k, c] of crosses.entries()) {
      const [px, py] = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(c.attributes.transform)?.slice(1).map(Number) as number[];
      expect(Math.hypot(px - (x.a + x.b * known[k][0]), py - (y.a + y.b * known[k][1]))).toBeLessThan(1);
    }
  });

  it('stability: the rightmost real parts against the sweep, a line per rank, the Hopf point marked', async () => {
    // re(p1) = lambda - 5 (a pair crossing the axis at lambda = 5 with omega = 2), re(p2) = -lambda.
    const lambdas = Array.from({ length: 21 }, (_, k) => k * 0.5);
    const run = { type: 'stability' as const, columns: ['i1', 're(p1)', 'im(p1)', 're(p2)', 'im(p2)'], data: lambdas.map((l) => [l, l - 5, 2, -l, 0]), bifurcations: [{ kind: 'hopf' as const, value: 5, omega: 2, stable_above: false }] };
    const result: SimulationResult = { title: 'scan', analyses: [run] };
    const [figure] = figures(result);
    expect(figure.kind).toBe('stability');
    const root = parseSvg(await toSvg(figure.spec));
    expect(linePaths(root)).toHaveLength(2);
    expect(texts(root)).toEqual(expect.arrayContaining(['i1 (A)', 'Re p (1/s)', 'Hopf, ω = 2 rad/s at 5', 're(p1)', 're(p2)']));
    // The p1 line crosses zero at the Hopf rule's abscissa.
    const { x } = axisScales(root);
    const rules = findAll(root, hasClass('mark-rule')).filter((g) => hasClass('role-mark')(g)).flatMap((g) => g.children.filter((c) => c.tag === 'line'));
    const hopf = rules.map((r) => Number(/translate\(([-\d.e]+),/.exec(r.attributes.transform ?? '')?.[1])).filter((px) => Math.abs(px - (x.a + x.b * 5)) < 1);
    expect(hopf).toHaveLength(1);
  });
});
