/**
 * `memspice run --out DIR` streams each `.tran` table into its CSV file while the transient runs (so a long run's
 * memory does not grow with its points): the file must equal the in-memory table of simulate(), as toCsv writes
 * it, byte for byte; a run that fails leaves no file behind. Both CLI paths are checked: the built CLI (which
 * simulates in a worker thread) as a process, and main() in this thread (the path of the CLI run from sources).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { simulate } from '../../src/simulate.ts';
import { csvFileName, toCsv } from '../../src/output/csv.ts';
import type { Io } from '../../src/cli/io.ts';

const bin = new URL('../../bin/memspice.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'memspice-stream-'));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
}

/** main() in this thread, its output collected. */
async function inThread(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => ((stdout += t), true) }, stderr: { write: (t: string) => ((stderr += t), true), isTTY: false } } as unknown as Io;
  const status = await main(args, io);
  return { status, stdout, stderr };
}

/**
 * A driven RC with a memristor: a print expression (shaped per row), a capacitor current (a signal whose value
 * depends on the previous point's charge) and a tstart (points before it computed but not printed), under a
 * `.step` (two tables, named by their step), beside a `.dc` kept in memory.
 */
const SHAPED = `streamed transient
.model cell MEMDIODE (gL=0.1 gH=1 VA=0.3 VD=-0.4 Vm=0.1 nA=1.5 nD=2 tau0=0.01)
.param amp=0.5
v1 in 0 DC 0 SIN(0 {amp} 50)
r1 in a 100
c1 a 0 10u
YMEMDIODE m1 a 0 cell
.dc v1 0 0.5 0.1
.tran 0.1m 60m 5m
.print tran v(a) i(c1) {v(in)-v(a)} x(m1)
.step param amp list 0.5 0.7
.end
`;

/** The same under Xyce's FORMAT=STD (an Index column, blank-separated, a .prn file). */
const STD = SHAPED.replace('.print tran v(a) i(c1) {v(in)-v(a)} x(m1)', '.print tran FORMAT=STD v(a) i(c1)').replace(/\.step.*\n/, '');

/** About 100,000 points of a sine through an RC: the writer flushes its 64 k-character buffer about a hundred times. */
const LONG = `long transient
v1 in 0 SIN(0 1 1k)
r1 in a 1k
c1 a 0 100n
.tran 20n 2m 0 20n
.end
`;

/** The in-memory tables (simulate(), as the JSON API returns them) as the CLI would write them. */
function expectedFiles(netlist: string, base: string): Map<string, string> {
  const result = simulate(netlist);
  return new Map(result.analyses.map((a, k) => [csvFileName(base, k + 1, a), toCsv(a)]));
}

describe('streamed .tran tables', () => {
  it.each([
    ['shaped', SHAPED],
    ['std', STD],
    ['long', LONG],
  ])('%s: the built CLI (worker thread) and main() in this thread write the in-memory CSV byte for byte', async (name, netlist) => {
    const file = join(dir, `${name}.cir`);
    writeFileSync(file, netlist);
    const expected = expectedFiles(netlist, name);
    const outWorker = join(dir, `${name}-worker`);
    const outThread = join(dir, `${name}-thread`);
    const r = cli(['run', file, '--out', outWorker, '--jobs', '1']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const t = await inThread(['run', file, '--out', outThread]);
    expect(t.stderr).toBe('');
    expect(t.status).toBe(0);
    for (const out of [outWorker, outThread]) {
      expect(readdirSync(out).sort()).toEqual([...expected.keys()].sort());
      for (const [f, text] of expected) expect(readFileSync(join(out, f), 'utf8') === text, `${out}/${f}`).toBe(true);
    }
    // The summary counts the streamed rows as it counts kept ones.
    const rows = [...expected.values()].map((text) => text.split('\n').length - 2);
    for (const n of rows) expect(r.stdout).toContain(` ${n} point(s)`);
    expect(t.stdout).toBe(r.stdout.replaceAll(outWorker, outThread));
    // tmax = 20 ns over 2 ms: at least 100,000 steps, plus the first few smaller ones.
    if (name === 'long') expect(rows[0]).toBeGreaterThanOrEqual(100001);
  });

  it('a run that fails after a table was streamed (or while streaming one) leaves no file, exit 2', async () => {
    // The first transient streams completely; the second streams its first points and then exceeds maxsteps:
    // a 1 kHz pulse of 2000 corners in 1 s, 10 steps or more at tmax = 0.1 s but thousands to land on them.
    const netlist = `fails late
v1 in 0 PULSE(0 1 0 1u 1u 0.5m 1m)
r1 in a 1k
c1 a 0 100n
.options maxsteps=3000
.tran 1u 1m
.tran 0.1 1
.end
`;
    const file = join(dir, 'late.cir');
    writeFileSync(file, netlist);
    for (const out of [join(dir, 'late-worker'), join(dir, 'late-thread')]) {
      const r = out.endsWith('worker') ? cli(['run', file, '--out', out, '--jobs', '1']) : await inThread(['run', file, '--out', out]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('the limit of 3000');
      expect(readdirSync(out)).toEqual([]);
    }
  });

  it('a non-finite value in a streamed table is reported as for the kept one', () => {
    // v(a)/v(in) is NaN at t = 0 (0/0); later points land on no zero of the sine exactly.
    const file = join(dir, 'nonfinite.cir');
    writeFileSync(file, LONG.replace('.tran 20n 2m 0 20n', '.tran 1u 2m\n.print tran v(a) {v(a)/v(in)}'));
    const streamed = cli(['run', file, '--out', join(dir, 'nonfinite'), '--jobs', '1']);
    const kept = cli(['run', file, '--json', '--jobs', '1']);
    expect(streamed.status).toBe(0);
    expect(streamed.stderr).toMatch(/warning: \.tran: v\(a\)\/v\(in\) is NaN .* first at time = 0\n$/);
    expect(streamed.stderr).toBe(kept.stderr);
  });

  it('--json keeps the table in memory: the JSON has the rows and no rowsStreamed', () => {
    const file = join(dir, 'json.cir');
    writeFileSync(file, STD);
    const r = cli(['run', file, '--json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as ReturnType<typeof simulate>;
    const tran = json.analyses.find((a) => a.type === 'tran');
    expect(tran?.rowsStreamed).toBeUndefined();
    expect(tran?.data.length).toBeGreaterThan(100);
  });
});
