/**
 * `--jobs N`: the runs of `.step` and `.mc` on worker threads give the serial result bit for bit and in the same
 * order. The built CLI (bin/memspice.js, built by the global set-up) is run as a process, since only the built
 * module can be loaded by a pool thread; its JSON is compared as text, so every digit of every double counts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.ts';
import { crossbarNetlist } from './crossbarNetlist.ts';

const bin = new URL('../../bin/memspice.js', import.meta.url).pathname;

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
}

const dir = mkdtempSync(join(tmpdir(), 'memspice-jobs-'));

/** A transient under .step (a sine-driven crossbar with per-device spread and a stepped drive amplitude). */
const STEP_TRAN = crossbarNetlist('{gh}', ['.param gh=1 amp=0.5', '.step param gh list 0.5 1 2', '.tran 10m 0.2'], 2).replace('vr1 r1 0 DC 0.1', 'vr1 r1 0 DC 0.1 SIN(0 0.5 5)');

describe('--jobs: runs on worker threads', () => {
  it('a .step transient: jobs=2 gives the jobs=1 JSON byte for byte, which is simulate() in this process', () => {
    const file = join(dir, 'step.cir');
    writeFileSync(file, STEP_TRAN);
    const one = cli(['run', file, '--json', '--jobs', '1']);
    const two = cli(['run', file, '--json', '--jobs', '2']);
    expect(one.stderr).toBe('');
    expect(two.stderr).toBe('');
    expect(two.stdout).toBe(one.stdout);
    const parsed = JSON.parse(one.stdout) as ReturnType<typeof simulate>;
    // Each run's analyses (.dc, .tran) together, the runs in .step order.
    expect(parsed.analyses.map((a) => `${a.type} ${a.step?.gh}`)).toEqual(['dc 0.5', 'tran 0.5', 'dc 1', 'tran 1', 'dc 2', 'tran 2']);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(simulate(STEP_TRAN))));
  });

  it('Monte Carlo samples: the same samples with 1, 2 and 3 threads, CSV of the measures one row per sample', () => {
    const file = join(dir, 'mc.cir');
    writeFileSync(file, crossbarNetlist('{exp(agauss(0, 0.1, 1))}', ['.mc 7 seed=4']));
    const outs = [1, 2, 3].map((jobs) => cli(['run', file, '--json', '--jobs', String(jobs)]));
    for (const o of outs) expect(o.status).toBe(0);
    expect(outs[1].stdout).toBe(outs[0].stdout);
    expect(outs[2].stdout).toBe(outs[0].stdout);
    const out = join(dir, 'out');
    const csv = cli(['run', file, '--out', out, '--jobs', '2']);
    expect(csv.status).toBe(0);
    const rows = readFileSync(join(out, 'mc-measures.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('run,sample,ic1,ic2,ic3,ic4');
    expect(rows).toHaveLength(8);
    const json = JSON.parse(outs[0].stdout) as ReturnType<typeof simulate>;
    // Each CSV row holds the JSON's values of that sample, as shortest round-trip decimals.
    rows.slice(1).forEach((row, k) => expect(row).toBe([k, k, ...[1, 2, 3, 4].map((j) => String(json.measureRuns?.values[`ic${j}`][k]))].join(',')));
    // The summary line: count, mean and the standard deviation of the 7 samples.
    const ic1 = json.measureRuns?.values.ic1 ?? [];
    const mean = ic1.reduce((s, x) => s + x, 0) / ic1.length;
    expect(csv.stdout).toContain(`ic1: n=7 mean=${mean.toPrecision(6)} `);
  });

  it('a failing run reports its netlist error as the serial run does, exit 1', () => {
    const file = join(dir, 'bad.cir');
    writeFileSync(file, crossbarNetlist('{gh}', ['.param gh=1', '.step param gh list 1 -1'], 1));
    const serial = cli(['run', file, '--json', '--jobs', '1']);
    const parallel = cli(['run', file, '--json', '--jobs', '2']);
    expect(serial.status).toBe(1);
    expect(parallel.status).toBe(1);
    expect(parallel.stderr).toBe(serial.stderr);
  });

  it('--jobs needs a whole number >= 1', () => {
    const r = cli(['run', join(dir, 'x.cir'), '--jobs', '0']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--jobs needs a whole number of threads >= 1');
  });
});
