/**
 * `--queue` and `memspice worker` on a real Redis: the test starts its own redis-server on a free localhost
 * port, two worker processes (one thread each), and a submitting `memspice run --queue`; it kills one worker with
 * SIGKILL while that worker holds a job. The dead worker's lock expires and the other worker takes the job over
 * (BullMQ's stall detection), so every run completes exactly once (counted from the queue's own completion
 * events) and the gathered JSON is the serial run's byte for byte. Without redis-server the test fails (CI
 * installs it), it does not skip.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossbarNetlist } from './crossbarNetlist.ts';

const bin = new URL('../../bin/memspice.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'memspice-queue-'));
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves when the process has written `pattern` to stdout or stderr (rejects after `ms`). */
function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp, ms: number): Promise<void> {
  return new Promise((resolveWait, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern} (got: ${text})`)), ms);
    const on = (chunk: Buffer): void => {
      text += chunk.toString();
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolveWait();
      }
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

/** Runs the CLI to the end, collecting its output. */
function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return exited(child).then((status) => ({ status, stdout, stderr }));
}

let redis: ChildProcessWithoutNullStreams | undefined;
const workers: ChildProcessWithoutNullStreams[] = [];
let url = '';

function startWorker(): ChildProcessWithoutNullStreams {
  // A 2 s stall timeout: a dead worker's job is taken over within about 4 s instead of a minute.
  const w = spawn(process.execPath, [bin, 'worker', '--queue', url, '--jobs', '1', '--stall-timeout', '2']);
  workers.push(w);
  return w;
}

beforeAll(async () => {
  if (!hasRedis) return;
  const port = await freePort();
  url = `redis://127.0.0.1:${port}`;
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  await waitForOutput(redis, /Ready to accept connections/, 20_000);
}, 30_000);

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
  await Promise.all(workers.map(exited));
  if (redis && redis.exitCode === null) {
    redis.kill('SIGTERM');
    await exited(redis);
  }
}, 30_000);

describe('--queue: runs on BullMQ workers', () => {
  it('redis-server is installed (.ci/run installs it)', () => {
    expect(hasRedis, 'redis-server not found on PATH: install it (Debian: apt-get install redis-server); .ci/run does').toBe(true);
  });

  it('a worker killed in the middle of a job: every run completes exactly once and the result is the serial one', async () => {
    expect(hasRedis, 'redis-server not installed').toBe(true);
    const file = join(dir, 'sweep.cir');
    // Six transients of a sine-driven crossbar, long enough (about a second each) to kill a worker inside one.
    writeFileSync(file, crossbarNetlist('{gh}', ['.param gh=1', '.step param gh list 0.5 0.8 1 1.2 1.5 2', '.tran 5m 1'], 4).replace('vr1 r1 0 DC 0.1', 'vr1 r1 0 DC 0.1 SIN(0 0.5 5)'));
    const serial = await run(['run', file, '--json', '--jobs', '1']);
    expect(serial.status).toBe(0);

    const completions = new Map<string, number>();
    const client = new Redis(url, { maxRetriesPerRequest: null });
    const events = new QueueEvents('memspice-runs', { connection: client });
    events.on('completed', ({ jobId }) => completions.set(jobId, (completions.get(jobId) ?? 0) + 1));
    await events.waitUntilReady();
    try {
      const doomed = startWorker();
      const survivor = startWorker();
      await Promise.all([waitForOutput(doomed, /thread\(s\) on/, 20_000), waitForOutput(survivor, /thread\(s\) on/, 20_000)]);
      const submitted = run(['run', file, '--json', '--queue', url]);
      await waitForOutput(doomed, /started/, 30_000);
      doomed.kill('SIGKILL');
      const gathered = await submitted;
      expect(gathered.stderr).toBe('');
      expect(gathered.status).toBe(0);
      expect(gathered.stdout).toBe(serial.stdout);
      expect(completions.size).toBe(6);
      for (const count of completions.values()) expect(count).toBe(1);
    } finally {
      await events.close();
      await client.quit();
    }
  }, 120_000);

  it('a run that fails is reported with its step values, the others still complete; exit 1', async () => {
    expect(hasRedis, 'redis-server not installed').toBe(true);
    if (!workers.some((w) => w.exitCode === null && w.signalCode === null)) startWorker();
    const file = join(dir, 'bad.cir');
    writeFileSync(file, crossbarNetlist('{gh}', ['.param gh=1', '.step param gh list 1 -1 2'], 1));
    const r = await run(['run', file, '--json', '--queue', url]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^run 1 \(gh=-1\): .*gH/m);
    expect(r.stderr).toContain('1 of 3 runs failed');
  }, 60_000);
});
