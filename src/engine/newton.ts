/**
 * Newton-Raphson on  F(y) = f(y) - b(t) + alpha*q(y) + r = 0  with Jacobian  J = G + alpha*C.
 *
 * alpha and r come from the integration formula (dq/dt ~ alpha*q + r); DC has alpha = 0, r = 0.
 * Convergence follows SPICE: every unknown's update |dy| <= reltol*max(|y_old|, |y_new|) + abstol_kind, and
 * no device limited its step in the last load (limited points are not the point that was solved for). Chord steps
 * (transient only) are held to a bound on the error they leave instead (chordStepConverged), which can end a solve
 * after one iteration where SPICE always takes two.
 */
import { FactorValidity } from './factors.ts';
import type { EquationSystem } from './system.ts';
import type { RealLinearSolver } from './linear/solver.ts';

export interface NewtonSettings {
  maxIterations: number;
  reltol: number;
  time: number;
  dcSources: boolean;
  sourceScale: number;
  /** Integration coefficient on q (0 in DC). */
  alpha: number;
  /** History term of dq/dt per unknown, or null in DC. */
  history: Float64Array | null;
  /**
   * Unknowns whose equation is replaced by y_i = value (.ic and instance initial conditions during the
   * transient's operating point). Empty normally.
   */
  pins: ReadonlyArray<readonly [number, number]>;
}

export interface NewtonOutcome {
  converged: boolean;
  iterations: number;
  /** Unknowns that failed the update test in the last iteration, worst first. */
  offenders: number[];
}

/** A full-Newton update within this many tolerances lets the next iteration reuse the factors. */
const REUSE_EXCESS = 10;
/** Chord steps continue while each update is at most this fraction of the previous one. */
const CHORD_CONTRACTION = 0.2;
/** A chord step is converged when its update is within this fraction of the tolerance. */
const CHORD_ACCEPT = 0.01;
/** The error a converged chord step may leave, in tolerances: CHORD_ACCEPT at the slowest contraction allowed. */
const CHORD_ERROR_LEFT = (CHORD_CONTRACTION / (1 - CHORD_CONTRACTION)) * CHORD_ACCEPT;
/** A chord step in the first iteration of a solve ends it only with an update within this fraction of the tolerance. */
const FIRST_CHORD_ACCEPT = 0.1;
/**
 * A contraction measured on the current factors stands for the first chord step of this many later solves; then a
 * solve takes a second iteration again, which measures it anew (chordStepConverged). On the benchmark crossbar
 * transients (scripts/bench) 8 moves the results by 1e-7 of the peak current from those of two-iteration solves,
 * about what the predictor alone moves them; 16 moved them 4e-7, no limit 4e-6 (for 5 % and 9 % fewer iterations).
 */
const CONTRACTION_LIFETIME = 8;

/** Work arrays reused by every Newton solve of one system, and the validity of its solver's factors. */
export class NewtonWorkspace {
  readonly values: Float64Array;
  readonly delta: Float64Array;
  readonly deltaView: Float64Array;
  readonly factors = new FactorValidity();
  /** Positions of each row in the CSC arrays, built lazily for pinned rows. */
  private rowPositions = new Map<number, Int32Array>();

  /** Numeric factorisations done (statistics; benchmarks read it). */
  get factorizations(): number {
    return this.factors.factorizations;
  }

  constructor(readonly system: EquationSystem) {
    this.values = new Float64Array(system.nnz);
    this.delta = new Float64Array(system.size);
    this.deltaView = this.delta.subarray(1);
  }

  positionsOfRow(row: number): Int32Array {
    let list = this.rowPositions.get(row);
    if (!list) {
      const { colStart, rowIndex, n } = this.system.pattern;
      const found: number[] = [];
      for (let c = 0; c < n; c++) {
        for (let p = colStart[c]; p < colStart[c + 1]; p++) if (rowIndex[p] === row - 1) found.push(p);
      }
      list = Int32Array.from(found);
      this.rowPositions.set(row, list);
    }
    return list;
  }
}

export function newtonSolve(
  system: EquationSystem,
  solver: RealLinearSolver,
  work: NewtonWorkspace,
  y: Float64Array,
  s: NewtonSettings,
): NewtonOutcome {
  const n = system.n;
  const { f, q, b, absTol, diagonalShunt } = system;
  const delta = work.delta;
  const linear = system.isLinearCached;
  const hasPins = s.pins.length > 0;
  // Chord steps (Jacobian reuse, as stiff ODE codes do), in transient solves only: the factors of an earlier
  // iteration, or of an earlier solve at the same alpha (the previous time step), are reused while the
  // updates contract fast. DC solves always use full Newton (operating points are compared with closed forms). The
  // residual is always exact, so the solution is the same; when a chord step contracts by less than
  // CHORD_CONTRACTION, the next iteration refactors.
  // The first iteration may reuse the factors of the previous solve (same alpha, e.g. the previous time step
  // at the same step size) when that solve converged on them.
  const factors = work.factors;
  const chordAllowed = factors.chordEnabled && !hasPins && s.alpha !== 0;
  let reuseFactors = chordAllowed && factors.seedsSolve(s.alpha);
  let lastExcess = Infinity;
  for (let iteration = 1; iteration <= s.maxIterations; iteration++) {
    // A linear system keeps its matrix while alpha and the shunts stay the same: its factors are exact.
    // A nonlinear one reuses them as a chord Jacobian while the updates contract. Either way G is not
    // needed from this load.
    const alpha = s.alpha;
    const reuse: boolean = ((linear && !hasPins) || reuseFactors) && factors.matches(alpha);
    const chord: boolean = reuse && !linear;
    const limited = system.load(y, s.time, s.dcSources, s.sourceScale, true, !reuse);

    // Residual -F into delta (index 0 is ground, ignored by the solver view).
    negativeResidual(f, b, diagonalShunt, y, alpha, q, s.history, delta, n);

    if (!reuse) {
      system.assemble(alpha, work.values);
      if (hasPins) {
        for (const [row, value] of s.pins) {
          for (const p of work.positionsOfRow(row)) work.values[p] = 0;
          work.values[system.diagonalPosition[row]] = 1;
          delta[row] = -(y[row] - value);
        }
      }
      solver.factor(work.values);
      factors.factored(alpha, !hasPins);
    } else if (hasPins) {
      for (const [row, value] of s.pins) delta[row] = -(y[row] - value);
    }
    solver.solve(work.deltaView);

    let excess = applyUpdate(y, delta, s.reltol, absTol, n);
    const finite = !Number.isNaN(excess);
    // The contraction of a chord step (this update over the previous one) is remembered for the factors.
    if (chord && iteration > 1 && lastExcess > 0 && Number.isFinite(lastExcess)) factors.contracted(excess / lastExcess);
    let converged = limited === 0 && (chord ? chordStepConverged(iteration, excess, lastExcess, factors) : excess <= 1);
    // Project device states back into their physical range; a projected iterate is not converged.
    if (projectIntoBounds(y, system.boundedUnknowns, system.lowerBounds, system.upperBounds)) {
      converged = false;
      excess = Infinity;
    }
    // Keep the factors while chord steps contract fast (the first chord step of a solve has nothing to
    // compare with and gets one more); after a full step, keep them if the update was already small.
    reuseFactors =
      chordAllowed &&
      limited === 0 &&
      (chord ? lastExcess === Infinity || excess <= CHORD_CONTRACTION * lastExcess : excess <= REUSE_EXCESS);
    lastExcess = excess;
    if (!finite) {
      factors.solveEnded(false);
      return { converged: false, iterations: iteration, offenders: nonFinite(y, n) };
    }
    // A linear system is solved exactly by one step (no limiting): the update needs no second look.
    if (linear && limited === 0) {
      factors.solveEnded(true);
      return { converged: true, iterations: iteration, offenders: [] };
    }
    // A full Newton step is checked by the next update (as SPICE does); a chord step by its contraction.
    if (converged && (iteration > 1 || chord)) {
      factors.solveEnded(true);
      return { converged: true, iterations: iteration, offenders: [] };
    }
  }
  factors.solveEnded(false);
  return { converged: false, iterations: s.maxIterations, offenders: worstUpdates(y, delta, absTol, s.reltol, n) };
}

/**
 * Whether a chord step (an update on reused factors; `excess` is its size in tolerances) ends the solve. A chord
 * step converges linearly: the error it leaves is about rho/(1 - rho) times the update, rho its contraction, so it
 * is accepted only when rho is known and at most CHORD_CONTRACTION and the update well inside the tolerance, which
 * leaves an error as small as full Newton's (quadratic: its last update bounds the error far below tolerance).
 * - From the second iteration on, rho is measured (this update over the previous one) and the update must be within
 *   CHORD_ACCEPT of the tolerance.
 * - In the first iteration rho is the one the same factors showed in one of the last CONTRACTION_LIFETIME solves,
 *   as DASSL and RADAU5 carry their rate estimate from step to step to stop after one iteration; the error left,
 *   rho/(1 - rho) times the update, must be within CHORD_ERROR_LEFT, the most a later-iteration acceptance leaves,
 *   and the update within FIRST_CHORD_ACCEPT of the tolerance: a larger first update means the predictor missed
 *   (the solution turned), and the remembered rho may not describe the Jacobian there. SPICE always takes a second
 *   iteration because, not knowing rho, only a second update bounds the first one's error; the transient predictor
 *   (tran.ts) makes the first update a small fraction of the tolerance on smooth stretches, so most steps end here.
 */
function chordStepConverged(iteration: number, excess: number, lastExcess: number, factors: FactorValidity): boolean {
  if (iteration > 1) return excess <= CHORD_ACCEPT && excess <= CHORD_CONTRACTION * lastExcess;
  const rho = factors.recentContraction(CONTRACTION_LIFETIME);
  return rho <= CHORD_CONTRACTION && excess <= FIRST_CHORD_ACCEPT && (rho / (1 - rho)) * excess <= CHORD_ERROR_LEFT;
}

// The per-unknown loops of an iteration are small functions of their own: V8 optimises them after a few calls,
// long before the large newtonSolve is (see runTran).

/** delta = -(f - b + shunt y + alpha q + history), the Newton right-hand side. */
function negativeResidual(
  f: Float64Array,
  b: Float64Array,
  shunt: Float64Array,
  y: Float64Array,
  alpha: number,
  q: Float64Array,
  history: Float64Array | null,
  delta: Float64Array,
  n: number,
): void {
  for (let i = 1; i <= n; i++) {
    let F = f[i] - b[i] + shunt[i] * y[i];
    if (alpha !== 0) F += alpha * q[i];
    if (history !== null) F += history[i];
    delta[i] = -F;
  }
}

/**
 * y += delta; returns the largest update in units of its tolerance, reltol max(|y_old|, |y_new|) + absTol, or NaN
 * when an unknown is no longer finite.
 */
function applyUpdate(y: Float64Array, delta: Float64Array, reltol: number, absTol: Float64Array, n: number): number {
  let excess = 0;
  let sum = 0;
  for (let i = 1; i <= n; i++) {
    const d = delta[i];
    const old = y[i];
    const next = old + d;
    const ratio = Math.abs(d) / (reltol * Math.max(Math.abs(old), Math.abs(next)) + absTol[i]);
    if (!(ratio <= excess)) excess = ratio; // also catches NaN
    y[i] = next;
    sum += Math.abs(next);
  }
  return Number.isFinite(sum) ? excess : Number.NaN;
}

/** Clamps the bounded unknowns (device states) into [lower, upper]; returns whether any was outside. */
export function projectIntoBounds(y: Float64Array, bounded: Int32Array, lower: Float64Array, upper: Float64Array): boolean {
  let projected = false;
  for (let k = 0; k < bounded.length; k++) {
    const i = bounded[k];
    const lo = lower[k];
    const hi = upper[k];
    if (y[i] < lo || y[i] > hi) {
      y[i] = y[i] < lo ? lo : hi;
      projected = true;
    }
  }
  return projected;
}

/** Unknowns whose last update failed the convergence test, largest excess first (for messages only). */
function worstUpdates(y: Float64Array, delta: Float64Array, absTol: Float64Array, reltol: number, n: number): number[] {
  const out: number[] = [];
  const excess = (i: number): number => Math.abs(delta[i]) / (reltol * Math.abs(y[i]) + absTol[i]);
  for (let i = 1; i <= n; i++) if (excess(i) > 1) out.push(i);
  return out.sort((a, c) => excess(c) - excess(a));
}

function nonFinite(y: Float64Array, n: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= n; i++) if (!Number.isFinite(y[i])) out.push(i);
  return out;
}
