/**
 * .tran: variable-step integration of f(y) + dq/dt = b(t).
 *
 * - Initial point: the operating point with sources at their t = 0 waveform values, honouring `.ic` and
 *   instance initial conditions as pinned unknowns; with `uic` the initial values are taken as given.
 * - Step control: SPICE-style local truncation error on every charge row (src/analysis/integration.ts);
 *   a step whose error estimate asks for less than 0.9 of the step taken is redone; a step whose Newton
 *   fails is retried at 1/8 of the size with backward Euler.
 * - Breakpoints: every PULSE / PWL corner is hit exactly. As in SPICE the step after a corner restarts at
 *   order 1 with a tenth of the last step, and history from before the corner is dropped: the input's slope
 *   jumped there, so divided differences across it measure the kink, not the error (they asked for steps
 *   ~1000 times too small, which then took a dozen doublings to recover). The first step after a corner
 *   therefore has no error estimate; SPICE's bound on its size (a tenth of the last step and of the
 *   distance to the next corner) stands in for one, and the steps after it are checked on points from the
 *   corner on.
 * - tmax bounds the step (default min(tstep, (tstop - tstart)/50), as in ngspice).
 */
import type { AnalysisSpec, Circuit } from '../circuit/circuit.ts';
import { NetlistError, SimulationError } from '../base/errors.ts';
import type { Simulator } from '../engine/simulator.ts';
import { projectIntoBounds } from '../engine/newton.ts';
import { UNKNOWN_NODE } from '../engine/system.ts';
/**
 * No KCL row's current is judged against less than this fraction of the largest current any KCL row has carried so
 * far (integration.ts: the tolerance is relative to the row's own largest |dq/dt|). Errors of reltol times 1e-3 of
 * the circuit's largest current are below what its outputs resolve, and without the floor the leading edge of a
 * diffusion front (a long RC line), whose own amplitude so far is tiny, sets every step: 407 steps instead of 316 on
 * the 1000-section RC ladder of the benchmarks, for the same error against a tight reference (8.4e-5 of the peak).
 */
const KCL_SCALE_FLOOR = 1e-3;
/**
 * Points of the transient predictor: the parabola through the last three accepted solutions, the polynomial of the
 * second-order rules' degree. On a smooth stretch its error is h^3 y''' (~1e-7 V at tmax steps of the benchmark
 * crossbars' 0.5 V, 1 Hz rows), against the linear predictor's h^2 y'' (~2e-5 V): the first Newton update is then
 * a small fraction of the tolerance, and a chord step can end the solve after one iteration (newton.ts). A cubic
 * was tried too: 1 % fewer Newton iterations on those crossbars, but on a threshold memristor (a rate switched on
 * and off by conditions) its starting points moved two formulations of the same model (test/library/compat.test.ts)
 * apart by 4e-9 of the peak current, against 6e-11 with the parabola.
 */
const PREDICTOR_POINTS = 3;
import { derivativeRule, truncationStep, type DerivativeRule } from './integration.ts';
import type { AnalysisResult, ProgressListener, TableSink } from './results.ts';
import { planMeasures } from './measure/plan.ts';
import { applyNodesets } from './nodeset.ts';
import { requestedSignals, resolveRealSignal } from './signals.ts';

type TranSpec = Extract<AnalysisSpec, { type: 'tran' }>;

/** Unknowns pinned at the initial point: `.ic` lines and device state initial conditions (x0=). C and L `ic=` are not pins: SPICE honours them only with uic (runTran). */
export function initialConditionPins(sim: Simulator, circuit: Circuit): Array<[number, number]> {
  const pins = new Map<number, number>();
  for (const d of sim.devices) for (const [u, v] of d.pinnedInitialValues?.() ?? []) pins.set(u, v);
  for (const ic of circuit.initialConditions) {
    const { fn, args } = ic.signal;
    if (fn === 'v') {
      const node = sim.system.nodeIndex.get(args[0]);
      if (node === undefined) throw new NetlistError(`.ic: unknown node '${args[0]}'`, ic.loc);
      pins.set(node, ic.value);
    } else if (fn === 'x') {
      const found = sim.stateUnknown(args[0]);
      if (found === undefined || !('unknown' in found)) throw new NetlistError(`.ic: no state variable x(${args[0]})`, ic.loc);
      pins.set(found.unknown, ic.value);
    } else {
      throw new NetlistError(`.ic supports v(node) and x(device), not ${fn}()`, ic.loc);
    }
  }
  return [...pins.entries()];
}

/** One accepted time step, as a TranHooks observer sees it. */
export interface AcceptedStep {
  /** The new time point t_{n+1} and the step h = t_{n+1} - t_n that reached it. */
  t: number;
  h: number;
  /** The integration rule of this step: dq/dt at t_{n+1} = a0 q_{n+1} + a1 q_n + a2 q_{n-1} + b1 qdot_n. */
  rule: Readonly<DerivativeRule>;
  /** The solution at t_{n+1} (runTran's own vector: read it, do not keep or change it). */
  y: Float64Array;
}

/**
 * What another analysis built on the transient (the .pss shooting, src/analysis/pss.ts) may change in one run.
 * Without hooks runTran is the `.tran` analysis itself.
 */
export interface TranHooks {
  /** Start from this point instead of the operating point; before t = 0 it rested there (dq/dt = 0, flat history). */
  start?: Float64Array;
  /** Replaces `.options reltol` in the step control and the Newton solves. */
  reltol?: number;
  /** Called after every accepted step, before the next one is tried. */
  accepted?(step: AcceptedStep): void;
}

/**
 * With a `sink`, every output row goes to it as the point is accepted and the result's `data` stays empty (its
 * `rowsStreamed` counts the rows): nothing here then grows with the number of points. A `.meas tran` needs the
 * whole waveform, so the caller gives no sink when there is one.
 */
export function runTran(sim: Simulator, circuit: Circuit, spec: TranSpec, progress?: ProgressListener, hooks?: TranHooks, sink?: TableSink): AnalysisResult {
  const opts = sim.options;
  const reltol = hooks?.reltol ?? opts.reltol;
  const sys = sim.system;
  const n = sys.n;
  const { tstep, tstop, tstart, uic } = spec;
  const tmax = spec.tmax !== undefined && spec.tmax > 0 ? spec.tmax : Math.min(tstep, (tstop - tstart) / 50);
  const minStep = Math.max(1e-13 * tstop, 1e-300);
  const method = opts.method;
  // Elaboration accepts maxord 1 or 2 only (the orders derivativeRule implements).
  const maxOrder = opts.maxord;

  for (const d of sim.devices) d.beginTransient?.(tstep, tstop);
  const corners = new Set<number>();
  for (const d of sim.devices) for (const t of d.breakpoints?.(0, tstop) ?? []) if (t > 0 && t < tstop) corners.add(t);
  corners.add(tstop);
  const breakpoints = Float64Array.from([...corners].sort((a, c) => a - c));
  let nextBreak = 0; // index into breakpoints
  // No step is longer than tmax, so tstop / tmax steps at least: a tstop of 1e300 s is refused here, before any work.
  const fewestSteps = tstop / tmax;
  if (fewestSteps > opts.maxsteps) {
    throw new NetlistError(
      `.tran would take at least ${fewestSteps.toExponential(1)} time steps (tstop ${tstop} s / largest step ${tmax} s), more than the limit of ${opts.maxsteps} (.options maxsteps=N raises it)`,
      spec.loc,
    );
  }

  // The few devices that bound the time step (none of the built-in ones do).
  const stepLimiters = sim.devices.filter((d) => d.maxTimeStep !== undefined);

  // Initial point.
  const pins = initialConditionPins(sim, circuit);
  const y = sim.initialGuess();
  // C and L ic= count only with uic, as in SPICE; .ic then overrides the node voltages they imply.
  if (uic) for (const d of sim.devices) for (const [u, v] of d.uicInitialValues?.() ?? []) y[u] = v;
  for (const [u, v] of pins) y[u] = v;
  if (hooks?.start) y.set(hooks.start);
  sim.resetDevices();
  if (!uic && !hooks?.start) {
    applyNodesets(sim, circuit, y, { what: 'transient operating point', loc: spec.loc, time: 0, dcSources: false, pins });
    sim.solveDc(y, { what: 'transient operating point', loc: spec.loc, time: 0, dcSources: false, pins });
  }
  sim.acceptPoint(y);

  sim.testJacobians(y, 0, false, 'transient operating point');
  // `.options testjac` also checks the Jacobians at the first accepted point past each quarter of the run.
  let nextJacobianCheck = tstop / 4;

  // A hooked run is a piece of another analysis: that analysis records what it needs (and no .meas tran applies).
  const measured = hooks ? { signals: [], finish: (result: AnalysisResult) => result } : planMeasures(sim, circuit, 'tran', requestedSignals(sim, circuit, 'tran'));
  const signals = measured.signals.map((s) => resolveRealSignal(sim, s));
  const columns = ['time', ...signals.map((s) => s.column)];
  const data: number[][] = [];
  sink?.columns(columns);
  // A streamed row is written from one buffer, so a long run allocates nothing per point for its output.
  const streamRow = new Array<number>(columns.length).fill(0);
  let rowsStreamed = 0;
  // Every point is evaluated, also before tstart: a current signal keeps its charge history from point to point.
  const record = (t: number, rule: DerivativeRule | null): void => {
    const shown = t >= tstart * (1 - 1e-12);
    if (sink) {
      streamRow[0] = t;
      for (let k = 0; k < signals.length; k++) streamRow[k + 1] = signals[k].value(y, t, false, rule);
      if (shown) {
        sink.row(streamRow);
        rowsStreamed++;
      }
      return;
    }
    const row = [t];
    for (const s of signals) row.push(s.value(y, t, false, rule));
    if (shown) data.push(row);
  };

  // Charge history: q[0] newest accepted point, then older ones. Before t = 0 the circuit rested at its
  // operating point, so the history starts flat (dq/dt = 0): the very first step is error-checked too.
  sys.load(y, 0, false, 1, false);
  if (uic && !hooks?.start) for (const d of sim.devices) for (const [row, dq] of d.uicChargeCorrections?.(y) ?? []) sys.q[row] += dq;
  sys.q[0] = 0;
  const history: Float64Array[] = [Float64Array.from(sys.q), Float64Array.from(sys.q), Float64Array.from(sys.q)];
  let qdot = new Float64Array(sys.size);
  let qdotNext = new Float64Array(sys.size);
  let qdotPrev = new Float64Array(sys.size);
  const r = new Float64Array(sys.size);
  const yTry = new Float64Array(sys.size);
  // The predictor's points: the solutions at the accepted points before the newest (y), newest first, and how many
  // of y and these hold accepted points.
  const pastSolutions: Float64Array[] = Array.from({ length: PREDICTOR_POINTS - 1 }, () => Float64Array.from(y));
  let solutionsKept = 1;
  const predictorWeights = new Float64Array(PREDICTOR_POINTS);
  let qNew: Float64Array = new Float64Array(sys.size);
  // The truncation error's points and steps, newest first: [qNew, ...history] and [h, ...stepHistory], refilled
  // in place each step.
  const ltePoints: Float64Array[] = [];
  const lteSteps: number[] = [];
  const qdotScale = new Float64Array(sys.size);
  const floorRows = new Uint8Array(sys.size);
  for (let i = 1; i <= n; i++) if (sys.roles[i] === UNKNOWN_NODE) floorRows[i] = 1;
  // The largest qdotScale over the KCL rows (floorRows), kept by raiseToMagnitude.
  let largestKclScale = 0;
  const rule: DerivativeRule = { a0: 0, a1: 0, a2: 0, b1: 0 };
  record(0, null);

  let t = 0;
  let order = 1;
  // Accepted points on the current stretch between corners, the corner included (Infinity before the first
  // corner: before t = 0 the circuit rested, so the flat history is valid). Error estimates use only these.
  let pointsSinceBreak = Number.POSITIVE_INFINITY;
  let h = Math.min(tstop / 100, tstep) / 10;
  h = Math.min(h, tmax);
  const stepHistory: number[] = [h, h];
  let steps = 0;
  let rejected = 0;
  // Consecutive Newton failures at this time point: each doubles the iteration budget, because a jump of an
  // algebraic unknown (a node whose capacitance vanishes as a state saturates) is a nonlinear solve that no
  // step size makes easier.
  let failures = 0;

  while (t < tstop * (1 - 1e-15)) {
    if (steps + rejected >= opts.maxsteps) {
      throw new SimulationError(`.tran: ${steps} steps accepted and ${rejected} rejected by t = ${t} s of ${tstop} s, the limit of ${opts.maxsteps} (.options maxsteps=N raises it)`, spec.loc);
    }
    while (nextBreak < breakpoints.length && breakpoints[nextBreak] <= t * (1 + 1e-14) + minStep) nextBreak++;
    const bp = nextBreak < breakpoints.length ? breakpoints[nextBreak] : tstop;
    for (const d of stepLimiters) h = Math.min(h, d.maxTimeStep?.(y) ?? Infinity);
    h = Math.min(h, tmax);
    // Land exactly on the next corner; stretch a step that would leave a sliver before it.
    let hitsBreak = false;
    if (t + h >= bp - 0.1 * h) {
      h = bp - t;
      hitsBreak = true;
    }
    h = Math.max(h, minStep);
    const tNew = hitsBreak ? bp : t + h;

    // Order k needs k + 2 points from the current stretch, the new one included.
    const stepOrder = Math.max(1, Math.min(order, pointsSinceBreak - 1));
    derivativeRule(method, stepOrder, h, stepHistory[0] ?? h, rule);
    historyTerm(rule, history[0], history[1], qdot, r, n);
    // Predictor: the polynomial through the last accepted solutions of this stretch (after a corner, or on a
    // first-order retry, the trend before it is stale: Newton starts from y itself).
    const predictorPoints = stepOrder > 1 ? Math.min(solutionsKept, pointsSinceBreak, PREDICTOR_POINTS) : 1;
    extrapolationWeights(h, stepHistory, predictorPoints, predictorWeights);
    extrapolate(y, pastSolutions, predictorWeights, predictorPoints, yTry, n);
    projectIntoBounds(yTry, sys.boundedUnknowns, sys.lowerBounds, sys.upperBounds);
    const outcome = sim.newton(
      yTry,
      {
        maxIterations: Math.min(opts.itl4 * 2 ** failures, 2000),
        reltol,
        time: tNew,
        dcSources: false,
        sourceScale: 1,
        alpha: rule.a0,
        history: r,
        pins: [],
      },
      `.tran at t = ${tNew}`,
      spec.loc,
    );
    if (!outcome.converged) {
      rejected++;
      failures++;
      if (h <= minStep * 1.0001) {
        throw new SimulationError(
          `.tran: time step too small at t = ${t} (Newton failed at h = ${h}); unknowns not converged: ${sim.describeUnknowns(outcome.offenders)}`,
          spec.loc,
        );
      }
      h = Math.max(h / 8, minStep);
      order = 1;
      continue;
    }

    // q at the solution: the last load's q plus C times the last Newton update (exact for linear devices).
    chargeAfterUpdate(sys.q, sys.C, sys.chargeEntries, sys.chargeRow, sys.chargeCol, sim.work.delta, qNew);
    derivativeOfCharge(rule.a0, qNew, r, qdotNext, n);

    if (pointsSinceBreak >= 2) {
      newestFirst(qNew, history, ltePoints);
      newestFirst(h, stepHistory, lteSteps);
    }
    const lte =
      pointsSinceBreak < 2
        ? { step: Infinity, row: -1 }
        : truncationStep({
            order: stepOrder,
            method,
            q: ltePoints,
            h: lteSteps,
            qdotNew: qdotNext,
            qdotOld: qdot,
            qdotOlder: qdotPrev,
            qdotScale,
            floorRows,
            scaleFloor: KCL_SCALE_FLOOR * largestKclScale,
            n,
            reltol,
            abstol: opts.abstol,
            chgtol: opts.chgtol,
            trtol: opts.trtol,
          });
    const hRetry = Math.max(lte.step, minStep, h / 8);
    // A retry is only smaller if the corner-landing rule above will not stretch it back to this step
    // (h within 1.1 * minStep of a corner): otherwise rejecting would repeat forever; accept instead.
    const retryShrinks = !hitsBreak || hRetry * 1.1 < h;
    if (lte.step < 0.9 * h && h > minStep * 1.0001 && retryShrinks) {
      rejected++;
      h = hRetry;
      // Retry with backward Euler: it needs no derivative history, so a rejected step caused by a stale
      // dq/dt (trapezoidal ringing) is cured, and an abrupt change is damped.
      order = 1;
      continue;
    }

    // A solution this large is a circuit with a growing mode (an indefinite inductance matrix, a negative
    // resistance without a limit), not a physical waveform: stop here with the reason. Beyond it the error
    // estimate's divided differences (q / h^3) overflow to infinity, and the step would shrink without end
    // where ngspice ends with "timestep too small".
    const diverged = firstDiverged(yTry, n);
    if (diverged > 0) {
      throw new SimulationError(
        `.tran: the solution grows without bound: ${sys.labels[diverged]} = ${yTry[diverged].toExponential(2)} at t = ${tNew.toExponential(3)} s (beyond ${DIVERGENCE_LIMIT.toExponential(0)}); the circuit has a growing mode (.poles lists the poles with Re s > 0)`,
        spec.loc,
      );
    }

    // Accept.
    steps++;
    failures = 0;
    t = tNew;
    const spare = pastSolutions.pop() as Float64Array;
    spare.set(y);
    pastSolutions.unshift(spare);
    solutionsKept++;
    y.set(yTry);
    sim.acceptPoint(y);
    // qNew's buffer joins the history; the oldest one is recycled as the next qNew (chargeAfterUpdate overwrites
    // it): no allocation and no copy per step once four points are kept.
    const recycled = history.length >= 4 ? (history.pop() as Float64Array) : new Float64Array(sys.size);
    history.unshift(qNew);
    qNew = recycled;
    stepHistory.unshift(h);
    if (stepHistory.length > 3) stepHistory.pop();
    largestKclScale = raiseToMagnitude(qdotScale, qdotNext, floorRows, n);
    const oldest = qdotPrev;
    qdotPrev = qdot;
    qdot = qdotNext;
    qdotNext = oldest;
    record(t, rule);
    hooks?.accepted?.({ t, h, rule, y });
    progress?.('tran', t / tstop);
    if (opts.testjac && t >= nextJacobianCheck * (1 - 1e-12)) {
      sim.testJacobians(y, t, false, `.tran t = ${t}`);
      while (nextJacobianCheck <= t * (1 + 1e-12)) nextJacobianCheck += tstop / 4;
    }

    if (hitsBreak) {
      nextBreak++;
      order = 1;
      pointsSinceBreak = 1;
      // SPICE's restart: a tenth of the last full step (the one landing here may be a stretched sliver).
      const following = nextBreak < breakpoints.length ? breakpoints[nextBreak] - t : tstop - t;
      h = Math.min(lte.step, 0.1 * Math.max(h, stepHistory[1] ?? h), 0.1 * following, tmax);
    } else {
      pointsSinceBreak++;
      order = maxOrder;
      // Step-size hysteresis: grow only when the error allows at least 1.5x. An unchanged step keeps
      // alpha, so a linear circuit keeps its factorisation and a nonlinear one its chord Jacobian.
      const allowed = Math.min(lte.step, 2 * h, tmax);
      h = allowed >= h && allowed < 1.5 * h && allowed < tmax ? h : allowed;
    }
    if (!Number.isFinite(h) || h <= 0) h = tmax;
  }
  sim.stats.timeSteps += steps;
  sim.stats.rejectedSteps += rejected;
  return measured.finish(sink ? { type: 'tran', columns, data, rowsStreamed } : { type: 'tran', columns, data });
}

/** Magnitude (SI units) past which a transient is declared divergent: far beyond any physical value, while
 * q / h^3 of the truncation-error estimate still has some 100 decades of headroom below overflow. */
const DIVERGENCE_LIMIT = 1e200;

/** out = [newest, ...older], written into out without a new array. */
function newestFirst<T>(newest: T, older: readonly T[], out: T[]): void {
  out.length = older.length + 1;
  out[0] = newest;
  for (let k = 0; k < older.length; k++) out[k + 1] = older[k];
}

/** The first unknown (1-based) beyond DIVERGENCE_LIMIT or not finite, or 0. */
function firstDiverged(y: Float64Array, n: number): number {
  for (let i = 1; i <= n; i++) if (!(Math.abs(y[i]) <= DIVERGENCE_LIMIT)) return i;
  return 0;
}

// The per-unknown loops of a time step, each its own small function: V8 optimises a small hot function within a
// few calls, while runTran itself (large, called once per analysis) runs unoptimised for hundreds of steps until
// its optimised code is compiled in the background. Loops written inside runTran ran at interpreter speed there.

/** r = a1 q_n + a2 q_{n-1} + b1 qdot_n: the history part of dq/dt at t_{n+1} (DerivativeRule). */
function historyTerm(rule: Readonly<DerivativeRule>, q0: Float64Array, q1: Float64Array, qdot: Float64Array, r: Float64Array, n: number): void {
  const { a1, a2, b1 } = rule;
  if (a2 === 0) {
    for (let i = 1; i <= n; i++) r[i] = a1 * q0[i] + b1 * qdot[i];
  } else {
    for (let i = 1; i <= n; i++) r[i] = a1 * q0[i] + b1 * qdot[i] + a2 * q1[i];
  }
}

/**
 * Weights of the predictor: the value at t_n + h of the polynomial through `points` accepted solutions at t_n,
 * t_{n-1}, ... (steps[0] = t_n - t_{n-1}, steps[1] = t_{n-1} - t_{n-2}, ...) is sum_j weights[j] y_{n-j} (Lagrange;
 * the weights sum to 1, and are 4, -6, 4, -1 for four points at equal steps).
 */
function extrapolationWeights(h: number, steps: readonly number[], points: number, weights: Float64Array): void {
  // Offsets of the points from t_n + h: t_n - (t_n + h) = -h, then one step further back each.
  let offsetJ = -h;
  for (let j = 0; j < points; j++) {
    let w = 1;
    let offsetM = -h;
    for (let m = 0; m < points; m++) {
      if (m !== j) w *= offsetM / (offsetM - offsetJ);
      offsetM -= steps[m];
    }
    weights[j] = w;
    offsetJ -= steps[j];
  }
}

/** out = weights[0] y + sum_j weights[j] past[j - 1] over the first `points` solutions. */
function extrapolate(y: Float64Array, past: readonly Float64Array[], weights: Float64Array, points: number, out: Float64Array, n: number): void {
  const w0 = weights[0];
  for (let i = 1; i <= n; i++) out[i] = w0 * y[i];
  for (let j = 1; j < points; j++) {
    const w = weights[j];
    const yj = past[j - 1];
    for (let i = 1; i <= n; i++) out[i] += w * yj[i];
  }
}

/**
 * qNew = q + C delta over the entries that can carry a C value (entry k: id entries[k] in row rows[k], column
 * cols[k]): q at the solution from the last load's q and the last update.
 */
function chargeAfterUpdate(q: Float64Array, C: Float64Array, entries: Int32Array, rows: Int32Array, cols: Int32Array, delta: Float64Array, qNew: Float64Array): void {
  qNew.set(q);
  for (let k = 0; k < entries.length; k++) qNew[rows[k]] += C[entries[k]] * delta[cols[k]];
  qNew[0] = 0;
}

/** qdot = a0 q + r: dq/dt at the new point by the step's rule. */
function derivativeOfCharge(a0: number, q: Float64Array, r: Float64Array, qdot: Float64Array, n: number): void {
  for (let i = 1; i <= n; i++) qdot[i] = a0 * q[i] + r[i];
}

/** scale = max(scale, |values|) elementwise; returns the largest scale over the rows marked 1 in `marked`. */
function raiseToMagnitude(scale: Float64Array, values: Float64Array, marked: Uint8Array, n: number): number {
  let largest = 0;
  for (let i = 1; i <= n; i++) {
    const a = Math.abs(values[i]);
    const s = a > scale[i] ? a : scale[i];
    scale[i] = s;
    if (marked[i] === 1 && s > largest) largest = s;
  }
  return largest;
}
