/**
 * Monte Carlo over device-to-device variability of a 4x4 MEMDIODE crossbar with ideal wires. With the columns at
 * 0 V every device sees its row voltage V_i, so column j carries I_j = sum_i [gL + (gH_ij - gL) x_i] V_i
 * (PCCP 2024 eq 2 with gam = 1), x_i the steady state of dx/dt = (1-x)/tauA - x/tauD (PCCP 2024 eqs 6-8):
 * x_i = rA/(rA + rD). With gH_ij = gH0 exp(s z_ij), z standard normal (a 10 % log-normal spread, s = 0.1),
 * each term is a scaled log-normal with raw moments E[Y^k] = a^k exp(k^2 s^2 / 2), so the mean, variance and
 * fourth central moment of I_j follow in closed form. The simulated sample mean and variance must lie within
 * 4 standard errors of them (a false failure has probability about 6e-5 per comparison for a normal
 * statistic). The netlist statement `.mc`, per-instance against per-run variation, and the seed are checked too.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.ts';
import { CELL, ROW_VOLTS, crossbarNetlist } from './crossbarNetlist.ts';

const SPREAD = 0.1;
const SAMPLES = 400;

/** Steady state of the rate form (PCCP 2024 eqs 6-8), written here from the rates, not from the library. */
function steadyState(u: number): number {
  const rA = Math.exp((u - CELL.VA) / (CELL.nA * CELL.Vm)) / CELL.tau0;
  const rD = Math.exp(-(u - CELL.VD) / (CELL.nD * CELL.Vm)) / CELL.tau0;
  return rA / (rA + rD);
}

/** Mean, variance and fourth central moment of a column current under the log-normal spread. */
function columnMoments(s: number): { mean: number; variance: number; mu4: number } {
  let mean = 0;
  let variance = 0;
  let kappa4 = 0;
  for (const v of ROW_VOLTS) {
    const x = steadyState(v);
    mean += CELL.gL * (1 - x) * v;
    // Y = a exp(s z): the random part of this row's term.
    const a = CELL.gH * x * v;
    const m = (k: number): number => a ** k * Math.exp((k * k * s * s) / 2);
    const mu = m(1);
    const c2 = m(2) - mu * mu;
    const c4 = m(4) - 4 * mu * m(3) + 6 * mu * mu * m(2) - 3 * mu ** 4;
    mean += mu;
    variance += c2;
    // Cumulants of independent terms add; the fourth is mu4 - 3 var^2.
    kappa4 += c4 - 3 * c2 * c2;
  }
  return { mean, variance, mu4: kappa4 + 3 * variance * variance };
}

function measures(netlist: string): Record<string, number[]> {
  const r = simulate(netlist);
  if (!r.measureRuns) throw new Error('no measures over runs');
  return r.measureRuns.values;
}

const perInstance = `{exp(agauss(0, ${SPREAD}, 1))}`;

describe('Monte Carlo (.mc) over a 4x4 MEMDIODE crossbar', () => {
  it('the nominal run (no .mc) gives the closed-form column current', () => {
    const r = simulate(crossbarNetlist(perInstance, []));
    const nominal = ROW_VOLTS.reduce((sum, v) => sum + (CELL.gL + (CELL.gH - CELL.gL) * steadyState(v)) * v, 0);
    // The .dc Newton solve converges to its tolerance (relative 1e-9 or better on these currents).
    for (let j = 1; j <= 4; j++) expect(r.analyses[0].measures?.[`ic${j}`]).toBeCloseTo(nominal, 9);
    expect(r.measureRuns).toBeUndefined();
  });

  it('sample mean and variance of a column current agree with the log-normal closed form within 4 standard errors', () => {
    const values = measures(crossbarNetlist(perInstance, [`.mc ${SAMPLES} seed=12`]));
    const { mean, variance, mu4 } = columnMoments(SPREAD);
    const n = SAMPLES;
    for (let j = 1; j <= 4; j++) {
      const ic = values[`ic${j}`];
      expect(ic).toHaveLength(n);
      const m = ic.reduce((s, x) => s + x, 0) / n;
      const s2 = ic.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1);
      // Standard error of the mean sqrt(var/n); of the unbiased sample variance sqrt((mu4 - var^2 (n-3)/(n-1))/n).
      const seMean = Math.sqrt(variance / n);
      const seVar = Math.sqrt((mu4 - (variance * variance * (n - 3)) / (n - 1)) / n);
      expect(Math.abs(m - mean)).toBeLessThan(4 * seMean);
      expect(Math.abs(s2 - variance)).toBeLessThan(4 * seVar);
    }
  });

  it('a .param draw is one value per run (every device the same), an instance parameter one per device', () => {
    const perRun = measures(crossbarNetlist('{g}', [`.param g={exp(agauss(0, ${SPREAD}, 1))}`, '.mc 5 seed=3']));
    const local = measures(crossbarNetlist(perInstance, ['.mc 5 seed=3']));
    for (let k = 0; k < 5; k++) {
      // Same devices in every column: equal currents, bit for bit, when the draw is per run.
      expect(perRun.ic2[k]).toBe(perRun.ic1[k]);
      expect(local.ic2[k]).not.toBe(local.ic1[k]);
    }
    expect(new Set(perRun.ic1).size).toBe(5);
  });

  it('the seed decides the samples: the same seed repeats them, another seed changes them', () => {
    const a = measures(crossbarNetlist(perInstance, ['.mc 4 seed=99']));
    const b = measures(crossbarNetlist(perInstance, ['.mc 4 seed=99']));
    const c = measures(crossbarNetlist(perInstance, ['.mc 4 seed=100']));
    expect(b).toEqual(a);
    for (let k = 0; k < 4; k++) expect(c.ic1[k]).not.toBe(a.ic1[k]);
  });

  it('HSPICE distributions: gauss is relative, agauss absolute, unif and aunif bounded', () => {
    // One column of 4 devices: the column current is increasing in every gH, so bounds on gH bound it.
    const draws = (gH: string): number[] => measures(crossbarNetlist(gH, ['.mc 200 seed=5'], 1)).ic1;
    // unif(1, 0.5): gH in [0.5, 1.5], so ic1 lies between the currents of those two extremes.
    const lo = ROW_VOLTS.reduce((sum, v) => sum + (CELL.gL + (0.5 - CELL.gL) * steadyState(v)) * v, 0);
    const hi = ROW_VOLTS.reduce((sum, v) => sum + (CELL.gL + (1.5 - CELL.gL) * steadyState(v)) * v, 0);
    for (const form of ['{unif(1, 0.5)}', '{aunif(1, 0.5)}', '{1 + flat(0.5)}', '{mc(1, 0.5)}']) {
      const ic = draws(form);
      expect(Math.min(...ic)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...ic)).toBeLessThanOrEqual(hi);
      // 200 draws of 4 devices: the sum spreads over most of the interval (a uniform draw is within 0.1 of
      // an end with probability 0.2, so both extremes are approached).
      expect(Math.max(...ic) - Math.min(...ic)).toBeGreaterThan(0.3 * (hi - lo));
    }
    // gauss(1, 0.1, 2) and agauss(1, 0.05, 1) have the same distribution (sigma 0.05): same seed, same draws.
    expect(draws('{gauss(1, 0.1, 2)}')).toEqual(draws('{agauss(1, 0.05, 1)}'));
  });

  it('errors: a bad sample count, two .mc lines, a draw inside device equations', () => {
    expect(() => simulate(crossbarNetlist('1', ['.mc 0']))).toThrow(/whole number of samples/);
    expect(() => simulate(crossbarNetlist('1', ['.mc 2.5']))).toThrow(/whole number of samples/);
    expect(() => simulate(crossbarNetlist('1', ['.mc 2', '.mc 3']))).toThrow(/only one \.mc/);
    expect(() => simulate(crossbarNetlist('1', ['.mc 2 seed=-1']))).toThrow(/seed/);
    expect(() => simulate(crossbarNetlist('1', ['.mc 2 sead=1']))).toThrow(/expected \.mc N \[seed=S\]/);
    expect(() => simulate('t\nv1 1 0 1\nb1 1 0 i={gauss(1, 0.1, 1) * v(1)}\n.op\n.end\n')).toThrow(/once per Monte Carlo sample/);
    expect(() => simulate('t\n.define lin p n params: g=1m\n+ I = { gauss(g, 0.1, 1)*V }\nV1 a 0 2\nYLIN r1 a 0\n.op\n.end\n')).toThrow(/once per Monte Carlo sample/);
  });
});
