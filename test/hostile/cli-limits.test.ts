/** The size limits as a user meets them on the command line: exit 1, one located line, nothing in --out. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve('bin/memspice.js');

function runCli(name: string, text: string, nodeFlags: string[] = []): { status: number; stderr: string; outFiles: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'memspice-limits-'));
  writeFileSync(join(dir, name), text);
  const r = spawnSync(process.execPath, [...nodeFlags, bin, 'run', name, '--out', 'res'], { cwd: dir, encoding: 'utf8' });
  const out = join(dir, 'res');
  return { status: r.status ?? -1, stderr: r.stderr, outFiles: existsSync(out) ? readdirSync(out) : [] };
}

describe('size limits on the command line', () => {
  it('a 2^24 fan-out of subcircuits: exit 1, the limit named, no output files', () => {
    const lines = ['fan-out', 'V1 n0 0 1', '.subckt s0 a', 'R1 a 0 1k', '.ends'];
    for (let k = 1; k <= 24; k++) lines.push(`.subckt s${k} a`, `X1 a s${k - 1}`, `X2 a s${k - 1}`, '.ends');
    lines.push('X1 n0 s24', '.op');
    const r = runCli('fan.cir', lines.join('\n') + '\n');
    expect(r.status).toBe(1);
    const [first, ...rest] = r.stderr.trim().split('\n');
    expect(first).toMatch(/^fan\.cir:102:1: X1 expands to 1\.68e\+7 elements .* more than the limit of 5000000 \(\.options maxelements=N raises it\)$/);
    // The offending line is echoed under the message; nothing else (no stack trace).
    expect(rest.map((l) => l.trim())).toEqual(['X1 n0 s24']);
    expect(r.outFiles).toEqual([]);
  });

  it('.tran 1m 1e300: exit 1, at once, no output files', () => {
    const r = runCli('t.cir', 't\nV1 a 0 SIN(0 1 1k)\nR1 a 0 1k\n.op\n.tran 1m 1e300\n');
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')[0]).toMatch(/^t\.cir:5:1: \.tran would take at least 1\.0e\+303 time steps/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.outFiles).toEqual([]);
  });

  it('running out of heap is one line, memspice: internal error, exit 2, no output files (not a V8 abort)', () => {
    // 50,000 resistors need about 150 MB of heap; Node's limit of 48 MB (for the worker as for the main thread) can not hold them.
    const lines = ['ladder', 'V1 n0 0 1'];
    for (let k = 0; k < 25000; k++) lines.push(`RS${k} n${k} n${k + 1} 1`, `RP${k} n${k + 1} 0 1k`);
    lines.push('.op');
    const r = runCli('big.cir', lines.join('\n') + '\n', ['--max-old-space-size=48']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^memspice: internal error: out of memory \(the JavaScript heap is full; a smaller circuit or a shorter run may fit\)\n$/);
    expect(r.outFiles).toEqual([]);
  });
});
