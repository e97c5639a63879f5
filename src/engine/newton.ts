/**
 * Newton-Raphson on  F(y) = f(y) - b(t) + alpha*q(y) + r = 0  with Jacobian  J = G + alpha*C.
 *
 * alpha and r come from the integration formula (dq/dt ~ alpha*q + r); DC has alpha = 0, r = 0.
 * Convergence follows SPICE: every unknown's update |dy| <= reltol*max(|y_old|, |y_new|) + abstol_kind, and
 * no device limited its step in the last load (limited points are not the point that was solved for).
 */
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

/** Work arrays reused by every Newton solve of one system. */
export class NewtonWorkspace {
  readonly values: Float64Array;
  readonly delta: Float64Array;
  readonly deltaView: Float64Array;
  /** Positions of each row in the CSC arrays, built lazily for pinned rows. */
  private rowPositions = new Map<number, Int32Array>();
  /** Set when the last factorisation is still valid for a linear system (same alpha, same shunts). */
  factoredAlpha = NaN;
  factoredShuntVersion = -1;
  shuntVersion = 0;

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
  let offenders: number[] = [];

  for (let iteration = 1; iteration <= s.maxIterations; iteration++) {
    const limited = system.load(y, s.time, s.dcSources, s.sourceScale, true);

    // Residual -F into delta (index 0 is ground, ignored by the solver view).
    const alpha = s.alpha;
    const history = s.history;
    for (let i = 1; i <= n; i++) {
      let F = f[i] - b[i] + diagonalShunt[i] * y[i];
      if (alpha !== 0) F += alpha * q[i];
      if (history !== null) F += history[i];
      delta[i] = -F;
    }

    // A linear system keeps its matrix while alpha and the shunts stay the same: reuse the factors.
    const reuse = linear && !hasPins && work.factoredAlpha === alpha && work.factoredShuntVersion === work.shuntVersion;
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
      work.factoredAlpha = hasPins ? NaN : alpha;
      work.factoredShuntVersion = work.shuntVersion;
    } else if (hasPins) {
      for (const [row, value] of s.pins) delta[row] = -(y[row] - value);
    }
    solver.solve(work.deltaView);

    let converged = limited === 0;
    offenders = [];
    for (let i = 1; i <= n; i++) {
      const d = delta[i];
      const old = y[i];
      const next = old + d;
      if (!(Math.abs(d) <= s.reltol * Math.max(Math.abs(old), Math.abs(next)) + absTol[i])) {
        converged = false;
        offenders.push(i);
      }
      y[i] = next;
    }
    // Project device states back into their physical range; a projected iterate is not converged.
    const bounded = system.boundedUnknowns;
    for (let k = 0; k < bounded.length; k++) {
      const i = bounded[k];
      const lo = system.lowerBounds[k];
      const hi = system.upperBounds[k];
      if (y[i] < lo || y[i] > hi) {
        y[i] = y[i] < lo ? lo : hi;
        if (converged) offenders.push(i);
        converged = false;
      }
    }
    if (!Number.isFinite(sumAbs(y, n))) return { converged: false, iterations: iteration, offenders: nonFinite(y, n) };
    // A linear system is solved exactly by one step (no limiting): the update needs no second look.
    if (linear && limited === 0) return { converged: true, iterations: iteration, offenders: [] };
    if (converged && iteration > 1) return { converged: true, iterations: iteration, offenders: [] };
  }
  offenders.sort((a, c) => Math.abs(delta[c]) / absTol[c] - Math.abs(delta[a]) / absTol[a]);
  return { converged: false, iterations: s.maxIterations, offenders };
}

function sumAbs(y: Float64Array, n: number): number {
  let s = 0;
  for (let i = 1; i <= n; i++) s += Math.abs(y[i]);
  return s;
}

function nonFinite(y: Float64Array, n: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= n; i++) if (!Number.isFinite(y[i])) out.push(i);
  return out;
}
