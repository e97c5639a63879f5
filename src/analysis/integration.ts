/**
 * Integration formulas as one rule: dq/dt at t_{n+1} = a0 q_{n+1} + a1 q_n + a2 q_{n-1} + b1 qdot_n.
 * Newton then solves f - b + a0 q + r = 0 with r = a1 q_n + a2 q_{n-1} + b1 qdot_n, Jacobian G + a0 C.
 *
 * Local truncation error follows SPICE's CKTterr in form: the (order+1)-th divided difference of q over
 * the last order+2 points, scaled by the method's error constant, against a tolerance relaxed by trtol.
 * The tolerance differs on purpose: SPICE allows reltol*|q|/h, which exceeds the actual current by
 * (time constant)/h, so its global error stalls near 1e-6 however small reltol is. Here the allowed
 * error in dq/dt is abstol + reltol * (the largest |dq/dt| the row has had so far): relative to the
 * signal's own amplitude, so reltol sets the global accuracy, and current zero crossings do not force
 * tiny steps. The transient floors that scale for rows of one kind (KCL rows: currents) at a fraction of the
 * largest among them (runTran's KCL_SCALE_FLOOR), so a row whose signal has barely started does not set the step.
 */

export type Method = 'trap' | 'gear';

/** dq/dt_{n+1} = a0 q_{n+1} + a1 q_n + a2 q_{n-1} + b1 qdot_n. */
export interface DerivativeRule {
  a0: number;
  a1: number;
  a2: number;
  b1: number;
}

/** Relative size of round-off in q that the error estimate must not chase (1000 machine epsilons). */
const ROUNDOFF = 1000 * Number.EPSILON;

/**
 * `h` = t_{n+1} - t_n, `hPrev` = t_n - t_{n-1} (for variable-step BDF2).
 * order 1 is backward Euler whatever the method.
 */
export function derivativeRule(method: Method, order: number, h: number, hPrev: number, out: DerivativeRule): DerivativeRule {
  if (order <= 1) {
    out.a0 = 1 / h;
    out.a1 = -1 / h;
    out.a2 = 0;
    out.b1 = 0;
  } else if (method === 'trap') {
    out.a0 = 2 / h;
    out.a1 = -2 / h;
    out.a2 = 0;
    out.b1 = -1;
  } else {
    // Variable-step BDF2: derivative of the quadratic through (t_{n+1}, q_{n+1}), (t_n, q_n), (t_{n-1}, q_{n-1}).
    const h1 = h;
    const h2 = hPrev;
    out.a0 = (2 * h1 + h2) / (h1 * (h1 + h2));
    out.a1 = -(h1 + h2) / (h1 * h2);
    out.a2 = h1 / (h2 * (h1 + h2));
    out.b1 = 0;
  }
  return out;
}

/**
 * Local truncation error of q per step, as a multiple of (order+1)-th divided difference times h^(order+1):
 * backward Euler h^2 q''/2 = h^2 DD2 (q'' = 2 DD2); trapezoidal h^3 q'''/12 = h^3 DD3/2 (q''' = 6 DD3);
 * BDF2 (2/9) h^3 q''' = (4/3) h^3 DD3. SPICE multiplies DD by the bare constants 1/2, 1/12, 2/9, which
 * understates the trapezoidal error six-fold; with trtol = 7 on top its default transient is only good to
 * about 1e-2 of the signal. These are the true values.
 */
export function errorConstant(method: Method, order: number): number {
  if (order <= 1) return 1;
  return method === 'trap' ? 1 / 2 : 4 / 3;
}

export interface LteInputs {
  order: number;
  method: Method;
  /** q at t_{n+1}, t_n, t_{n-1}, t_{n-2} (as many as available; need order + 2). */
  q: Float64Array[];
  /** step sizes: h[0] = t_{n+1} - t_n, h[1] = t_n - t_{n-1}, h[2] = t_{n-1} - t_{n-2} */
  h: number[];
  qdotNew: Float64Array;
  qdotOld: Float64Array;
  /** dq/dt at t_{n-1}: with qdotOld and qdotNew it estimates q''' from the derivatives (trapezoidal only). */
  qdotOlder: Float64Array;
  /** Largest |dq/dt| each row has had so far in this transient: the scale its error is relative to. */
  qdotScale: Float64Array;
  /** Rows whose scale is at least `scaleFloor` (1) or not (0); all rows of one physical kind. */
  floorRows?: Uint8Array;
  scaleFloor?: number;
  n: number;
  reltol: number;
  abstol: number;
  chgtol: number;
  trtol: number;
}

/**
 * The largest step the truncation error allows (Infinity when no row has charge dynamics), and the row
 * that set it.
 */
export function truncationStep(inp: LteInputs): { step: number; row: number } {
  const { order, n, q, h, reltol, abstol, chgtol, trtol, qdotNew, qdotOld, qdotOlder, qdotScale, floorRows } = inp;
  const scaleFloor = inp.scaleFloor ?? 0;
  if (q.length < order + 2) return { step: Infinity, row: -1 };
  const factor = errorConstant(inp.method, order);
  // The trapezoidal rule carries dq/dt from step to step; after a state saturates abruptly it keeps a stale
  // derivative alive with alternating sign ("trapezoidal ringing") while q itself stays put, invisible to
  // divided differences of q. The second divided difference of dq/dt estimates the same q''' and sees it.
  const checkDerivatives = order === 2 && inp.method === 'trap';
  const [h0, h1] = h;
  const h2 = h[2] ?? h1;
  // Reciprocals once per step: a division per divided difference per row was most of this loop's time.
  const r0 = 1 / h0;
  const r1 = 1 / h1;
  const r2 = 1 / h2;
  const r01 = 1 / (h0 + h1);
  const r12 = 1 / (h1 + h2);
  const r012 = 1 / (h0 + h1 + h2);
  const q0 = q[0];
  const q1 = q[1];
  const q2 = q[2];
  const q3 = order >= 2 ? q[3] : q[2];
  const chargeFloor = reltol * chgtol;
  // Row i allows the step (trtol tol_i / max(abstol, factor DD_i))^(1/order). The rows are compared by the
  // inverse of what is under the root, so that the root is taken once, for the row that sets the step.
  let worst = 0;
  let worstRow = -1;
  for (let i = 1; i <= n; i++) {
    const a = q0[i];
    const b = q1[i];
    const c = q2[i];
    const d = q3[i];
    if (a === 0 && b === 0 && c === 0 && d === 0) continue;
    // Divided differences (as SPICE's CKTterr): the (order+1)-th one, |q^(order+1)| / (order+1)!.
    const d1a = (a - b) * r0;
    const d1b = (b - c) * r1;
    const d2a = (d1a - d1b) * r01;
    let third: number;
    if (order <= 1) {
      third = Math.abs(d2a);
    } else {
      const d1c = (c - d) * r2;
      const d2b = (d1b - d1c) * r12;
      third = Math.abs((d2a - d2b) * r012);
      if (checkDerivatives) {
        // DD2 of qdot = q'''/2, DD3 of q = q'''/6: compare on the DD3 scale.
        const dd2 = ((qdotNew[i] - qdotOld[i]) * r0 - (qdotOld[i] - qdotOlder[i]) * r1) * r01;
        const fromDerivatives = Math.abs(dd2) / 3;
        if (fromDerivatives > third) third = fromDerivatives;
      }
    }
    const own = qdotScale[i];
    const scale = floorRows !== undefined && floorRows[i] === 1 && scaleFloor > own ? scaleFloor : own;
    const currentTol = abstol + reltol * Math.max(Math.abs(qdotNew[i]), Math.abs(qdotOld[i]), scale);
    // Round-off floor: the divided differences of q carry noise ~eps |q| / h^3, so without a floor
    // proportional to |q| / h a row at rest (dq/dt ~ 0) would shrink the step without bound.
    const chargeTol = Math.max(chargeFloor, ROUNDOFF * Math.max(Math.abs(a), Math.abs(b))) * r0;
    const tol = currentTol > chargeTol ? currentTol : chargeTol;
    const error = factor * third;
    // A NaN (diverged) row fails the comparison (Math.max keeps the NaN): it does not set the step.
    const ratio = Math.max(abstol, error) / (trtol * tol);
    if (ratio > worst) {
      worst = ratio;
      worstRow = i;
    }
  }
  if (worstRow < 0) return { step: Infinity, row: -1 };
  const step = order === 1 ? 1 / worst : order === 2 ? Math.sqrt(1 / worst) : Math.pow(1 / worst, 1 / order);
  return { step, row: worstRow };
}
