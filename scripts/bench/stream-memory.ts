/**
 * Memory of a long transient written as CSV (`npx tsx scripts/bench/stream-memory.ts`, after npm run build:js):
 * the peak resident set size of whole `memspice run` processes (the built CLI, its worker thread included) on one
 * RC circuit driven by a sine, with tmax chosen for 1e5, 1e6 and 1e7 time points. `--out` streams the table into
 * its file as it is computed, so the peak should not grow with the points; `--json` (the in-memory table, for
 * comparison) does, and is run only up to --json-max points (default 1e6).
 *
 * Peak RSS and CPU time (user + sys) are the kernel's for the child (GNU time: /usr/bin/time -f '%M %U %S').
 * Options: --points 1e5,1e6,1e7 (the sizes), --json-max N.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../../bin/memspice.js', import.meta.url).pathname;
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const sizes = option('--points', '1e5,1e6,1e7').split(',').map(Number);
const jsonMax = Number(option('--json-max', '1e6'));
const dir = mkdtempSync(join(tmpdir(), 'memspice-stream-memory-'));

/** An RC low-pass driven at 1 kHz for 10 ms: tmax = 10 ms / points gives (a few more than) that many points. */
function netlist(points: number): string {
  const tmax = 10e-3 / points;
  return `RC under a sine, ${points} points\nv1 in 0 SIN(0 1 1k)\nr1 in a 1k\nc1 a 0 100n\n.tran ${tmax} 10m 0 ${tmax}\n.end\n`;
}

interface Measurement {
  peakMiB: number;
  cpuSeconds: number;
  outputMiB: number;
}

function measure(file: string, mode: 'csv' | 'json'): Measurement {
  const out = join(dir, 'out');
  const json = join(dir, 'out.json');
  const cli = mode === 'csv' ? `${process.execPath} ${bin} run ${file} --quiet --out ${out}` : `${process.execPath} ${bin} run ${file} --quiet --json > ${json}`;
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', 'sh', '-c', cli], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cli} failed: ${r.stderr}`);
  const [kib, user, sys] = r.stderr.trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
  const written = mode === 'csv' ? join(out, 'rc-1-tran.csv') : json;
  const outputMiB = statSync(written).size / 2 ** 20;
  rmSync(written);
  return { peakMiB: kib / 1024, cpuSeconds: user + sys, outputMiB };
}

const load = (): string => (spawnSync('uptime', { encoding: 'utf8' }).stdout.match(/load average: (.*)/)?.[1] ?? '?').trim();
process.stdout.write(`load average before: ${load()}\n`);
process.stdout.write('points      mode  peak RSS MiB  CPU s   output MiB\n');
for (const points of sizes) {
  const file = join(dir, 'rc.cir');
  writeFileSync(file, netlist(points));
  const modes: Array<'csv' | 'json'> = points <= jsonMax ? ['csv', 'json'] : ['csv'];
  for (const mode of modes) {
    const m = measure(file, mode);
    process.stdout.write(`${points.toExponential(0).padEnd(10)}  ${mode.padEnd(4)}  ${m.peakMiB.toFixed(0).padStart(12)}  ${m.cpuSeconds.toFixed(1).padStart(6)}  ${m.outputMiB.toFixed(1).padStart(10)}\n`);
  }
}
process.stdout.write(`load average after: ${load()}\n`);
rmSync(dir, { recursive: true, force: true });
