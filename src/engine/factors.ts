/**
 * Whether the solver's numeric LU factors still belong to the matrix Newton would assemble now. One object
 * owns the answer, so the three places that change the matrix (Newton refactoring, gmin shunts, a swept
 * resistance) cannot disagree about it.
 *
 * The matrix is J = G + alpha*C + diag(shunts). Its factors stay exact for a linear circuit as long as alpha
 * and the shunts are unchanged; for a nonlinear circuit they are an approximate Jacobian that chord steps
 * may reuse (the residual is always exact, so only the convergence rate depends on it).
 */
export class FactorValidity {
  /** alpha of the factored matrix; NaN when the factors cannot be reused (none yet, pinned rows, invalidated). */
  private factoredAlpha = NaN;
  /** Shunt version the factors include. */
  private factoredShunts = -1;
  private shunts = 0;
  /** The last Newton solve converged on the current factors, so the next solve may start from them. */
  private lastSolveConverged = false;
  /**
   * How much a chord step on the current factors shrank the update (update / previous update), as last measured in
   * a solve with at least two iterations; NaN while unmeasured for these factors.
   */
  private contraction = NaN;
  /** Newton solves ended since `contraction` was measured. */
  private solvesSinceContraction = 0;
  /** Chord steps allowed at all: off makes every nonlinear iteration a full Newton step (for comparisons). */
  chordEnabled = true;
  /** Numeric factorisations done (statistics). */
  factorizations = 0;

  /** Something entering G or C changed outside Newton (a swept resistance): no stored factors match. */
  invalidate(): void {
    this.factoredAlpha = NaN;
    this.lastSolveConverged = false;
    this.contraction = NaN;
  }

  /** The diagonal shunts changed (gmin on floating nodes, gmin stepping). */
  shuntsChanged(): void {
    this.shunts++;
  }

  /**
   * Factors were just computed for G + alpha*C + the current shunts. `reusable` is false when rows were
   * replaced by pinned-unknown equations: that matrix is not the Jacobian of any later solve.
   */
  factored(alpha: number, reusable: boolean): void {
    this.factorizations++;
    this.factoredAlpha = reusable ? alpha : NaN;
    this.factoredShunts = this.shunts;
    this.contraction = NaN;
  }

  /** A chord step on the current factors shrank the update by this factor (update / previous update). */
  contracted(rate: number): void {
    this.contraction = rate;
    this.solvesSinceContraction = 0;
  }

  /**
   * The contraction of a chord step on the current factors, as measured within the last `lifetime` solves (NaN
   * when there is none that recent): the Jacobian at the solution drifts away from the factored one as the
   * transient moves on, so an old measurement no longer describes the factors' error.
   */
  recentContraction(lifetime: number): number {
    return this.solvesSinceContraction < lifetime ? this.contraction : Number.NaN;
  }

  /** Whether the factors are of a matrix with this alpha and the current shunts. */
  matches(alpha: number): boolean {
    return this.factoredAlpha === alpha && this.factoredShunts === this.shunts;
  }

  /** Record how a Newton solve ended. */
  solveEnded(converged: boolean): void {
    this.lastSolveConverged = converged;
    this.solvesSinceContraction++;
  }

  /** Whether a new nonlinear solve at alpha may start with a chord step on the stored factors. */
  seedsSolve(alpha: number): boolean {
    return this.chordEnabled && this.lastSolveConverged && this.matches(alpha);
  }
}
