/**
 * Netlists whose analyses SPICE would not run as written: no analysis at all is an error ("no analysis in
 * FILE", exit 1, nothing written); an `.ac` without any AC source runs (all zeros) but warns.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NetlistError } from '../../src/base/errors.ts';
import { run } from '../helpers.ts';

function memspice(files: Record<string, string>, args: string[]): { status: number; stderr: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'memspice-compat-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const r = spawnSync(process.execPath, [resolve('bin/memspice.js'), ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status ?? -1, stderr: r.stderr, dir };
}

describe('analyses', () => {
  it('a netlist with no analysis: "no analysis in FILE", exit 1, no output files', () => {
    const r = memspice({ 'none.cir': 'divider\nV1 a 0 1\nR1 a b 1k\nR2 b 0 1k\n.print op v(b)\n.end\n' }, ['run', 'none.cir', '--out', 'res']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('no analysis in none.cir');
    expect(readdirSync(r.dir)).toEqual(['none.cir']);
  });

  it('the library throws a NetlistError for it', () => {
    expect(() => run('divider\nV1 a 0 1\nR1 a 0 1k\n')).toThrow(NetlistError);
  });

  it('.ac without an AC source warns at the .ac line and still runs', () => {
    const warnings: string[] = [];
    const [ac] = run('no ac source\nV1 in 0 DC 1\nR1 in out 1k\nC1 out 0 1u\n.ac dec 2 10 1k\n', { file: 'x.cir', onWarning: (m) => warnings.push(m) }).analyses;
    expect(warnings).toEqual(['x.cir:5:1: warning: .ac without an AC source (no V or I with AC mag): every small-signal result is 0']);
    expect(ac.data.length).toBe(5);
  });

  it('.ac with an AC source does not warn', () => {
    const warnings: string[] = [];
    run('ac source\nI1 0 out AC 1m\nR1 out 0 1k\n.ac dec 2 10 1k\n', { onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
  });
});

describe('default outputs', () => {
  it('include inductor currents next to source currents (as ngspice), in netlist order', () => {
    const netlist = 'rl\nV1 in 0 DC 1\nR1 in a 1k\nL1 a 0 1m\nV2 b 0 DC 2\nR2 b 0 2k\n.op\n.tran 1u 2u\n.end\n';
    const [op, tran] = run(netlist).analyses;
    expect(op.columns).toEqual(['v(in)', 'v(a)', 'v(b)', 'i(v1)', 'i(l1)', 'i(v2)']);
    expect(tran.columns).toEqual(['time', 'v(in)', 'v(a)', 'v(b)', 'i(v1)', 'i(l1)', 'i(v2)']);
    // DC: the inductor shorts a, so i(l1) = 1 V / 1k; i(v1) flows from n+ through the source: -1 mA.
    const k = op.columns.indexOf('i(l1)');
    expect(op.data[0][k]).toBeCloseTo(1e-3, 12);
    expect(op.data[0][op.columns.indexOf('i(v1)')]).toBeCloseTo(-1e-3, 12);
  });
});
