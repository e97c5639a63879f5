/**
 * .pss: the periodic steady state (limit cycle) of a circuit by shooting on the transient engine.
 *
 * - Autonomous circuits (no time-dependent source): the unknowns are the state y0 at a phase condition and
 *   the period T. The phase condition is a Poincaré section y0[k] = c: k is the dynamic unknown with the
 *   largest relative swing on a warm-up transient, c the middle of that swing, and y0 starts where the
 *   warm-up crosses c upwards. Newton solves
 *       Phi(y0, T) - y0 = 0,   y0[k] - c = 0,
 *   Jacobian [[M - I, dPhi/dT], [e_k^T, 0]], with M = dPhi/dy0 the monodromy matrix.
 * - Driven circuits (periodic SIN / PULSE / PWL r=0 sources): T is the sources' common period, the unknowns
 *   y0 only; Newton solves Phi(y0) - y0 = 0 with Jacobian M - I.
 *
 * Phi is one run of runTran (src/analysis/tran.ts) from y0 over [0, T], with reltol tightened to PSS_RELTOL
 * (and the unknowns' absolute tolerances by the same factor). M is not obtained from finite-difference
 * re-runs: it is the exact derivative of that discrete map, propagated along the accepted steps through the
 * same integration rule. A step solves
 *       f(y_{n+1}) - b(t_{n+1}) + a0 q(y_{n+1}) + r_n = 0,   r_n = a1 q_n + a2 q_{n-1} + b1 qdot_n,
 * and, as the step's own result, qdot_{n+1} = a0 q_{n+1} + r_n. With S_n = dy_n/dy0, Q_n = dq_n/dy0 = C_n S_n
 * and D_n = dqdot_n/dy0, differentiating both:
 *       (G_{n+1} + a0 C_{n+1}) S_{n+1} = -R_n,   R_n = a1 Q_n + a2 Q_{n-1} + b1 D_n,
 *       Q_{n+1} = C_{n+1} S_{n+1},   D_{n+1} = a0 Q_{n+1} + R_n,
 * from S_0 = I, Q_0 = Q_{-1} = C_0, D_0 = 0 (the run starts from rest: flat history, dqdot/dt = 0). G + a0 C is
 * the step's Newton matrix at the accepted point; M = S_N. The step sizes are held fixed in this derivative
 * (they are chosen by the error control, a piecewise-constant function of y0), as in every shooting code.
 * dPhi/dT is the slope of the last step, (y_N - y_{N-1}) / h_N: it enters only the Newton matrix, so its
 * O(h) error slows convergence slightly and does not move the orbit found.
 *
 * Floquet multipliers: the eigenvalues of M. An unknown with no charge (a column of C that is zero at y0, an
 * algebraic node or branch current) does not enter Phi at all: the first step is backward Euler (no dqdot
 * history), whose R_0 = a1 C_0 has that column zero, so the column of M is exactly zero and contributes an
 * exact zero multiplier. They are left out: the multipliers reported are the eigenvalues of M restricted to
 * the dynamic unknowns (M is block triangular in that split). An autonomous orbit has one multiplier 1
 * (the direction along the flow); the orbit is stable when all others lie inside the unit circle.
 *
 * Cost: n + 1 sparse solves and one extra factorisation per accepted step, and dense n x n matrices; meant
 * for the small circuits that oscillate (a neuron, a driven memristor), refused above PSS_MAX_UNKNOWNS.
 */
import { EigenvalueDecomposition, Matrix, solve } from 'ml-matrix';
import type { AnalysisSpec, Circuit } from '../circuit/circuit.ts';
import { NetlistError } from '../base/errors.ts';
import type { Simulator } from '../engine/simulator.ts';
import type { DerivativeRule } from './integration.ts';
import type { AnalysisResult, FloquetMultiplier, PeriodicSteadyState, ProgressListener } from './results.ts';
import { planMeasures } from './measure/plan.ts';
import { requestedSignals, resolveRealSignal } from './signals.ts';
import { initialConditionPins, runTran, type AcceptedStep } from './tran.ts';
import { pencilAt, polesOf } from './poles.ts';

type PssSpec = Extract<AnalysisSpec, { type: 'pss' }>;
type TranSpec = Extract<AnalysisSpec, { type: 'tran' }>;

/** reltol of the shooting runs (or .options reltol when tighter): the period comes out to about this. */
export const PSS_RELTOL = 1e-9;
/** Shooting Newton iterations before giving up. */
const MAX_SHOOTING_ITERATIONS = 25;
/** Warm-up length when `.pss` gives none, in periods (tguess, or the source period). */
const SETTLE_PERIODS = 20;
/** The warm-up's last stretch searched for the oscillation, in periods. */
const WINDOW_PERIODS = 4;
/** A swing below this fraction of the unknown's size (plus its absolute tolerance) is numerical noise, not an orbit. */
const MIN_RELATIVE_SWING = 1e-6;
/** Kick off the unstable operating point along its most unstable mode, by this fraction of the largest unknown. */
const KICK = 1e-3;
/** Dense monodromy matrix and n solves per step: beyond this many unknowns the analysis is refused. */
const PSS_MAX_UNKNOWNS = 400;

interface ShootingRun {
  /** y at t = T. */
  end: Float64Array;
  /** dPhi/dy0, row-major n x n over unknowns 1..n. */
  monodromy: Float64Array;
  /** Slope at t = T. */
  endSlope: Float64Array;
  /** Rows time, signals... of this run (the orbit when the run is the converged one). */
  rows: number[][];
  /** Smallest and largest value of each unknown at the run's time points. */
  lowest: Float64Array;
  highest: Float64Array;
}

export function runPss(sim: Simulator, circuit: Circuit, spec: PssSpec, progress?: ProgressListener): AnalysisResult {
  const sys = sim.system;
  const n = sys.n;
  if (n > PSS_MAX_UNKNOWNS) {
    throw new NetlistError(`.pss handles circuits of up to ${PSS_MAX_UNKNOWNS} unknowns (it propagates a dense ${n} x ${n} monodromy matrix); this one has ${n}`, spec.loc);
  }
  const drivenPeriod = commonSourcePeriod(sim, spec);
  const autonomous = drivenPeriod === undefined;
  if (autonomous && spec.tguess === undefined) {
    throw new NetlistError('.pss: the circuit has no periodic source, so it must oscillate by itself: give tguess, the period expected (.pss tguess [tsettle])', spec.loc);
  }
  if (!autonomous && spec.tguess !== undefined && Math.abs(spec.tguess - drivenPeriod) > 1e-9 * drivenPeriod) {
    sim.warnings.push({ message: `.pss: tguess = ${spec.tguess} ignored: the circuit is driven, its period is the sources' ${drivenPeriod} s`, loc: spec.loc });
  }
  const guess = autonomous ? (spec.tguess as number) : drivenPeriod;
  const settle = spec.tsettle ?? SETTLE_PERIODS * guess;

  // Operating point (with .ic pins, as the transient's): the warm-up starts there, and the error message
  // about a circuit that does not oscillate names its poles.
  const pins = initialConditionPins(sim, circuit);
  const op = sim.initialGuess();
  for (const [u, v] of pins) op[u] = v;
  sim.resetDevices();
  sim.solveDc(op, { what: '.pss operating point', loc: spec.loc, time: 0, dcSources: false, pins });
  const poles = operatingPointPoles(sim, op);
  // The poles the message names are .poles' own (infinite ones deflated exactly), computed only when needed.
  const polesText = (): string => {
    try {
      return describePoles(polesOf(sim, pencilAt(sim, op), undefined, '.pss operating point', spec.loc));
    } catch {
      return describePoles(poles.values);
    }
  };
  // A circuit that does not oscillate is the netlist's problem (exit 1), not a failure of the run.
  const noOrbit = (why: string): NetlistError =>
    new NetlistError(`.pss: no periodic orbit found from tguess=${guess}: ${why}; the poles at the operating point are ${polesText()}`, spec.loc);

  const dynamic = dynamicUnknowns(sim, op);
  if (dynamic.length === 0) throw noOrbit('the circuit has no capacitance, inductance or device state (nothing can oscillate)');

  // Warm-up: from the operating point, kicked along its most unstable mode when there is one (an exact
  // unstable equilibrium would otherwise stay put), for `settle`; its last stretch gives the first guess.
  const start = Float64Array.from(op);
  if (autonomous && pins.length === 0 && poles.unstableMode) {
    const mode = poles.unstableMode;
    let big = 0;
    let size = 0;
    for (let i = 1; i <= n; i++) {
      big = Math.max(big, Math.abs(mode[i]));
      size = Math.max(size, Math.abs(op[i]));
    }
    const scale = (KICK * Math.max(size, 1)) / big;
    for (let i = 1; i <= n; i++) start[i] += scale * mode[i];
  }
  const windowStart = settle - Math.min(WINDOW_PERIODS * guess, settle / 2);
  const times: number[] = [];
  const samples: Float64Array[] = [];
  // Progress: the warm-up is the first half, the shooting iterations (at most MAX_SHOOTING_ITERATIONS) the second.
  const warmUpProgress = progress && ((_: unknown, fraction: number): void => progress('pss', fraction / 2));
  runTran(sim, circuit, tranSpec(settle, guess, spec), warmUpProgress, {
    start,
    accepted: (step) => {
      if (step.t < windowStart) return;
      times.push(step.t);
      samples.push(Float64Array.from(step.y));
    },
  });
  if (samples.length < 2) throw noOrbit(`the warm-up transient to t = ${settle} s took fewer than two steps in its last stretch`);

  const y0 = Float64Array.from(samples[samples.length - 1]);
  let period = guess;
  let phaseUnknown = 0;
  let phaseLevel = 0;
  if (autonomous) {
    const section = poincareSection(sim, dynamic, times, samples);
    if (typeof section === 'string') throw noOrbit(section);
    y0.set(section.y0);
    period = section.period;
    phaseUnknown = section.unknown;
    phaseLevel = section.level;
  }

  // Shooting Newton, at tight tolerances.
  const opts = sim.options;
  const reltol = Math.min(opts.reltol, PSS_RELTOL);
  const tighten = reltol / opts.reltol;
  const savedAbsTol = Float64Array.from(sys.absTol);
  // `.meas pss` lines measure on the orbit, against time from the phase point.
  const measured = planMeasures(sim, circuit, 'pss', requestedSignals(sim, circuit, 'pss'));
  const signals = measured.signals.map((s) => resolveRealSignal(sim, s));
  let run: ShootingRun | undefined;
  let iterations = 0;
  let worst = Infinity;
  try {
    // The Newton of every time step tests its updates against reltol |y| + absTol: absTol (vntol = 1e-6 V by
    // default) would cap the orbit's accuracy far above reltol 1e-9, so it is tightened by the same factor for
    // the shooting runs, and restored after them.
    for (let i = 1; i <= n; i++) sys.absTol[i] = savedAbsTol[i] * tighten;
    for (iterations = 1; iterations <= MAX_SHOOTING_ITERATIONS; iterations++) {
      const done = iterations - 1;
      const shotProgress = progress && ((_: unknown, fraction: number): void => progress('pss', 0.5 + (done + fraction) / (2 * MAX_SHOOTING_ITERATIONS)));
      run = shoot(sim, circuit, spec, y0, period, reltol, signals, shotProgress);
      // Periodicity error per unknown against its tolerance (as the Newton test of a time step).
      worst = 0;
      for (let i = 1; i <= n; i++) {
        const tol = reltol * Math.max(Math.abs(y0[i]), Math.abs(run.end[i])) + sys.absTol[i];
        worst = Math.max(worst, Math.abs(run.end[i] - y0[i]) / tol);
      }
      const correction = newtonCorrection(run, y0, n, autonomous ? { unknown: phaseUnknown, level: phaseLevel } : undefined);
      if (correction === undefined) throw noOrbit('the shooting matrix M - I became singular (the orbit collapsed onto the operating point?)');
      const periodStep = autonomous ? correction[n] : 0;
      if (worst <= 1 && Math.abs(periodStep) <= reltol * period) break;
      if (iterations === MAX_SHOOTING_ITERATIONS) break;
      for (let i = 1; i <= n; i++) y0[i] += correction[i - 1];
      if (autonomous) {
        period += periodStep;
        if (!(period > 0)) throw noOrbit(`the shooting Newton drove the period to ${period}`);
      }
      // Device states stay in their physical range (as the transient's Newton projects them).
      const bounded = sys.boundedUnknowns;
      for (let k = 0; k < bounded.length; k++) {
        const i = bounded[k];
        y0[i] = Math.min(sys.upperBounds[k], Math.max(sys.lowerBounds[k], y0[i]));
      }
    }
  } finally {
    sys.absTol.set(savedAbsTol);
  }
  if (run === undefined || worst > 1) {
    throw noOrbit(`the shooting Newton did not converge in ${MAX_SHOOTING_ITERATIONS} iterations (periodicity error ${worst.toExponential(2)} tolerances)`);
  }
  if (autonomous) {
    // A Newton that converged onto the equilibrium (where any T is "periodic") has found no orbit.
    const k = phaseUnknown;
    const swing = run.highest[k] - run.lowest[k];
    if (swing <= MIN_RELATIVE_SWING * (Math.max(Math.abs(run.lowest[k]), Math.abs(run.highest[k])) + savedAbsTol[k])) {
      throw noOrbit(`the shooting converged onto a rest point (${sys.labels[k]} swings by ${swing.toExponential(2)})`);
    }
  }

  if (!run.monodromy.every(Number.isFinite)) throw noOrbit('the monodromy matrix of the orbit is not finite');
  const multipliers = floquetMultipliers(run.monodromy, n, dynamic);
  const table = measured.finish({ type: 'pss', columns: ['time', ...signals.map((s) => s.column)], data: run.rows });
  const ranges = table.columns.slice(1).map((signal, c) => {
    let min = Infinity;
    let max = -Infinity;
    for (const row of table.data) {
      min = Math.min(min, row[c + 1]);
      max = Math.max(max, row[c + 1]);
    }
    return { signal, min, max };
  });
  const periodic: PeriodicSteadyState = {
    period,
    frequency: 1 / period,
    autonomous,
    floquet: multipliers,
    ranges,
    iterations,
    ...(autonomous ? { phase: { signal: sys.labels[phaseUnknown], value: phaseLevel } } : {}),
  };
  return { ...table, periodic };
}

/** The transient spec one run over [0, tstop] uses (its tstep only sets the largest step: a fiftieth of a period). */
function tranSpec(tstop: number, period: number, spec: PssSpec): TranSpec {
  return { type: 'tran', tstep: period / 50, tstop, tstart: 0, uic: false, loc: spec.loc };
}

/**
 * One shooting run from y0 over [0, T], with the monodromy matrix propagated along the accepted steps
 * (the recurrence in the header). Column j of the n x n matrices S, Q, D is the derivative by y0[j].
 */
function shoot(
  sim: Simulator,
  circuit: Circuit,
  spec: PssSpec,
  y0: Float64Array,
  period: number,
  reltol: number,
  signals: ReadonlyArray<ReturnType<typeof resolveRealSignal>>,
  progress: ProgressListener | undefined,
): ShootingRun {
  const sys = sim.system;
  const n = sys.n;
  const solver = sim.solverFactory.real(sys.pattern);
  const values = new Float64Array(sys.nnz);
  const size = n * n;
  let charge = new Float64Array(size); // Q_n
  let chargeOld = new Float64Array(size); // Q_{n-1}
  let chargeRate = new Float64Array(size); // D_n
  let chargeNext = new Float64Array(size);
  const history = new Float64Array(size); // R_n
  const sensitivity = new Float64Array(size); // S_{n+1}
  const { entryRow, entryCol, C, numEntries } = sys;

  // Q_0 = C_0 (S_0 = I), Q_{-1} = Q_0, D_0 = 0.
  sys.load(y0, 0, false, 1, false);
  for (let id = 1; id < numEntries; id++) {
    const r = entryRow[id];
    const c = entryCol[id];
    if (r > 0 && c > 0 && C[id] !== 0) charge[(c - 1) * n + (r - 1)] += C[id];
  }
  chargeOld.set(charge);

  const rows: number[][] = [];
  const record = (t: number, y: Float64Array, rule: DerivativeRule | null): void => {
    const row = [t];
    for (const s of signals) row.push(s.value(y, t, false, rule));
    rows.push(row);
  };
  const previous = Float64Array.from(y0);
  const lowest = Float64Array.from(y0);
  const highest = Float64Array.from(y0);
  const slope = new Float64Array(sys.size);
  let first = true;

  const accepted = (step: AcceptedStep): void => {
    const { a0, a1, a2, b1 } = step.rule;
    const y = step.y;
    if (first) {
      record(0, y0, null);
      first = false;
    }
    sys.load(y, step.t, false, 1, false);
    sys.assemble(a0, values);
    solver.factor(values);
    for (let k = 0; k < size; k++) {
      const rk = a1 * charge[k] + a2 * chargeOld[k] + b1 * chargeRate[k];
      history[k] = rk;
      sensitivity[k] = -rk;
    }
    for (let j = 0; j < n; j++) solver.solve(sensitivity.subarray(j * n, (j + 1) * n));
    // Q_{n+1} = C_{n+1} S_{n+1}.
    chargeNext.fill(0);
    for (let id = 1; id < numEntries; id++) {
      const c = C[id];
      if (c === 0) continue;
      const r = entryRow[id] - 1;
      const col = entryCol[id] - 1;
      if (r < 0 || col < 0) continue;
      for (let j = 0; j < n; j++) chargeNext[j * n + r] += c * sensitivity[j * n + col];
    }
    // D_{n+1} = a0 Q_{n+1} + R_n, written over D_n; then shift Q.
    for (let k = 0; k < size; k++) chargeRate[k] = a0 * chargeNext[k] + history[k];
    const oldest = chargeOld;
    chargeOld = charge;
    charge = chargeNext;
    chargeNext = oldest;
    for (let i = 1; i <= n; i++) {
      slope[i] = (y[i] - previous[i]) / step.h;
      previous[i] = y[i];
      if (y[i] < lowest[i]) lowest[i] = y[i];
      if (y[i] > highest[i]) highest[i] = y[i];
    }
    record(step.t, y, step.rule);
  };
  runTran(sim, circuit, tranSpec(period, period, spec), progress, { start: y0, reltol, accepted });

  // S_N column-major to M row-major.
  const monodromy = new Float64Array(size);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) monodromy[i * n + j] = sensitivity[j * n + i];
  return { end: Float64Array.from(previous), monodromy, endSlope: slope, rows, lowest, highest };
}

/** The Newton update (dy0 over unknowns 1..n, then dT when autonomous), or undefined when the matrix is singular. */
function newtonCorrection(run: ShootingRun, y0: Float64Array, n: number, phase: { unknown: number; level: number } | undefined): number[] | undefined {
  const m = phase ? n + 1 : n;
  const a = Matrix.zeros(m, m);
  const rhs = Matrix.zeros(m, 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a.set(i, j, run.monodromy[i * n + j] - (i === j ? 1 : 0));
    rhs.set(i, 0, -(run.end[i + 1] - y0[i + 1]));
  }
  if (phase) {
    for (let i = 0; i < n; i++) a.set(i, n, run.endSlope[i + 1]);
    a.set(n, phase.unknown - 1, 1);
    rhs.set(n, 0, -(y0[phase.unknown] - phase.level));
  }
  if (!run.monodromy.every(Number.isFinite) || !run.endSlope.every(Number.isFinite)) return undefined;
  let x: number[];
  try {
    x = solve(a, rhs).getColumn(0);
  } catch {
    return undefined; // ml-matrix refuses an exactly singular matrix
  }
  return x.every((v) => Number.isFinite(v)) ? x : undefined;
}

/** Unknowns with charge: a nonzero entry in their column of C at y (1-based). */
function dynamicUnknowns(sim: Simulator, y: Float64Array): number[] {
  const sys = sim.system;
  sys.load(y, 0, false, 1, false);
  const has = new Uint8Array(sys.size);
  for (let id = 1; id < sys.numEntries; id++) if (sys.entryRow[id] > 0 && sys.C[id] !== 0) has[sys.entryCol[id]] = 1;
  const out: number[] = [];
  for (let i = 1; i <= sys.n; i++) if (has[i]) out.push(i);
  return out;
}

/**
 * The first guess on the warm-up's last stretch: the dynamic unknown k with the largest relative swing, the
 * level c midway through it, the last upward crossing of c but one (state interpolated linearly there) and
 * the time to the next crossing. A string says why there is none.
 */
function poincareSection(
  sim: Simulator,
  dynamic: number[],
  times: number[],
  samples: Float64Array[],
): { unknown: number; level: number; y0: Float64Array; period: number } | string {
  const sys = sim.system;
  let best = -1;
  let bestSwing = 0;
  let bestLevel = 0;
  for (const i of dynamic) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const y of samples) {
      lo = Math.min(lo, y[i]);
      hi = Math.max(hi, y[i]);
    }
    const relative = (hi - lo) / (Math.max(Math.abs(lo), Math.abs(hi)) + sys.absTol[i]);
    if (relative > bestSwing) {
      best = i;
      bestSwing = relative;
      bestLevel = (lo + hi) / 2;
    }
  }
  if (best < 0 || bestSwing < MIN_RELATIVE_SWING) {
    return `the warm-up transient settles (no unknown swings by more than ${MIN_RELATIVE_SWING} of its size over its last ${(times[times.length - 1] - times[0]).toPrecision(3)} s)`;
  }
  const crossings: number[] = [];
  const states: Float64Array[] = [];
  for (let s = 0; s + 1 < samples.length; s++) {
    const a = samples[s][best] - bestLevel;
    const b = samples[s + 1][best] - bestLevel;
    if (a < 0 && b >= 0) {
      const w = -a / (b - a);
      crossings.push(times[s] + w * (times[s + 1] - times[s]));
      const y = new Float64Array(sys.size);
      for (let i = 1; i <= sys.n; i++) y[i] = samples[s][i] + w * (samples[s + 1][i] - samples[s][i]);
      states.push(y);
    }
  }
  if (crossings.length < 2) return `${sys.labels[best]} crosses the middle of its swing upwards fewer than twice on the warm-up's last stretch (lengthen tsettle or check tguess)`;
  const last = crossings.length - 1;
  return { unknown: best, level: bestLevel, y0: states[last - 1], period: crossings[last] - crossings[last - 1] };
}

/**
 * The common period of the periodic sources, undefined when every source is constant (an autonomous circuit).
 * An aperiodic source, or periods with no common multiple among them, is an error.
 */
function commonSourcePeriod(sim: Simulator, spec: PssSpec): number | undefined {
  const periods: Array<{ name: string; period: number }> = [];
  for (const d of sim.devices) {
    const p = d.excitationPeriod?.() ?? 'constant';
    if (p === 'constant') continue;
    if (p === 'aperiodic') {
      throw new NetlistError(
        `.pss: source ${d.name} is not periodic from t = 0 (a periodic steady state needs constant sources or periodic ones: SIN without delay or damping, PULSE with td = 0 and tr, tf, pw, per written out, PWL with r=0)`,
        d.loc ?? spec.loc,
      );
    }
    periods.push({ name: d.name, period: p });
  }
  if (periods.length === 0) return undefined;
  const longest = periods.reduce((a, b) => (b.period > a.period ? b : a));
  for (const p of periods) {
    const ratio = longest.period / p.period;
    if (Math.abs(ratio - Math.round(ratio)) > 1e-9 * ratio) {
      throw new NetlistError(`.pss: the periods of ${p.name} (${p.period} s) and ${longest.name} (${longest.period} s) have no common multiple: the circuit is not periodic`, spec.loc);
    }
  }
  return longest.period;
}

/** Eigenvalues of M restricted to the dynamic unknowns, by descending magnitude. */
function floquetMultipliers(monodromy: Float64Array, n: number, dynamic: number[]): FloquetMultiplier[] {
  const m = dynamic.length;
  const a = Matrix.zeros(m, m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) a.set(i, j, monodromy[(dynamic[i] - 1) * n + (dynamic[j] - 1)]);
  const eig = new EigenvalueDecomposition(a);
  const out = eig.realEigenvalues.map((re, k) => {
    const im = eig.imaginaryEigenvalues[k];
    return { re, im, magnitude: Math.hypot(re, im) };
  });
  return out.sort((x, y) => y.magnitude - x.magnitude || y.im - x.im);
}

/**
 * The finite poles of the linearised circuit at y (s with det(G + s C) = 0), for the message about a circuit
 * that does not oscillate, and the real part of the rightmost unstable one's eigenvector to kick the
 * warm-up off the equilibrium.
 * A small local dense eigenproblem of A = G^-1 C (mu -> s = -1/mu), its infinite poles (mu = 0) dropped below
 * 1e-10 of the largest |mu| (a threshold): only for the kick's eigenvector, and for the message when `.poles`'
 * exact routine (polesOf) cannot run on this pencil.
 */
function operatingPointPoles(sim: Simulator, y: Float64Array): { values: Array<{ re: number; im: number }>; unstableMode?: Float64Array } {
  const sys = sim.system;
  const n = sys.n;
  sys.load(y, 0, false, 1, false);
  const g = Matrix.zeros(n, n);
  const c = Matrix.zeros(n, n);
  for (let id = 1; id < sys.numEntries; id++) {
    const r = sys.entryRow[id];
    const col = sys.entryCol[id];
    if (r === 0 || col === 0) continue;
    g.set(r - 1, col - 1, g.get(r - 1, col - 1) + sys.G[id]);
    c.set(r - 1, col - 1, c.get(r - 1, col - 1) + sys.C[id]);
  }
  for (let i = 1; i <= n; i++) g.set(i - 1, i - 1, g.get(i - 1, i - 1) + sys.diagonalShunt[i]);
  let a: Matrix;
  try {
    a = solve(g, c);
  } catch {
    return { values: [] };
  }
  // An eigen-solver fed NaN or an infinity (a netlist with absurd values) may not terminate: no poles then.
  if (!a.to1DArray().every(Number.isFinite)) return { values: [] };
  const eig = new EigenvalueDecomposition(a);
  const mus = eig.realEigenvalues.map((re, k) => ({ re, im: eig.imaginaryEigenvalues[k], k }));
  const largest = mus.reduce((m, mu) => Math.max(m, Math.hypot(mu.re, mu.im)), 0);
  const finite = mus.filter((mu) => Math.hypot(mu.re, mu.im) > 1e-10 * largest);
  const values = finite.map((mu) => {
    // s = -1/mu.
    const d = mu.re * mu.re + mu.im * mu.im;
    return { re: -mu.re / d, im: mu.im / d, k: mu.k };
  });
  values.sort((p, q) => q.re - p.re || q.im - p.im);
  const rightmost = values[0];
  let unstableMode: Float64Array | undefined;
  if (rightmost && rightmost.re > 0) {
    // ml-matrix stores a complex pair's eigenvector as real part in its column k, imaginary part in k + 1.
    const vectors = eig.eigenvectorMatrix;
    unstableMode = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) unstableMode[i + 1] = vectors.get(i, rightmost.k);
  }
  return { values: values.map(({ re, im }) => ({ re, im })), unstableMode };
}

function describePoles(poles: Array<{ re: number; im: number }>): string {
  if (poles.length === 0) return 'none (no finite pole)';
  const shown = poles.slice(0, 6).map((p) => (p.im === 0 ? `${p.re.toPrecision(6)}` : `${p.re.toPrecision(6)}${p.im < 0 ? '-' : '+'}${Math.abs(p.im).toPrecision(6)}j`));
  const stable = poles.every((p) => p.re < 0);
  return `${shown.join(', ')}${poles.length > 6 ? ` and ${poles.length - 6} more` : ''} 1/s (${stable ? 'all in the left half-plane: the operating point is stable; an orbit around it, if any, must be reached from .ic' : 'one in the right half-plane'})`;
}
