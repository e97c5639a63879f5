/**
 * Inductors coupled by K elements store the energy (1/2) i^T L i with L_ij = k_ij sqrt(L_i L_j) and
 * k_ii = 1. The coupled system is passive only if L is positive semidefinite. With D = diag(sqrt(L_i)),
 * L = D K D, so (Sylvester's law of inertia) that holds exactly when the coupling matrix K = [k_ij] is
 * positive semidefinite, whatever the inductances. Pairwise |k| <= 1 (checked by each K) is not enough
 * once three or more inductors are coupled: k12 = 0.75 and k13 = 0.8 give K the eigenvalue
 * 1 - sqrt(0.75^2 + 0.8^2) = -0.097, a mode that grows without bound, so a transient follows it with ever
 * smaller steps. ngspice 39 warns ("The Inductive System ... is not positive definite") and runs; memspice
 * warns the same way, at the K element that closes the group.
 */
import type { SourceLocation } from '../base/errors.ts';
import type { ElementInstance } from './circuit.ts';

/** Below this smallest eigenvalue of K the system is indefinite; above it, an ideal transformer (|k| = 1) rounds to. */
const SEMIDEFINITE_TOLERANCE = 1e-12;

/** Eigenvalues of a small symmetric matrix (cyclic Jacobi rotations; the groups of coupled inductors are small). */
export function symmetricEigenvalues(matrix: number[][]): number[] {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        // The rotation that zeroes a[p][q] (Golub, Van Loan, Matrix Computations, sec. 8.5.2).
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((row, k) => row[k]);
}

/** Each group of inductors whose coupling matrix is indefinite: its inductors, smallest eigenvalue, and the last K of the group. */
export function indefiniteCouplings(elements: readonly ElementInstance[]): Array<{ inductors: string[]; eigenvalue: number; loc: SourceLocation }> {
  const couplings = elements.filter((e) => e.kind === 'K' && e.refs?.length === 2 && e.refs[0] !== e.refs[1]);
  // Union-find over inductor names: a group is the inductors connected through K elements.
  const parent = new Map<string, string>();
  const root = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const k of couplings) {
    for (const l of k.refs!) if (!parent.has(l)) parent.set(l, l);
    parent.set(root(k.refs![0]), root(k.refs![1]));
  }
  const groups = new Map<string, ElementInstance[]>();
  for (const k of couplings) groups.set(root(k.refs![0]), [...(groups.get(root(k.refs![0])) ?? []), k]);
  const out: Array<{ inductors: string[]; eigenvalue: number; loc: SourceLocation }> = [];
  for (const group of groups.values()) {
    const inductors = [...new Set(group.flatMap((k) => k.refs!))];
    if (inductors.length < 3) continue; // two inductors: |k| <= 1 is the whole condition
    const index = new Map(inductors.map((l, i) => [l, i]));
    const matrix = inductors.map((_, i) => inductors.map((__, j) => (i === j ? 1 : 0)));
    for (const k of group) {
      const [i, j] = k.refs!.map((l) => index.get(l)!);
      // Two K elements on the same pair both stamp their M (in ngspice too): their couplings add.
      matrix[i][j] += k.params.k ?? 0;
      matrix[j][i] += k.params.k ?? 0;
    }
    const eigenvalue = Math.min(...symmetricEigenvalues(matrix));
    if (eigenvalue < -SEMIDEFINITE_TOLERANCE) out.push({ inductors, eigenvalue, loc: group[group.length - 1].loc });
  }
  return out;
}
