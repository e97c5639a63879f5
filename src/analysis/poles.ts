/**
 * .poles: the finite poles of the circuit linearised at its operating point, det(G + s C) = 0 (./eigen.ts for
 * how the infinite ones are removed and which solver is used). No SPICE has this in a usable form: ngspice's
 * .pz needs an input and an output port and works on the node admittance matrix only; here G and C are the
 * devices' own Jacobians, so a memristor's state dynamics (its chemical inductance, its conduction capacitance)
 * give poles exactly as a capacitor does.
 */
import type { AnalysisSpec, Circuit } from '../circuit/circuit.ts';
import { SimulationError, type SourceLocation } from '../base/errors.ts';
import { SingularMatrixError } from '../engine/linear/solver.ts';
import type { Simulator } from '../engine/simulator.ts';
import { arnoldiPoles, cutCount, densePoles, type Pencil, type Pole } from './eigen.ts';
import { operatingPoint } from './op.ts';
import type { AnalysisResult } from './results.ts';

/**
 * Largest rank of C for which every pole is computed densely when `max` is given; above it the `max` rightmost
 * come from Arnoldi. The dense eigenvalue solve costs ~10 r^3 flops: r = 400 takes ~1 s in V8.
 */
export const DENSE_POLES_MAX_RANK = 400;

/** Columns of a `poles` result: the pole (1/s), its damping ratio and its frequency |Im s|/2pi (Hz). */
export const POLE_COLUMNS = ['re', 'im', 'damping', 'freq'];

/**
 * G and C at y (no limiting: the true Jacobians there). The diagonal shunts are left out: gmin on a node
 * without a DC path is an aid of the DC solve, not part of the circuit, and with it a floating state's exact
 * zero pole would show as -gmin/C.
 */
export function pencilAt(sim: Simulator, y: Float64Array): Pencil {
  const sys = sim.system;
  // The pole solvers refactor the simulator's own solver (./eigen.ts, Pencil.real): Newton's next solve must
  // not take those factors for its own.
  sim.work.factors.invalidate();
  sys.load(y, 0, true, 1, false);
  const nnz = sys.nnz;
  const g = new Float64Array(nnz);
  const c = new Float64Array(nnz);
  for (let k = 0; k < nnz; k++) {
    const id = sys.positionEntry[k];
    g[k] = sys.G[id];
    c[k] = sys.C[id];
  }
  return { pattern: sys.pattern, g, c, solvers: sim.solverFactory, real: sim.solver };
}

/**
 * Full Newton steps without device limiting from the converged DC point, until the update is below 1e-14
 * relative (at most 8). The DC solve stops at reltol (1e-3 by default, with chord steps), and a pole moves with
 * the operating point: near a bifurcation a 1e-7 error in a node voltage is a 1e-7 error in the poles. A step
 * that does not shrink the update is undone and refinement stops (the DC point is then as good as it gets).
 */
export function refineOperatingPoint(sim: Simulator, y: Float64Array): void {
  const sys = sim.system;
  const n = sys.n;
  // The simulator's solver, analysed by the DC solve (its ordering reused); its factors are Newton's no more.
  const solver = sim.solver;
  sim.work.factors.invalidate();
  const values = new Float64Array(sys.nnz);
  const dx = new Float64Array(n);
  let last = Infinity;
  for (let it = 0; it < 8; it++) {
    sys.load(y, 0, true, 1, false);
    sys.assemble(0, values);
    for (let i = 1; i <= n; i++) dx[i - 1] = sys.f[i] - sys.b[i] + sys.diagonalShunt[i] * y[i];
    try {
      solver.factor(values);
    } catch (err) {
      if (err instanceof SingularMatrixError) return;
      throw err;
    }
    solver.solve(dx);
    let size = 0;
    for (let i = 1; i <= n; i++) size = Math.max(size, Math.abs(dx[i - 1]) / (Math.abs(y[i]) + sys.absTol[i]));
    if (!Number.isFinite(size) || size >= last) return;
    for (let i = 1; i <= n; i++) y[i] -= dx[i - 1];
    if (size <= 1e-14) return;
    last = size;
  }
}

/** The rank of C bounds the number of finite poles; counted cheaply as the number of nonzero C columns. */
function capacitiveColumns(pencil: Pencil): number {
  const { pattern, c } = pencil;
  let count = 0;
  for (let col = 0; col < pattern.n; col++) {
    for (let p = pattern.colStart[col]; p < pattern.colStart[col + 1]; p++) {
      if (c[p] !== 0) {
        count++;
        break;
      }
    }
  }
  return count;
}

/**
 * The `max` rightmost finite poles of the pencil (all when max is undefined), sorted by descending real part.
 * `what` names the analysis and point for a singular pencil.
 */
export function polesOf(sim: Simulator, pencil: Pencil, max: number | undefined, what: string, loc: SourceLocation): Pole[] {
  try {
    if (max !== undefined && capacitiveColumns(pencil) > DENSE_POLES_MAX_RANK) return arnoldiPoles(pencil, max);
    const all = densePoles(pencil, max);
    return max === undefined ? all : all.slice(0, cutCount(all, max));
  } catch (err) {
    if (err instanceof SingularMatrixError) {
      throw new SimulationError(
        `${what}: the linearised circuit has no poles to compute: G + s C is singular for every s tried (${sim.explainSingular(err.column + 1)})`,
        loc,
      );
    }
    throw err;
  }
}

/** Damping ratio -Re s / |s| (1 for a decaying real pole, 0 for an undamped pair or the zero pole). */
export function dampingRatio(p: Pole): number {
  const m = Math.hypot(p.re, p.im);
  return m === 0 ? 0 : -p.re / m;
}

export function runPoles(sim: Simulator, circuit: Circuit, spec: Extract<AnalysisSpec, { type: 'poles' }>): AnalysisResult {
  let y: Float64Array;
  try {
    y = operatingPoint(sim, '.poles operating point', spec.loc, circuit);
  } catch (err) {
    if (err instanceof SimulationError) {
      throw new SimulationError(
        `${err.message}; the poles are those of the circuit linearised at its operating point, so that must solve first: ` +
          'give Newton a start with .nodeset, relax .options reltol/abstol or gmin, or check the circuit for a missing DC path',
        err.loc ?? spec.loc,
      );
    }
    throw err;
  }
  refineOperatingPoint(sim, y);
  const poles = polesOf(sim, pencilAt(sim, y), spec.max, '.poles', spec.loc);
  const data = poles.map((p) => [p.re, p.im, dampingRatio(p), Math.abs(p.im) / (2 * Math.PI)]);
  const floating = poles.filter((p) => p.floating === true).length;
  const result: AnalysisResult = { type: 'poles', columns: [...POLE_COLUMNS], data };
  if (floating > 0) result.floatingStates = floating;
  return result;
}
