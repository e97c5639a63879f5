/**
 * The netlists `memspice run` simulates without its worker thread (src/cli/smallRun.ts): only those whose run is
 * bounded by their text, and through that path the same files, messages and exit codes as through the worker.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitsInThisThread, SMALL_NETLIST_CHARS } from '../../src/cli/smallRun.ts';

const DIVIDER = 'divider\nV1 in 0 DC 1\nR1 in out 1k\nR2 out 0 3k\n.op\n';

describe('fitsInThisThread', () => {
  it('accepts a small netlist of plain elements with .op as its only analysis', () => {
    expect(fitsInThisThread(DIVIDER)).toBe(true);
    expect(fitsInThisThread('t\n* a comment\nV1 a 0 PWL(0 0 1 1)\n+ 2 1\nE1 b 0 a 0 2\nR1 b 0 1k\n.options reltol=1e-4\n.op\n.end\n')).toBe(true);
  });

  it('refuses what can grow beyond its text: analyses that store points, subcircuits, includes, expressions, runs', () => {
    for (const extra of ['.tran 1m 1', '.dc V1 0 1 0.1', '.ac dec 10 1 1k', '.include other.cir', '.lib lib.cir tt', '.step param r 1 2 1', '.mc 10', '.func f(x) x', '.control']) {
      expect(fitsInThisThread(DIVIDER + extra + '\n'), extra).toBe(false);
    }
    expect(fitsInThisThread(DIVIDER.replace('R2 out 0 3k', 'X1 out s'))).toBe(false);
    expect(fitsInThisThread(DIVIDER.replace('R2 out 0 3k', '.subckt s a\nR1 a 0 1\n.ends'))).toBe(false);
    expect(fitsInThisThread(DIVIDER.replace('3k', '{3*r}'))).toBe(false);
    expect(fitsInThisThread(DIVIDER.replace('R2 out 0 3k', 'B1 out 0 I=v(out)*2'))).toBe(false);
    expect(fitsInThisThread(DIVIDER.replace('R2 out 0 3k', 'G1 out 0 poly(1) in 0 0 1'))).toBe(false);
    expect(fitsInThisThread(DIVIDER.replace('R2 out 0 3k', 'G1 out 0\n+ poly(1) in 0 0 1'))).toBe(false);
    // No analysis, or two: left to the worker (and to the simulator's own message).
    expect(fitsInThisThread(DIVIDER.replace('.op\n', ''))).toBe(false);
    expect(fitsInThisThread(DIVIDER + '.op\n')).toBe(false);
  });

  it('refuses a netlist longer than the limit, however plain', () => {
    const lines = ['ladder', 'V1 n0 0 1'];
    for (let k = 0; lines.join('\n').length <= SMALL_NETLIST_CHARS; k++) lines.push(`R${k} n${k} n${k + 1} 1`);
    lines.push('.op');
    expect(fitsInThisThread(lines.join('\n') + '\n')).toBe(false);
  });
});

describe('memspice run without the worker', () => {
  const run = (text: string): { status: number; stdout: string; stderr: string; dir: string } => {
    const dir = mkdtempSync(join(tmpdir(), 'memspice-small-'));
    writeFileSync(join(dir, 'x.cir'), text);
    const r = spawnSync(process.execPath, [resolve('bin/memspice.js'), 'run', 'x.cir', '--out', 'res'], { cwd: dir, encoding: 'utf8' });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, dir };
  };

  it('writes the operating point of a divider: v(out) = 1 V * 3k / 4k, i(v1) = -1 V / 4k', () => {
    const r = run(DIVIDER);
    expect(r.status).toBe(0);
    const [header, row] = readFileSync(join(r.dir, 'res', 'x-1-op.csv'), 'utf8').trim().split('\n');
    const values = Object.fromEntries(header.split(',').map((c, k) => [c, Number(row.split(',')[k])]));
    // A linear circuit solved by LU: exact to rounding (a few ulps of the 1 V scale).
    expect(values['v(out)']).toBeCloseTo(0.75, 12);
    expect(values['i(v1)']).toBeCloseTo(-0.25e-3, 15);
  });

  it('reports a netlist error located, exit 1, as the worker does', () => {
    const r = run('t\nV1 in 0 DC 1\nR1 in 0 1 kohm\n.op\n');
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/^x\.cir:3:\d+: .*kohm/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
