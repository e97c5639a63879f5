/**
 * Branch tracing of the DC equations F(y, lambda) = f(y) - b(lambda) = 0 in a swept value lambda (a source's DC
 * value, a resistance), around folds: pseudo-arclength continuation (Keller 1977; the method of Xyce's LOCA and of
 * AUTO), with natural-parameter steps where the branch is not near a fold.
 *
 * Points are (y, lambda) with the unit tangent t = (t_y, t_lambda) of the branch, [J F_lambda] t = 0. Where
 * |t_lambda| is large the next point is the next value of the sweep grid (tangent predictor, corrector with lambda
 * fixed), so monotone stretches come out on the grid as a `.dc` would. Near a fold (|t_lambda| small) steps are
 * pseudo-arclength: predictor z + h t, corrector on the hyperplane t . (z - z_pred) = 0, which stays regular
 * through the fold where J is singular. A fold is where t_lambda changes sign; it is located to working precision
 * by the secant method on t_lambda along the chord between the two points around it (the swept value is
 * stationary there, so its error is the square of the location error).
 *
 * Every linear solve is of the bordered (n+1) x (n+1) matrix [J F_lambda; n^T] on one sparse pattern (J's pattern,
 * a dense last row and column), n^T the constraint's normal: e_lambda for a natural step, the tangent or the
 * chord for an arclength step. F_lambda is a central difference in lambda of two loads (for a source, b is linear
 * in its value and the difference is exact up to rounding; for a `.param`, which may enter any device, each load
 * is of the circuit elaborated at lambda +- delta, see BranchTracer's `bind`). The residual F itself is always
 * exact, so the points are solutions to full precision whatever the accuracy of F_lambda, and so are the folds:
 * t_lambda = 0 exactly where J t_y = 0, i.e. where the analytic J is singular, wherever F_lambda points (as long
 * as it is not in the range of J, which is what makes the point a fold). An error in F_lambda only tilts the
 * tangent predictor and slows Newton from quadratic to linear with that error as its rate. Newton here does not limit device steps (the steps are
 * small and start from a tangent predictor) and iterates to a relative update of 1e-11, far below the DC solve's
 * reltol: the traced branch is the exact stationary curve, for comparison with closed forms.
 */
import type { DcSweepSpec } from '../circuit/circuit.ts';
import { SimulationError, type SourceLocation } from '../base/errors.ts';
import { chooseSolverFactory } from '../engine/linear/index.ts';
import { SingularMatrixError, type RealLinearSolver, type SparsityPattern } from '../engine/linear/solver.ts';
import type { Simulator } from '../engine/simulator.ts';

/** A point of the branch: unknowns (index 0 = ground), swept value, unit tangent (t_y over 1..n, t_lambda). */
export interface BranchPoint {
  y: Float64Array;
  lambda: number;
  tangent: Float64Array;
  tangentLambda: number;
}

/** Relative Newton update at which a corrector has converged. */
const NEWTON_TOL = 1e-11;
const NEWTON_MAX_ITERATIONS = 30;
/**
 * Natural steps on the sweep grid while |t_lambda| is at least this fraction of its largest value on the branch so
 * far (a ratio, so that the units of the unknowns against the swept value do not matter), and while the corrector
 * moves the point by less than NATURAL_CORRECTION of the step; pseudo-arclength steps otherwise.
 */
const NATURAL_SLOPE = 0.25;
const NATURAL_CORRECTION = 0.3;
/**
 * Relative step of the central difference F_lambda = (F(lambda + delta) - F(lambda - delta)) / (2 delta), delta =
 * FD_STEP max(|lambda|, scale): its truncation error is delta^2 |F'''| / 6 and its rounding error eps |F| / delta,
 * balanced at delta = (3 eps)^(1/3) ~ 9e-6 of the value's scale, where both are ~1e-10 relative.
 */
const FD_STEP = 1e-5;

/**
 * What sets the swept value: either sets it on the tracer's circuit (a source's DC value) and returns nothing, or
 * returns the circuit elaborated at that value (a `.param`), whose system is then the one loaded. Every such
 * circuit must have the tracer's unknowns and sparsity pattern (checked on first use).
 */
export type LambdaBinding = (value: number) => Simulator | void;

function samePattern(a: SparsityPattern, b: SparsityPattern): boolean {
  if (a.n !== b.n || a.rowIndex.length !== b.rowIndex.length) return false;
  for (let k = 0; k <= a.n; k++) if (a.colStart[k] !== b.colStart[k]) return false;
  for (let k = 0; k < a.rowIndex.length; k++) if (a.rowIndex[k] !== b.rowIndex[k]) return false;
  return true;
}

export class BranchTracer {
  private readonly n: number;
  private readonly pattern: SparsityPattern;
  private readonly solver: RealLinearSolver;
  /** Augmented position of each J position, and of the last row and column entries. */
  private readonly jPosition: Int32Array;
  private readonly rowPosition: Int32Array;
  private readonly colPosition: Int32Array;
  private readonly values: Float64Array;
  private readonly jValues: Float64Array;
  private readonly residual: Float64Array;
  private readonly shifted: Float64Array;
  private readonly fLambda: Float64Array;
  private readonly rhs: Float64Array;
  /** Systems of other circuits (a `.param` binding) whose pattern was found equal to this one's. */
  private readonly checked = new WeakSet<object>();

  /**
   * `sim` is the circuit at the start value (its pattern is the tracer's); `scale` the magnitude of the swept
   * value (the finite-difference step is relative to max(|lambda|, scale), so a value swept near 0 keeps a step).
   */
  constructor(
    private readonly sim: Simulator,
    private readonly setLambda: LambdaBinding,
    private readonly what: string,
    private readonly loc: SourceLocation,
    private readonly scale = 1,
  ) {
    const sys = sim.system;
    const n = (this.n = sys.n);
    const base = sys.pattern;
    const colStart = new Int32Array(n + 2);
    const rows: number[] = [];
    const jPosition = new Int32Array(sys.nnz);
    const rowPosition = new Int32Array(n + 1);
    const colPosition = new Int32Array(n + 1);
    for (let c = 0; c < n; c++) {
      colStart[c] = rows.length;
      for (let p = base.colStart[c]; p < base.colStart[c + 1]; p++) {
        jPosition[p] = rows.length;
        rows.push(base.rowIndex[p]);
      }
      rowPosition[c] = rows.length;
      rows.push(n);
    }
    colStart[n] = rows.length;
    for (let r = 0; r <= n; r++) {
      colPosition[r] = rows.length;
      rows.push(r);
    }
    rowPosition[n] = colPosition[n];
    colStart[n + 1] = rows.length;
    this.pattern = { n: n + 1, colStart, rowIndex: Int32Array.from(rows) };
    this.jPosition = jPosition;
    this.rowPosition = rowPosition;
    this.colPosition = colPosition;
    this.solver = chooseSolverFactory(this.pattern).real(this.pattern);
    this.values = new Float64Array(rows.length);
    this.jValues = new Float64Array(sys.nnz);
    this.residual = new Float64Array(sys.size);
    this.shifted = new Float64Array(sys.size);
    this.fLambda = new Float64Array(sys.size);
    this.rhs = new Float64Array(n + 1);
  }

  /** F(y, lambda) = f - b + shunts y into `out` (index 0 unused); J values when `jacobian`. */
  private evaluate(y: Float64Array, lambda: number, out: Float64Array, jacobian: boolean): void {
    const sys = (this.setLambda(lambda) ?? this.sim).system;
    if (sys !== this.sim.system && !this.checked.has(sys)) {
      if (!samePattern(sys.pattern, this.sim.system.pattern)) {
        throw new SimulationError(`${this.what}: at ${lambda} the circuit's equations have another structure than at the start (the swept value changes which elements exist): sweep only values`, this.loc);
      }
      this.checked.add(sys);
    }
    sys.load(y, 0, true, 1, false, jacobian);
    for (let i = 1; i <= this.n; i++) out[i] = sys.f[i] - sys.b[i] + sys.diagonalShunt[i] * y[i];
    out[0] = 0;
    if (jacobian) sys.assemble(0, this.jValues);
  }

  /** J, F_lambda at (y, lambda) and F there into this.residual. */
  private linearise(y: Float64Array, lambda: number): void {
    const delta = FD_STEP * Math.max(this.scale, Math.abs(lambda));
    this.evaluate(y, lambda + delta, this.fLambda, false);
    this.evaluate(y, lambda - delta, this.shifted, false);
    for (let i = 1; i <= this.n; i++) this.fLambda[i] = (this.fLambda[i] - this.shifted[i]) / (2 * delta);
    this.evaluate(y, lambda, this.residual, true);
  }

  /** F_lambda at (y, lambda), the central difference the tracer uses (index 0 unused): exposed to check its accuracy. */
  parameterDerivative(y: Float64Array, lambda: number): Float64Array {
    this.linearise(y, lambda);
    return Float64Array.from(this.fLambda);
  }

  /** Factor [J F_lambda; normal^T] (normal over y[1..n], lambda). False when singular. */
  private factor(normal: Float64Array, normalLambda: number): boolean {
    const v = this.values;
    const n = this.n;
    for (let p = 0; p < this.jValues.length; p++) v[this.jPosition[p]] = this.jValues[p];
    for (let c = 0; c < n; c++) v[this.rowPosition[c]] = normal[c + 1];
    for (let r = 0; r < n; r++) v[this.colPosition[r]] = this.fLambda[r + 1];
    v[this.colPosition[n]] = normalLambda;
    try {
      this.solver.factor(v);
      return true;
    } catch (err) {
      if (err instanceof SingularMatrixError) return false;
      throw err;
    }
  }

  /**
   * Newton on F(y, lambda) = 0, normal . ((y, lambda) - (pred, predLambda)) = 0 from the predictor, in place.
   * Returns the converged lambda or NaN.
   */
  correct(y: Float64Array, lambda: number, normal: Float64Array, normalLambda: number, predY: Float64Array, predLambda: number): number {
    const n = this.n;
    const rhs = this.rhs;
    let last = Infinity;
    for (let it = 0; it < NEWTON_MAX_ITERATIONS; it++) {
      this.linearise(y, lambda);
      if (!this.factor(normal, normalLambda)) return NaN;
      let constraint = normalLambda * (lambda - predLambda);
      for (let i = 1; i <= n; i++) constraint += normal[i] * (y[i] - predY[i]);
      for (let i = 1; i <= n; i++) rhs[i - 1] = -this.residual[i];
      rhs[n] = -constraint;
      this.solver.solve(rhs);
      let size = Math.abs(rhs[n]) / (1 + Math.abs(lambda));
      for (let i = 1; i <= n; i++) {
        y[i] += rhs[i - 1];
        size = Math.max(size, Math.abs(rhs[i - 1]) / (1 + Math.abs(y[i])));
      }
      lambda += rhs[n];
      if (!Number.isFinite(size) || !Number.isFinite(lambda)) return NaN;
      if (size <= NEWTON_TOL) return lambda;
      if (it >= 4 && size > 0.5 * last) return NaN; // not converging quadratically: a smaller step will
      last = size;
    }
    return NaN;
  }

  /** Unit tangent at a solved point, oriented along `previous` (or towards increasing lambda). */
  tangentAt(y: Float64Array, lambda: number, previous?: { tangent: Float64Array; tangentLambda: number }): { tangent: Float64Array; tangentLambda: number } {
    const n = this.n;
    this.linearise(y, lambda);
    const normal = previous?.tangent ?? new Float64Array(n + 1);
    const normalLambda = previous ? previous.tangentLambda : 1;
    if (!this.factor(normal, normalLambda)) {
      // The previous tangent is orthogonal to the new one only after a very long step: use e_lambda.
      if (!this.factor(new Float64Array(n + 1), 1)) throw new SimulationError(`${this.what}: the branch has a singular point at ${lambda} (a bifurcation with two branches crossing, not a fold)`, this.loc);
    }
    const rhs = this.rhs;
    rhs.fill(0);
    rhs[n] = 1;
    this.solver.solve(rhs);
    let norm = 0;
    for (let i = 0; i <= n; i++) norm += rhs[i] * rhs[i];
    norm = Math.sqrt(norm);
    let sign = 1;
    if (previous) {
      let d = previous.tangentLambda * rhs[n];
      for (let i = 1; i <= n; i++) d += previous.tangent[i] * rhs[i - 1];
      sign = d < 0 ? -1 : 1;
    } else if (rhs[n] < 0) sign = -1;
    const tangent = new Float64Array(n + 1);
    for (let i = 1; i <= n; i++) tangent[i] = (sign * rhs[i - 1]) / norm;
    return { tangent, tangentLambda: (sign * rhs[n]) / norm };
  }

  point(y: Float64Array, lambda: number, previous?: BranchPoint): BranchPoint {
    const t = this.tangentAt(y, lambda, previous);
    return { y: Float64Array.from(y), lambda, tangent: t.tangent, tangentLambda: t.tangentLambda };
  }

  /**
   * The point of the branch between a and b on the hyperplane through a + theta (b - a) orthogonal to the chord;
   * null if the corrector fails.
   */
  onChord(a: BranchPoint, b: BranchPoint, theta: number): BranchPoint | null {
    const n = this.n;
    const pred = new Float64Array(n + 1);
    const chord = new Float64Array(n + 1);
    for (let i = 1; i <= n; i++) {
      chord[i] = b.y[i] - a.y[i];
      pred[i] = a.y[i] + theta * chord[i];
    }
    const chordLambda = b.lambda - a.lambda;
    const predLambda = a.lambda + theta * chordLambda;
    const y = Float64Array.from(pred);
    const lambda = this.correct(y, predLambda, chord, chordLambda, pred, predLambda);
    if (Number.isNaN(lambda)) return null;
    return this.point(y, lambda, a);
  }

  /**
   * Where the scalar `g` (continuous along the branch) vanishes between a and b (g(a), g(b) of opposite signs):
   * the Illinois variant of regula falsi on the chord parameter theta, to |delta theta| <= 1e-13.
   */
  locate(a: BranchPoint, b: BranchPoint, g: (p: BranchPoint) => number, ga: number, gb: number): BranchPoint | null {
    let lo = 0;
    let hi = 1;
    let glo = ga;
    let ghi = gb;
    let best: BranchPoint | null = null;
    let side = 0;
    for (let it = 0; it < 80; it++) {
      const theta = hi - (ghi * (hi - lo)) / (ghi - glo);
      const t = Number.isFinite(theta) && theta > lo && theta < hi ? theta : 0.5 * (lo + hi);
      const p = this.onChord(a, b, t);
      if (!p) return best;
      best = p;
      const gp = g(p);
      if (gp === 0 || hi - lo <= 1e-13) return p;
      if (Math.sign(gp) === Math.sign(glo)) {
        lo = t;
        glo = gp;
        if (side === -1) ghi /= 2;
        side = -1;
      } else {
        hi = t;
        ghi = gp;
        if (side === 1) glo /= 2;
        side = 1;
      }
      if (Math.abs(t - (side === -1 ? hi : lo)) <= 1e-13) return p;
    }
    return best;
  }
}

/** What a trace reports besides its points. */
export interface TraceHooks {
  /** Each accepted point, in branch order (a fold point is reported through onFold, then as a point). */
  point(p: BranchPoint): void;
  /** A fold located between two accepted points. */
  fold?(p: BranchPoint, before: BranchPoint, after: BranchPoint): void;
  /** Two consecutive accepted points (after the fold split, if any): for other detections (Hopf points). */
  segment?(a: BranchPoint, b: BranchPoint): void;
}

/** The sweep grid of start:step:stop (the .dc values). */
function gridOf(s: DcSweepSpec): number[] {
  const count = s.start === s.stop ? 1 : Math.floor((s.stop - s.start) / s.step + 1e-9) + 1;
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(s.start + k * s.step);
  const last = out[out.length - 1];
  if (Math.abs(last - s.stop) > 1e-9 * Math.abs(s.step) && (s.stop - last) / s.step > 0.5) out.push(s.stop);
  return out;
}

/**
 * Trace the branch through `start` (y solved there) to `stop`, around any folds. The trace ends when the branch
 * reaches the last grid value going forward, or leaves the swept range at either end.
 */
export function traceBranch(tracer: BranchTracer, sweep: DcSweepSpec, y0: Float64Array, hooks: TraceHooks, what: string, loc: SourceLocation): void {
  const grid = gridOf(sweep);
  const forward = Math.sign(sweep.step) || 1;
  const lo = Math.min(sweep.start, sweep.stop);
  const hi = Math.max(sweep.start, sweep.stop);
  const span = hi - lo;
  const endValue = grid[grid.length - 1];
  const hMax = Math.abs(sweep.step);
  const hMin = hMax * 1e-9;
  const maxPoints = 50 * grid.length + 1000;
  // The first tangent points forward in the sweep direction.
  let current = tracer.point(y0, sweep.start);
  if (current.tangentLambda * forward < 0) {
    current.tangent = current.tangent.map((x) => -x);
    current.tangentLambda = -current.tangentLambda;
  }
  hooks.point(current);
  if (grid.length === 1) return;
  let h = hMax;
  let steepest = 0;
  const n = y0.length - 1;
  const pred = new Float64Array(n + 1);
  const eLambda = new Float64Array(n + 1);
  for (let count = 0; count < maxPoints; count++) {
    const direction = Math.sign(current.tangentLambda);
    let next: BranchPoint | null = null;
    steepest = Math.max(steepest, Math.abs(current.tangentLambda));
    if (Math.abs(current.tangentLambda) >= NATURAL_SLOPE * steepest) {
      // Natural step to the next grid value in the branch's direction.
      const target = direction * forward > 0 ? grid.find((g) => (g - current.lambda) * forward > 1e-12 * (span || 1)) : [...grid].reverse().find((g) => (current.lambda - g) * forward > 1e-12 * (span || 1));
      if (target === undefined) return;
      const s = (target - current.lambda) / current.tangentLambda;
      for (let i = 1; i <= n; i++) pred[i] = current.y[i] + s * current.tangent[i];
      const y = Float64Array.from(pred);
      const lambda = tracer.correct(y, target, eLambda, 1, pred, target);
      if (!Number.isNaN(lambda)) {
        const candidate = tracer.point(y, target, current);
        // Accepted only on the same side of any fold and close to the predictor: a natural step that lands on
        // another part of the branch (past a fold, at the same swept value) would skip the fold.
        let moved = 0;
        for (let i = 1; i <= n; i++) moved += (y[i] - pred[i]) ** 2;
        if (Math.sign(candidate.tangentLambda) === direction && Math.sqrt(moved) <= NATURAL_CORRECTION * Math.abs(s)) next = candidate;
      }
    }
    if (next === null) {
      // Pseudo-arclength step.
      for (let i = 1; i <= n; i++) pred[i] = current.y[i] + h * current.tangent[i];
      const predLambda = current.lambda + h * current.tangentLambda;
      const y = Float64Array.from(pred);
      const lambda = tracer.correct(y, predLambda, current.tangent, current.tangentLambda, pred, predLambda);
      if (Number.isNaN(lambda)) {
        h /= 2;
        if (h < hMin) throw new SimulationError(`${what}: the continuation cannot follow the branch beyond ${current.lambda} (step below ${hMin})`, loc);
        continue;
      }
      next = tracer.point(y, lambda, current);
      h = Math.min(hMax, h * 1.5);
    }
    // A fold between current and next: t_lambda changes sign.
    if (Math.sign(next.tangentLambda) !== Math.sign(current.tangentLambda) && current.tangentLambda !== 0) {
      const fold = tracer.locate(current, next, (p) => p.tangentLambda, current.tangentLambda, next.tangentLambda);
      if (fold) {
        hooks.fold?.(fold, current, next);
        hooks.segment?.(current, fold);
        hooks.point(fold);
        hooks.segment?.(fold, next);
      } else hooks.segment?.(current, next);
    } else hooks.segment?.(current, next);
    hooks.point(next);
    current = next;
    if (current.lambda === endValue && current.tangentLambda * forward > 0) return;
    if (current.lambda > hi + 1e-12 * (span || 1) || current.lambda < lo - 1e-12 * (span || 1)) return;
  }
  throw new SimulationError(`${what}: the continuation took more than ${maxPoints} points without reaching ${sweep.stop}`, loc);
}
