/**
 * The one device interface. Every element, from a resistor to a 3-D chemical inductor, contributes to
 *
 *     f(y) + d q(y)/dt = b(t)
 *
 * over the unknown vector y (node voltages, branch currents, device states; y[0] is ground and always 0).
 * `load` adds the device's resistive residual f, its reactive "charge" q, the Jacobians G = df/dy and
 * C = dq/dy, and independent-source terms b. DC solves f = b, transient discretises dq/dt, AC solves
 * (G + jwC) Y = B. G and C at an operating point also determine the poles of the linearised circuit (the
 * generalised eigenvalues of the pencil (G, C)), which is what a stability analysis would use. No analysis
 * asks which device it has.
 *
 * Sign conventions (fixed here, tested once):
 * - KCL row of node k: f[k] += current leaving node k through the device. So a device's contribution to
 *   the row of its n+ terminal is the current flowing into n+ and through the device.
 * - A state s with `tau ds/dt = g(u, s)` is one row with q = tau*s and f = -g.
 * - A branch current unknown i of a voltage-defined element (V, L, E) flows from n+ through the element to n-.
 *
 * Bind once, load by handle: in `setup` a device asks for its unknowns and its matrix entries and keeps the
 * returned handles (plain integers); `load` only adds numbers at those handles. Devices never special-case
 * ground: a grounded terminal is unknown 0, whose f, q and b slots are ignored; the entry (0, 0) is one
 * shared trash handle; an entry with only its row or its column at ground gets a handle of its own, outside
 * the solver's pattern: its values are kept (the floating-node check and the Jacobian check read them) but
 * never enter the matrix.
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import type { SourceLocation } from '../base/errors.ts';
import type { ClosedForm } from '../models/closedForm.ts';
import type { ParamSpec } from '../models/params.ts';

/**
 * Which absolute tolerance an unknown's convergence test uses (vntol, abstol, or the state default). Says
 * nothing about the unknown's structural role: CHEMIND's state ic is a current by tolerance, yet not the
 * branch current of a voltage-defined element.
 */
export type ToleranceClass = 'voltage' | 'current' | 'state';

export interface SetupContext {
  /** Index of a (flattened, lower-case) node; 0 for ground. */
  node(name: string): number;
  /**
   * A new device-internal unknown (a state variable). `label` names it in messages (e.g. 'x(p1)');
   * `absTol` overrides the default absolute tolerance of its class (vntol for voltages, abstol for
   * currents, 1e-9 for states).
   */
  addUnknown(label: string, tolerance: ToleranceClass, absTol?: number): number;
  /**
   * The branch current unknown of a voltage-defined element (V, L, E), flowing from its first terminal
   * through the element to its second (label e.g. 'i(v1)'); tolerance class 'current'. The singular-matrix
   * diagnosis looks for loops among exactly these elements.
   */
  addBranchCurrent(label: string): number;
  /**
   * The branch current unknown another element added under `label` ('i(v1)'), or undefined when there is
   * none. Only complete for devices that set `setupAfterBranches` (F, H, K read V's and L's currents).
   */
  branchCurrent(label: string): number | undefined;
  /**
   * Handle of matrix entry (row, col), shared by G and C (and by every device asking for the same pair).
   * (0, 0) gives the trash handle 0; other entries touching ground get handles that never reach the solver.
   */
  entry(row: number, col: number): number;
}

/**
 * How a matrix entry's value behaves: 'varying' depends on the operating point (or time), 'constant' is
 * fixed once the device's parameters are (incidence +-1, tau on the diagonal of C).
 */
export type EntryValue = 'varying' | 'constant';

/** A matrix entry as a device declared it (entryTable in base.ts), with the handle it was bound to. */
export interface DeclaredEntry {
  readonly name: string;
  readonly handle: number;
  /** Present when the device stamps the entry into G = df/dy. */
  readonly G?: EntryValue;
  /** Present when the device stamps the entry into C = dq/dy. */
  readonly C?: EntryValue;
}

/** The arrays a device adds into during one load. Indexed by unknown (f, q, b) or by handle (G, C). */
export interface LoadContext {
  /** Current Newton iterate; y[0] = 0. Read only. */
  readonly y: Float64Array;
  /** Time at which sources are evaluated (transient); 0 otherwise. */
  readonly time: number;
  /**
   * True when independent sources take their DC values (.op, .dc, AC operating point). False in transient,
   * where they follow their waveform at `time` (the transient's own initial operating point included).
   */
  readonly dcSources: boolean;
  /** Multiplier on every independent source (source stepping); 1 normally. */
  readonly sourceScale: number;
  /**
   * Whether devices may limit the change of their controlling variables (Newton step limiting). Off when the
   * engine re-evaluates a converged point (outputs, AC linearisation), so what is loaded is the true f(y).
   */
  readonly limiting: boolean;
  /**
   * Whether G is read after this load. False in chord iterations, which reuse factors computed earlier:
   * devices may then skip computing and stamping G. C is read in every load (the transient advances q by
   * C times the last Newton update), and f, q, b always.
   */
  readonly jacobian: boolean;
  readonly f: Float64Array;
  readonly q: Float64Array;
  readonly b: Float64Array;
  readonly G: Float64Array;
  readonly C: Float64Array;
  /** Devices that limited a variable this iteration increment this: the iteration is then not converged. */
  nonConverged: number;
}

/** AC excitation: independent sources add their phasor into B. */
export interface AcLoadContext {
  readonly bRe: Float64Array;
  readonly bIm: Float64Array;
}

/** A named unknown or quantity a device publishes for output: `x(p1)`, `x(p1.f)`, `ga(p1)`. */
export interface StateOutput {
  /** '' for the device's primary state (`x(name)`), else the suffix (`x(name.f)`). */
  suffix: string;
  unknown: number;
}

export interface Device {
  readonly name: string;
  readonly kind: string;
  readonly loc: SourceLocation;
  /** Node indices of the terminals in netlist order (valid after setup). */
  readonly terminals: number[];
  /**
   * True when f and q are linear in y with constant G and C (R, C, L, sources, controlled sources). A circuit
   * of linear devices needs one Newton solve per point and can reuse its factorisation while the matrix
   * stays the same.
   */
  readonly linear?: boolean;
  /**
   * Stronger than `linear`: f = G y and q = C y with G, C independent of y, time and analysis, and no b term
   * (R, C, L, E, G; not independent sources). The system loads such devices once and afterwards adds their
   * contribution as a sparse matrix-vector product, without calling `load` in the Newton loop.
   */
  readonly constantStamps?: boolean;

  setup(ctx: SetupContext): void;
  load(ctx: LoadContext): void;
  /** Set up after every device without it, so `SetupContext.branchCurrent` finds every branch. */
  readonly setupAfterBranches?: boolean;

  /**
   * The matrix entries the device declared in setup. The Jacobian check holds the device to them: a value
   * stamped into G or C at a handle that does not declare it there is reported.
   */
  declaredEntries?(): readonly DeclaredEntry[];

  /** Independent sources only. */
  loadAc?(ctx: AcLoadContext): void;
  /**
   * Time points the step control must hit exactly (PULSE/PWL corners) in [from, to]. Called once per
   * transient with its whole interval.
   */
  breakpoints?(from: number, to: number): number[];
  /**
   * How b(t) depends on time in a transient: 'constant', a period T > 0 (b(t + T) = b(t) for every t >= 0, with
   * every timing written out, so the transient's tstep/tstop defaults do not enter), or 'aperiodic'. Read by
   * `.pss`, which shoots over the common period of the driven circuit; devices without it count as constant.
   */
  excitationPeriod?(): number | 'constant' | 'aperiodic';
  /** Largest time step this device tolerates at the current solution (fast switching), or Infinity. */
  maxTimeStep?(y: Float64Array): number;
  /**
   * The value a .dc sweep sets (source DC value, or a resistance). `changesMatrix`: setting it changes G or C
   * (a resistance), not only b (a source value), so stored stamps and factorisations must be redone.
   */
  sweepValue?: { get(): number; set(value: number): void; readonly changesMatrix?: boolean };
  /** State unknowns for `x(...)` outputs and `.ic x(...)`. */
  states?(): StateOutput[];
  /**
   * Default initial value of unknowns the device owns when no operating point is computed (`uic`) or as
   * a Newton starting guess: pairs [unknown, value]. Also where `x0=` style instance parameters land.
   */
  initialValues?(): Array<[number, number]>;
  /**
   * Instance-parameter initial conditions that the operating point must honour (`x0=`): pairs
   * [unknown, value] pinned during the initial operating point of a transient.
   */
  pinnedInitialValues?(): Array<[number, number]>;
  /**
   * SPICE instance initial conditions (C and L `ic=`), which SPICE honours only with `uic` (without it the
   * operating point ignores them): unknowns to start from, pairs [unknown, value].
   */
  uicInitialValues?(): Array<[number, number]>;
  /**
   * With `uic`: corrections [row, dq] to the initial charge, for an initial condition no unknown expresses
   * (a capacitor `ic=` between two non-ground nodes starts at q = C ic whatever the node voltages are).
   */
  uicChargeCorrections?(y: Float64Array): Array<[number, number]>;
  /**
   * Physical range of unknowns the device owns: [unknown, lower, upper] (x in [0, 1], ...). Newton projects
   * its iterates into these bounds: a linearised update of an exponential-rate state can overshoot far out of
   * range, and the true solution is always inside.
   */
  bounds?(): Array<[number, number, number]>;
  /** Small-signal quantities at an operating point for `.op` output (e.g. gb, ga, tau_t, La). */
  opQuantities?(y: Float64Array): Record<string, number>;
  /** Called once at the start of a transient (sources fill SPICE's tstep/tstop-based waveform defaults). */
  beginTransient?(tstep: number, tstop: number): void;
  /** Forget Newton-limiting memory (start of an analysis). */
  reset?(): void;
  /**
   * A DC point or a time step was accepted with solution y: devices with memory (hysteresis switches) fix
   * their state here, never during Newton iterations or in rejected steps.
   */
  acceptPoint?(y: Float64Array): void;
}

/** Parameter tables are part of the device models (src/models/params.ts); re-exported for device files. */
export type { ParamSpec } from '../models/params.ts';

/** What a device may read of the circuit it is in: temperature and tnom, degC (SimOptions.temp/.tnom). */
export interface DeviceEnvironment {
  temp: number;
  tnom: number;
}

export interface DeviceDefinition {
  /** Registry key: 'R', 'C', ... for SPICE letters, 'MEMDIODE' etc. for Y devices. */
  kind: string;
  /** One line for docs and `memspice devices`. */
  summary: string;
  /** Number of terminals. */
  terminals: number;
  /** `.model` types other than `kind` itself, with the parameters each implies (see CatalogEntry). */
  modelTypes?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  params: readonly ParamSpec[];
  /** `environment`: the circuit's temperature and tnom (its SimOptions); absent: SPICE's nominal 27 degC. */
  create(instance: ElementInstance, environment?: DeviceEnvironment): Device;
  /** Small-signal closed form (the reference `zcheck` compares the .ac analysis with); absent: none known. */
  closedForm?: ClosedForm;
}
