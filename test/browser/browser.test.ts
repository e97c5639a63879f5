/**
 * The HTML report and the web page in a real browser (headless Chromium): they open without console errors,
 * every figure has drawn marks, the page's engine gives the CLI's numbers, and an error points at its line.
 * Skipped, with a message, where no chromium is installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.ts';
import { startServer } from '../../src/cli/serve.ts';
import type { SimulationResult } from '../../src/analysis/results.ts';
import type { Figure } from '../../src/plot/figures.ts';
import { chromiumPath, launchChromium } from './chromium.ts';

const executable = chromiumPath();
if (!executable) console.warn('browser tests skipped: no chromium (apt-get install -y chromium, or set CHROMIUM)');
const SPECTRA = 'netlists/pccp2024_fig5_spectra.cir';

/** A page that records console errors, failed requests and uncaught exceptions. */
async function watchedPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  return { page, errors };
}

/** Pixels of a PNG near an RGB colour, counted in the browser's own decoder. */
async function colourCount(page: Page, png: Buffer, rgb: [number, number, number]): Promise<number> {
  return page.evaluate(
    async ({ data, rgb }) => {
      const image = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, image.width, image.height).data;
      let n = 0;
      for (let k = 0; k < pixels.length; k += 4) if (Math.abs(pixels[k] - rgb[0]) + Math.abs(pixels[k + 1] - rgb[1]) + Math.abs(pixels[k + 2] - rgb[2]) < 40) n++;
      return n;
    },
    { data: png.toString('base64'), rgb },
  );
}

describe.skipIf(!executable)('in headless Chromium', () => {
  let browser: Browser;
  let server: Server;
  let base = '';
  let report = '';

  beforeAll(async () => {
    const dir = await buildWeb();
    server = await startServer(dir, 0);
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    browser = await launchChromium(executable as string);
    report = join(mkdtempSync(join(tmpdir(), 'memspice-report-')), 'spectra.html');
    const r = spawnSync(process.execPath, [resolve('bin/memspice.js'), 'report', SPECTRA, '-o', report], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`memspice report failed: ${r.stderr}`);
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('the report opens from a file with no console errors and no network, every figure drawn', async () => {
    const { page, errors } = await watchedPage(browser);
    const requests: string[] = [];
    page.on('request', (r) => void (r.url().startsWith('file:') || requests.push(r.url())));
    await page.goto(`file://${report}`);
    await page.waitForFunction(() => document.body.dataset.rendered !== undefined || document.body.dataset.renderError !== undefined);
    expect(await page.evaluate(() => document.body.dataset.renderError)).toBeUndefined();
    const marks = await page.$$eval('.figure', (figures) => figures.map((f) => f.querySelectorAll('svg .role-mark path').length));
    // Two figures (Nyquist, Bode): each has its four steps' curves.
    expect(marks).toHaveLength(2);
    for (const m of marks) expect(m).toBeGreaterThanOrEqual(4);
    expect(await page.textContent('body')).toContain('max relative difference');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('screenshot of the report: the Nyquist figure of PCCP 2024 Fig 5 is drawn in its step colours', async () => {
    const { page } = await watchedPage(browser);
    await page.goto(`file://${report}`);
    await page.waitForFunction(() => document.body.dataset.rendered !== undefined);
    const figure = await page.$('#figure-1');
    const box = await figure?.boundingBox();
    const shot = (await figure?.screenshot()) as Buffer;
    expect(box?.width).toBeGreaterThan(480);
    // vega's first two category colours: the vb=-0.4 arc (#4c78a8, a small one) and the vb=-0.2 arc (#f58518,
    // the large one, ~100 ohm across): hundreds of pixels of the latter, tens at least of the former.
    expect(await colourCount(page, shot, [0xf5, 0x85, 0x18])).toBeGreaterThan(500);
    expect(await colourCount(page, shot, [0x4c, 0x78, 0xa8])).toBeGreaterThan(30);
    await page.close();
  });

  it('the web page runs the PCCP 2024 Fig 5 netlist: the Nyquist plot appears with the CLI numbers', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${base}?netlist=pccp2024_fig5_spectra.cir`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    await page.click('#run');
    await page.waitForFunction(() => document.body.dataset.state === 'done' || document.body.dataset.state === 'error', null, { timeout: 60_000 });
    expect(await page.textContent('#error')).toBe('');
    expect(await page.$$eval('#figure-1 svg .role-mark path', (p) => p.length)).toBeGreaterThanOrEqual(4);
    const shown = await page.evaluate(() => (window as unknown as { memspiceShown: { figures: Figure[]; result: SimulationResult } }).memspiceShown);
    const cli = JSON.parse(spawnSync(process.execPath, [resolve('bin/memspice.js'), 'run', SPECTRA, '--json', '-q'], { encoding: 'utf8' }).stdout) as SimulationResult;
    // The page's first plotted Nyquist point of each step is (re Z, -im Z) at 1e-4 Hz of that step's .ac table.
    const nyquist = shown.figures[0];
    expect(nyquist.kind).toBe('nyquist');
    const points = (nyquist.spec.data as { values: Array<{ x: number; y: number; series: string; freq: number }> }).values;
    const acs = cli.analyses.filter((a) => a.type === 'ac');
    expect(acs).toHaveLength(4);
    for (const ac of acs) {
      const series = `vb=${ac.step?.vb}`;
      const first = points.find((p) => p.series === series) as { x: number; y: number; freq: number };
      expect(first.freq).toBe(ac.data[0][0]);
      // Same engine, same arithmetic: agreement to 1e-12 relative (the goal), in practice exact.
      expect(Math.abs(first.x - ac.data[0][1])).toBeLessThanOrEqual(1e-12 * Math.abs(ac.data[0][1]));
      expect(Math.abs(first.y + ac.data[0][2])).toBeLessThanOrEqual(1e-12 * Math.abs(ac.data[0][2]));
    }
    // The whole result, not only what is drawn: every table entry to 1e-12 relative.
    let worst = 0;
    shown.result.analyses.forEach((a, k) => {
      expect(a.columns).toEqual(cli.analyses[k].columns);
      a.data.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - cli.analyses[k].data[i][j]) / Math.max(Math.abs(cli.analyses[k].data[i][j]), 1e-300)))));
    });
    console.log(`browser vs CLI: largest relative difference over every table entry ${worst.toExponential(2)}`);
    expect(worst).toBeLessThanOrEqual(1e-12);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('.include reads a file added to the page', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(base);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    await page.setInputFiles('#files', { name: 'divider.inc', mimeType: 'text/plain', buffer: Buffer.from('R1 in out 1k\nR2 out 0 3k\n') });
    await page.waitForFunction(() => document.getElementById('added')?.textContent === 'divider.inc');
    await page.fill('#netlist', 'divider\nV1 in 0 DC 4\n.include "divider.inc"\n.op\n.end\n');
    await page.click('#run');
    await page.waitForFunction(() => document.body.dataset.state === 'done' || document.body.dataset.state === 'error', null, { timeout: 60_000 });
    const shown = await page.evaluate(() => (window as unknown as { memspiceShown: { result: SimulationResult } }).memspiceShown.result);
    const op = shown.analyses[0];
    // 4 V across 1k + 3k: v(out) = 3 V exactly (to rounding).
    expect(op.data[0][op.columns.indexOf('v(out)')]).toBeCloseTo(3, 12);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a netlist with an error shows the message and marks its line in the editor', async () => {
    const { page } = await watchedPage(browser);
    await page.goto(base);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    await page.fill('#netlist', 'bad netlist\nV1 a 0 DC 1\nR1 a 0 1k 2k\n.op\n.end\n');
    await page.click('#run');
    await page.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: 60_000 });
    const message = (await page.textContent('#error')) as string;
    expect(message).toMatch(/:3:\d+: /);
    expect(await page.textContent('#gutter .error-line')).toBe('3');
    const caretLine = await page.$eval('#netlist', (t) => (t as HTMLTextAreaElement).value.slice(0, (t as HTMLTextAreaElement).selectionStart).split('\n').length);
    expect(caretLine).toBe(3);
    await page.close();
  });
});
