/**
 * A circuit bound to its equation system and linear solver, with the DC solve every analysis builds on:
 * Newton, then gmin stepping, then source stepping. Analyses (src/analysis) drive it; they never look at
 * device types.
 */
import type { Circuit, SimOptions } from '../circuit/circuit.ts';
import type { Device } from '../devices/device.ts';
import { defaultRegistry, type DeviceRegistry } from '../devices/index.ts';
import { NetlistError, SimulationError, type SourceLocation } from '../base/errors.ts';
import { chooseSolverFactory } from './linear/index.ts';
import { SingularMatrixError, type LinearSolverFactory, type RealLinearSolver } from './linear/solver.ts';
import { describeMismatch, describeUndeclared, jacobianMismatches, undeclaredStamps } from './jacobian.ts';
import { newtonSolve, NewtonWorkspace, type NewtonOutcome, type NewtonSettings } from './newton.ts';
import { EquationSystem, EquationSystemProbe, UNKNOWN_BRANCH, UNKNOWN_INTERNAL, UNKNOWN_NODE } from './system.ts';

export interface DcSolveRequest {
  /** For messages: e.g. "operating point", ".dc at v1 = 0.35". */
  what: string;
  loc?: SourceLocation;
  time: number;
  dcSources: boolean;
  pins?: ReadonlyArray<readonly [number, number]>;
}

export interface SolveStatistics {
  newtonIterations: number;
  timeSteps: number;
  rejectedSteps: number;
}

/** Worst Jacobian mismatches reported per device and checked point (`.options testjac`). */
const JACOBIAN_REPORTED_PER_DEVICE = 3;

export class Simulator {
  readonly system: EquationSystem;
  readonly devices: Device[];
  private deviceIndexByName: Map<string, number> | undefined;
  readonly solverFactory: LinearSolverFactory;
  readonly solver: RealLinearSolver;
  readonly work: NewtonWorkspace;
  readonly warnings: Array<{ message: string; loc?: SourceLocation }> = [];
  readonly stats: SolveStatistics = { newtonIterations: 0, timeSteps: 0, rejectedSteps: 0 };
  /** Shunts that stay (gmin on floating nodes); gmin stepping adds to these. */
  private readonly baseShunt: Float64Array;
  private floatingChecked = false;

  constructor(
    readonly circuit: Circuit,
    solverFactory?: LinearSolverFactory,
    /** The registry the circuit was elaborated with; the built-in devices by default. */
    registry: DeviceRegistry = defaultRegistry(),
  ) {
    this.devices = circuit.elements.map((element) => {
      const definition = registry.get(element.kind);
      if (!definition) throw new NetlistError(`unknown device type '${element.kind}'`, element.loc);
      return definition.create(element, circuit.options);
    });
    this.system = new EquationSystem(circuit.nodes, this.devices, circuit.options, circuit.nodeIndex);
    this.solverFactory = solverFactory ?? chooseSolverFactory(this.system.pattern);
    this.solver = this.solverFactory.real(this.system.pattern);
    this.work = new NewtonWorkspace(this.system);
    this.baseShunt = new Float64Array(this.system.size);
  }

  get options(): SimOptions {
    return this.circuit.options;
  }

  /**
   * Each device's position in `devices`, by name: built on the first look-up, since most runs of a large
   * circuit name no device (a map of 400k names costs tens of MB and about a second).
   */
  get deviceIndex(): ReadonlyMap<string, number> {
    if (this.deviceIndexByName === undefined) {
      const byName = new Map<string, number>();
      this.devices.forEach((d, i) => byName.set(d.name, i));
      this.deviceIndexByName = byName;
    }
    return this.deviceIndexByName;
  }

  device(name: string): Device | undefined {
    const i = this.deviceIndex.get(name);
    return i === undefined ? undefined : this.devices[i];
  }

  /**
   * The unknown of the state signal x(arg): the primary state of device `arg` (x(p1)) or its state named by
   * the suffix (x(p1.f)). Device names may contain dots (x1.p1), so the whole argument is tried as a device
   * first. Without a match: the device that was found and the state names it has (for the caller's
   * message), or undefined when no device matches at all.
   */
  stateUnknown(arg: string): { unknown: number } | { device: string; states: string[] } | undefined {
    const candidates: Array<[string, string]> = [[arg, '']];
    const dot = arg.lastIndexOf('.');
    if (dot > 0) candidates.push([arg.slice(0, dot), arg.slice(dot + 1)]);
    for (const [name, suffix] of candidates) {
      const device = this.device(name);
      if (device === undefined) continue;
      const states = device.states?.() ?? [];
      const match = states.find((s) => s.suffix === suffix) ?? (suffix === '' ? states[0] : undefined);
      if (match) return { unknown: match.unknown };
      return { device: name, states: states.map((s) => (s.suffix ? `x(${name}.${s.suffix})` : `x(${name})`)) };
    }
    return undefined;
  }

  /** Starting point: zeros, plus device-provided initial values (states at their x0, ...). */
  initialGuess(): Float64Array {
    const y = new Float64Array(this.system.size);
    for (const d of this.devices) for (const [i, v] of d.initialValues?.() ?? []) y[i] = v;
    return y;
  }

  /** A device value that enters G or C changed (a swept resistance): reload constant stamps, refactor. */
  matrixChanged(): void {
    this.system.invalidateConstantStamps();
    this.work.factors.invalidate();
  }

  resetDevices(): void {
    for (const d of this.devices) d.reset?.();
  }

  /** A DC point or time step was accepted at y (see Device.acceptPoint). */
  acceptPoint(y: Float64Array): void {
    for (const d of this.withMemory) d.acceptPoint?.(y);
  }

  /** The devices with an acceptPoint hook, so accepting a step costs nothing in circuits without any. */
  private get withMemory(): Device[] {
    this.memoryDevices ??= this.devices.filter((d) => d.acceptPoint !== undefined);
    return this.memoryDevices;
  }

  private memoryDevices: Device[] | undefined;

  /**
   * `.options testjac`: every device's G and C at y against finite differences; the worst entries of each
   * device become warnings naming the point (`where`).
   */
  testJacobians(y: Float64Array, time: number, dcSources: boolean, where: string): void {
    if (!this.options.testjac) return;
    // Per device: stamps its entry table does not declare, then value mismatches worst first.
    const byDevice = new Map<string, string[]>();
    const add = (device: string, line: string): void => {
      const list = byDevice.get(device) ?? [];
      list.push(line);
      byDevice.set(device, list);
    };
    const probe = new EquationSystemProbe(this.system);
    this.devices.forEach((_, index) => {
      for (const u of undeclaredStamps(this.system, index, y, time, dcSources, probe)) add(u.device, describeUndeclared(u));
    });
    for (const m of jacobianMismatches(this.system, y, time, dcSources)) add(m.device, describeMismatch(m));
    for (const [name, list] of byDevice) {
      const shown = list.slice(0, JACOBIAN_REPORTED_PER_DEVICE).join('; ');
      const more = list.length > JACOBIAN_REPORTED_PER_DEVICE ? ` (and ${list.length - JACOBIAN_REPORTED_PER_DEVICE} more entries)` : '';
      this.warnings.push({ message: `testjac at ${where}: ${shown}${more}`, loc: this.device(name)?.loc });
    }
  }

  /** One Newton solve, translating a singular matrix into a message naming elements. */
  newton(y: Float64Array, settings: NewtonSettings, what: string, loc?: SourceLocation): NewtonOutcome {
    try {
      const outcome = newtonSolve(this.system, this.solver, this.work, y, settings);
      this.stats.newtonIterations += outcome.iterations;
      return outcome;
    } catch (err) {
      if (err instanceof SingularMatrixError) throw new SimulationError(`${what}: ${this.explainSingular(err.column + 1)}`, loc);
      throw err;
    }
  }

  /**
   * Solve f(y) = b for a DC point, in place. Plain Newton, then gmin stepping, then source stepping;
   * throws SimulationError naming the unknowns that did not converge.
   */
  solveDc(y: Float64Array, request: DcSolveRequest): void {
    this.checkFloatingNodes(y, request);
    const opts = this.options;
    const base: NewtonSettings = {
      maxIterations: opts.itl1,
      reltol: opts.reltol,
      time: request.time,
      dcSources: request.dcSources,
      sourceScale: 1,
      alpha: 0,
      history: null,
      pins: request.pins ?? [],
    };
    const start = Float64Array.from(y);
    let outcome = this.newton(y, base, request.what, request.loc);
    if (outcome.converged) return;

    // gmin stepping: a conductance from every node to ground, relaxed a decade at a time.
    y.set(start);
    this.resetDevices();
    if (this.gminStepping(y, base, request)) return;

    // source stepping: ramp every independent source from 0 to its value.
    y.fill(0);
    y.set(this.initialGuess());
    this.resetDevices();
    const stepped = this.sourceStepping(y, base, request);
    if (stepped.converged) return;
    outcome = stepped;
    throw new SimulationError(
      `${request.what}: Newton did not converge (plain Newton, gmin stepping and source stepping all failed); ` +
        `unknowns not converged: ${this.describeUnknowns(outcome.offenders)}`,
      request.loc,
    );
  }

  private setSteppingShunt(g: number): void {
    const shunt = this.system.diagonalShunt;
    for (let i = 1; i <= this.system.n; i++) {
      shunt[i] = this.baseShunt[i] + (this.system.roles[i] === UNKNOWN_NODE ? g : 0);
    }
    this.work.factors.shuntsChanged();
  }

  private gminStepping(y: Float64Array, base: NewtonSettings, request: DcSolveRequest): boolean {
    const target = Math.max(this.options.gmin, 1e-15);
    let g = 1e-2;
    let lastGood = Float64Array.from(y);
    let ok = false;
    for (let attempt = 0; attempt < 60; attempt++) {
      this.setSteppingShunt(g);
      const outcome = this.newton(y, base, request.what, request.loc);
      if (outcome.converged) {
        ok = true;
        lastGood = Float64Array.from(y);
        if (g <= target) break;
        g /= 10;
      } else {
        if (!ok) break; // even the largest shunt failed: let source stepping try
        // Smaller steps between the last good shunt and this one.
        y.set(lastGood);
        g *= 3;
      }
    }
    if (ok) {
      this.setSteppingShunt(0);
      y.set(lastGood);
      const outcome = this.newton(y, base, request.what, request.loc);
      if (outcome.converged) return true;
    }
    this.setSteppingShunt(0);
    return false;
  }

  private sourceStepping(y: Float64Array, base: NewtonSettings, request: DcSolveRequest): NewtonOutcome {
    let scale = 0;
    let step = 0.1;
    let lastGood = Float64Array.from(y);
    let outcome = this.newton(y, { ...base, sourceScale: 0 }, request.what, request.loc);
    if (!outcome.converged) return outcome;
    lastGood = Float64Array.from(y);
    for (let attempt = 0; attempt < 500 && scale < 1; attempt++) {
      const next = Math.min(1, scale + step);
      outcome = this.newton(y, { ...base, sourceScale: next }, request.what, request.loc);
      if (outcome.converged) {
        scale = next;
        lastGood = Float64Array.from(y);
        step = Math.min(step * 2, 0.5);
      } else {
        y.set(lastGood);
        step /= 4;
        if (step < 1e-7) return outcome;
      }
    }
    return scale >= 1 ? { converged: true, iterations: 0, offenders: [] } : outcome;
  }

  /**
   * Nodes with no DC path to ground make G singular. Found once, from which G entries are nonzero at the
   * starting point: such nodes are tied to ground with gmin and reported; if independent sources drive
   * current into them (a cut-set of current sources) the circuit has no DC solution and that is an error.
   */
  private checkFloatingNodes(y: Float64Array, request: DcSolveRequest): void {
    if (this.floatingChecked) return;
    this.floatingChecked = true;
    const sys = this.system;
    sys.load(y, request.time, request.dcSources, 1, false);
    const parent = new Int32Array(sys.size);
    for (let i = 0; i < sys.size; i++) parent[i] = i;
    const find = (i: number): number => {
      while (parent[i] !== i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
      }
      return i;
    };
    for (let id = 1; id < sys.numEntries; id++) {
      if (sys.G[id] === 0) continue;
      const a = find(sys.entryRow[id]);
      const c = find(sys.entryCol[id]);
      if (a !== c) parent[Math.max(a, c)] = Math.min(a, c); // ground (0) ends up as root of its set
    }
    const floating: number[] = [];
    for (let i = 1; i <= sys.n; i++) if (find(i) !== 0) floating.push(i);
    if (floating.length === 0) return;

    const floatingSet = new Set(floating);
    const drivers = this.devices.filter(
      (d, index) => d.terminals.some((t) => floatingSet.has(t)) && this.drivesCurrent(index, y, request),
    );
    const names = floating.filter((i) => sys.roles[i] === UNKNOWN_NODE).map((i) => sys.labels[i].slice(2, -1));
    if (drivers.length > 0) {
      throw new SimulationError(
        `${request.what}: singular matrix: node(s) ${names.join(', ')} have no DC path to ground and are driven by ` +
          `current source(s) ${drivers.map((d) => d.name).join(', ')} (a cut-set of current sources has no DC solution)`,
        drivers[0].loc,
      );
    }
    const gmin = Math.max(this.options.gmin, 1e-15);
    for (const i of floating) this.baseShunt[i] = gmin;
    this.system.diagonalShunt.set(this.baseShunt);
    this.work.factors.shuntsChanged();
    // Device states can float too: an equation-defined rate that is 0 for every value of its state
    // (a threshold memristor below threshold) leaves the state undetermined at DC.
    const states = floating.filter((i) => sys.roles[i] !== UNKNOWN_NODE).map((i) => sys.labels[i]);
    const parts = names.length > 0 || states.length === 0 ? [`node(s) ${names.join(', ')} have no DC path to ground`] : [];
    if (states.length > 0) parts.push(`state(s) ${states.join(', ')} are not determined at DC (their equations do not depend on them)`);
    this.warnings.push({
      message: `${parts.join('; ')}; tied to ground with gmin = ${gmin} S`,
    });
  }

  /** Whether a device loads a nonzero independent-source term b. */
  private drivesCurrent(index: number, y: Float64Array, request: DcSolveRequest): boolean {
    const sys = this.system;
    const probe = new EquationSystemProbe(sys);
    probe.load(this.devices[index], index, y, request.time, request.dcSources);
    const driven = this.devices[index].terminals.some((t) => t !== 0 && probe.b[t] !== 0);
    probe.clear(this.devices[index], index);
    return driven;
  }

  describeUnknowns(unknowns: number[]): string {
    if (unknowns.length === 0) return '(none reported)';
    const shown = unknowns.slice(0, 6).map((i) => this.system.labels[i]);
    return shown.join(', ') + (unknowns.length > 6 ? ` and ${unknowns.length - 6} more` : '');
  }

  /** Why the matrix is singular at this unknown, naming the elements involved. */
  explainSingular(unknown: number): string {
    const sys = this.system;
    // A NaN or infinite entry (an expression undefined at the Newton iterate, e.g. a division by a node voltage
    // that starts at 0) makes the factorisation fail like a structural singularity would: say which.
    const undefinedAt = sys.labels.filter((_, i) => i > 0 && !Number.isFinite(sys.f[i]));
    if (undefinedAt.length > 0 || sys.G.some((g) => !Number.isFinite(g))) {
      const where = undefinedAt.length > 0 ? ` in the equations of ${this.describeUnknowns(sys.labels.map((_, i) => i).filter((i) => i > 0 && !Number.isFinite(sys.f[i])))}` : '';
      return `the circuit equations are not finite (NaN or infinite)${where} at the Newton iterate: an expression is undefined there (a division by a voltage or current that is 0 at the start, a log or sqrt of 0); give a starting point with .nodeset or .ic`;
    }
    const label = sys.labels[unknown] ?? `unknown ${unknown}`;
    const role = sys.roles[unknown];
    if (role === UNKNOWN_BRANCH) {
      const owner = this.devices.findIndex((_, i) => sys.deviceUnknowns(i).includes(unknown));
      const loop = owner >= 0 ? this.voltageLoopThrough(owner) : [];
      if (loop.length > 0) {
        return `singular matrix: ${label} is undetermined: loop of voltage sources / inductors ${loop.join(', ')}`;
      }
      return `singular matrix at ${label}`;
    }
    if (role === UNKNOWN_INTERNAL) return `singular matrix at state ${label}`;
    const touching = this.devices.filter((d) => d.terminals.includes(unknown)).map((d) => d.name);
    return `singular matrix at node ${label.slice(2, -1)} (connected to ${touching.join(', ') || 'nothing'}): no DC path or a cut-set of current sources`;
  }

  /** Voltage-defined elements (owners of a branch-current unknown) forming a loop with device `owner`. */
  private voltageLoopThrough(owner: number): string[] {
    const sys = this.system;
    const branchDevices = this.devices
      .map((d, i) => ({ d, i }))
      .filter(({ i }) => sys.deviceUnknowns(i).some((u) => sys.roles[u] === UNKNOWN_BRANCH) && this.devices[i].terminals.length >= 2);
    const target = this.devices[owner];
    const [from, to] = target.terminals;
    // BFS from `to` to `from` over the other voltage-defined branches.
    const previous = new Map<number, { node: number; device: string }>();
    const queue = [to];
    const seen = new Set([to]);
    while (queue.length > 0) {
      const node = queue.shift() as number;
      if (node === from) break;
      for (const { d, i } of branchDevices) {
        if (i === owner) continue;
        const [a, c] = d.terminals;
        const other = a === node ? c : c === node ? a : -1;
        if (other < 0 || seen.has(other)) continue;
        seen.add(other);
        previous.set(other, { node, device: d.name });
        queue.push(other);
      }
    }
    if (!seen.has(from)) return [];
    const names = [target.name];
    let node = from;
    while (node !== to) {
      const step = previous.get(node);
      if (!step) break;
      names.push(step.device);
      node = step.node;
    }
    return names;
  }
}

export { UNKNOWN_BRANCH, UNKNOWN_INTERNAL, UNKNOWN_NODE };
