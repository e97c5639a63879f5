/**
 * Three or more inductors coupled by K elements: pairwise |k| <= 1 does not make the inductance matrix
 * positive semidefinite (Xyce's regression deck BUG_805_SON/bug805_all.cir couples L1-L2 by 0.75 and
 * L1-L3 by 0.8; ngspice 39 warns that the system "is not positive definite"). memspice warns at the
 * elaboration, from the coupling matrix's eigenvalues (closed forms below).
 */
import { describe, expect, it } from 'vitest';
import { symmetricEigenvalues } from '../../src/circuit/couplings.ts';
import { run } from '../helpers.ts';

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

describe('coupling matrix eigenvalues', () => {
  it('a star of couplings: 1 and 1 -+ sqrt(k12^2 + k13^2)', () => {
    // [[1, a, b], [a, 1, 0], [b, 0, 1]]: characteristic polynomial (1 - x)((1 - x)^2 - a^2 - b^2).
    const r = Math.hypot(0.75, 0.8);
    const eig = sorted(symmetricEigenvalues([[1, 0.75, 0.8], [0.75, 1, 0], [0.8, 0, 1]]));
    [1 - r, 1, 1 + r].forEach((x, k) => expect(eig[k]).toBeCloseTo(x, 12));
  });

  it('equal couplings k: 1 + (n - 1) k once and 1 - k (n - 1) times', () => {
    const n = 4;
    const k = 0.3;
    const eig = sorted(symmetricEigenvalues(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, j) => (i === j ? 1 : k)))));
    [1 - k, 1 - k, 1 - k, 1 + (n - 1) * k].forEach((x, j) => expect(eig[j]).toBeCloseTo(x, 12));
  });
});

function warningsOf(couplings: string): string[] {
  const warnings: string[] = [];
  run(`coupled\nV1 1 0 1\nR1 1 2 1k\nL1 2 0 1m\nR2 3 0 1k\nL2 3 0 1m\nR3 4 0 1k\nL3 4 0 1m\n${couplings}.op\n.end\n`, { file: 'k.cir', onWarning: (m) => warnings.push(m) });
  return warnings;
}

describe('indefinite couplings warn', () => {
  it('k12 = 0.75, k13 = 0.8 (Xyce bug805_all.cir): a located warning with the eigenvalue', () => {
    // 1 - sqrt(0.75^2 + 0.8^2) = -0.0966
    expect(warningsOf('K1 L1 L2 0.75\nK2 L1 L3 0.8\n')).toEqual([
      'k.cir:10:1: warning: the K couplings of l1, l2, l3 make their inductance matrix indefinite (smallest eigenvalue of the coupling matrix -0.0966 < 0): a mode grows without bound, as ngspice warns too',
    ]);
  });

  it('positive definite (all 0.5) and semidefinite (all 1, an ideal transformer) groups do not', () => {
    expect(warningsOf('K1 L1 L2 0.5\nK2 L1 L3 0.5\nK3 L2 L3 0.5\n')).toEqual([]);
    expect(warningsOf('K1 L1 L2 1\nK2 L1 L3 1\nK3 L2 L3 1\n')).toEqual([]);
  });
});

describe('the growing mode of indefinite couplings (Xyce bug805_all.cir)', () => {
  // M di/dt = -R i + drive with M = L0 [k_ij] and every branch resistance R = 1k: the modes grow or decay as
  // exp(-R t / (L0 mu)) for the eigenvalues mu of [k_ij]; mu_min = 1 - sqrt(0.75^2 + 0.8^2) < 0 grows.
  const muMin = 1 - Math.hypot(0.75, 0.8);
  const growthRate = 1e3 / (1e-3 * -muMin); // 1.0354e7 1/s
  const deck = (tran: string): string =>
    `bug805\nVS 1 0 SIN(0 169.7 60HZ)\nR1 1 2 1K\nL1 2 0 1mH\nR2 3 0 1K\nL2 3 0 1mH\nK1 L1 L2 0.75\nR3 4 0 1K\nL3 4 0 1mH\nK2 L1 L3 0.8\n${tran}\n.end\n`;

  it('the transient grows at the rate of the negative eigenvalue', () => {
    const res = run(deck('.tran 0.1u 20u'), { file: 'k.cir', onWarning: () => {} });
    const tran = res.analyses[0];
    const column = tran.columns.indexOf('v(2)');
    const t = tran.data.map((row) => row[0]);
    const v2 = tran.data.map((row) => row[column]);
    const at = (time: number): number => {
      const k = t.findIndex((x) => x >= time);
      return Math.log(Math.abs(v2[k])) + (time - t[k]) * growthRate; // back to `time` along the growth
    };
    // Over 100 time constants the other modes (decaying at -4.8e5 and -1e6 1/s, the drive at 60 Hz) are
    // 1e-40 of it. Trapezoidal steps at reltol 1e-3 carry a relative rate error of order (h * rate)^2 / 12,
    // about 1e-3 at the steps the error control takes: 1e-2 bounds it.
    const rate = (at(20e-6) - at(10e-6)) / 10e-6;
    expect(Math.abs(rate / growthRate - 1)).toBeLessThan(1e-2);
  });

  it('a long transient stops with the reason once the solution leaves any physical range', () => {
    // ngspice 39 ends with "Timestep too small" at 29.5 us; memspice used to shrink its steps without end.
    expect(() => run(deck('.tran 100u 25m'), { file: 'k.cir', onWarning: () => {} })).toThrow(
      /^\.tran: the solution grows without bound: .* at t = 4\.\d{3}e-5 s .*growing mode/,
    );
  });
});
