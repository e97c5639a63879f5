/**
 * Scaling benchmark (`npm run bench:scale`): the runs of a sweep on threads and on queue workers.
 *
 *  (f) a 16-run `.step` of the 32x32 crossbar transient of cases.ts, `memspice run --jobs 1` against `--jobs 2`
 *      (wall time, the speed-up printed; goal 1.8x on 2 cores)
 *  (g) the same sweep (transients of 0.5 s instead of 2 s, 16 runs) through `--queue` on a redis-server this
 *      script starts on a free localhost port, with 1, 2 and 4 worker processes of one thread each: throughput
 *      in runs per minute (the numbers of docs/scaling.md)
 *
 * Options: --only jobs|queue, --runs N (default 16), --tstop-scale F (transient of (f) F x 2 s, default 1). Wall times of whole CLI processes (start-up included, as a
 * user sees them). Uses the built CLI (npm run build:js first, which `npm run bench:scale` does).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crossbarCase } from './cases.ts';

const bin = new URL('../../bin/memspice.js', import.meta.url).pathname;
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 16;
/** Transient length of (f) as a fraction of the 2 s of cases.ts (a shorter sweep on a busy machine). */
const tstopScale = args.includes('--tstop-scale') ? Number(args[args.indexOf('--tstop-scale') + 1]) : 1;
const dir = mkdtempSync(join(tmpdir(), 'memspice-scale-'));

/** The 32x32 transient under a `.step` of a parameter nothing uses: `runs` runs of equal cost. */
function sweep(tstopScale: number): string {
  const base = crossbarCase(32, 'tran', tstopScale);
  return base.replace(/\.end\s*$/i, `.param run=0\n.step param run 1 ${runs} 1\n.end\n`);
}

function timeCli(cliArgs: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, ...cliArgs], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`memspice ${cliArgs.join(' ')} failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

function jobsCase(): void {
  const file = join(dir, 'xbar32-step.cir');
  writeFileSync(file, sweep(tstopScale));
  const out = join(dir, 'out');
  const serial = timeCli(['run', file, '--quiet', '--out', out, '--jobs', '1']);
  const parallel = timeCli(['run', file, '--quiet', '--out', out, '--jobs', '2']);
  process.stdout.write(`xbar32-tran-step${runs} (tstop ${2 * tstopScale} s)  jobs=1 ${serial.toFixed(1)} s  jobs=2 ${parallel.toFixed(1)} s  speed-up ${(serial / parallel).toFixed(2)}x (goal 1.8x)\n`);
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      server.close(() => (typeof a === 'object' && a ? resolvePort(a.port) : reject(new Error('no port'))));
    });
  });
}

function waitFor(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolveWait) => {
    let text = '';
    const on = (c: Buffer): void => {
      text += c.toString();
      if (pattern.test(text)) resolveWait();
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
    child.once('exit', () => resolveStop());
    child.kill('SIGTERM');
  });
}

async function queueCase(): Promise<void> {
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new Error('redis-server is not installed (Debian: apt-get install redis-server)');
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  await waitFor(redis, /Ready to accept connections/);
  const file = join(dir, 'xbar32-step-short.cir');
  writeFileSync(file, sweep(0.25));
  try {
    for (const count of [1, 2, 4]) {
      const workers = Array.from({ length: count }, () => spawn(process.execPath, [bin, 'worker', '--queue', url, '--jobs', '1']));
      await Promise.all(workers.map((w) => waitFor(w, /thread\(s\) on/)));
      const seconds = timeCli(['run', file, '--json', '--quiet', '--queue', url]);
      await Promise.all(workers.map(stop));
      process.stdout.write(`queue, ${count} worker process(es) x 1 thread: ${runs} runs in ${seconds.toFixed(1)} s = ${((60 * runs) / seconds).toFixed(1)} runs/min\n`);
    }
  } finally {
    await stop(redis);
  }
}

if (only === undefined || only === 'jobs') jobsCase();
if (only === undefined || only === 'queue') await queueCase();
