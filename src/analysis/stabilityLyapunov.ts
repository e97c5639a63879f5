/**
 * The first Lyapunov coefficient l1 at a Hopf point, whose sign decides what is born there: l1 < 0
 * supercritical (a small stable limit cycle grows from the equilibrium), l1 > 0 subcritical (the orbit jumps to a
 * distant large cycle). Kuznetsov, "Elements of Applied Bifurcation Theory", 3rd ed. 2004, eq 3.20 (the
 * invariant formula), written for the circuit's C dy/dt = F(y) = b - f(y) with the pencil in place of the
 * identity (for an index-1 system with constant C this is the ODE on the algebraic constraint, C^-1 F):
 *
 *   l1 = Re[ p^H C3(q,q,conj q) - 2 p^H B(q, J^-1 B(q,conj q)) + p^H B(conj q, (2iw C - J)^-1 B(q,q)) ] / (2w)
 *
 * J = -G, (G + iwC) q = 0, p^H (G + iwC) = 0, ||q|| = 1, p^H C q = 1. B and C3 are the second and third
 * derivatives of F, by central differences of the devices' analytic Jacobian G along the eigenvector's real
 * and imaginary parts (step 1e-5 for B, 1e-4 for C3, both times max(1, |y|)), extrapolated (Richardson) from
 * those steps and twice them; the difference of the two estimates bounds the error, and the sign counts only
 * beyond it.
 * Dense (complex LU with partial pivoting), for systems up to LYAPUNOV_MAX_N unknowns.
 */
import type { Simulator } from '../engine/simulator.ts';

/** Largest system for which l1 is computed (dense complex solves). */
export const LYAPUNOV_MAX_N = 300;

type Cvec = { re: Float64Array; im: Float64Array };

/** l1 with its estimated error, or undefined for a system above LYAPUNOV_MAX_N. */
export function firstLyapunovCoefficient(sim: Simulator, y: Float64Array, omega: number): { value: number; error: number } | undefined {
  const n = sim.system.n;
  if (n > LYAPUNOV_MAX_N || !(omega > 0)) return undefined;
  const scale = Math.max(1, ...Array.from(y.subarray(1), Math.abs));
  const at = (h: number): number => lyapunov(sim, y, omega, 1e-5 * h * scale, 1e-4 * h * scale);
  // Both differences are second order in the step: Richardson's extrapolation from steps h and 2h removes the
  // h^2 term, and a third of the difference between the two estimates bounds what is left.
  const fine = at(1);
  const coarse = at(2);
  const value = (4 * fine - coarse) / 3;
  const error = Math.abs(fine - coarse) / 3 + 1e-12 * Math.abs(value);
  return { value, error };
}

function lyapunov(sim: Simulator, y0: Float64Array, omega: number, hB: number, hC: number): number {
  const sys = sim.system;
  const n = sys.n;
  const y = Float64Array.from(y0);
  const G = denseG(sim, y);
  const C = denseC(sim);
  // q: null vector of G + iwC; p: of its conjugate transpose (two inverse iterations at a shift off by 1e-9).
  const shift = omega * (1 + 1e-9);
  const A: Cvec = { re: Float64Array.from(G), im: C.map((c) => shift * c) };
  const q = nullVector(A, n, false);
  const p = nullVector(A, n, true);
  normalise(q, n);
  // p^H C q = 1
  const cq = matVecC(C, q, n);
  const d = dotH(p, cq);
  scaleInv(p, d);
  // B(x, z) = D^2 F [x, z] = -(G(y + h z) - G(y - h z)) x / 2h; C3 likewise with a second difference.
  const gAlong = (dir: Float64Array, h: number): Float64Array => {
    const yy = Float64Array.from(y0);
    for (let i = 1; i <= n; i++) yy[i] = y0[i] + h * dir[i - 1];
    return denseG(sim, yy);
  };
  const Bfd = (dir: Float64Array): Float64Array => {
    const plus = gAlong(dir, hB);
    const minus = gAlong(dir, -hB);
    return plus.map((v, k) => -(v - minus[k]) / (2 * hB));
  };
  const Cfd = (dir: Float64Array): Float64Array => {
    const plus = gAlong(dir, 2 * hC);
    const minus = gAlong(dir, -2 * hC);
    return plus.map((v, k) => -(v - 2 * G[k] + minus[k]) / (4 * hC * hC));
  };
  const a = q.re;
  const b = q.im;
  const Ba = Bfd(a);
  const Bb = Bfd(b);
  const mv = (M: Float64Array, x: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += M[i * n + j] * x[j];
      out[i] = s;
    }
    return out;
  };
  const add = (...xs: Array<[number, Float64Array]>): Float64Array => {
    const out = new Float64Array(n);
    for (const [c, x] of xs) for (let i = 0; i < n; i++) out[i] += c * x[i];
    return out;
  };
  // B(q, conj q) = B(a,a) + B(b,b) (real); B(q,q) = B(a,a) - B(b,b) + 2i B(a,b).
  const Baa = mv(Ba, a);
  const Bbb = mv(Bb, b);
  const Bab = mv(Ba, b);
  const bqqbar = add([1, Baa], [1, Bbb]);
  const bqq: Cvec = { re: add([1, Baa], [-1, Bbb]), im: add([2, Bab]) };
  // C3(q,q,conj q) = C3(a,a,a) + C3(a,b,b) + i [C3(a,a,b) + C3(b,b,b)].
  const Caa = Cfd(a);
  const Cbb = Cfd(b);
  const c3: Cvec = { re: add([1, mv(Caa, a)], [1, mv(Cbb, a)]), im: add([1, mv(Caa, b)], [1, mv(Cbb, b)]) };
  // J^-1 B(q, conj q) = -G^-1 B(q, conj q) (real).
  const h11 = solveComplex({ re: Float64Array.from(G), im: new Float64Array(n * n) }, { re: bqqbar.map((v) => -v), im: new Float64Array(n) }, n, false);
  // (2iwC - J)^-1 B(q,q) = (G + 2iwC)^-1 B(q,q).
  const h20 = solveComplex({ re: Float64Array.from(G), im: C.map((c) => 2 * omega * c) }, bqq, n, false);
  // B(q, h11) with h11 real: B(a, h11) + i B(b, h11).
  const bqh11: Cvec = { re: mv(Ba, h11.re), im: mv(Bb, h11.re) };
  // B(conj q, h20) = B(a, h20) - i B(b, h20), h20 complex.
  const Bh20re = Bfd(h20.re);
  const Bh20im = Bfd(h20.im);
  const bqbarh20: Cvec = {
    re: add([1, mv(Bh20re, a)], [1, mv(Bh20im, b)]),
    im: add([1, mv(Bh20im, a)], [-1, mv(Bh20re, b)]),
  };
  const term = (v: Cvec): number => dotH(p, v).re;
  return (term(c3) - 2 * term(bqh11) + term(bqbarh20)) / (2 * omega);
}

function denseG(sim: Simulator, y: Float64Array): Float64Array {
  const sys = sim.system;
  sys.load(y, 0, true, 1, false);
  return denseOf(sim, sys.G);
}

function denseC(sim: Simulator): Float64Array {
  return denseOf(sim, sim.system.C);
}

/** Dense n x n (0-based, ground dropped) of entry-indexed values. */
function denseOf(sim: Simulator, byEntry: Float64Array): Float64Array {
  const sys = sim.system;
  const n = sys.n;
  const out = new Float64Array(n * n);
  for (let id = 1; id < sys.numEntries; id++) {
    const r = sys.entryRow[id];
    const c = sys.entryCol[id];
    if (r === 0 || c === 0) continue;
    out[(r - 1) * n + (c - 1)] += byEntry[id];
  }
  return out;
}

function matVecC(C: Float64Array, x: Cvec, n: number): Cvec {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      re[i] += C[i * n + j] * x.re[j];
      im[i] += C[i * n + j] * x.im[j];
    }
  }
  return { re, im };
}

/** x^H y */
function dotH(x: Cvec, y: Cvec): { re: number; im: number } {
  let re = 0;
  let im = 0;
  for (let i = 0; i < x.re.length; i++) {
    re += x.re[i] * y.re[i] + x.im[i] * y.im[i];
    im += x.re[i] * y.im[i] - x.im[i] * y.re[i];
  }
  return { re, im };
}

function normalise(x: Cvec, n: number): void {
  let s = 0;
  for (let i = 0; i < n; i++) s += x.re[i] ** 2 + x.im[i] ** 2;
  s = Math.sqrt(s);
  for (let i = 0; i < n; i++) {
    x.re[i] /= s;
    x.im[i] /= s;
  }
}

/** x /= conj(d), so that x^H y becomes (x^H y)/d. */
function scaleInv(x: Cvec, d: { re: number; im: number }): void {
  // (x / conj d)^H y = (x^H y) / d.
  const m = d.re * d.re + d.im * d.im;
  for (let i = 0; i < x.re.length; i++) {
    const re = x.re[i];
    const im = x.im[i];
    // x / conj(d) = x d / |d|^2
    x.re[i] = (re * d.re - im * d.im) / m;
    x.im[i] = (re * d.im + im * d.re) / m;
  }
}

/** Two steps of inverse iteration for a null vector of A (or of A^H). */
function nullVector(A: Cvec, n: number, adjoint: boolean): Cvec {
  let v: Cvec = { re: Float64Array.from({ length: n }, (_, i) => 1 + ((i * 0.618034) % 1)), im: new Float64Array(n) };
  for (let it = 0; it < 3; it++) {
    v = solveComplex(A, v, n, adjoint);
    normalise(v, n);
  }
  return v;
}

/** Solve A x = b (or A^H x = b), dense complex Gaussian elimination with partial pivoting, on copies. */
function solveComplex(A: Cvec, b: Cvec, n: number, adjoint: boolean): Cvec {
  const are = new Float64Array(n * n);
  const aim = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (adjoint) {
        are[i * n + j] = A.re[j * n + i];
        aim[i * n + j] = -A.im[j * n + i];
      } else {
        are[i * n + j] = A.re[i * n + j];
        aim[i * n + j] = A.im[i * n + j];
      }
    }
  }
  const xre = Float64Array.from(b.re);
  const xim = Float64Array.from(b.im);
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = -1;
    for (let i = k; i < n; i++) {
      const m = Math.hypot(are[i * n + k], aim[i * n + k]);
      if (m > best) {
        best = m;
        p = i;
      }
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        [are[k * n + j], are[p * n + j]] = [are[p * n + j], are[k * n + j]];
        [aim[k * n + j], aim[p * n + j]] = [aim[p * n + j], aim[k * n + j]];
      }
      [xre[k], xre[p]] = [xre[p], xre[k]];
      [xim[k], xim[p]] = [xim[p], xim[k]];
    }
    let pr = are[k * n + k];
    let pi = aim[k * n + k];
    if (pr === 0 && pi === 0) pr = Number.MIN_VALUE * 1e10; // exactly singular: any null direction will do
    const pm = pr * pr + pi * pi;
    for (let i = k + 1; i < n; i++) {
      const ar = are[i * n + k];
      const ai = aim[i * n + k];
      if (ar === 0 && ai === 0) continue;
      const lr = (ar * pr + ai * pi) / pm;
      const li = (ai * pr - ar * pi) / pm;
      for (let j = k + 1; j < n; j++) {
        const ur = are[k * n + j];
        const ui = aim[k * n + j];
        are[i * n + j] -= lr * ur - li * ui;
        aim[i * n + j] -= lr * ui + li * ur;
      }
      xre[i] -= lr * xre[k] - li * xim[k];
      xim[i] -= lr * xim[k] + li * xre[k];
    }
    are[k * n + k] = pr;
    aim[k * n + k] = pi;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sr = xre[i];
    let si = xim[i];
    for (let j = i + 1; j < n; j++) {
      sr -= are[i * n + j] * xre[j] - aim[i * n + j] * xim[j];
      si -= are[i * n + j] * xim[j] + aim[i * n + j] * xre[j];
    }
    const pr = are[i * n + i];
    const pi = aim[i * n + i];
    const pm = pr * pr + pi * pi;
    xre[i] = (sr * pr + si * pi) / pm;
    xim[i] = (si * pr - sr * pi) / pm;
  }
  return { re: xre, im: xim };
}
