/**
 * `memspice run --max-elements N` and `--max-steps N`: the limits of `.options maxelements=` and `maxsteps=`
 * given on the command line, replacing the netlist's values (both ways: lower and higher), and bad values
 * refused as usage errors. Runs the built CLI as a user does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve('bin/memspice.js');

function runCli(text: string, flags: string[]): { status: number; stderr: string; outFiles: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'memspice-limit-flags-'));
  writeFileSync(join(dir, 'c.cir'), text);
  const r = spawnSync(process.execPath, [bin, 'run', 'c.cir', '--out', 'res', '--quiet', ...flags], { cwd: dir, encoding: 'utf8' });
  const out = join(dir, 'res');
  return { status: r.status ?? -1, stderr: r.stderr, outFiles: existsSync(out) ? readdirSync(out) : [] };
}

/** A source and eleven resistors in series: 12 elements. */
const TEN = ['ten resistors', 'V1 n0 0 1', ...Array.from({ length: 10 }, (_, k) => `R${k} n${k} n${k + 1} 1k`), 'R10 n10 0 1k', '.op', ''].join('\n');

/** An RC transient of at least tstop / tmax = 1m / 10u = 100 steps (tmax defaults to tstep). */
const RC = 'rc\nV1 a 0 SIN(0 1 1k)\nR1 a b 1k\nC1 b 0 1u\n.tran 10u 1m\n';

describe('memspice run --max-elements / --max-steps', () => {
  it('--max-elements below the circuit size: exit 1 at the element over the limit, no output files', () => {
    const r = runCli(TEN, ['--max-elements', '5']);
    expect(r.status).toBe(1);
    // The sixth element (R4, line 7 of the file) is the first past a limit of 5.
    expect(r.stderr.split('\n')[0]).toBe('c.cir:7:1: the circuit has more than 5 elements, the limit (.options maxelements=N raises it)');
    expect(r.outFiles).toEqual([]);
  });

  it('--max-elements replaces a lower .options maxelements= of the netlist', () => {
    const limited = TEN.replace('.op', '.options maxelements=3\n.op');
    expect(runCli(limited, []).status).toBe(1);
    const r = runCli(limited, ['--max-elements=12']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.outFiles).toEqual(['c-1-op.csv']);
  });

  it('--max-steps below tstop / tmax: refused before the run, exit 1', () => {
    const r = runCli(RC, ['--max-steps', '99']);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/^c\.cir:5:1: \.tran would take at least 1\.0e\+2 time steps .* more than the limit of 99 /);
    expect(r.outFiles).toEqual([]);
  });

  it('--max-steps replaces .options maxsteps= of the netlist, and counts steps during the run', () => {
    const limited = RC.replace('.tran', '.options maxsteps=10\n.tran');
    expect(runCli(limited, []).status).toBe(1);
    expect(runCli(limited, ['--max-steps=100000']).status).toBe(0);
    // At the fewest possible steps (100), which the run exceeds: its first steps are shorter than tmax (and some
    // are rejected), so it is stopped during the run, a simulation failure (exit 2).
    const r = runCli(RC, ['--max-steps', '100']);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^c\.cir:5:1: \.tran: \d+ steps accepted and \d+ rejected by t = .* the limit of 100 /);
    expect(r.outFiles).toEqual([]);
  });

  it.each([['--max-elements'], ['--max-steps', '0'], ['--max-steps', '2.5'], ['--max-elements=many'], ['--max-elements', '-3']])(
    '%s %s is a usage error (exit 1, nothing run)',
    (...flags) => {
      const r = runCli(TEN, flags);
      expect(r.status).toBe(1);
      expect(r.stderr.split('\n')[0]).toMatch(/^memspice: --max-(elements|steps) needs a whole number >= 1/);
      expect(r.outFiles).toEqual([]);
    },
  );
});
