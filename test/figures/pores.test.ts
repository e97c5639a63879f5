/**
 * Bisquert, Adv. Phys. Res. 2024, section 12.3, Figs 38-39: two rectifying pores (netlists/pore.lib) in
 * series with the same and the opposite polarity, in parallel and in antiparallel, under a sine (netlists/pores_*_loops.cir)
 * and under 2 ms positive-then-negative pulse trains read out by .meas PULSES (netlists/pores_*_pulses.cir).
 *
 * The loops are analysed from the simulated current: over the stable (third) period the up branch I_up(V) and the
 * down branch I_dn(V) are read at the same voltages (the drive is V0 sin(2 pi f t), so each voltage has one time on
 * each branch), D(V) = I_up - I_dn. D > 0 is a clockwise (capacitive) part of the loop, D < 0 a counter-clockwise
 * (inductive) one; the loop self-crosses where D changes sign. A |D| below 1 % of the peak current counts as no
 * separation of the branches (so the vertices, where the branches meet, do not count).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../src/analysis/results.ts';
import { column, run } from '../helpers.ts';
import { NETLISTS, netlist } from '../helpers/netlists.ts';
import { interp } from '../helpers/numeric.ts';

const simulateFile = (name: string, source = netlist(name)): AnalysisResult[] => run(source, { cwd: NETLISTS, file: name }).analyses;

/** Pore parameters of netlists/pore.lib, for the values the tests derive. */
const GL = 0.1;

function pick(results: AnalysisResult[], type: string, param: string, value: number): AnalysisResult {
  const r = results.find((a) => a.type === type && a.step?.[param] === value);
  if (!r) throw new Error(`no ${type} result with ${param} = ${value}`);
  return r;
}

interface Loop {
  v: number[];
  up: number[];
  down: number[];
  /** D = up - down. */
  d: number[];
  peak: number;
}

/**
 * The third period of V0 sin(2 pi f t): up branch from the vertex -V0 at t = 1.75/f to +V0 at 2.25/f, down branch
 * back to -V0 at 2.75/f, sampled at n - 1 voltages strictly between the vertices.
 */
function loop(tran: AnalysisResult, current: string, f: number, v0: number, n = 400): Loop {
  const t = column(tran, 'time');
  const i = column(tran, current);
  const v: number[] = [];
  const up: number[] = [];
  const down: number[] = [];
  for (let k = 1; k < n; k++) {
    const s = -1 + (2 * k) / n;
    const phase = Math.asin(s) / Math.PI; // in (-1/2, 1/2)
    v.push(s * v0);
    up.push(interp(t, i, (1.75 + (phase + 0.5) / 2) / f));
    down.push(interp(t, i, (2.25 + (0.5 - phase) / 2) / f));
  }
  const d = up.map((u, k) => u - down[k]);
  const peak = Math.max(...up.map(Math.abs), ...down.map(Math.abs));
  return { v, up, down, d, peak };
}

/** Voltages where D changes sign, |D| < 1 % of the peak current counting as zero. */
function selfCrossings(l: Loop): number[] {
  const eps = 0.01 * l.peak;
  const out: number[] = [];
  let last = 0;
  let lastV = 0;
  l.d.forEach((d, k) => {
    const s = d > eps ? 1 : d < -eps ? -1 : 0;
    if (s === 0) return;
    if (last !== 0 && s !== last) out.push(0.5 * (lastV + l.v[k]));
    last = s;
    lastV = l.v[k];
  });
  return out;
}

/** D at voltage fraction s of V0 (nearest sample). */
function dAt(l: Loop, v: number): number {
  let best = 0;
  l.v.forEach((x, k) => {
    if (Math.abs(x - v) < Math.abs(l.v[best] - v)) best = k;
  });
  return l.d[best];
}

const FREQS = [0.02, 0.2]; // 20 Hz (Figs 38-39) and 200 Hz, time in ms

describe('series, same polarity (Fig 38a): the single-pore loop at double voltage', () => {
  let results: AnalysisResult[];
  beforeAll(() => {
    results = simulateFile('pores_series_same_loops.cir');
  });
  const v0 = 2;

  it('I_series(2V) = I_single(V) along the whole transient (to 1e-4 of the peak) and on the steady-state curve', () => {
    for (const f of [0.002, ...FREQS]) {
      const tran = pick(results, 'tran', 'f', f);
      const pair = column(tran, 'i(vam)');
      const single = column(tran, 'i(vam0)');
      const peak = Math.max(...single.map(Math.abs));
      const err = Math.max(...pair.map((p, k) => Math.abs(p - single[k])));
      expect(err / peak, `f = ${f}`).toBeLessThan(1e-4);
      const dc = pick(results, 'dc', 'f', f);
      const dcPair = column(dc, 'i(vam)');
      const dcSingle = column(dc, 'i(vam0)');
      expect(Math.max(...dcPair.map((p, k) => Math.abs(p - dcSingle[k])))).toBeLessThan(1e-9);
    }
  });

  it('one self-crossing near the origin, inductive forward wing, capacitive reverse wing', () => {
    for (const f of FREQS) {
      const l = loop(pick(results, 'tran', 'f', f), 'i(vam)', f, v0);
      const x = selfCrossings(l);
      expect(x, `f = ${f}`).toHaveLength(1);
      // At the origin the gated current vanishes; the membrane current Cm dV/dt moves the crossing to V > 0,
      // the more so at high frequency.
      expect(x[0], `f = ${f}`).toBeGreaterThan(0);
      expect(x[0], `f = ${f}`).toBeLessThan((f === 0.02 ? 0.05 : 0.25) * v0);
      expect(dAt(l, 0.5 * v0), `f = ${f}`).toBeLessThan(-0.05 * l.peak);
      expect(dAt(l, -0.3 * v0), `f = ${f}`).toBeGreaterThan(0.02 * l.peak);
    }
  });
});

describe('series, opposite polarity (Fig 38b): fully capacitive, no self-crossing', () => {
  let results: AnalysisResult[];
  beforeAll(() => {
    results = simulateFile('pores_series_opposite_loops.cir');
  });
  const v0 = 2;

  it('no self-crossing; the up branch lies above the down branch (clockwise) on both sides', () => {
    for (const f of FREQS) {
      const l = loop(pick(results, 'tran', 'f', f), 'i(vam)', f, v0);
      expect(selfCrossings(l), `f = ${f}`).toHaveLength(0);
      for (const s of [-0.5, -0.2, 0, 0.2, 0.5]) expect(dAt(l, s * v0), `f = ${f}, V = ${s * v0}`).toBeGreaterThan(0.01 * l.peak);
      expect(Math.min(...l.d), `f = ${f}`).toBeGreaterThan(-0.01 * l.peak);
    }
  });

  it('the loop is point-symmetric: I_up(V) = -I_dn(-V)', () => {
    const l = loop(pick(results, 'tran', 'f', 0.02), 'i(vam)', 0.02, v0);
    const n = l.v.length;
    const err = Math.max(...l.up.map((u, k) => Math.abs(u + l.down[n - 1 - k])));
    expect(err / l.peak).toBeLessThan(2e-3);
  });
});

describe('parallel, same polarity (Fig 39a): the single-pore loop, doubled', () => {
  let results: AnalysisResult[];
  beforeAll(() => {
    results = simulateFile('pores_parallel_same_loops.cir');
  });

  it('I_parallel = 2 I_single; one self-crossing', () => {
    for (const f of FREQS) {
      const tran = pick(results, 'tran', 'f', f);
      const pair = column(tran, 'i(vam)');
      const single = column(tran, 'i(vam0)');
      const peak = Math.max(...pair.map(Math.abs));
      expect(Math.max(...pair.map((p, k) => Math.abs(p - 2 * single[k]))) / peak).toBeLessThan(1e-6);
      expect(selfCrossings(loop(tran, 'i(vam)', f, 1)), `f = ${f}`).toHaveLength(1);
    }
  });
});

describe('antiparallel (Fig 39b): high-current wings at both polarities, doubly self-crossing', () => {
  let results: AnalysisResult[];
  beforeAll(() => {
    results = simulateFile('pores_antiparallel_loops.cir');
  });
  const v0 = 1;

  it('two self-crossings at +-V*, capacitive between them, inductive outside', () => {
    for (const f of FREQS) {
      const l = loop(pick(results, 'tran', 'f', f), 'i(vam)', f, v0);
      const x = selfCrossings(l);
      expect(x, `f = ${f}`).toHaveLength(2);
      expect(x[0], `f = ${f}`).toBeLessThan(0);
      expect(x[1], `f = ${f}`).toBeGreaterThan(0);
      expect(Math.abs(x[0] + x[1]), `f = ${f}`).toBeLessThan(0.05 * v0); // symmetric pair of crossings
      expect(dAt(l, 0), `f = ${f}`).toBeGreaterThan(0.01 * l.peak);
      for (const s of [-0.9, -0.7, 0.7, 0.9]) expect(dAt(l, s * v0), `f = ${f}, V = ${s}`).toBeLessThan(-0.05 * l.peak);
    }
  });

  it('without the membrane capacitance the central loop is gone (the pores alone do not cross twice)', () => {
    const source = netlist('pores_antiparallel_loops.cir').replace('X1 a 0 pore', 'X1 a 0 pore cm=0').replace('X2 0 a pore', 'X2 0 a pore cm=0');
    const results0 = simulateFile('pores_antiparallel_loops.cir', source);
    const l = loop(pick(results0, 'tran', 'f', 0.02), 'i(vam)', 0.02, v0);
    expect(selfCrossings(l)).toHaveLength(0);
    expect(Math.max(...l.d)).toBeLessThan(0.01 * l.peak);
  });
});

/** g_1 ... g_2n of a PULSES measurement. */
function conductances(r: AnalysisResult): number[] {
  const m = r.measures ?? {};
  const count = m.g;
  return Array.from({ length: count }, (_, k) => m[`g_${k + 1}`]);
}

const nonDecreasing = (g: number[]): boolean => g.every((x, k) => k === 0 || x >= g[k - 1] * (1 - 1e-6));
const nonIncreasing = (g: number[]): boolean => g.every((x, k) => k === 0 || x <= g[k - 1] * (1 + 1e-6));

describe('conductance versus spike number (Figs 38c-d, 39c-d): 10 positive then 10 negative 2 ms pulses', () => {
  const trains = (file: string, amplitudes: number[]): Array<{ vp: number; pos: number[]; neg: number[] }> => {
    const results = simulateFile(file);
    return amplitudes.map((vp) => {
      const g = conductances(pick(results, 'tran', 'vp', vp));
      expect(g, `${file} vp = ${vp}`).toHaveLength(20);
      return { vp, pos: g.slice(0, 10), neg: g.slice(10) };
    });
  };

  it('series, same polarity: potentiation under positive pulses only', () => {
    const runs = trains('pores_series_same_pulses.cir', [0.8, 1.2]);
    for (const { vp, pos, neg } of runs) {
      expect(nonDecreasing(pos), `vp = ${vp}: ${pos}`).toBe(true);
      expect(pos[9] / pos[0], `vp = ${vp}`).toBeGreaterThan(1.5);
      expect(nonIncreasing(neg), `vp = ${vp}: ${neg}`).toBe(true);
      expect(neg[9] / (GL / 2), `vp = ${vp}`).toBeCloseTo(1, 1); // blocked: gL in series with gL
    }
    expect(runs[1].pos[9]).toBeGreaterThan(runs[0].pos[9]); // the larger pulses potentiate more
  });

  it('parallel, same polarity: potentiation under positive pulses only', () => {
    for (const { vp, pos, neg } of trains('pores_parallel_same_pulses.cir', [0.4, 0.6])) {
      expect(nonDecreasing(pos), `vp = ${vp}: ${pos}`).toBe(true);
      expect(pos[9] / pos[0], `vp = ${vp}`).toBeGreaterThan(1.5);
      expect(nonIncreasing(neg), `vp = ${vp}: ${neg}`).toBe(true);
      expect(neg[9] / (2 * GL), `vp = ${vp}`).toBeCloseTo(1, 1);
    }
  });

  it('antiparallel: potentiation at both polarities', () => {
    for (const { vp, pos, neg } of trains('pores_antiparallel_pulses.cir', [0.4, 0.6])) {
      expect(nonDecreasing(pos), `vp = ${vp}: ${pos}`).toBe(true);
      expect(nonDecreasing(neg), `vp = ${vp}: ${neg}`).toBe(true);
      expect(pos[9] / pos[0], `vp = ${vp}`).toBeGreaterThan(1.4);
      expect(neg[9] / neg[0], `vp = ${vp}`).toBeGreaterThan(1.4);
    }
  });

  it('series, opposite polarity: almost no potentiation (under 10 % over a train, against > 50 % for the same polarity)', () => {
    for (const { vp, pos, neg } of trains('pores_series_opposite_pulses.cir', [0.8, 1.2])) {
      expect(Math.abs(pos[9] / pos[0] - 1), `vp = ${vp}: ${pos}`).toBeLessThan(0.1);
      expect(Math.abs(neg[9] / neg[0] - 1), `vp = ${vp}: ${neg}`).toBeLessThan(0.1);
      // The blocking, reversed pore (gL) takes most of the voltage: gL/2 < G < gL.
      for (const g of [...pos, ...neg]) {
        expect(g).toBeGreaterThan(GL / 2);
        expect(g).toBeLessThan(GL);
      }
    }
  });
});
