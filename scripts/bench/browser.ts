/**
 * The browser engine against Node (`npm run bench` runs it after the main table; `npm run bench -- --only browser`
 * alone): the 16x16 MEMDIODE crossbar transient of scripts/bench/cases.ts, simulated by simulate() in this
 * process and by the web page's worker (web/dist, the same src/ bundled for the browser) in headless Chromium.
 * Median of 3 runs each; the time is the simulation's wall time (in the page: measured inside the worker).
 * Goal: the browser within 1.3x of Node. Skipped with a message where no chromium is installed.
 */
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { buildWeb } from '../build-web.ts';
import { startServer } from '../../src/cli/serve.ts';
import { simulate } from '../../src/simulate.ts';
import { chromiumPath, launchChromium } from '../../test/browser/chromium.ts';
import { crossbarCase } from './cases.ts';

export const BROWSER_GOAL = 1.3;
const RUNS = 3;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchBrowser(): Promise<void> {
  const executable = chromiumPath();
  if (!executable) {
    console.log('browser engine: skipped (no chromium; apt-get install -y chromium, or set CHROMIUM)');
    return;
  }
  const netlist = crossbarCase(16, 'tran');
  const node: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const t0 = performance.now();
    simulate(netlist, { file: 'xbar16-tran.cir' });
    node.push((performance.now() - t0) / 1000);
  }
  const server = await startServer(await buildWeb(), 0);
  const browser = await launchChromium(executable);
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    const inBrowser: number[] = [];
    for (let k = 0; k < RUNS; k++) {
      const seconds = await page.evaluate(
        async (text) => (await (window as unknown as { memspiceRun(file: string, text: string): Promise<{ seconds: number }> }).memspiceRun('xbar16-tran.cir', text)).seconds,
        netlist,
      );
      inBrowser.push(seconds);
    }
    const ratio = median(inBrowser) / median(node);
    console.log(
      `browser engine, xbar16-tran: Node ${median(node).toFixed(3)} s, Chromium worker ${median(inBrowser).toFixed(3)} s, ratio ${ratio.toFixed(2)} ` +
        `(goal <= ${BROWSER_GOAL}: ${ratio <= BROWSER_GOAL ? 'reached' : 'NOT reached'})`,
    );
  } finally {
    await browser.close();
    server.close();
  }
}
