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
