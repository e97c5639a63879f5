/**
 * Reference integrator for tests: adaptive Radau IIA (3 stages, order 5), L-stable, for stiff ODEs and for
 * semi-explicit index-1 DAEs `M y' = f(t, y)` with a constant diagonal mass matrix (0 on algebraic rows).
 *
 * The step logic follows Hairer & Wanner, Solving ODEs II, §IV.8 (RADAU5) as ported in SciPy's `Radau`: simplified
 * Newton on the transformed collocation system (one real and one complex LU), the embedded third-order error
 * estimate (filtered through the real LU, re-estimated after a rejection), the predictive (Gustafsson) step control
 * and the collocation polynomial as dense output. The Jacobian is numerical (central differences) unless given.
 *
 * Independent of the memspice engine on purpose: tests compare the engine with it.
 */

/**
 * Right-hand side f(t, y) written into dydt. `segStart` is the start of the current segment between breakpoints:
 * a drive that jumps at a breakpoint tb must take its value from the segment (e.g. `segStart >= tb ? v1 : v0`), not
 * from t, because the last stage of a step ending at tb is evaluated at t = tb.
 */
export type Rhs = (t: number, y: Float64Array, dydt: Float64Array, segStart: number) => void;
/** Fills J (row-major, n*n) with df/dy at (t, y). */
export type JacFn = (t: number, y: Float64Array, J: Float64Array) => void;

export interface IntegrateOptions {
  /** Start time, default 0. */
  t0?: number;
  /** Relative tolerance, default 1e-6. */
  rtol?: number;
  /** Absolute tolerance (scalar or per component), default 1e-9. */
  atol?: number | ArrayLike<number>;
  /** Times at which to report the solution (increasing, in [t0, tEnd]); default: every accepted step. */
  tEval?: ArrayLike<number>;
  /** Times at which the right-hand side is not smooth (piecewise-linear corners, steps): steps end exactly there. */
  breakpoints?: ArrayLike<number>;
  /** Largest step, default Infinity. */
  maxStep?: number;
  /** First step of every segment (between breakpoints); default chosen automatically. */
  firstStep?: number;
  /** Diagonal of the mass matrix M in M y' = f (1 = differential, 0 = algebraic row). Default identity. */
  mass?: ArrayLike<number>;
  /** Analytic Jacobian; default central differences. */
  jac?: JacFn;
  /** Abort after this many steps (accepted + rejected), default 1e6. */
  maxSteps?: number;
  /** Keep the dense output of every step and return `sol(t)`. */
  dense?: boolean;
}

export interface IntegrateStats {
  nAccepted: number;
  nRejected: number;
  nFev: number;
  nJev: number;
  nLu: number;
}

export interface IntegrateResult {
  /** Reported times: `tEval` if given, else t0 and every accepted step end (breakpoints included). */
  t: number[];
  y: Float64Array[];
  /** Dense output over [t0, tEnd] when `dense` was asked for. */
  sol: ((t: number) => Float64Array) | null;
  /** Every accepted step end, t0 first (always kept: tests check that breakpoints are hit). */
  stepTimes: number[];
  stats: IntegrateStats;
}

// --- Radau IIA constants (SciPy's radau.py) -------------------------------------------------------------------
const S6 = Math.sqrt(6);
const C = [(4 - S6) / 10, (4 + S6) / 10, 1];
const E = [(-13 - 7 * S6) / 3, (-13 + 7 * S6) / 3, -1 / 3];
const MU_REAL = 3 + 3 ** (2 / 3) - 3 ** (1 / 3);
const MU_CRE = 3 + 0.5 * (3 ** (1 / 3) - 3 ** (2 / 3));
const MU_CIM = -0.5 * (3 ** (5 / 6) + 3 ** (7 / 6));
const T = [
  [0.09443876248897524, -0.14125529502095421, 0.03002919410514742],
  [0.25021312296533332, 0.20412935229379994, -0.38294211275726192],
  [1, 1, 0],
];
/** Exact Radau IIA coefficient matrix A (c = C). */
const A = [
  [(88 - 7 * S6) / 360, (296 - 169 * S6) / 1800, (-2 + 3 * S6) / 225],
  [(296 + 169 * S6) / 1800, (88 + 7 * S6) / 360, (-2 - 3 * S6) / 225],
  [(16 - S6) / 36, (16 + S6) / 36, 1 / 9],
];
function inv3(m: number[][]): number[][] {
  const [a, b, c] = m[0]!;
  const [d, e, f] = m[1]!;
  const [g, h, i] = m[2]!;
  const A0 = e! * i! - f! * h!;
  const B0 = -(d! * i! - f! * g!);
  const C0 = d! * h! - e! * g!;
  const det = a! * A0 + b! * B0 + c! * C0;
  return [
    [A0 / det, -(b! * i! - c! * h!) / det, (b! * f! - c! * e!) / det],
    [B0 / det, (a! * i! - c! * g!) / det, -(a! * f! - c! * d!) / det],
    [C0 / det, -(a! * h! - b! * g!) / det, (a! * e! - b! * d!) / det],
  ];
}
/** A^-1: the residual of the collocation system is evaluated with it, so that the (published, ~1e-9 accurate)
 * eigenvector basis T only affects the Newton contraction, never the converged solution. */
const AI = inv3(A);
/** T^-1 to full double precision (SciPy's tabulated TI is only good to ~1e-9 in its last column). */
const TI = inv3(T);
const P = [
  [13 / 3 + (7 * S6) / 3, -23 / 3 - (22 * S6) / 3, 10 / 3 + 5 * S6],
  [13 / 3 - (7 * S6) / 3, -23 / 3 + (22 * S6) / 3, 10 / 3 - 5 * S6],
  [1 / 3, -8 / 3, 10 / 3],
];
const NEWTON_MAXITER = 6;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;
const EPS = Number.EPSILON;

// --- small dense linear algebra -------------------------------------------------------------------------------
interface RealLu {
  a: Float64Array;
  piv: Int32Array;
  n: number;
}
interface ComplexLu {
  re: Float64Array;
  im: Float64Array;
  piv: Int32Array;
  n: number;
}

function luReal(a: Float64Array, n: number): RealLu {
  const piv = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    let p = k;
    let big = Math.abs(a[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]!);
      if (v > big) {
        big = v;
        p = i;
      }
    }
    piv[k] = p;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j]!;
        a[k * n + j] = a[p * n + j]!;
        a[p * n + j] = t;
      }
    }
    const d = a[k * n + k]!;
    if (d === 0) continue; // singular: the solve gives inf/NaN and Newton fails, which shrinks the step
    for (let i = k + 1; i < n; i++) {
      const m = a[i * n + k]! / d;
      a[i * n + k] = m;
      if (m !== 0) for (let j = k + 1; j < n; j++) a[i * n + j] = a[i * n + j]! - m * a[k * n + j]!;
    }
  }
  return { a, piv, n };
}

function solveReal(lu: RealLu, b: Float64Array): void {
  const { a, piv, n } = lu;
  for (let k = 0; k < n; k++) {
    const p = piv[k]!;
    if (p !== k) {
      const t = b[k]!;
      b[k] = b[p]!;
      b[p] = t;
    }
    for (let i = k + 1; i < n; i++) b[i] = b[i]! - a[i * n + k]! * b[k]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let j = i + 1; j < n; j++) s -= a[i * n + j]! * b[j]!;
    b[i] = s / a[i * n + i]!;
  }
}

function luComplex(re: Float64Array, im: Float64Array, n: number): ComplexLu {
  const piv = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    let p = k;
    let big = Math.hypot(re[k * n + k]!, im[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.hypot(re[i * n + k]!, im[i * n + k]!);
      if (v > big) {
        big = v;
        p = i;
      }
    }
    piv[k] = p;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        let t = re[k * n + j]!;
        re[k * n + j] = re[p * n + j]!;
        re[p * n + j] = t;
        t = im[k * n + j]!;
        im[k * n + j] = im[p * n + j]!;
        im[p * n + j] = t;
      }
    }
    const dr = re[k * n + k]!;
    const di = im[k * n + k]!;
    const dd = dr * dr + di * di;
    if (dd === 0) continue;
    for (let i = k + 1; i < n; i++) {
      const xr = re[i * n + k]!;
      const xi = im[i * n + k]!;
      const mr = (xr * dr + xi * di) / dd;
      const mi = (xi * dr - xr * di) / dd;
      re[i * n + k] = mr;
      im[i * n + k] = mi;
      for (let j = k + 1; j < n; j++) {
        const ar = re[k * n + j]!;
        const ai = im[k * n + j]!;
        re[i * n + j] = re[i * n + j]! - (mr * ar - mi * ai);
        im[i * n + j] = im[i * n + j]! - (mr * ai + mi * ar);
      }
    }
  }
  return { re, im, piv, n };
}

function solveComplex(lu: ComplexLu, br: Float64Array, bi: Float64Array): void {
  const { re, im, piv, n } = lu;
  for (let k = 0; k < n; k++) {
    const p = piv[k]!;
    if (p !== k) {
      let t = br[k]!;
      br[k] = br[p]!;
      br[p] = t;
      t = bi[k]!;
      bi[k] = bi[p]!;
      bi[p] = t;
    }
    for (let i = k + 1; i < n; i++) {
      const mr = re[i * n + k]!;
      const mi = im[i * n + k]!;
      br[i] = br[i]! - (mr * br[k]! - mi * bi[k]!);
      bi[i] = bi[i]! - (mr * bi[k]! + mi * br[k]!);
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let sr = br[i]!;
    let si = bi[i]!;
    for (let j = i + 1; j < n; j++) {
      const ar = re[i * n + j]!;
      const ai = im[i * n + j]!;
      sr -= ar * br[j]! - ai * bi[j]!;
      si -= ar * bi[j]! + ai * br[j]!;
    }
    const dr = re[i * n + i]!;
    const di = im[i * n + i]!;
    const dd = dr * dr + di * di;
    br[i] = (sr * dr + si * di) / dd;
    bi[i] = (si * dr - sr * di) / dd;
  }
}

function rmsNorm(v: Float64Array, scale: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const r = v[i]! / scale[i]!;
    s += r * r;
  }
  return Math.sqrt(s / Math.max(1, v.length));
}

// --- the integrator -------------------------------------------------------------------------------------------

interface DenseSeg {
  t0: number;
  h: number;
  y0: Float64Array;
  /** n x 3 row-major. */
  Q: Float64Array;
}

function evalDense(seg: DenseSeg, t: number, out: Float64Array): void {
  const x = (t - seg.t0) / seg.h;
  const x2 = x * x;
  const x3 = x2 * x;
  const n = seg.y0.length;
  for (let i = 0; i < n; i++) out[i] = seg.y0[i]! + seg.Q[3 * i]! * x + seg.Q[3 * i + 1]! * x2 + seg.Q[3 * i + 2]! * x3;
}

/**
 * Integrates `M y' = rhs(t, y)` from `opts.t0` (default 0) to `tEnd` (> t0). Throws if the step size underflows or
 * `maxSteps` is exceeded.
 */
export function integrate(rhs: Rhs, y0In: ArrayLike<number>, tEnd: number, opts: IntegrateOptions = {}): IntegrateResult {
  const n = y0In.length;
  const t0 = opts.t0 ?? 0;
  if (!(tEnd > t0)) throw new Error('integrate: tEnd must exceed t0');
  let rtol = opts.rtol ?? 1e-6;
  if (rtol < 100 * EPS) rtol = 100 * EPS;
  const atol = new Float64Array(n);
  const atolIn = opts.atol ?? 1e-9;
  for (let i = 0; i < n; i++) atol[i] = typeof atolIn === 'number' ? atolIn : atolIn[i]!;
  const maxStep = opts.maxStep ?? Infinity;
  const maxSteps = opts.maxSteps ?? 1_000_000;
  const mass = new Float64Array(n).fill(1);
  if (opts.mass) for (let i = 0; i < n; i++) mass[i] = opts.mass[i]!;
  const newtonTol = Math.max((10 * EPS) / rtol, Math.min(0.03, Math.sqrt(rtol)));

  let segStart = t0;
  const stats: IntegrateStats = { nAccepted: 0, nRejected: 0, nFev: 0, nJev: 0, nLu: 0 };
  const fun = (t: number, y: Float64Array, out: Float64Array): void => {
    stats.nFev++;
    rhs(t, y, out, segStart);
  };

  const J = new Float64Array(n * n);
  const yp = new Float64Array(n);
  const ym = new Float64Array(n);
  const fp = new Float64Array(n);
  const fm = new Float64Array(n);
  const jacobian = (t: number, y: Float64Array): void => {
    stats.nJev++;
    if (opts.jac) {
      opts.jac(t, y, J);
      return;
    }
    const cb = Math.cbrt(EPS);
    for (let j = 0; j < n; j++) {
      const d = cb * Math.max(Math.abs(y[j]!), atol[j]!, 1e-6);
      yp.set(y);
      ym.set(y);
      yp[j] = y[j]! + d;
      ym[j] = y[j]! - d;
      const dd = yp[j]! - ym[j]!;
      fun(t, yp, fp);
      fun(t, ym, fm);
      for (let i = 0; i < n; i++) J[i * n + j] = (fp[i]! - fm[i]!) / dd;
    }
  };

  // breakpoints -> segment ends
  const bps: number[] = [];
  if (opts.breakpoints) for (let i = 0; i < opts.breakpoints.length; i++) bps.push(opts.breakpoints[i]!);
  bps.sort((a, b) => a - b);
  const ends: number[] = [];
  for (const b of bps) if (b > t0 && b < tEnd && (ends.length === 0 || b > ends[ends.length - 1]!)) ends.push(b);
  ends.push(tEnd);

  // outputs
  const tEval = opts.tEval ? Array.from(opts.tEval) : null;
  if (tEval) for (let i = 1; i < tEval.length; i++) if (!(tEval[i]! >= tEval[i - 1]!)) throw new Error('integrate: tEval must increase');
  const outT: number[] = [];
  const outY: Float64Array[] = [];
  let evalIdx = 0;
  const segs: DenseSeg[] = [];
  const stepTimes: number[] = [t0];

  let t = t0;
  const y = Float64Array.from(y0In);
  if (tEval) {
    while (evalIdx < tEval.length && tEval[evalIdx]! <= t0) {
      if (tEval[evalIdx]! === t0) {
        outT.push(t0);
        outY.push(Float64Array.from(y));
      }
      evalIdx++;
    }
  } else {
    outT.push(t0);
    outY.push(Float64Array.from(y));
  }

  const f = new Float64Array(n);
  const fNew = new Float64Array(n);
  const Z = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const F = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const ytmp = new Float64Array(n);
  const scale = new Float64Array(n);
  const fr = new Float64Array(n);
  const fcr = new Float64Array(n);
  const fci = new Float64Array(n);
  const err = new Float64Array(n);
  const ZE = new Float64Array(n);
  const yNew = new Float64Array(n);
  const lu: { r: RealLu | null; c: ComplexLu | null } = { r: null, c: null };
  let hAbs = 0;
  let lastSeg: DenseSeg | null = null;
  let nStepsTotal = 0;

  const factorize = (h: number): void => {
    const ar = new Float64Array(n * n);
    const are = new Float64Array(n * n);
    const aim = new Float64Array(n * n);
    const mr = MU_REAL / h;
    const mcr = MU_CRE / h;
    const mci = MU_CIM / h;
    for (let i = 0; i < n * n; i++) {
      ar[i] = -J[i]!;
      are[i] = -J[i]!;
    }
    for (let i = 0; i < n; i++) {
      ar[i * n + i] = ar[i * n + i]! + mr * mass[i]!;
      are[i * n + i] = are[i * n + i]! + mcr * mass[i]!;
      aim[i * n + i] = mci * mass[i]!;
    }
    lu.r = luReal(ar, n);
    lu.c = luComplex(are, aim, n);
    stats.nLu += 2;
  };

  /**
   * Simplified Newton on the collocation system (A^-1 (x) M) Z / h = F(Z); Z holds the initial guess on entry and
   * the solution on exit. The exact residual is transformed with T^-1 and solved with the real and complex LUs.
   */
  const solveCollocation = (h: number): { converged: boolean; nIter: number; rate: number } => {
    const R = lu.r;
    const Cc = lu.c;
    if (R === null || Cc === null) throw new Error('integrate: internal error (no LU)');
    let dwNormOld = -1;
    let rate = -1;
    for (let k = 0; k < NEWTON_MAXITER; k++) {
      for (let s = 0; s < 3; s++) {
        for (let i = 0; i < n; i++) ytmp[i] = y[i]! + Z[s]![i]!;
        fun(t + C[s]! * h, ytmp, F[s]!);
      }
      for (let s = 0; s < 3; s++) for (let i = 0; i < n; i++) if (!Number.isFinite(F[s]![i]!)) return { converged: false, nIter: k + 1, rate };
      for (let i = 0; i < n; i++) {
        const m = mass[i]! / h;
        const z0 = Z[0]![i]!;
        const z1 = Z[1]![i]!;
        const z2 = Z[2]![i]!;
        const g0 = F[0]![i]! - m * (AI[0]![0]! * z0 + AI[0]![1]! * z1 + AI[0]![2]! * z2);
        const g1 = F[1]![i]! - m * (AI[1]![0]! * z0 + AI[1]![1]! * z1 + AI[1]![2]! * z2);
        const g2 = F[2]![i]! - m * (AI[2]![0]! * z0 + AI[2]![1]! * z1 + AI[2]![2]! * z2);
        fr[i] = TI[0]![0]! * g0 + TI[0]![1]! * g1 + TI[0]![2]! * g2;
        fcr[i] = TI[1]![0]! * g0 + TI[1]![1]! * g1 + TI[1]![2]! * g2;
        fci[i] = TI[2]![0]! * g0 + TI[2]![1]! * g1 + TI[2]![2]! * g2;
      }
      solveReal(R, fr);
      solveComplex(Cc, fcr, fci);
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const sc = scale[i]!;
        s2 += (fr[i]! / sc) ** 2 + (fcr[i]! / sc) ** 2 + (fci[i]! / sc) ** 2;
      }
      const dwNorm = Math.sqrt(s2 / (3 * n));
      if (!Number.isFinite(dwNorm)) return { converged: false, nIter: k + 1, rate };
      if (dwNormOld >= 0) rate = dwNorm / dwNormOld;
      const negligible = dwNorm <= 1e-12;
      if (!negligible && rate >= 0 && (rate >= 1 || (rate ** (NEWTON_MAXITER - k) / (1 - rate)) * dwNorm > newtonTol)) {
        return { converged: false, nIter: k + 1, rate };
      }
      for (let i = 0; i < n; i++) {
        for (let r = 0; r < 3; r++) Z[r]![i] = Z[r]![i]! + T[r]![0]! * fr[i]! + T[r]![1]! * fcr[i]! + T[r]![2]! * fci[i]!;
      }
      if (negligible || (rate >= 0 && (rate / (1 - rate)) * dwNorm < newtonTol)) {
        return { converged: true, nIter: k + 1, rate: Math.max(rate, 0) };
      }
      dwNormOld = dwNorm;
    }
    return { converged: false, nIter: NEWTON_MAXITER, rate };
  };

  const predictFactor = (h: number, hOld: number, en: number, enOld: number): number => {
    let mult = 1;
    if (enOld >= 0 && hOld > 0 && en !== 0) mult = (h / hOld) * (enOld / en) ** 0.25;
    return Math.min(1, mult) * (en === 0 ? Infinity : en ** -0.25);
  };

  for (const tBound of ends) {
    // ---- new segment: restart (derivative discontinuities at breakpoints) ----
    fun(t, y, f);
    jacobian(t, y);
    let currentJac = true;
    segStart = t;
    lu.r = null;
    lu.c = null;
    let hAbsOld = -1;
    let errNormOld = -1;
    lastSeg = null;
    const span = tBound - t;
    if (opts.firstStep !== undefined) hAbs = opts.firstStep;
    else {
      // Hairer's starting-step heuristic (SciPy select_initial_step, order 3), algebraic rows ignored
      for (let i = 0; i < n; i++) scale[i] = atol[i]! + Math.abs(y[i]!) * rtol;
      const fd = new Float64Array(n);
      for (let i = 0; i < n; i++) fd[i] = mass[i] === 0 ? 0 : f[i]! / mass[i]!;
      const d0 = rmsNorm(y, scale);
      const d1 = rmsNorm(fd, scale);
      const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
      const y1 = new Float64Array(n);
      for (let i = 0; i < n; i++) y1[i] = y[i]! + h0 * fd[i]!;
      const f1 = new Float64Array(n);
      fun(t + h0, y1, f1);
      for (let i = 0; i < n; i++) f1[i] = mass[i] === 0 ? 0 : (f1[i]! / mass[i]! - fd[i]!);
      const d2 = rmsNorm(f1, scale) / h0;
      const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** 0.25;
      hAbs = Math.min(100 * h0, h1);
      if (mass.some((m) => m === 0)) hAbs = Math.min(hAbs, 1e-6 * span);
      if (hAbs > 0 && hAbs < 1e-12 * span) hAbs = 1e-12 * span;
    }
    hAbs = Math.min(hAbs, maxStep, span);

    while (t < tBound) {
      const minStep = 10 * Math.abs(nextUp(t) - t);
      if (hAbs > maxStep) {
        hAbs = maxStep;
        hAbsOld = -1;
        errNormOld = -1;
      } else if (hAbs < minStep) {
        hAbs = minStep;
        hAbsOld = -1;
        errNormOld = -1;
      }
      let rejected = false;
      let accepted = false;
      let h = 0;
      let tNew = 0;
      let errNorm = 0;
      let safety = 0;
      let nIter = 0;
      let rate = -1;
      while (!accepted) {
        if (++nStepsTotal > maxSteps) throw new Error(`integrate: more than ${maxSteps} steps at t = ${t}`);
        if (hAbs < minStep) throw new Error(`integrate: step size underflow at t = ${t}`);
        tNew = t + hAbs;
        if (tNew >= tBound || tBound - tNew < 1e-3 * hAbs) tNew = tBound;
        h = tNew - t;
        hAbs = h;
        // initial guess from the previous collocation polynomial
        if (lastSeg) {
          for (let s = 0; s < 3; s++) {
            evalDense(lastSeg, t + C[s]! * h, ytmp);
            for (let i = 0; i < n; i++) Z[s]![i] = ytmp[i]! - y[i]!;
          }
        } else for (let s = 0; s < 3; s++) Z[s]!.fill(0);
        for (let i = 0; i < n; i++) scale[i] = atol[i]! + Math.abs(y[i]!) * rtol;
        const Zguess = Z.map((z) => Float64Array.from(z));
        let conv = { converged: false, nIter: 0, rate: -1 };
        for (;;) {
          if (lu.r === null || lu.c === null) factorize(h);
          for (let s = 0; s < 3; s++) Z[s]!.set(Zguess[s]!);
          conv = solveCollocation(h);
          if (conv.converged || currentJac) break;
          jacobian(t, y);
          currentJac = true;
          lu.r = null;
          lu.c = null;
        }
        if (!conv.converged) {
          hAbs *= 0.5;
          lu.r = null;
          lu.c = null;
          stats.nRejected++;
          continue;
        }
        nIter = conv.nIter;
        rate = conv.rate;
        for (let i = 0; i < n; i++) {
          yNew[i] = y[i]! + Z[2]![i]!;
          ZE[i] = (E[0]! * Z[0]![i]! + E[1]! * Z[1]![i]! + E[2]! * Z[2]![i]!) / h;
          err[i] = f[i]! + mass[i]! * ZE[i]!;
        }
        const R = lu.r;
        if (R === null) throw new Error('integrate: internal error (no LU)');
        solveReal(R, err);
        for (let i = 0; i < n; i++) scale[i] = atol[i]! + Math.max(Math.abs(y[i]!), Math.abs(yNew[i]!)) * rtol;
        errNorm = rmsNorm(err, scale);
        safety = (0.9 * (2 * NEWTON_MAXITER + 1)) / (2 * NEWTON_MAXITER + nIter);
        if (rejected && errNorm > 1) {
          for (let i = 0; i < n; i++) ytmp[i] = y[i]! + err[i]!;
          fun(t, ytmp, fNew);
          for (let i = 0; i < n; i++) err[i] = fNew[i]! + mass[i]! * ZE[i]!;
          solveReal(R, err);
          errNorm = rmsNorm(err, scale);
        }
        if (!Number.isFinite(errNorm) || errNorm > 1) {
          const fac = Number.isFinite(errNorm) ? predictFactor(hAbs, hAbsOld, errNorm, errNormOld) : MIN_FACTOR;
          hAbs *= Math.max(MIN_FACTOR, safety * fac);
          lu.r = null;
          lu.c = null;
          rejected = true;
          stats.nRejected++;
        } else accepted = true;
      }
      stats.nAccepted++;
      const recomputeJac = nIter > 2 && rate > 1e-3;
      let factor = predictFactor(hAbs, hAbsOld, errNorm, errNormOld);
      factor = Math.min(MAX_FACTOR, safety * factor);
      if (!recomputeJac && factor < 1.2) factor = 1;
      else {
        lu.r = null;
        lu.c = null;
      }
      // dense output of this step: y(t_old + x h) = y_old + Q [x, x^2, x^3]
      const Q = new Float64Array(3 * n);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < 3; c++) Q[3 * i + c] = Z[0]![i]! * P[0]![c]! + Z[1]![i]! * P[1]![c]! + Z[2]![i]! * P[2]![c]!;
      }
      const seg: DenseSeg = { t0: t, h, y0: Float64Array.from(y), Q };
      if (opts.dense) segs.push(seg);
      lastSeg = seg;
      // outputs in (t, tNew]
      if (tEval) {
        while (evalIdx < tEval.length && tEval[evalIdx]! <= tNew) {
          const te = tEval[evalIdx]!;
          const yo = new Float64Array(n);
          if (te === tNew) yo.set(yNew);
          else evalDense(seg, te, yo);
          outT.push(te);
          outY.push(yo);
          evalIdx++;
        }
      } else {
        outT.push(tNew);
        outY.push(Float64Array.from(yNew));
      }
      stepTimes.push(tNew);
      // advance
      t = tNew;
      y.set(yNew);
      fun(t, y, f);
      if (recomputeJac) {
        jacobian(t, y);
        currentJac = true;
      } else currentJac = false;
      hAbsOld = hAbs;
      errNormOld = errNorm;
      hAbs = hAbs * factor;
    }
  }

  let sol: ((tq: number) => Float64Array) | null = null;
  if (opts.dense) {
    sol = (tq: number): Float64Array => {
      const out = new Float64Array(n);
      if (segs.length === 0) return out;
      let lo = 0;
      let hi = segs.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const sg = segs[mid]!;
        if (tq > sg.t0 + sg.h) lo = mid + 1;
        else hi = mid;
      }
      evalDense(segs[lo]!, tq, out);
      return out;
    };
  }
  return { t: outT, y: outY, sol, stepTimes, stats };
}

function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const buf = new Float64Array([x]);
  const bits = new BigInt64Array(buf.buffer);
  bits[0] = bits[0]! + (x > 0 ? 1n : -1n);
  return buf[0]!;
}

/** Piecewise-linear waveform through (times[i], values[i]), constant outside; its corners are the breakpoints. */
export function pwl(times: ArrayLike<number>, values: ArrayLike<number>): (t: number) => number {
  return (t: number): number => {
    const m = times.length;
    if (t <= times[0]!) return values[0]!;
    if (t >= times[m - 1]!) return values[m - 1]!;
    let lo = 0;
    let hi = m - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! <= t) lo = mid;
      else hi = mid;
    }
    const t0 = times[lo]!;
    const t1 = times[hi]!;
    return values[lo]! + ((values[hi]! - values[lo]!) * (t - t0)) / (t1 - t0);
  };
}

/**
 * Triangular sweep used by the papers' cyclic voltammetry (PCCP 2024 eq 13, Adv. Phys. Res. 2024 eq 24): starts at `start`,
 * moves toward `first` vertex, then to `second`, then back to `start`, at |dV/dt| = rate, for `cycles` cycles.
 * Returns the waveform and its corners (breakpoints) and the end time.
 */
export function triangle(
  start: number,
  first: number,
  second: number,
  rate: number,
  cycles = 1,
): { v: (t: number) => number; breakpoints: number[]; tEnd: number } {
  const times: number[] = [0];
  const values: number[] = [start];
  let tc = 0;
  const legs = [first, second, start];
  let prev = start;
  for (let c = 0; c < cycles; c++) {
    for (const target of legs) {
      tc += Math.abs(target - prev) / rate;
      times.push(tc);
      values.push(target);
      prev = target;
    }
  }
  return { v: pwl(times, values), breakpoints: times.slice(1, -1), tEnd: tc };
}
