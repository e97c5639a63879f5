/**
 * Matrix generators shared by the linear-solver tests and scripts/bench/sparse-lu.ts: seeded PRNG, a
 * triplet -> CSC builder, random unsymmetric sparse matrices, and MNA-like systems (RC ladder, 2-D resistor
 * grid, memristor crossbar).
 */
import type { SparsityPattern } from '../../../src/engine/linear/solver.ts';
import { mulberry32 as rng } from '../../helpers/prng.ts';

export { rng };

/**
 * Collects stamps (row, col, value) into a CSC pattern; `slot(r, c)` gives the position of an entry so that
 * several value arrays (G, C, ...) can be built on one pattern, like the simulator's equation system.
 */
export class PatternBuilder {
  private readonly cols: Map<number, number>[] = [];
  constructor(readonly n: number) {
    for (let c = 0; c < n; c++) this.cols.push(new Map());
  }
  add(r: number, c: number): void {
    if (r < 0 || c < 0 || r >= this.n || c >= this.n) throw new Error(`entry (${r},${c}) out of range`);
    if (!this.cols[c].has(r)) this.cols[c].set(r, -1);
  }
  build(): CscSystem {
    const n = this.n;
    const colStart = new Int32Array(n + 1);
    for (let c = 0; c < n; c++) colStart[c + 1] = colStart[c] + this.cols[c].size;
    const rowIndex = new Int32Array(colStart[n]);
    const slots = new Map<number, number>();
    for (let c = 0; c < n; c++) {
      const rows = [...this.cols[c].keys()].sort((a, b) => a - b);
      for (let t = 0; t < rows.length; t++) {
        rowIndex[colStart[c] + t] = rows[t];
        slots.set(rows[t] * n + c, colStart[c] + t);
      }
    }
    return new CscSystem({ n, colStart, rowIndex }, slots);
  }
}

export class CscSystem {
  constructor(
    readonly pattern: SparsityPattern,
    private readonly slots: Map<number, number>,
  ) {}
  get n(): number {
    return this.pattern.n;
  }
  get nnz(): number {
    return this.pattern.colStart[this.pattern.n];
  }
  slot(r: number, c: number): number {
    const s = this.slots.get(r * this.pattern.n + c);
    if (s === undefined) throw new Error(`(${r},${c}) not in pattern`);
    return s;
  }
  values(): Float64Array {
    return new Float64Array(this.nnz + 1); // one spare entry: solvers must read only the first nnz
  }
  toDense(values: Float64Array): number[][] {
    const { n, colStart, rowIndex } = this.pattern;
    const a: number[][] = [];
    for (let i = 0; i < n; i++) a.push(new Array<number>(n).fill(0));
    for (let c = 0; c < n; c++) for (let p = colStart[c]; p < colStart[c + 1]; p++) a[rowIndex[p]][c] = values[p];
    return a;
  }
}

/** y = A x */
export function matVec(pattern: SparsityPattern, values: Float64Array, x: Float64Array): Float64Array {
  const { n, colStart, rowIndex } = pattern;
  const y = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const xc = x[c];
    for (let p = colStart[c]; p < colStart[c + 1]; p++) y[rowIndex[p]] += values[p] * xc;
  }
  return y;
}

/** ||A x - b||_inf / (||A||_inf ||x||_inf) */
export function relativeResidual(pattern: SparsityPattern, values: Float64Array, x: Float64Array, b: Float64Array): number {
  const { n, colStart, rowIndex } = pattern;
  const ax = matVec(pattern, values, x);
  const rowSum = new Float64Array(n);
  for (let c = 0; c < n; c++) for (let p = colStart[c]; p < colStart[c + 1]; p++) rowSum[rowIndex[p]] += Math.abs(values[p]);
  let r = 0;
  let an = 0;
  let xn = 0;
  for (let i = 0; i < n; i++) {
    r = Math.max(r, Math.abs(ax[i] - b[i]));
    an = Math.max(an, rowSum[i]);
    xn = Math.max(xn, Math.abs(x[i]));
  }
  return r / (an * xn);
}

/** Complex residual with the same normalisation (|z| = modulus). */
export function relativeResidualComplex(
  pattern: SparsityPattern,
  re: Float64Array,
  im: Float64Array,
  xr: Float64Array,
  xi: Float64Array,
  br: Float64Array,
  bi: Float64Array,
): number {
  const { n, colStart, rowIndex } = pattern;
  const yr = new Float64Array(n);
  const yi = new Float64Array(n);
  const rowSum = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    for (let p = colStart[c]; p < colStart[c + 1]; p++) {
      const r = rowIndex[p];
      yr[r] += re[p] * xr[c] - im[p] * xi[c];
      yi[r] += re[p] * xi[c] + im[p] * xr[c];
      rowSum[r] += Math.hypot(re[p], im[p]);
    }
  }
  let res = 0;
  let an = 0;
  let xn = 0;
  for (let i = 0; i < n; i++) {
    res = Math.max(res, Math.hypot(yr[i] - br[i], yi[i] - bi[i]));
    an = Math.max(an, rowSum[i]);
    xn = Math.max(xn, Math.hypot(xr[i], xi[i]));
  }
  return res / (an * xn);
}

/**
 * Random unsymmetric sparse matrix: about `perCol` off-diagonal entries per column, a structurally present
 * diagonal that is numerically zero in a fraction `zeroDiag` of the columns, values spanning `decades`
 * orders of magnitude with random signs. A random permutation-like "anchor" entry per column keeps it
 * (generically) nonsingular even with zero diagonals.
 */
export function randomSparse(
  n: number,
  perCol: number,
  seed: number,
  zeroDiag = 0.2,
  decades = 6,
): { sys: CscSystem; values: Float64Array } {
  const rand = rng(seed);
  const b = new PatternBuilder(n);
  const entries: [number, number][] = [];
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  for (let c = 0; c < n; c++) {
    b.add(c, c);
    entries.push([perm[c], c]);
    b.add(perm[c], c);
    for (let t = 0; t < perCol; t++) {
      const r = Math.floor(rand() * n);
      b.add(r, c);
      entries.push([r, c]);
    }
  }
  const sys = b.build();
  const values = sys.values();
  const mag = (): number => (rand() < 0.5 ? -1 : 1) * Math.pow(10, (rand() - 0.5) * decades);
  for (const [r, c] of entries) values[sys.slot(r, c)] = mag();
  for (let c = 0; c < n; c++) {
    const z = rand() < zeroDiag;
    if (perm[c] !== c) values[sys.slot(c, c)] = z ? 0 : mag();
  }
  return { sys, values };
}

export interface MnaSystem {
  sys: CscSystem;
  /** conductance matrix values */
  G: Float64Array;
  /** capacitance matrix values (same pattern) */
  C: Float64Array;
  /** right-hand side for the DC system */
  rhs: Float64Array;
}

function stampConductance(sys: CscSystem, vals: Float64Array, a: number, b: number, g: number): void {
  if (a >= 0) vals[sys.slot(a, a)] += g;
  if (b >= 0) vals[sys.slot(b, b)] += g;
  if (a >= 0 && b >= 0) {
    vals[sys.slot(a, b)] -= g;
    vals[sys.slot(b, a)] -= g;
  }
}
function patternConductance(b: PatternBuilder, a: number, c: number): void {
  if (a >= 0) b.add(a, a);
  if (c >= 0) b.add(c, c);
  if (a >= 0 && c >= 0) {
    b.add(a, c);
    b.add(c, a);
  }
}
function patternVsource(b: PatternBuilder, plus: number, branch: number): void {
  b.add(plus, branch);
  b.add(branch, plus);
  b.add(branch, branch); // structurally present, numerically 0
}

/**
 * RC ladder: V source (1 V) at node 0, `sections` x (R = 1 kOhm series, C = 1 nF to ground), load resistor R
 * at the end, gmin 1e-12 on every node. Unknowns: nodes 0..sections, then the source branch current.
 */
export function rcLadder(sections: number): MnaSystem {
  const nodes = sections + 1;
  const br = nodes;
  const n = nodes + 1;
  const pb = new PatternBuilder(n);
  for (let i = 0; i < sections; i++) patternConductance(pb, i, i + 1);
  patternVsource(pb, 0, br);
  const sys = pb.build();
  const G = sys.values();
  const C = sys.values();
  const R = 1e3;
  for (let i = 0; i < sections; i++) {
    stampConductance(sys, G, i, i + 1, 1 / R);
    stampConductance(sys, C, i + 1, -1, 1e-9);
  }
  stampConductance(sys, G, sections, -1, 1 / R);
  for (let i = 0; i < nodes; i++) G[sys.slot(i, i)] += 1e-12;
  G[sys.slot(0, br)] += 1;
  G[sys.slot(br, 0)] += 1;
  const rhs = new Float64Array(n);
  rhs[br] = 1;
  return { sys, G, C, rhs };
}

/**
 * k x k resistor grid (1 Ohm wires), 1 pF to ground at every node, gmin, a 1 V source at node 0 and 1 mA
 * drawn from the opposite corner.
 */
export function resistorGrid(k: number): MnaSystem {
  const nodes = k * k;
  const br = nodes;
  const n = nodes + 1;
  const pb = new PatternBuilder(n);
  const id = (i: number, j: number): number => i * k + j;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      pb.add(id(i, j), id(i, j));
      if (j + 1 < k) patternConductance(pb, id(i, j), id(i, j + 1));
      if (i + 1 < k) patternConductance(pb, id(i, j), id(i + 1, j));
    }
  }
  patternVsource(pb, 0, br);
  const sys = pb.build();
  const G = sys.values();
  const C = sys.values();
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (j + 1 < k) stampConductance(sys, G, id(i, j), id(i, j + 1), 1);
      if (i + 1 < k) stampConductance(sys, G, id(i, j), id(i + 1, j), 1);
      G[sys.slot(id(i, j), id(i, j))] += 1e-12;
      C[sys.slot(id(i, j), id(i, j))] += 1e-12;
    }
  }
  G[sys.slot(0, br)] += 1;
  G[sys.slot(br, 0)] += 1;
  const rhs = new Float64Array(n);
  rhs[br] = 1;
  rhs[id(k - 1, k - 1)] = -1e-3;
  return { sys, G, C, rhs };
}

/**
 * m x m memristor crossbar: word line i and bit line j are chains of m wire nodes (wire conductance 10 S);
 * cross-point (i, j) is a memristor between word node (i, j) and bit node (i, j) whose conductance depends on
 * a state unknown x_ij (its row: dx/dt = f(v, x) linearised, entries at x, word, bit). Word lines are driven
 * by voltage sources at column 0, bit lines end in 100 Ohm sense resistors to ground at row m-1.
 * Unknowns: 2 m^2 wire nodes, m^2 states, m source branches. `stateScale` multiplies the state rows
 * (1 by default; 1e30 gives the badly scaled rows some device models produce).
 */
export function crossbar(m: number, seed = 1, stateScale = 1): MnaSystem {
  const rand = rng(seed);
  const word = (i: number, j: number): number => i * m + j;
  const bit = (i: number, j: number): number => m * m + i * m + j;
  const state = (i: number, j: number): number => 2 * m * m + i * m + j;
  const branch = (i: number): number => 3 * m * m + i;
  const n = 3 * m * m + m;
  const pb = new PatternBuilder(n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const w = word(i, j);
      const b = bit(i, j);
      const x = state(i, j);
      if (j + 1 < m) patternConductance(pb, w, word(i, j + 1));
      if (i + 1 < m) patternConductance(pb, b, bit(i + 1, j));
      patternConductance(pb, w, b);
      // memristor current depends on x: entries (w, x), (b, x)
      pb.add(w, x);
      pb.add(b, x);
      // state row: x, w, b
      pb.add(x, x);
      pb.add(x, w);
      pb.add(x, b);
    }
    patternVsource(pb, word(i, 0), branch(i));
  }
  for (let j = 0; j < m; j++) pb.add(bit(m - 1, j), bit(m - 1, j));
  const sys = pb.build();
  const G = sys.values();
  const C = sys.values();
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const w = word(i, j);
      const b = bit(i, j);
      const x = state(i, j);
      if (j + 1 < m) stampConductance(sys, G, w, word(i, j + 1), 10);
      if (i + 1 < m) stampConductance(sys, G, b, bit(i + 1, j), 10);
      const gm = Math.pow(10, -6 + 3 * rand()); // 1e-6 .. 1e-3 S
      stampConductance(sys, G, w, b, gm);
      const dI = (rand() - 0.5) * 1e-4; // dI/dx
      G[sys.slot(w, x)] += dI;
      G[sys.slot(b, x)] -= dI;
      const s = stateScale;
      G[sys.slot(x, x)] += s * (1 + rand());
      const dfdv = s * (rand() - 0.5) * 10;
      G[sys.slot(x, w)] += dfdv;
      G[sys.slot(x, b)] -= dfdv;
      C[sys.slot(x, x)] += s * 1e-6;
      G[sys.slot(w, w)] += 1e-12;
      G[sys.slot(b, b)] += 1e-12;
      C[sys.slot(w, w)] += 1e-15;
      C[sys.slot(b, b)] += 1e-15;
    }
    G[sys.slot(word(i, 0), branch(i))] += 1;
    G[sys.slot(branch(i), word(i, 0))] += 1;
  }
  for (let j = 0; j < m; j++) G[sys.slot(bit(m - 1, j), bit(m - 1, j))] += 1e-2;
  const rhs = new Float64Array(n);
  for (let i = 0; i < m; i++) rhs[branch(i)] = i % 2 === 0 ? 1 : 0.5;
  return { sys, G, C, rhs };
}

/** values = G + a * C */
export function combine(G: Float64Array, C: Float64Array, a: number): Float64Array {
  const v = new Float64Array(G.length);
  for (let p = 0; p < G.length; p++) v[p] = G[p] + a * C[p];
  return v;
}

/** 2-D 5-point Laplacian on a k x k grid (Dirichlet), natural row-by-row numbering. */
export function gridLaplacian(k: number): { sys: CscSystem; values: Float64Array } {
  const n = k * k;
  const pb = new PatternBuilder(n);
  const id = (i: number, j: number): number => i * k + j;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      pb.add(id(i, j), id(i, j));
      if (j + 1 < k) patternConductance(pb, id(i, j), id(i, j + 1));
      if (i + 1 < k) patternConductance(pb, id(i, j), id(i + 1, j));
    }
  }
  const sys = pb.build();
  const values = sys.values();
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      values[sys.slot(id(i, j), id(i, j))] = 4;
      if (j + 1 < k) {
        values[sys.slot(id(i, j), id(i, j + 1))] = -1;
        values[sys.slot(id(i, j + 1), id(i, j))] = -1;
      }
      if (i + 1 < k) {
        values[sys.slot(id(i, j), id(i + 1, j))] = -1;
        values[sys.slot(id(i + 1, j), id(i, j))] = -1;
      }
    }
  }
  return { sys, values };
}
