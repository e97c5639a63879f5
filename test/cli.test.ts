/**
 * The command line as a user runs it: files written, JSON identical to the library's result, exit codes
 * and messages, nothing half-written on failure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/simulate.ts';

const bin = resolve('bin/memspice.js');

function memspice(args: string[], cwd: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function workdir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'memspice-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const GOOD = `divider and filter
V1 in 0 DC 1 AC 1 PULSE(0 1 0 1u 1u 1m 2m)
R1 in out 1k
C1 out 0 1u
.op
.ac dec 2 10 1k
.tran 0.1m 1m
`;

describe('memspice run', () => {
  it('writes one CSV per analysis and a summary line each', () => {
    const dir = workdir({ 'good.cir': GOOD });
    const r = memspice(['run', 'good.cir', '--out', 'res'], dir);
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, 'res')).sort()).toEqual(['good-1-op.csv', 'good-2-ac.csv', 'good-3-tran.csv']);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
    const op = readFileSync(join(dir, 'res', 'good-1-op.csv'), 'utf8').trim().split('\n');
    expect(op[0]).toBe('v(in),v(out),i(v1)');
    const values = op[1].split(',').map(Number);
    expect(values.slice(0, 2)).toEqual([1, 1]);
    expect(Math.abs(values[2])).toBe(0); // the capacitor blocks DC
    const ac = readFileSync(join(dir, 'res', 'good-2-ac.csv'), 'utf8').split('\n')[0];
    expect(ac).toBe('freq,re(v(in)),im(v(in)),re(v(out)),im(v(out)),re(i(v1)),im(i(v1))');
    expect(r.stderr).toBe(''); // not a terminal: no progress output
  });

  it('--json prints exactly what simulate() returns', () => {
    const dir = workdir({ 'good.cir': GOOD });
    const r = memspice(['run', 'good.cir', '--json'], dir);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(simulate(GOOD, { cwd: dir }))));
  });

  it('a netlist error exits 1 with file:line:col and no stack trace', () => {
    const dir = workdir({ 'bad.cir': 'title\nR1 a 0 1k\nQ1 a b c qmod\n.op\n' });
    const r = memspice(['run', 'bad.cir'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^bad\.cir:3:1: .*Q/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(readdirSync(dir)).toEqual(['bad.cir']);
  });

  it('a simulation failure exits 2, names the elements, writes nothing', () => {
    // The .op succeeds but the second analysis fails: no CSV of the first may be left behind.
    const dir = workdir({ 'loop.cir': 'loop\nV1 a 0 1\nR1 a 0 1k\n.op\n.tran 1m 2m\nV2 a 0 2\n' });
    const r = memspice(['run', 'loop.cir', '--out', 'res'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/v1/);
    expect(r.stderr).toMatch(/v2/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(readdirSync(dir)).toEqual(['loop.cir']);
  });

  it('usage errors exit 1', () => {
    const dir = workdir({});
    expect(memspice(['run'], dir).status).toBe(1);
    expect(memspice(['run', 'missing.cir'], dir).status).toBe(1);
    expect(memspice(['frobnicate'], dir).status).toBe(1);
  });
});
