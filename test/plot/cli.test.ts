/** The plotting commands as a user runs them: files written, their kinds, exit codes. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWellFormed } from './svg.ts';

const bin = resolve('bin/memspice.js');
const memspice = (args: string[], cwd = process.cwd()) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
const tmp = (): string => mkdtempSync(join(tmpdir(), 'memspice-plot-'));

describe('memspice run --plot, zcheck --plot, report', () => {
  it('--png writes an SVG and a PNG per .plot line beside the CSVs', () => {
    const out = tmp();
    const r = memspice(['run', 'netlists/pccp2024_fig5_loop.cir', '--png', '-o', out, '-q']);
    expect(r.status, r.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['pccp2024_fig5_loop-1-tran.csv', 'pccp2024_fig5_loop-plot1.png', 'pccp2024_fig5_loop-plot1.svg', 'pccp2024_fig5_loop-plot2.png', 'pccp2024_fig5_loop-plot2.svg']);
    expect(isWellFormed(readFileSync(join(out, 'pccp2024_fig5_loop-plot1.svg'), 'utf8'))).toBe(true);
    expect(readFileSync(join(out, 'pccp2024_fig5_loop-plot1.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('without .plot lines, one default figure per analysis', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'rc.cir'), 'rc\nV1 in 0 DC 1 AC 1 PULSE(0 1 0 1u 1u 1m 2m)\nR1 in out 1k\nC1 out 0 1u\n.tran 10u 2m\n.dc V1 0 1 0.1\n.end\n');
    const r = memspice(['run', 'rc.cir', '--plot', '-q'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.svg')).sort()).toEqual(['rc-dc.svg', 'rc-tran.svg']);
  });

  it('--plot does not go with --json', () => {
    const r = memspice(['run', 'netlists/pccp2024_fig5_loop.cir', '--plot', '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--plot writes files/);
  });

  it('zcheck --plot writes the Nyquist and Bode comparison', () => {
    const out = tmp();
    const r = memspice(['zcheck', 'netlists/pccp2024_fig5_spectra.cir', '--plot', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['pccp2024_fig5_spectra-zcheck-bode.svg', 'pccp2024_fig5_spectra-zcheck-nyquist.svg']);
  });

  it('report writes one self-contained HTML file', () => {
    const out = join(tmp(), 'r.html');
    const r = memspice(['report', 'netlists/pccp2024_fig5_spectra.cir', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    // No network: no script, style or image is fetched from anywhere (the only URLs are the specs' $schema ids).
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http|<img[^>]+src="http/);
    expect(html).toContain('Operating point (.op)');
    expect(html).toContain('Impedance against the closed form (zcheck)');
    expect(html).toContain('Run statistics');
  });

  it('report of a netlist with an error: the error at its line, exit 1, no file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.cir'), 'bad\nR1 a 0 1k 2k\n.op\n.end\n');
    const r = memspice(['report', 'bad.cir'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^bad\.cir:2:/);
    expect(existsSync(join(dir, 'bad-report.html'))).toBe(false);
  });
});
