/**
 * ngspice `.control` blocks: wrdata and print against what ngspice 39 writes for the same netlist (stored below;
 * regenerate with `npx tsx test/compat/ngspice/regen-control.ts`) and against the closed form of the RC; the
 * commands memspice skips, with their warnings; wrdata paths that would leave the output directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printText, wrdataText } from '../../src/output/control.ts';
import { simulate } from '../../src/simulate.ts';
import { expectNetlistError } from '../parse/helpers.ts';
import { CONTROL_NETLIST, WRDATA_OPTIONS_NETLIST } from './control-netlist.ts';

/** ngspice-39 `wrdata acw.txt v(out) i(v1)` after `ac lin 3 100 300` of CONTROL_NETLIST. */
const NGSPICE_WRDATA = ` 1.00000000e+02  7.16956800e-01 -4.50477243e-01  1.00000000e+02 -2.83043200e-04 -4.50477243e-04 
 2.00000000e+02  3.87726637e-01 -4.87231661e-01  2.00000000e+02 -6.12273363e-04 -4.87231661e-04 
 3.00000000e+02  2.19632627e-01 -4.13997749e-01  3.00000000e+02 -7.80367373e-04 -4.13997749e-04 
`;
/** ngspice-39 `print v(out)` after `op`. */
const NGSPICE_PRINT = 'v(out) = 1.000000e+00';

/** ngspice writes 9 significant digits: values agree to half a unit of the ninth, 5e-9 relative; 1e-8 allows for its own rounding. */
const NGSPICE_DIGITS = 1e-8;

describe('.control run against ngspice', () => {
  const warnings: string[] = [];
  const result = simulate(CONTROL_NETLIST, { file: 'control.cir', onWarning: (w) => warnings.push(w) });

  it('runs the analyses its commands name, in order', () => {
    expect(result.analyses.map((a) => a.type)).toEqual(['ac', 'op']);
    expect(warnings).toEqual([]);
  });

  it('wrdata: the layout of ngspice (scale, re, im per vector) and its numbers', () => {
    const [wr] = result.control ?? [];
    expect(wr).toMatchObject({ command: 'wrdata', file: 'acw.txt', analysis: 0 });
    expect(wr.columns).toEqual(['freq', 're(v(out))', 'im(v(out))', 'freq', 're(i(v1))', 'im(i(v1))']);
    const text = wrdataText(wr);
    const lines = text.split('\n');
    const ours = lines.slice(0, -1);
    const theirs = NGSPICE_WRDATA.split('\n').slice(0, -1);
    expect(lines[lines.length - 1]).toBe('');
    expect(ours).toHaveLength(theirs.length);
    const token = /^(?: |-)\d\.\d{8}e[+-]\d\d $/;
    ours.forEach((line, r) => {
      const mine = line.match(/.{16}/g) ?? [];
      const ref = theirs[r].match(/.{16}/g) ?? [];
      expect(mine.join('')).toBe(line);
      expect(mine).toHaveLength(6);
      mine.forEach((t, k) => {
        expect(t).toMatch(token);
        const x = Number(t);
        const y = Number(ref[k]);
        expect(Math.abs(x - y)).toBeLessThanOrEqual(NGSPICE_DIGITS * Math.abs(y));
      });
    });
  });

  it('wrdata values are the RC closed form v(out) = 1/(1 + jwRC), i(v1) = -(1 - v(out))/R', () => {
    const [wr] = result.control ?? [];
    wr.data.forEach((row) => {
      const w = 2 * Math.PI * row[0] * 1e3 * 1e-6;
      const d = 1 + w * w;
      // Relative 1e-12: a 3-unknown complex LU solve.
      expect(Math.abs(row[1] - 1 / d)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(row[2] + w / d)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(row[4] + (1 - 1 / d) / 1e3)).toBeLessThanOrEqual(1e-15);
      expect(Math.abs(row[5] + w / d / 1e3)).toBeLessThanOrEqual(1e-15);
    });
  });

  it('print of a single point: name = value, as ngspice', () => {
    const print = (result.control ?? [])[1];
    expect(print).toMatchObject({ command: 'print', analysis: 1 });
    const text = printText(print);
    expect(text).toBe('v(out) = 1\n');
    const [name, value] = NGSPICE_PRINT.split(' = ');
    expect(text.split(' = ')[0]).toBe(name);
    expect(Number(text.split(' = ')[1])).toBe(Number(value));
  });
});

/** ngspice-39 wrdata files of WRDATA_OPTIONS_NETLIST. */
const NGSPICE_A1 = ` frequency       v(out)          v(out)          i(v1)           i(v1)          
 1.00000000e+02  4.55084919e-01 -1.42969144e-01 -5.44915081e-04 -1.42969144e-04 
 2.00000000e+02  3.58478400e-01 -2.25238622e-01 -6.41521600e-04 -2.25238622e-04 
 3.00000000e+02  2.64793427e-01 -2.49561925e-01 -7.35206573e-04 -2.49561925e-04 
`;
const NGSPICE_A2 = ` 2.00000000e+00  1.00000000e+00  2.00000000e+00  2.00000000e+00 
`;

/** Same lines, same header, every 16-character number within ngspice's 9 digits of the stored one. */
function expectLikeNgspice(ours: string, theirs: string): void {
  const a = ours.split('\n');
  const b = theirs.split('\n');
  expect(a).toHaveLength(b.length);
  a.forEach((line, r) => {
    if (/[a-z]{2}/.test(b[r])) {
      expect(line).toBe(b[r]);
      return;
    }
    expect(line.length).toBe(b[r].length);
    const mine = line.match(/.{16}/g) ?? [];
    const ref = b[r].match(/.{16}/g) ?? [];
    mine.forEach((t, k) => expect(Math.abs(Number(t) - Number(ref[k]))).toBeLessThanOrEqual(NGSPICE_DIGITS * Math.abs(Number(ref[k]))));
  });
}

describe('wrdata options against ngspice', () => {
  it('set wr_singlescale writes the scale once, set wr_vecnames a header; an .op takes its first vector as the scale', () => {
    const warnings: string[] = [];
    const r = simulate(WRDATA_OPTIONS_NETLIST, { onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([]);
    const [a1, a2] = r.control ?? [];
    expect(a1).toMatchObject({ file: 'a1.txt', vectorNames: true, columns: ['freq', 're(v(out))', 'im(v(out))', 're(i(v1))', 'im(i(v1))'] });
    expectLikeNgspice(wrdataText(a1), NGSPICE_A1);
    expect(a2).toMatchObject({ file: 'a2.txt', columns: ['v(in)', 'v(out)', 'v(in)', 'v(in)'] });
    expectLikeNgspice(wrdataText(a2), NGSPICE_A2);
  });
});

const RC = `rc
V1 in 0 DC 1 AC 1 PULSE(0 1 0 1n 1n 1 2)
R1 in out 1k
C1 out 0 1u
.tran 0.1m 1m
.ac dec 1 10 100
`;

describe('.control commands memspice does not run', () => {
  it('skips set/plot/let/echo with one warning each and a loop as a whole, its body included', () => {
    const warnings: string[] = [];
    const r = simulate(
      `${RC}.control\nset hcopydevtype=postscript\nrun\nforeach x 1 2\n  tran 1u 10u\n  echo $x\nend\nlet y = v(out)*2\nplot v(out)\n.endc\n`,
      { file: 'c.cir', onWarning: (w) => warnings.push(w) },
    );
    expect(r.analyses.map((a) => a.type)).toEqual(['ac', 'tran']);
    expect(warnings).toEqual([
      "c.cir:8:1: warning: .control: command 'set' skipped (memspice acts on run, op, dc, ac, tran, wrdata and print)",
      "c.cir:10:1: warning: .control: 'foreach' block skipped (memspice runs no loops or conditionals in .control)",
      "c.cir:14:1: warning: .control: command 'let' skipped (memspice acts on run, op, dc, ac, tran, wrdata and print)",
      "c.cir:15:1: warning: .control: command 'plot' skipped (memspice acts on run, op, dc, ac, tran, wrdata and print)",
    ]);
  });

  it('run does .ac before .tran as ngspice 39 does, so wrdata after run writes the transient', () => {
    const r = simulate(`${RC}.control\nrun\nwrdata w.txt v(out)\nprint all\n.endc\n`);
    expect(r.analyses.map((a) => a.type)).toEqual(['ac', 'tran']);
    const [wr, print] = r.control ?? [];
    expect(wr).toMatchObject({ analysis: 1, columns: ['time', 'v(out)'] });
    const tran = r.analyses[1];
    expect(wr.data).toEqual(tran.data.map((row) => [row[0], row[tran.columns.indexOf('v(out)')]]));
    expect(print.columns).toEqual(tran.columns);
    expect(printText(print).split('\n')[0]).toBe(['Index', ...tran.columns].join('\t'));
  });

  it('a block without analysis commands runs the netlist analyses, then its outputs', () => {
    const r = simulate(`${RC}.control\nwrdata w.txt out\n.endc\n`);
    expect(r.analyses.map((a) => a.type)).toEqual(['tran', 'ac']);
    expect(r.control?.[0]).toMatchObject({ analysis: 1, columns: ['freq', 're(v(out))', 'im(v(out))'] });
  });

  it('warns about a vector the analysis did not compute and about outputs before any analysis', () => {
    const warnings: string[] = [];
    simulate(`${RC}.print tran v(in)\n.control\nprint v(out)\ntran 0.1m 1m\nwrdata w.txt v(out) v(in)\n.endc\n`, {
      file: 'c.cir',
      onWarning: (w) => warnings.push(w),
    });
    expect(warnings).toEqual([
      'c.cir:9:1: warning: .control: print before any analysis ran: nothing to print',
      'c.cir:11:14: warning: .control wrdata: v(out) is not among the tran outputs (add it to a .print or .probe line); skipped',
    ]);
  });
});

describe('.meas with a .control block', () => {
  it('measures the analyses the block runs, without a warning that the netlist has none', () => {
    const warnings: string[] = [];
    // 3 V over 1k and 2k: v(out) = 2/3 of V1, so 2 V at V1 = 3.
    const r = simulate('divider\nV1 in 0 DC 3\nR1 in out 1k\nR2 out 0 2k\n.meas dc vout FIND v(out) AT=3\n.control\ndc V1 0 3 1\n.endc\n', {
      onWarning: (w) => warnings.push(w),
    });
    expect(warnings).toEqual([]);
    expect(Math.abs((r.analyses[0].measures?.vout ?? NaN) - 2)).toBeLessThanOrEqual(1e-12);
  });

  it('print all of a .dc takes the sweep value as its scale, whatever the columns are named', () => {
    const r = simulate('divider\n.param k=3\nV1 in 0 DC 3\nR1 in out 1k\nR2 out 0 2k\n.print dc {k}\n.control\ndc V1 0 3 1.5\nprint all\n.endc\n');
    const print = r.control?.[0];
    expect(print?.columns).toEqual(['v1', 'k']);
    expect(print?.data).toEqual([[0, 3], [1.5, 3], [3, 3]]);
  });
});

describe('.control print of .ac shorthands', () => {
  it('print vdb(out) vp(out) computes them from v(out); print all keeps real and complex columns apart', () => {
    // At the pole f = 1/(2 pi R C) of R = 1k, C = 1u: v(out) = 1/(1 + j).
    const r = simulate(
      'rc\nV1 in 0 DC 0 AC 1\nR1 in out 1k\nC1 out 0 1u\n.print ac vm(out) v(out)\n.control\nac lin 1 {1/(2*pi*1k*1u)} {1/(2*pi*1k*1u)}\nprint vdb(out) vp(out)\nprint all\n.endc\n',
    );
    const [shorthands, all] = r.control ?? [];
    expect(shorthands.columns).toEqual(['freq', 'vdb(out)', 'vp(out)']);
    // Relative 1e-12: a 3-unknown complex LU solve.
    expect(Math.abs(shorthands.data[0][1] + 10 * Math.log10(2))).toBeLessThanOrEqual(1e-12 * 3.0103);
    expect(Math.abs(shorthands.data[0][2] + Math.PI / 4)).toBeLessThanOrEqual(1e-12);
    expect(all.columns).toEqual(['freq', 'vm(out)', 're(v(out))', 'im(v(out))']);
    expect(printText(all)).toMatch(/^vm\(out\) = 0\.7071067811865\d*\nre\(v\(out\)\) = 0\.5\d*\nim\(v\(out\)\) = -0\.5\d*\n$/);
  });
});

describe('malformed .control lines: located errors', () => {
  const run = (body: string) => () => simulate(`${RC}.control\n${body}\n.endc\n`, { file: 'test.cir' });
  it('rejects wrdata paths leaving the output directory, bad vectors and bad analysis commands', () => {
    expectNetlistError(run('tran 1m 10m\nwrdata ../up.txt v(out)'), 9, 8, /must not contain '\.\.'/);
    expectNetlistError(run('tran 1m 10m\nwrdata /tmp/x.txt v(out)'), 9, 8, /must be a relative path/);
    expectNetlistError(run('tran 1m 10m\nwrdata w.txt'), 9, 1, /wrdata needs at least one vector/);
    expectNetlistError(run('tran 1m 10m\nprint v(nowhere)'), 9, 9, /unknown node 'nowhere'/);
    expectNetlistError(run('tran'), 8, 1, /\.tran needs \[tstep\] tstop/);
    expectNetlistError(run('ac dec 10 1 x'), 8, 13, /non-numeric value 'x' for \.ac fstop/);
  });
});

describe('memspice run with a .control block', () => {
  it('writes wrdata files inside --out and print output on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memspice-control-'));
    writeFileSync(join(dir, 'c.cir'), CONTROL_NETLIST.replace('acw.txt', 'data/acw.txt'));
    const r = spawnSync(process.execPath, [resolve('bin/memspice.js'), 'run', 'c.cir', '--out', 'res'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('v(out) = 1');
    const written = join(dir, 'res', 'data', 'acw.txt');
    expect(existsSync(written)).toBe(true);
    expect(readFileSync(written, 'utf8').split('\n')).toHaveLength(4);
  });

  it('under .step a wrdata file holds the last run, as a second ngspice wrdata to the same file would', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memspice-control-'));
    // v(out) = V1 * r / (1k + r): 0.5 V at r = 1k, 2/3 V at r = 2k.
    writeFileSync(join(dir, 's.cir'), 'step\n.param r=1k\nV1 in 0 DC 1\nR1 in out 1k\nR2 out 0 {r}\n.step param r list 1k 2k\n.control\nop\nwrdata w.txt v(out)\n.endc\n');
    const r = spawnSync(process.execPath, [resolve('bin/memspice.js'), 'run', 's.cir', '--out', 'res'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [scale, value] = readFileSync(join(dir, 'res', 'w.txt'), 'utf8').trim().split(/\s+/).map(Number);
    expect(scale).toBe(1); // an .op's scale is its first vector, v(in), as in ngspice
    expect(Math.abs(value - 2 / 3)).toBeLessThanOrEqual(5e-9); // ngspice's 9 significant digits
  });
});
