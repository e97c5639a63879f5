/**
 * The elaborated circuit: what the netlist means once includes are read, subcircuits flattened,
 * parameters resolved to numbers and names lower-cased. The engine and the analyses only ever see this;
 * they never see netlist text or the AST.
 */
import type { SourceLocation } from '../base/errors.ts';
import type { AnalysisType, OutputFormat, WrdataOptions } from '../parse/ast.ts';
import type { Expr } from '../parse/expr.ts';

export type { AnalysisType, OutputFormat };

/**
 * Transient waveforms of independent sources (SPICE conventions). Where SPICE defaults a parameter from the
 * transient's tstep/tstop, elaboration records it as omitted (`SourceSpec.omitted`) and the source fills it
 * in when the transient starts (`withDefaults` in src/devices/waveforms.ts), as it does for one given as 0.
 */
export type Waveform =
  | { kind: 'sin'; vo: number; va: number; freq: number; td: number; theta: number; phaseDeg: number }
  | { kind: 'pulse'; v1: number; v2: number; td: number; tr: number; tf: number; pw: number; per: number }
  /** `delay` (td=) shifts every time; from `repeatFrom` (r=) on, the list after that time repeats forever. */
  | { kind: 'pwl'; times: number[]; values: number[]; delay?: number; repeatFrom?: number }
  | { kind: 'exp'; v1: number; v2: number; td1: number; tau1: number; td2: number; tau2: number }
  /** ngspice SFFM: vo + va sin(2 pi fc t + phasec + mdi sin(2 pi fs t + phases)). */
  | { kind: 'sffm'; vo: number; va: number; fc: number; mdi: number; fs: number; phasecDeg: number; phasesDeg: number }
  /** ngspice AM: va (vo + sin(2 pi mf s + phases)) sin(2 pi fc s + phases), s = t - td, 0 before td (phasec unused, as in ngspice 39). */
  | { kind: 'am'; va: number; vo: number; mf: number; fc: number; td: number; phasecDeg: number; phasesDeg: number };

/** Value specification of an independent V or I source. */
export interface SourceSpec {
  /** DC value, used by .op and .dc (0 when absent). */
  dc: number;
  /** Whether `DC x` (or a bare value) was written; the transient operating point uses the waveform at t=0 otherwise. */
  hasDc: boolean;
  acMag: number;
  acPhaseDeg: number;
  tran?: Waveform;
  /**
   * Some waveform parameters default to tstep / tstop in SPICE (PULSE tr, tf, pw, per; SIN freq; EXP
   * timings). Elaboration records which were omitted so the transient analysis can fill them in.
   */
  omitted?: string[];
}

/**
 * One flattened element instance.
 * - `kind` is the device type key in the device registry: 'R', 'C', 'L', 'V', 'I', 'E', 'G' for SPICE letters,
 *   or the Y-device type in upper case ('MEMDIODE', 'CHEMIND', 'POLCAP', ...).
 * - `nodes`: flattened node names, lower-case, '0' (also 'gnd') is ground; inside subcircuit instance x1 a local
 *   node n is 'x1.n' (nested: 'x1.x2.n').
 *   R, C, L, V, I, Y devices: [n+, n-]. E, G: [n+, n-, nc+, nc-].
 * - `name`: hierarchical lower-case name, e.g. 'r1', 'x1.r2'. For Y lines the instance name is the second
 *   token (`YMEMDIODE p1 a b` is named 'p1'); inside subcircuits it is prefixed ('x1.p1').
 * - `params`: every `name=value` given (model parameters merged under instance ones), lower-case keys, numbers.
 *   R/C/L keep their value under 'value' (plus optional 'ic' for C/L initial condition: `C1 a b 1u ic=0.5`).
 *   E keeps 'gain', G keeps 'gm'. Device factories validate names against their own parameter tables.
 */
export interface ElementInstance {
  name: string;
  kind: string;
  nodes: string[];
  params: Record<string, number>;
  /** Name of the .model used (lower-case), if any. */
  model?: string;
  /** F, H: the controlling voltage source; K: the two inductors (flattened names). */
  refs?: string[];
  /** The elements `refs` names, resolved by elaboration. */
  refElements?: ElementInstance[];
  source?: SourceSpec;
  /**
   * B sources and E/G with VALUE=: the current (mode I) or voltage (mode V) as an expression whose parameters
   * are numbers already and whose refs `#k` are `signals[k]`: a voltage v(nodes[a]) - v(nodes[b]) (b < 0:
   * ground), or the branch current of `refs[ref]`.
   */
  behaviour?: {
    mode: 'I' | 'V';
    expr: Expr;
    signals: Array<{ fn: 'v'; a: number; b: number } | { fn: 'i'; ref: number }>;
  };
  loc: SourceLocation;
}

export interface DcSweepSpec {
  /** Lower-case element name of the swept source (a V or I, or any device exposing a sweepable value). */
  source: string;
  start: number;
  stop: number;
  step: number;
}

export type AnalysisSpec =
  | { type: 'op'; loc: SourceLocation }
  | { type: 'dc'; sweeps: DcSweepSpec[]; loc: SourceLocation } // sweeps[0] is the inner (fast) sweep
  | { type: 'ac'; variation: 'dec' | 'oct' | 'lin'; points: number; fstart: number; fstop: number; loc: SourceLocation }
  | { type: 'tran'; tstep: number; tstop: number; tstart: number; tmax?: number; uic: boolean; loc: SourceLocation }
  /** tguess: expected period (autonomous circuits); tsettle: length of the warm-up transient. */
  | { type: 'pss'; tguess?: number; tsettle?: number; loc: SourceLocation }
  | { type: 'poles'; max?: number; loc: SourceLocation }
  /** With `param`, `sweep.source` is a top-level `.param` (lower-case): each point re-elaborates the circuit. */
  | { type: 'stability'; sweep: DcSweepSpec; param?: true; max: number; loc: SourceLocation };

/**
 * An output signal as written, e.g. v(out), v(a,b), i(v1), z(v1), x(p1), x(p1.f), ga(p1).
 * `fn` is lower-case ('v', 'i', 'z', 'x', or a device quantity name), `args` lower-case names.
 */
export interface SignalSpec {
  fn: string;
  args: string[];
  loc: SourceLocation;
}

/**
 * One output of a `.print`/`.probe`/`.save` line.
 * - signal: a signal as the analysis computes it (in .ac: columns re(...) and im(...)).
 * - expr: `{v(a)-v(b)}` or `vdb(out)`: an expression whose refs `#k` are `leaves[k]`, parameters already numbers.
 *   Column `column`; in .ac a pair re()/im() unless the expression is real-valued (db, mag, ph, real, imag).
 * - all: the default signals (`all`), the node voltages (`allv`) or the current of every device (`alli`).
 */
export type PrintOutput =
  | { kind: 'signal'; signal: SignalSpec }
  | { kind: 'expr'; column: string; expr: Expr; leaves: SignalSpec[]; loc: SourceLocation }
  | { kind: 'all'; which: 'all' | 'allv' | 'alli'; loc: SourceLocation };

/** `.print TYPE sig …`, `.probe sig …`, `.save sig …` (analysis undefined: applies to all). */
export interface PrintSpec {
  analysis?: AnalysisType;
  /** The plain signals of the line (all of its outputs when `outputs` is absent). */
  signals: SignalSpec[];
  /** Every output in order, when the line has more than plain signals. */
  outputs?: PrintOutput[];
  /** Xyce FORMAT=: how the analysis' table is written (CSV by default). */
  format?: OutputFormat;
  loc: SourceLocation;
}

/**
 * An ngspice `.control` block's commands, elaborated: analyses to run, `run` (the netlist's analyses), and
 * outputs of the last analysis run (`vectors` resolved against its columns; `all`: every column).
 */
export type ControlCommand =
  | { kind: 'run'; loc: SourceLocation }
  | { kind: 'analysis'; spec: AnalysisSpec; loc: SourceLocation }
  | { kind: 'wrdata' | 'print'; file?: string; vectors: SignalSpec[]; all: boolean; options?: WrdataOptions; loc: SourceLocation };

export interface SimOptions {
  /**
   * Circuit temperature in °C (`.temp`, `.options temp=`, `.step temp`), and the temperature model
   * parameters were measured at (`tnom`); SPICE's default 27 for both. Recorded for devices that depend on
   * temperature; the memristive, iontronic and linear devices of memspice do not, and ignore it.
   */
  temp: number;
  tnom: number;
  reltol: number;
  abstol: number;
  vntol: number;
  gmin: number;
  /** DC Newton iteration limit. */
  itl1: number;
  /** Transient Newton iteration limit per time point. */
  itl4: number;
  method: 'trap' | 'gear';
  maxord: number;
  /** Charge tolerance for local truncation error control (SPICE chgtol). */
  chgtol: number;
  /**
   * Allowed ratio of local truncation error to tolerance (SPICE trtol). Default 1, not SPICE's 7: memspice
   * estimates the true truncation error, SPICE a six-fold smaller quantity (src/analysis/integration.ts).
   */
  trtol: number;
  /**
   * `.options testjac`: compare every device's analytic Jacobians with finite differences at the operating
   * point and at sampled transient points, and warn about mismatches (for authors of new devices).
   */
  testjac: boolean;
  /**
   * Most time steps (accepted and rejected) one `.tran` may take: a run that needs more is a typo (`.tran 1m
   * 1e300`) or would fill memory with its rows (about 100 bytes each).
   */
  maxsteps: number;
  /**
   * `.options continuation=arclength`: `.dc` follows its branch by pseudo-arclength continuation, around the
   * folds where the swept value turns back ('natural', the default, steps the swept value).
   */
  continuation: 'natural' | 'arclength';
}

export const DEFAULT_OPTIONS: SimOptions = {
  temp: 27,
  tnom: 27,
  reltol: 1e-3,
  abstol: 1e-12,
  vntol: 1e-6,
  gmin: 1e-12,
  itl1: 100,
  itl4: 10,
  method: 'trap',
  maxord: 2,
  chgtol: 1e-14,
  trtol: 1,
  testjac: false,
  maxsteps: 1e8,
  continuation: 'natural',
};

/** `.ic v(node)=value` or `.ic x(device)=value` / `.ic x(device.state)=value`. */
export interface InitialCondition {
  signal: SignalSpec;
  value: number;
  loc: SourceLocation;
}

/** `.step param NAME …`: re-runs every analysis for each value. */
export interface StepSpec {
  param: string;
  values: number[];
  loc: SourceLocation;
}

/**
 * `.meas TYPE NAME …`. Kept as resolved tokens so the measurement module owns its own syntax;
 * elaboration resolves `{expressions}` and numbers, and keeps words lower-case.
 */
export interface MeasureSpec {
  analysis: AnalysisType;
  name: string;
  /** The remaining tokens after the name, numbers resolved, signals kept as SignalSpec. */
  tokens: Array<
    | { kind: 'word'; value: string }
    | { kind: 'number'; value: number }
    | { kind: 'signal'; signal: SignalSpec }
    /** `key=value`; for `when v(a)=0.5` the key is the text 'v(a)' and `keySignal` the parsed signal. */
    | { kind: 'assign'; key: string; keySignal?: SignalSpec; value: number | SignalSpec | string }
  >;
  loc: SourceLocation;
}

/**
 * What elaboration needs to know about device kinds: whether a kind exists (for `Y<kind>` lines and
 * `.model` types) and how many terminals it has. The device registry (src/devices/registry.ts) provides
 * it; elaboration sees only this much, so the circuit layer does not depend on the devices.
 */
export interface CatalogEntry {
  kind: string;
  terminals: number;
  /**
   * `.model` types this kind accepts, each with the parameters it implies (M: NMOS sets type=1, PMOS
   * type=-1). Absent: the model type is the kind itself.
   */
  modelTypes?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface DeviceCatalog {
  get(kind: string): CatalogEntry | undefined;
  all(): CatalogEntry[];
}

export interface Circuit {
  title: string;
  elements: ElementInstance[];
  analyses: AnalysisSpec[];
  options: SimOptions;
  initialConditions: InitialCondition[];
  /** `.nodeset v(n)=x` (only v()): where Newton starts the operating point; absent: none. */
  nodesets?: InitialCondition[];
  prints: PrintSpec[];
  measures: MeasureSpec[];
  /** The netlist's `.control` block, when it has one: then its commands decide which analyses run. */
  control?: ControlCommand[];
  /** Every node name that appears (lower-case, flattened), ground excluded. */
  nodes: string[];
  /**
   * Position of each of `nodes` from 1, when elaboration built it (the engine reuses it as its node numbering
   * rather than building a second map of every node name).
   */
  nodeIndex?: ReadonlyMap<string, number>;
  /** Non-fatal remarks found during elaboration (unknown .options, ignored lines after .end, ...). */
  warnings: Array<{ message: string; loc: SourceLocation }>;
}
