/**
 * Regenerates waveforms.json: the values ngspice gives independent-source waveforms at every time point of
 * its own transient, corners included. Each source drives a resistor to ground, so the node voltage is the
 * source's waveform value; `wrdata` with numdgt=16 keeps full double precision.
 *
 *   npx tsx test/compat/ngspice/regen.ts        (needs `ngspice` on PATH; records its version)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One transient and the sources it evaluates: the waveform text exactly as a netlist writes it. */
const GROUPS: Array<{ tstep: number; tstop: number; sources: string[] }> = [
  {
    tstep: 0.05e-3,
    tstop: 6e-3,
    sources: [
      'PULSE(0 1 1m 0 0 0.5m 2m)', // tr = tf = 0: ramps of tstep; period wraps
      'PULSE(0 1 1m 0.1m 0.2m 0.5m 2m)',
      'PULSE(0 1)', // every timing defaulted
      'PULSE(-1 2 0 0.2m 0.3m 0 1.5m)', // pw = 0 means tstop
      'PULSE(0 1 0.5m 0.1m 0.1m 0.3m 0)', // per = 0 means tstop: one pulse
      'PULSE(1 -1 0 0.4m 0.4m 0.2m 1m)', // tr + pw + tf = per: no v1 plateau
      'SIN(0.5 1 1k 1m 200 30)', // delay, damping from td, phase
      'SIN(0 1 0)', // freq = 0 means 1/tstop
      'SIN(0 2 2k 0 0 -90)',
      'EXP(0 1)', // every timing defaulted
      'EXP(0 1 1m 0.3m)', // td2 and tau2 defaulted
      'EXP(1 -1 0.5m 0.2m 2m 0.4m)',
      'EXP(0 1 0 0 0 0)', // explicit zeros
      'PWL(1m 2 2m 3 2m 5 3m 4)', // before the first point, a jump, after the last
      'PWL(0 0 1m 1 1m 1 4m -1)', // a repeated point
      'PWL(0 0 1m 1 2m 0) r=0 td=1m', // repeat the whole list, delayed
      'PWL(0,0 1m,1 2m,0.5) td=0.5m r=1m', // comma pairs; repeat from a middle point
      'PWL(0 1 1m 2 1m 0 2m 1) r=1m', // repeat from a jump
      'sin 0 1 1k', // no parentheses
      'SFFM(0.5 1 2k 3 500)',
      'SFFM(0 1)', // fc and fs default to 1/tstop
      'SFFM(0 1 1k 2 200 30 45)', // carrier and signal phases
      'AM(1 0.5 500 4k 1m)',
      'AM(2 1)', // mf defaults to 1/tstop, fc to 0
      'AM(1 1 200 3k 0.5m 90 30)', // carrier and signal phases
    ],
  },
  {
    tstep: 0.2e-3,
    tstop: 10e-3,
    sources: ['PULSE(0 1 1m)', 'EXP(0 1 0 0)', 'SIN(1 1)', 'EXP(2 3 1m)'],
  },
];

export interface WaveformFixture {
  ngspice: string;
  groups: Array<{ tstep: number; tstop: number; sources: Array<{ wave: string; t: number[]; v: number[] }> }>;
}

function ngspiceVersion(): string {
  const out = spawnSync('ngspice', ['-v'], { encoding: 'utf8' }).stdout;
  const m = /ngspice-(\S+)/.exec(out);
  if (!m) throw new Error(`cannot read the ngspice version from: ${out}`);
  return `ngspice-${m[1]}`;
}

function runGroup(group: (typeof GROUPS)[number]): Array<{ wave: string; t: number[]; v: number[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'memspice-ngspice-'));
  try {
    const lines = ['waveform corners'];
    group.sources.forEach((w, k) => lines.push(`V${k} n${k} 0 ${w}`, `R${k} n${k} 0 1k`));
    const vectors = group.sources.map((_, k) => `v(n${k})`).join(' ');
    lines.push('.control', 'set wr_singlescale', 'set numdgt=16', `tran ${group.tstep} ${group.tstop}`, `wrdata out.txt ${vectors}`, '.endc', '.end');
    writeFileSync(path.join(dir, 'deck.cir'), lines.join('\n') + '\n');
    const run = spawnSync('ngspice', ['-b', 'deck.cir'], { cwd: dir, encoding: 'utf8' });
    // ngspice -b exits 1 when a deck has no .print/.plot line even though the .control block ran.
    if (run.error || !existsSync(path.join(dir, 'out.txt'))) throw new Error(`ngspice failed:\n${run.stdout}\n${run.stderr}`);
    const rows = readFileSync(path.join(dir, 'out.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/).map(Number));
    return group.sources.map((wave, k) => ({ wave, t: rows.map((r) => r[0]), v: rows.map((r) => r[k + 1]) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fixture: WaveformFixture = {
  ngspice: ngspiceVersion(),
  groups: GROUPS.map((g) => ({ tstep: g.tstep, tstop: g.tstop, sources: runGroup(g) })),
};
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), 'waveforms.json');
writeFileSync(target, JSON.stringify(fixture) + '\n');
console.log(`${target}: ${fixture.ngspice}, ${fixture.groups.reduce((n, g) => n + g.sources.length, 0)} waveforms`);
