/**
 * Scaling benchmark (`npm run bench:scale`): the runs of a sweep on threads and on queue workers.
 *
 *  (f) a 16-run `.step` of the 32x32 crossbar transient of cases.ts, `memspice run --jobs 1` against `--jobs 2`
 *      in pairs (wall time, the speed-up printed; goal 1.8x on 2 cores)
 *  (h) one run split over the threads (splitRun in src/simulate.ts): the 32x32 crossbar `.ac` of 1001 points,
 *      `--jobs 1` against `--jobs 2` (wall time and CPU time)
 *  (g) the same sweep (transients of 0.5 s instead of 2 s, 16 runs) through `--queue` on a redis-server this
 *      script starts on a free localhost port, with 1, 2 and 4 worker processes of one thread each: throughput
 *      in runs per minute (the numbers of docs/scaling.md)
 *
 * Options: --only jobs|split|queue, --runs N (default 16), --repeats N (pairs of (f), runs of (h); default 3), --tstop-scale F (transient of (f) F x 2 s, default 1). Wall times of whole CLI processes (start-up included, as a
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

/**
 * (f): `repeats` pairs (default 3), each a `--jobs 1` process followed at once by a `--jobs 2` one, so that both of a
 * pair see the same machine: this VM's CPU speed drifts by a quarter within minutes (the same --jobs 1 run measured
 * 30.6 s and 42.8 s of CPU time five minutes apart), so one pair alone says little. Printed: every pair's speed-up,
 * then the medians of the walls, the CPUs and of the pairs' speed-ups (the goal is judged on the last).
 */
function jobsCase(): void {
  const repeats = args.includes('--repeats') ? Number(args[args.indexOf('--repeats') + 1]) : 3;
  const file = join(dir, 'xbar32-step.cir');
  writeFileSync(file, sweep(tstopScale));
  const out = join(dir, 'out');
  const load = loadAverage();
  const pairs: { serial: { wall: number; cpu: number }; parallel: { wall: number; cpu: number } }[] = [];
  for (let r = 0; r < repeats; r++) {
    const serial = timeCpu(['run', file, '--quiet', '--out', out, '--jobs', '1']);
    const parallel = timeCpu(['run', file, '--quiet', '--out', out, '--jobs', '2']);
    pairs.push({ serial, parallel });
    process.stdout.write(`  pair ${r + 1}: jobs=1 ${serial.wall.toFixed(1)} s (cpu ${serial.cpu.toFixed(1)} s)  jobs=2 ${parallel.wall.toFixed(1)} s (cpu ${parallel.cpu.toFixed(1)} s)  speed-up ${(serial.wall / parallel.wall).toFixed(2)}x\n`);
  }
  const m = (x: number[]): number => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)];
  const speedup = m(pairs.map((p) => p.serial.wall / p.parallel.wall));
  process.stdout.write(
    `xbar32-tran-step${runs} (tstop ${2 * tstopScale} s, medians of ${repeats} pairs)  jobs=1 ${m(pairs.map((p) => p.serial.wall)).toFixed(1)} s (cpu ${m(pairs.map((p) => p.serial.cpu)).toFixed(1)} s)  jobs=2 ${m(pairs.map((p) => p.parallel.wall)).toFixed(1)} s (cpu ${m(pairs.map((p) => p.parallel.cpu)).toFixed(1)} s)  speed-up ${speedup.toFixed(2)}x (goal 1.8x: ${speedup >= 1.8 ? 'yes' : 'NO'})  load before ${load}, after ${loadAverage()}\n`,
  );
}

/**
 * (h): each case `repeats` times (default 3), jobs 1 and 2 alternating so that the machine's load falls on both alike;
 * the medians, the CPU time of each process (user + sys, every thread: the split's extra work) and the load.
 */
function splitCase(): void {
  const repeats = args.includes('--repeats') ? Number(args[args.indexOf('--repeats') + 1]) : 3;
  const cases = [
    { id: 'xbar32-ac (1001 points)', text: crossbarCase(32, 'ac') },
  ];
  for (const c of cases) {
    const file = join(dir, 'split.cir');
    writeFileSync(file, c.text);
    const wall: Record<1 | 2, number[]> = { 1: [], 2: [] };
    const cpu: Record<1 | 2, number[]> = { 1: [], 2: [] };
    for (let r = 0; r < repeats; r++) {
      for (const jobs of [1, 2] as const) {
        const t = timeCpu(['run', file, '--quiet', '--json', '--jobs', String(jobs)]);
        wall[jobs].push(t.wall);
        cpu[jobs].push(t.cpu);
      }
    }
    const m = (x: number[]): number => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)];
    process.stdout.write(
      `${c.id}  jobs=1 ${m(wall[1]).toFixed(1)} s (cpu ${m(cpu[1]).toFixed(1)} s)  jobs=2 ${m(wall[2]).toFixed(1)} s (cpu ${m(cpu[2]).toFixed(1)} s)  speed-up ${(m(wall[1]) / m(wall[2])).toFixed(2)}x  load ${loadAverage()}\n`,
    );
  }
}

/** Wall time and CPU time (user + sys of the process and its threads, from GNU time) of one CLI process. */
function timeCpu(cliArgs: string[]): { wall: number; cpu: number } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, bin, ...cliArgs], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`memspice ${cliArgs.join(' ')} failed: ${r.stderr}`);
  const wall = (performance.now() - t0) / 1000;
  const [user, sys] = (r.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  return { wall, cpu: user + sys };
}

function loadAverage(): string {
  return (spawnSync('uptime', { encoding: 'utf8' }).stdout.match(/load average: (.*)/)?.[1] ?? '?').trim();
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
if (only === undefined || only === 'split') splitCase();
if (only === undefined || only === 'queue') await queueCase();
