/**
 * Generates src/engine/linear/kernels.generated.ts: the numeric kernels of the dense and the sparse LU for real
 * values and for split-complex values (separate re/im Float64Arrays), each kernel written once below. The sparse
 * complex refactor and solve are not generated: they run on interleaved storage (see
 * src/engine/linear/sparse/complexInterleaved.ts for why).
 *
 *   npx tsx scripts/gen-lu-kernels.ts          rewrite the file
 *   npx tsx scripts/gen-lu-kernels.ts --check  exit 1 if the file is not what this script produces
 *
 * The generated file is not in git: `npm run build` (run by `npm ci` through `prepare`, and by the test suite's
 * global set-up) writes it, like the bundles in dist/.
 *
 * Why a generator: the hot loops must stay monomorphic and free of per-flop objects, so the real and the
 * complex kernels have to be separate functions over plain typed arrays; writing them by hand meant two copies
 * of every algorithm. Here each kernel is one template over a `Field`, which says how a scalar of that field
 * is stored (one array, or an re and an im array), loaded, multiplied, divided and measured. The symbolic work
 * (reach with symmetric pruning, growth, column sorting, ordering, the factor/refactor/fallback control flow)
 * is not generated: it is shared code in src/engine/linear/sparse/lu.ts and src/engine/linear/dense.ts.
 *
 * Magnitudes: the real kernels compare |v|, the complex ones |v|^2 (no sqrt in a pivot search); every
 * tolerance is taken to the same measure (`inMeasure`), so both make the same decisions.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** A component of a scalar: its suffix in variable names (real: '', complex: 'r' and 'i'). */
type Part = string;
/** An operand given per component, e.g. `(s) => 'Lx' + s + '[q]'`. */
type Operand = (part: Part) => string;

interface Field {
  readonly name: 'Real' | 'Complex';
  readonly parts: readonly Part[];
  /** unroll factor of the scatter (complex does twice the work per entry) */
  readonly unroll: number;
  /**
   * Columns of L updated with a supernode as one block (blockUpdate) in refactor. Real only: measured on the
   * crossbar transient matrices (CPU time, old and new kernels alternated in one process), the real refactor
   * gains 16 % at 64x64 (none at 32x32), while the complex one, whose scatter already does four multiply-adds
   * per loaded entry, lost 2-10 % to the block's bookkeeping. The forward solve gained nothing either way.
   */
  readonly supernodal: boolean;
  /** columns per group in blockUpdate */
  readonly blockWidth: number;
}

/** suffix of the storage field of each component (a real LU uses only the first) */
const COMPONENT_FIELD = ['re', 'im'];

const REAL: Field = { name: 'Real', parts: [''], unroll: 4, supernodal: true, blockWidth: 8 };
const COMPLEX: Field = { name: 'Complex', parts: ['r', 'i'], unroll: 2, supernodal: false, blockWidth: 4 };

/** A scalar variable. */
const v =
  (name: string): Operand =>
  (s) =>
    name + s;
/** An array element. */
const at =
  (array: string, index: string): Operand =>
  (s) =>
    `${array}${s}[${index}]`;

/** The operations the kernel templates use; each returns source lines (or an expression). */
class Ops {
  constructor(readonly f: Field) {}
  private each(line: (s: Part, c: number) => string): string[] {
    return this.f.parts.map(line);
  }
  /** names of the component variables of `base`, e.g. X -> Xr, Xi */
  names(base: string): string {
    return this.f.parts.map((s) => base + s).join(', ');
  }
  /** parameter list `Xr: Float64Array, Xi: Float64Array` */
  params(base: string, type = 'Float64Array'): string {
    return this.f.parts.map((s) => `${base}${s}: ${type}`).join(', ');
  }
  /** take the component arrays out of a `Float64Array[]` argument (one per component) */
  unpack(local: string, arrays: string): string[] {
    return this.each((s, c) => `const ${local}${s} = ${arrays}[${c}];`);
  }
  /**
   * take the component arrays out of the storage fields `<field>re`, `<field>im`: one typed field per array (not
   * a Float64Array[]), so V8 tracks the field's type and the hot loops need no map checks on them
   */
  fields(local: string, owner: string, field: string, keyword: 'const' | 'let' = 'const'): string[] {
    return this.each((s, c) => `${keyword} ${local}${s} = ${owner}.${field}${COMPONENT_FIELD[c]};`);
  }
  /** reassign field locals after the arrays grew */
  refields(local: string, owner: string, field: string): string[] {
    return this.each((s, c) => `${local}${s} = ${owner}.${field}${COMPONENT_FIELD[c]};`);
  }
  load(dst: string, src: Operand): string[] {
    return this.each((s) => `const ${dst}${s} = ${src(s)};`);
  }
  loadLet(dst: string, src: Operand): string[] {
    return this.each((s) => `let ${dst}${s} = ${src(s)};`);
  }
  loadScaled(dst: string, src: Operand, factor: string): string[] {
    return this.each((s) => `const ${dst}${s} = ${src(s)} * ${factor};`);
  }
  assign(dst: Operand, src: Operand): string[] {
    return this.each((s) => `${dst(s)} = ${src(s)};`);
  }
  assignScaled(dst: Operand, src: Operand, factor: string): string[] {
    return this.each((s) => `${dst(s)} = ${src(s)} * ${factor};`);
  }
  zero(dst: Operand): string[] {
    return this.each((s) => `${dst(s)} = 0;`);
  }
  fillZero(array: string): string[] {
    return this.each((s) => `${array}${s}.fill(0);`);
  }
  swap(array: string, i: string, j: string, tmp: string): string[] {
    return this.each((s) => `${tmp}${s} = ${array}${s}[${i}]; ${array}${s}[${i}] = ${array}${s}[${j}]; ${array}${s}[${j}] = ${tmp}${s};`);
  }
  /** the magnitude measure: |x| (real) or |x|^2 (complex) */
  measure(x: Operand): string {
    return this.f.name === 'Real' ? `Math.abs(${x('')})` : `${x('r')} * ${x('r')} + ${x('i')} * ${x('i')}`;
  }
  /** a bound on |x| expressed in the measure */
  inMeasure(bound: string): string {
    return this.f.name === 'Real' ? bound : `${bound} * ${bound}`;
  }
  /** 1/|x| from the measure m of x */
  reciprocalNorm(m: string): string {
    return this.f.name === 'Real' ? `1 / ${m}` : `1 / Math.sqrt(${m})`;
  }
  isZero(x: Operand): string {
    return this.f.parts.map((s) => `${x(s)} === 0`).join(' && ');
  }
  /** component expressions of a * b */
  product(a: Operand, b: Operand): string[] {
    if (this.f.name === 'Real') return [`${a('')} * ${b('')}`];
    return [`${a('r')} * ${b('r')} - ${a('i')} * ${b('i')}`, `${a('r')} * ${b('i')} + ${a('i')} * ${b('r')}`];
  }
  mul(dst: string, a: Operand, b: Operand): string[] {
    const p = this.product(a, b);
    return this.each((s, c) => `const ${dst}${s} = ${p[c]};`);
  }
  assignProduct(dst: Operand, a: Operand, b: Operand): string[] {
    const p = this.product(a, b);
    return this.each((s, c) => `${dst(s)} = ${p[c]};`);
  }
  /** dst -= a * b */
  subProduct(dst: Operand, a: Operand, b: Operand): string[] {
    const p = this.product(a, b);
    return this.each((s, c) => `${dst(s)} -= ${p[c]};`);
  }
  /** const dst = 1 / x */
  reciprocal(dst: string, x: Operand): string[] {
    if (this.f.name === 'Real') return [`const ${dst} = 1 / ${x('')};`];
    return [
      `const ${dst}m = ${this.measure(x)};`,
      `const ${dst}r = ${x('r')} / ${dst}m;`,
      `const ${dst}i = -${x('i')} / ${dst}m;`,
    ];
  }
  /** const dst = a / b */
  quotient(dst: string, a: Operand, b: Operand): string[] {
    if (this.f.name === 'Real') return [`const ${dst} = ${a('')} / ${b('')};`];
    return [
      ...this.load(`${dst}d`, b),
      `const ${dst}m = ${dst}dr * ${dst}dr + ${dst}di * ${dst}di;`,
      `const ${dst}r = (${a('r')} * ${dst}dr + ${a('i')} * ${dst}di) / ${dst}m;`,
      `const ${dst}i = (${a('i')} * ${dst}dr - ${a('r')} * ${dst}di) / ${dst}m;`,
    ];
  }
}

/**
 * Template tag: an interpolated array of lines is put one per line at the indentation of the line it stands
 * in; strings are inserted as they are.
 */
function code(strings: TemplateStringsArray, ...values: (string | string[])[]): string {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Array.isArray(value)) {
      const indent = /(^|\n)([ \t]*)$/.exec(out)?.[2] ?? '';
      out += value.join('\n' + indent);
    } else {
      out += value;
    }
    out += strings[i + 1];
  }
  return out;
}

/** Row equilibration factors, shared by the dense and both sparse paths. */
function rowScale(o: Ops): string {
  const F = o.f.name;
  return code`
/**
 * rs[r] = 1 / max |A(r, :)| over the entries p with rowOf[p] = r (1 for an empty or non-finite row). The
 * sparse refactor passes the step of each entry's row as rowOf, so rs comes out indexed by step.
 */
export function rowScale${F}(rs: Float64Array, rowOf: Int32Array, nnz: number, n: number, ${o.params('A')}): void {
  rs.fill(0);
  for (let p = 0; p < nnz; p++) {
    const a = ${o.measure(at('A', 'p'))};
    const r = rowOf[p];
    if (a > rs[r]) rs[r] = a;
  }
  for (let r = 0; r < n; r++) {
    const m = rs[r];
    rs[r] = m > 0 && m < Infinity ? ${o.reciprocalNorm('m')} : 1;
  }
}
`;
}

/** The one scatter of every sparse kernel: X(rows[q]) -= V[q] * x for q in [q0, q1). */
function scatter(o: Ops): string {
  const F = o.f.name;
  const lanes = Array.from({ length: o.f.unroll }, (_, l) => l);
  const lane = (l: number): string => (l === 0 ? 'q' : `q + ${l}`);
  // every operand is loaded once into a local: V8 does not merge repeated typed-array loads
  return code`
/**
 * X(rows[q]) -= V[q] * x for q0 <= q < q1: a column of L or U applied to the work vector. Unrolled by
 * ${String(o.f.unroll)}: the rows of one column are distinct, so the loads and stores of a group do not alias.
 */
function scatter${F}(${o.params('X')}, rows: Int32Array, ${o.params('V')}, q0: number, q1: number, ${o.params('x', 'number')}): void {
  let q = q0;
  for (; q + ${String(o.f.unroll - 1)} < q1; q += ${String(o.f.unroll)}) {
    ${lanes.map((l) => `const i${l} = rows[${lane(l)}];`)}
    ${lanes.flatMap((l) => o.load(`v${l}`, at('V', lane(l))))}
    ${lanes.flatMap((l) => o.loadLet(`a${l}`, at('X', `i${l}`)))}
    ${lanes.flatMap((l) => o.subProduct(v(`a${l}`), v(`v${l}`), v('x')))}
    ${lanes.flatMap((l) => o.assign(at('X', `i${l}`), v(`a${l}`)))}
  }
  for (; q < q1; q++) {
    const i = rows[q];
    ${o.load('v', at('V', 'q'))}
    ${o.subProduct(at('X', 'i'), v('v'), v('x'))}
  }
}
`;
}

/**
 * The supernodal update: X(rows) -= L(rows, s..e) * X(s..e) for the rows a run of columns s..e of one supernode
 * shares below e. Column t of the supernode lists rows t+1 .. last, then the shared rows, so its part below e
 * starts e - t entries in, and every column has the same rows there. Four columns at a time (two for complex):
 * each X(r) is loaded and stored once per group instead of once per column, which is most of a scatter's cost.
 */
function blockUpdate(o: Ops): string {
  const F = o.f.name;
  const width = o.f.blockWidth;
  const cols = Array.from({ length: width }, (_, c) => c);
  const colName = (c: number): string => (c === 0 ? 't' : `t + ${c}`);
  const lRef = (c: number): Operand => at('Lx', `b${c} + q`);
  return code`
/**
 * X(rows) -= L(rows, s..e) * X(s..e) over the rows of the columns s..e of one supernode below e (count \`len\`;
 * their indices are those of column s from Lp[s] + e - s on). X(s..e) must hold the run's solved values.
 */
function blockUpdate${F}(${o.params('X')}, Li: Int32Array, ${o.params('Lx')}, Lp: Int32Array, s: number, e: number, len: number): void {
  if (len === 0) return;
  const rows = Lp[s] + e - s;
  let t = s;
  for (; t + ${String(width - 1)} <= e; t += ${String(width)}) {
    ${cols.map((c) => `const b${c} = Lp[${colName(c)}] + e - (${colName(c)}) - rows;`)}
    ${cols.flatMap((c) => o.load(`u${c}`, at('X', colName(c))))}
    for (let q = rows, end = rows + len; q < end; q++) {
      const i = Li[q];
      ${o.loadLet('a', at('X', 'i'))}
      ${cols.flatMap((c) => o.subProduct(v('a'), lRef(c), v(`u${c}`)))}
      ${o.assign(at('X', 'i'), v('a'))}
    }
  }
  for (; t <= e; t++) {
    const b = Lp[t] + e - t;
    ${o.load('u', at('X', 't'))}
    scatter${F}(${o.names('X')}, Li, ${o.names('Lx')}, b, b + len, ${o.names('u')});
  }
}
`;
}

function sparseFactorPivoting(o: Ops): string {
  const F = o.f.name;
  return code`
/**
 * Gilbert–Peierls with threshold partial pivoting on lu.colPerm, building the L/U patterns (lu.reach gives the
 * symbolic reach of each column, lu.reserve grows the storage, lu.finishPivoting relabels and sorts).
 * Throws SingularMatrixError with the original column.
 */
export function factorPivoting${F}(lu: SparseLUFactors, matrix: readonly Float64Array[]): void {
  const { n, nnz, colStart, rowIndex, colPerm, prefRow, pinv, prow, Lp, Up, pattern: pat, rsRow: rs } = lu;
  ${o.unpack('A', 'matrix')}
  ${o.fields('X', 'lu', 'X')}
  ${o.fields('D', 'lu', 'D')}
  let Li = lu.Li;
  ${o.fields('Lx', 'lu', 'L', 'let')}
  let Ui = lu.Ui;
  ${o.fields('Ux', 'lu', 'U', 'let')}
  const tol = ${o.inMeasure('lu.opts.pivotTol')};
  const singular = ${o.inMeasure('SINGULAR_RTOL')};
  if (lu.opts.scale) rowScale${F}(rs, rowIndex, nnz, n, ${o.names('A')});
  else rs.fill(1);
  pinv.fill(-1);
  lu.flag.fill(-1);
  ${o.fillZero('X')}
  let lnz = 0;
  let unz = 0;
  Lp[0] = 0;
  Up[0] = 0;
  for (let k = 0; k < n; k++) {
    const j = colPerm[k];
    const top = lu.reach(k, j);
    // x = L \\ A(:,j) over the reach pat[top..n), in topological order
    let colMax = 0;
    const p1 = colStart[j + 1];
    for (let p = colStart[j]; p < p1; p++) {
      const i = rowIndex[p];
      ${o.loadScaled('a', at('A', 'p'), 'rs[i]')}
      ${o.assign(at('X', 'i'), v('a'))}
      const m = ${o.measure(v('a'))};
      if (m > colMax) colMax = m;
    }
    let uMax = 0;
    for (let t = top; t < n; t++) {
      const i = pat[t];
      const col = pinv[i];
      if (col < 0) continue;
      ${o.load('u', at('X', 'i'))}
      const m = ${o.measure(v('u'))};
      if (m > uMax) uMax = m;
      if (m === 0) continue;
      scatter${F}(${o.names('X')}, Li, ${o.names('Lx')}, Lp[col], Lp[col + 1], ${o.names('u')});
    }
    // pivot search: the preferred (diagonal) row unless it is below tol * the largest candidate
    const pref = prefRow[k];
    let best = -1;
    let bestMag = -1;
    let prefMag = -1;
    for (let t = top; t < n; t++) {
      const i = pat[t];
      if (pinv[i] >= 0) continue;
      const m = ${o.measure(at('X', 'i'))};
      if (m > bestMag) {
        bestMag = m;
        best = i;
      }
      if (i === pref) prefMag = m;
    }
    if (prefMag >= 0 && prefMag >= tol * bestMag) best = pref;
    const pivMag = best >= 0 ? ${o.measure(at('X', 'best'))} : 0;
    let scale = colMax > uMax ? colMax : uMax;
    if (bestMag > scale) scale = bestMag;
    // NaN fails the comparison too
    if (!(pivMag > singular * scale) || pivMag === Infinity) {
      for (let t = top; t < n; t++) {
        const i = pat[t];
        ${o.zero(at('X', 'i'))}
      }
      throw new SingularMatrixError(j);
    }
    ${o.load('piv', at('X', 'best'))}
    const room = n - top;
    if (unz + room > Ui.length || lnz + room > Li.length) {
      lu.reserve(lnz + room, unz + room);
      Li = lu.Li;
      ${o.refields('Lx', 'lu', 'L')}
      Ui = lu.Ui;
      ${o.refields('Ux', 'lu', 'U')}
    }
    // U(:,k): the already pivoted rows of the reach
    for (let t = top; t < n; t++) {
      const i = pat[t];
      const col = pinv[i];
      if (col < 0) continue;
      Ui[unz] = col;
      ${o.assign(at('Ux', 'unz'), at('X', 'i'))}
      ${o.zero(at('X', 'i'))}
      unz++;
    }
    Up[k + 1] = unz;
    ${o.assign(at('D', 'k'), v('piv'))}
    pinv[best] = k;
    prow[k] = best;
    ${o.zero(at('X', 'best'))}
    // L(:,k): the other rows, divided by the pivot
    ${o.reciprocal('inv', v('piv'))}
    for (let t = top; t < n; t++) {
      const i = pat[t];
      if (pinv[i] >= 0) continue;
      Li[lnz] = i;
      ${o.load('x', at('X', 'i'))}
      ${o.assignProduct(at('Lx', 'lnz'), v('x'), v('inv'))}
      ${o.zero(at('X', 'i'))}
      lnz++;
    }
    Lp[k + 1] = lnz;
    lu.prune(k, top);
  }
  lu.finishPivoting(lnz, unz);
}
`;
}

function sparseRefactor(o: Ops): string {
  const F = o.f.name;
  const uLoop = o.f.supernodal ? code`    let uMax = 0;
    const u1 = Up[k + 1];
    for (let up = Up[k]; up < u1; ) {
      const s = Ui[up];
      // the run of U(:,k) in the supernode of s: columns s..e, consecutive steps below k
      const last = snLast[s] < k ? snLast[s] : k - 1;
      let e = s;
      while (e < last && up + e - s + 1 < u1 && Ui[up + e - s + 1] === e + 1) e++;
      if (e === s) {
        ${o.load('u', at('X', 's'))}
        ${o.zero(at('X', 's'))}
        ${o.assign(at('Ux', 'up'), v('u'))}
        up++;
        const m = ${o.measure(v('u'))};
        if (m === 0) continue;
        if (m > uMax) uMax = m;
        scatter${F}(${o.names('X')}, Li, ${o.names('Lx')}, Lp[s], Lp[s + 1], ${o.names('u')});
        continue;
      }
      // the triangle of the run (column t updates rows t+1..e), then all its columns at once below e
      for (let t = s; t <= e; t++) {
        ${o.load('u', at('X', 't'))}
        ${o.assign(at('Ux', 'up + t - s'), v('u'))}
        const m = ${o.measure(v('u'))};
        if (m > uMax) uMax = m;
        const base = Lp[t] - t - 1;
        for (let r = t + 1; r <= e; r++) {
          ${o.subProduct(at('X', 'r'), at('Lx', 'base + r'), v('u'))}
        }
      }
      blockUpdate${F}(${o.names('X')}, Li, ${o.names('Lx')}, Lp, s, e, Lp[s + 1] - Lp[s] - (e - s));
      for (let t = s; t <= e; t++) {
        ${o.zero(at('X', 't'))}
      }
      up += e - s + 1;
    }
` : code`    let uMax = 0;
    const u1 = Up[k + 1];
    for (let up = Up[k]; up < u1; up++) {
      const s = Ui[up];
      ${o.load('u', at('X', 's'))}
      ${o.zero(at('X', 's'))}
      ${o.assign(at('Ux', 'up'), v('u'))}
      const m = ${o.measure(v('u'))};
      if (m === 0) continue;
      if (m > uMax) uMax = m;
      scatter${F}(${o.names('X')}, Li, ${o.names('Lx')}, Lp[s], Lp[s + 1], ${o.names('u')});
    }
`;
  return code`
/**
 * Numeric refactorisation on the stored patterns and pivot order; false (work vector cleared) when a pivot
 * is singular or below lu.opts.refactorTol * max |L(:,k)|.
 */
export function refactor${F}(lu: SparseLUFactors, matrix: readonly Float64Array[]): boolean {
  const { n, nnz, colStart, colPerm, aStep, Lp, Li, Up, Ui, ${o.f.supernodal ? 'snLast, ' : ''}rsStep: rs } = lu;
  ${o.unpack('A', 'matrix')}
  ${o.fields('X', 'lu', 'X')}
  ${o.fields('D', 'lu', 'D')}
  ${o.fields('Lx', 'lu', 'L')}
  ${o.fields('Ux', 'lu', 'U')}
  const tol = ${o.inMeasure('lu.opts.refactorTol')};
  const singular = ${o.inMeasure('SINGULAR_RTOL')};
  if (lu.opts.scale) rowScale${F}(rs, aStep, nnz, n, ${o.names('A')});
  for (let k = 0; k < n; k++) {
    const j = colPerm[k];
    let colMax = 0;
    const p1 = colStart[j + 1];
    for (let p = colStart[j]; p < p1; p++) {
      const s = aStep[p];
      ${o.loadScaled('a', at('A', 'p'), 'rs[s]')}
      ${o.assign(at('X', 's'), v('a'))}
      const m = ${o.measure(v('a'))};
      if (m > colMax) colMax = m;
    }
${uLoop}    ${o.load('piv', at('X', 'k'))}
    ${o.zero(at('X', 'k'))}
    const l0 = Lp[k];
    const l1 = Lp[k + 1];
    let lMax = 0;
    for (let q = l0; q < l1; q++) {
      const s = Li[q];
      ${o.load('l', at('X', 's'))}
      ${o.zero(at('X', 's'))}
      ${o.assign(at('Lx', 'q'), v('l'))}
      const m = ${o.measure(v('l'))};
      if (m > lMax) lMax = m;
    }
    const pivMag = ${o.measure(v('piv'))};
    let scale = colMax > uMax ? colMax : uMax;
    if (lMax > scale) scale = lMax;
    if (!(pivMag > singular * scale) || pivMag < tol * lMax || pivMag === Infinity) {
      ${o.fillZero('X')}
      return false;
    }
    ${o.reciprocal('inv', v('piv'))}
    for (let q = l0; q < l1; q++) {
      ${o.load('l', at('Lx', 'q'))}
      ${o.assignProduct(at('Lx', 'q'), v('l'), v('inv'))}
    }
    ${o.assign(at('D', 'k'), v('piv'))}
  }
  return true;
}
`;
}

function sparseSolve(o: Ops): string {
  const F = o.f.name;
  return code`
/** Solve A x = b in place (B holds b on entry, x on return) with the factors in lu. */
export function solve${F}(lu: SparseLUFactors, rhs: readonly Float64Array[]): void {
  const { n, colPerm, prow, rsStep: rs, Lp, Li, Up, Ui } = lu;
  ${o.unpack('B', 'rhs')}
  ${o.fields('X', 'lu', 'X')}
  ${o.fields('D', 'lu', 'D')}
  ${o.fields('Lx', 'lu', 'L')}
  ${o.fields('Ux', 'lu', 'U')}
  for (let k = 0; k < n; k++) {
    const r = prow[k];
    ${o.assignScaled(at('X', 'k'), at('B', 'r'), 'rs[k]')}
  }
  for (let k = 0; k < n; k++) {
    ${o.load('x', at('X', 'k'))}
    if (${o.isZero(v('x'))}) continue;
    scatter${F}(${o.names('X')}, Li, ${o.names('Lx')}, Lp[k], Lp[k + 1], ${o.names('x')});
  }
  for (let k = n - 1; k >= 0; k--) {
    ${o.quotient('x', at('X', 'k'), at('D', 'k'))}
    ${o.assign(at('X', 'k'), v('x'))}
    if (${o.isZero(v('x'))}) continue;
    scatter${F}(${o.names('X')}, Ui, ${o.names('Ux')}, Up[k], Up[k + 1], ${o.names('x')});
  }
  for (let k = 0; k < n; k++) {
    const c = colPerm[k];
    ${o.assign(at('B', 'c'), at('X', 'k'))}
    ${o.zero(at('X', 'k'))}
  }
}
`;
}

function denseFactor(o: Ops): string {
  const F = o.f.name;
  return code`
/**
 * Dense LU with partial pivoting after row equilibration, in place in d.a (row-major; L unit lower below the
 * diagonal, U upper). Throws SingularMatrixError with the step k.
 */
export function denseFactor${F}(d: DenseFactors, matrix: readonly Float64Array[]): void {
  const { n, nnz, pos, rowOf, rowScale: rs, colMax, piv } = d;
  ${o.unpack('A', 'matrix')}
  ${o.fields('a', 'd', 'a')}
  ${o.fillZero('a')}
  colMax.fill(0);
  rowScale${F}(rs, rowOf, nnz, n, ${o.names('A')});
  for (let p = 0; p < nnz; p++) {
    const r = rowOf[p];
    const slot = pos[p];
    ${o.loadScaled('v', at('A', 'p'), 'rs[r]')}
    ${o.assign(at('a', 'slot'), v('v'))}
    const c = slot - r * n;
    const m = ${o.measure(v('v'))};
    if (m > colMax[c]) colMax[c] = m;
  }
  for (let k = 0; k < n; k++) piv[k] = k;
  const singular = ${o.inMeasure('SINGULAR_RTOL')};
  for (let k = 0; k < n; k++) {
    // growth in this column: the U part computed so far
    let scale = colMax[k];
    for (let i = 0; i < k; i++) {
      const m = ${o.measure(at('a', 'i * n + k'))};
      if (m > scale) scale = m;
    }
    let best = -1;
    let bestMag = -1;
    for (let i = k; i < n; i++) {
      const m = ${o.measure(at('a', 'i * n + k'))};
      if (m > bestMag) {
        bestMag = m;
        best = i;
      }
    }
    if (bestMag > scale) scale = bestMag;
    // NaN fails the comparison too
    if (!(bestMag > singular * scale) || bestMag === Infinity) throw new SingularMatrixError(k);
    if (best !== k) {
      const ob = best * n;
      const ok = k * n;
      let ${o.f.parts.map((s) => `tmp${s} = 0`).join(', ')};
      for (let c = 0; c < n; c++) {
        ${o.swap('a', 'ok + c', 'ob + c', 'tmp')}
      }
      const t = piv[k];
      piv[k] = piv[best];
      piv[best] = t;
    }
    const rowK = k * n;
    ${o.load('p', at('a', 'rowK + k'))}
    ${o.reciprocal('inv', v('p'))}
    for (let i = k + 1; i < n; i++) {
      const rowI = i * n;
      ${o.load('x', at('a', 'rowI + k'))}
      if (${o.isZero(v('x'))}) continue;
      ${o.mul('l', v('x'), v('inv'))}
      ${o.assign(at('a', 'rowI + k'), v('l'))}
      for (let c = k + 1; c < n; c++) {
        ${o.load('u', at('a', 'rowK + c'))}
        ${o.subProduct(at('a', 'rowI + c'), v('l'), v('u'))}
      }
    }
  }
}

/** Solve in place with the factors of denseFactor${F}. */
export function denseSolve${F}(d: DenseFactors, rhs: readonly Float64Array[]): void {
  const { n, piv, rowScale: rs } = d;
  ${o.unpack('B', 'rhs')}
  ${o.fields('a', 'd', 'a')}
  ${o.fields('w', 'd', 'w')}
  for (let k = 0; k < n; k++) {
    const r = piv[k];
    ${o.assignScaled(at('w', 'k'), at('B', 'r'), 'rs[r]')}
  }
  for (let i = 1; i < n; i++) {
    const row = i * n;
    ${o.loadLet('s', at('w', 'i'))}
    for (let c = 0; c < i; c++) {
      ${o.load('l', at('a', 'row + c'))}
      ${o.load('x', at('w', 'c'))}
      ${o.subProduct(v('s'), v('l'), v('x'))}
    }
    ${o.assign(at('w', 'i'), v('s'))}
  }
  for (let i = n - 1; i >= 0; i--) {
    const row = i * n;
    ${o.loadLet('s', at('w', 'i'))}
    for (let c = i + 1; c < n; c++) {
      ${o.load('u', at('a', 'row + c'))}
      ${o.load('x', at('w', 'c'))}
      ${o.subProduct(v('s'), v('u'), v('x'))}
    }
    ${o.quotient('x', v('s'), at('a', 'row + i'))}
    ${o.assign(at('w', 'i'), v('x'))}
  }
  for (let k = 0; k < n; k++) {
    ${o.assign(at('B', 'k'), at('w', 'k'))}
  }
}
`;
}

export function renderKernels(): string {
  const header = `// GENERATED by scripts/gen-lu-kernels.ts from one template per kernel; do not edit by hand.
// Regenerate with \`npx tsx scripts/gen-lu-kernels.ts\` (a test fails when this file is not current).
import { SingularMatrixError } from './solver.ts';
import { SINGULAR_RTOL } from './singularity.ts';
import type { DenseFactors } from './dense.ts';
import type { SparseLUFactors } from './sparse/lu.ts';
`;
  const parts: string[] = [header];
  for (const field of [REAL, COMPLEX]) {
    const o = new Ops(field);
    // the complex sparse refactor and solve run on interleaved storage (src/engine/linear/sparse/complexInterleaved.ts)
    const sparseNumeric = field.name === 'Real' ? [sparseRefactor(o), sparseSolve(o)] : [];
    parts.push(rowScale(o), scatter(o), ...(field.supernodal ? [blockUpdate(o)] : []), sparseFactorPivoting(o), ...sparseNumeric, denseFactor(o));
  }
  return parts.join('');
}

export const GENERATED_PATH = fileURLToPath(new URL('../src/engine/linear/kernels.generated.ts', import.meta.url));

/** Writes the kernels under `root` (default: this checkout) unless the file is already current. */
export function writeKernels(root?: string): void {
  const file = root === undefined ? GENERATED_PATH : path.join(root, 'src/engine/linear/kernels.generated.ts');
  const text = renderKernels();
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  writeFileSync(file, text);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = renderKernels();
  if (process.argv.includes('--check')) {
    const current = readFileSync(GENERATED_PATH, 'utf8');
    if (current !== text) {
      console.error(`${path.relative(process.cwd(), GENERATED_PATH)} is stale: run npx tsx scripts/gen-lu-kernels.ts`);
      process.exit(1);
    }
  } else {
    writeFileSync(GENERATED_PATH, text);
    console.log(`wrote ${path.relative(process.cwd(), GENERATED_PATH)}`);
  }
}
