/**
 * Bisection, the one root finder of the closed forms: the steady state behind a series resistance, a current
 * clamp's operating point and the Hopf points all reduce to a sign change of a continuous function on a
 * bracket, and bisection is then guaranteed to converge, to the last bits, whatever the slope.
 */

export interface BisectOptions {
  /** Stop when the bracket is narrower than xTol max(1, |a|, |b|); default 4e-16 (two ulps near 1). */
  xTol?: number;
  /** Upper bound on halvings; default 300 (more than a double's exponent range needs). */
  maxIterations?: number;
}

/**
 * A root of g in [a, b], where g(a) and g(b) have opposite signs (or one is 0); the midpoint of the final
 * bracket. Throws when the signs do not bracket a root.
 */
export function bisect(g: (x: number) => number, a: number, b: number, opts: BisectOptions = {}): number {
  const xTol = opts.xTol ?? 4e-16;
  const maxIterations = opts.maxIterations ?? 300;
  let ga = g(a);
  if (ga === 0) return a;
  const gb = g(b);
  if (gb === 0) return b;
  if (ga * gb > 0) throw new Error(`bisect: no sign change of g in [${a}, ${b}]`);
  let lo = a;
  let hi = b;
  for (let k = 0; k < maxIterations && hi - lo > xTol * Math.max(1, Math.abs(lo), Math.abs(hi)); k++) {
    const m = 0.5 * (lo + hi);
    // Adjacent doubles: the bracket cannot shrink further.
    if (m <= lo || m >= hi) break;
    const gm = g(m);
    if (gm === 0) return m;
    if (ga * gm < 0) hi = m;
    else {
      lo = m;
      ga = gm;
    }
  }
  return 0.5 * (lo + hi);
}

/**
 * Solves V = Rs I(u) + u for u by bisection (Bisquert, Roldán, Miranda, PCCP 2024, eq 4; Bisquert, Bou, Guerrero,
 * Hernández-Balaguera, APL Mach. Learn. 2023, eq 1; Bisquert, Adv. Phys. Res. 2024, eq 52). `Iss` is the
 * steady-state current of the element at internal voltage u. Requires u + Rs Iss(u) to cross V once in [uLo, uHi]
 * (it is monotone whenever 1 + Rs dI/du > 0). Returns the internal voltage and the current.
 */
export function solveSeries(
  Iss: (u: number) => number,
  V: number,
  Rs: number,
  uLo = -1e3,
  uHi = 1e3,
): { u: number; I: number } {
  const residual = (u: number): number => u + Rs * Iss(u) - V;
  if (residual(uLo) * residual(uHi) > 0) throw new Error('solveSeries: V is not bracketed');
  const u = bisect(residual, uLo, uHi);
  return { u, I: Iss(u) };
}

/**
 * Solves g(u) = target for u in [lo, hi] by bisection; g must cross target once there (e.g. the steady-state
 * I(u) of a current clamp, Bisquert, Guerrero, JPCL 2022, eq 5, which is monotone for positive dc resistances).
 */
export function solveMonotone(g: (u: number) => number, target: number, lo: number, hi: number): number {
  const residual = (u: number): number => g(u) - target;
  if (residual(lo) * residual(hi) > 0) throw new Error('solveMonotone: target is not bracketed');
  return bisect(residual, lo, hi);
}
