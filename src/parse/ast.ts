/**
 * The netlist AST: one statement per logical line, includes spliced in, subcircuit bodies nested.
 * Names are lower-case (`text` keeps what was written); values are unevaluated (numbers, `{expressions}`,
 * or bare words whose meaning depends on where they stand). Every node carries its original location.
 */
import type { DefineAst } from './define.ts';
import type { Expr } from './expr.ts';
import type { SourceLocation } from '../base/errors.ts';

/** The analyses a netlist can ask for (`.op`, `.dc`, `.ac`, `.tran`); `.print` and `.meas` name one. */
export type AnalysisType = 'op' | 'dc' | 'ac' | 'tran' | 'pss' | 'poles' | 'stability';

/** A non-fatal remark about a line (an option ignored, a command skipped). */
export interface Remark {
  message: string;
  loc: SourceLocation;
}

export interface Name {
  /** Lower-case. */
  name: string;
  /** As written. */
  text: string;
  loc: SourceLocation;
}

/** `v(out)`, `i(v1)`, `x(p1.f)`, `ga(p1)`: function and arguments lower-case. */
export interface SignalAst {
  fn: string;
  args: Name[];
  loc: SourceLocation;
}

export type ValueAst =
  | { kind: 'num'; value: number; text: string; loc: SourceLocation }
  | { kind: 'expr'; expr: Expr; loc: SourceLocation }
  /** A bare word: a parameter reference in parameter assignments, a keyword elsewhere (`method=gear`). */
  | { kind: 'word'; name: string; text: string; loc: SourceLocation }
  | { kind: 'signal'; signal: SignalAst; loc: SourceLocation }
  | { kind: 'str'; text: string; loc: SourceLocation };

/** A value that must be numeric: a number or an expression. */
export type NumericAst = Extract<ValueAst, { kind: 'num' } | { kind: 'expr' }>;

export interface AssignAst {
  key: Name;
  value: ValueAst;
  loc: SourceLocation;
}

/** How an analysis' table is written (Xyce `.print ... FORMAT=`): CSV, or blank-separated with/without an Index column. */
export type OutputFormat = 'csv' | 'std' | 'noindex';

export type PrintItemAst =
  | { kind: 'signal'; signal: SignalAst }
  /**
   * `{v(a)-v(b)}`: `expr` refers to its signals as refs named `#0`, `#1`, ... (indices into `signals`);
   * other refs are parameters. `text` is the expression as written, without the braces.
   */
  | { kind: 'expr'; text: string; expr: Expr; signals: SignalAst[]; loc: SourceLocation }
  /** `all` (node voltages and branch currents, as ngspice's `.save all`), `allv` (node voltages), `alli` (every device current). */
  | { kind: 'all'; which: 'all' | 'allv' | 'alli'; loc: SourceLocation };

/** A `.control` command: an analysis to run now, `run` (the netlist's analyses), or an output of the last one. */
export type ControlCommandAst =
  | { kind: 'run'; loc: SourceLocation }
  | { kind: 'analysis'; statement: Extract<Statement, { type: 'op' | 'dc' | 'ac' | 'tran' }>; loc: SourceLocation }
  /** `all`: every vector of the last analysis. */
  | { kind: 'wrdata' | 'print'; file?: string; vectors: SignalAst[]; all: boolean; options?: WrdataOptions; loc: SourceLocation };

/** ngspice's `set wr_singlescale` (one scale column for all vectors) and `set wr_vecnames` (a header line), for wrdata. */
export interface WrdataOptions {
  singleScale: boolean;
  vectorNames: boolean;
}

export type WaveformKind = 'sin' | 'pulse' | 'pwl' | 'exp' | 'sffm' | 'am';

export type MeasTokenAst =
  | { kind: 'word'; name: Name }
  | { kind: 'value'; value: NumericAst }
  | { kind: 'signal'; signal: SignalAst }
  | { kind: 'assign'; key: Name; keySignal?: SignalAst; value: ValueAst; loc: SourceLocation };

export type Statement =
  /**
   * R, C, L (value, or a model, or both), E, G, and the elements that name others in `refs`: F and H
   * (the controlling voltage source), K (the two inductors, no nodes), W (the controlling voltage source);
   * S and W always have a model (SW, CSW).
   */
  | {
      type: 'element';
      letter: 'R' | 'C' | 'L' | 'E' | 'G' | 'F' | 'H' | 'K' | 'S' | 'W';
      name: Name;
      nodes: Name[];
      value?: NumericAst;
      model?: Name;
      refs?: Name[];
      params: AssignAst[];
      loc: SourceLocation;
    }
  /** An element memspice does not have: an error only where elaboration uses it. */
  | { type: 'unsupported'; name: Name; message: string; loc: SourceLocation }
  | {
      type: 'source';
      letter: 'V' | 'I';
      name: Name;
      nodes: Name[];
      dc?: NumericAst;
      ac?: { mag?: NumericAst; phase?: NumericAst; loc: SourceLocation };
      /** `repeat` and `delay`: PWL's `r=` and `td=`. */
      wave?: { kind: WaveformKind; args: NumericAst[]; repeat?: NumericAst; delay?: NumericAst; loc: SourceLocation };
      loc: SourceLocation;
    }
  | { type: 'instance'; name: Name; nodes: Name[]; subckt: Name; params: AssignAst[]; loc: SourceLocation }
  /** `YMEMDIODE p1 a b mod1 vm=0.05`: kind 'MEMDIODE', name p1, words = nodes then the optional model. */
  | { type: 'ydevice'; kind: string; kindLoc: SourceLocation; name: Name; words: Name[]; params: AssignAst[]; loc: SourceLocation }
  | { type: 'model'; name: Name; mtype: Name; params: AssignAst[]; loc: SourceLocation }
  | { type: 'param'; assigns: AssignAst[]; loc: SourceLocation }
  /** `.global vdd vss`: nodes that keep their name inside every subcircuit instance. */
  | { type: 'global'; nodes: Name[]; loc: SourceLocation }
  | { type: 'subckt'; name: Name; ports: Name[]; params: AssignAst[]; body: Statement[]; loc: SourceLocation }
  | { type: 'ic'; entries: Array<{ signal: SignalAst; value: NumericAst; loc: SourceLocation }>; loc: SourceLocation }
  /** `.nodeset v(n)=x`: a Newton starting point of the operating point (held for a first pass, then released). */
  | { type: 'nodeset'; entries: Array<{ signal: SignalAst; value: NumericAst; loc: SourceLocation }>; loc: SourceLocation }
  | { type: 'options'; entries: Array<{ key: Name; value?: ValueAst; loc: SourceLocation }>; loc: SourceLocation }
  | { type: 'op'; loc: SourceLocation }
  | { type: 'dc'; sweeps: Array<{ source: Name; start: NumericAst; stop: NumericAst; step: NumericAst }>; loc: SourceLocation }
  | { type: 'ac'; variation: 'dec' | 'oct' | 'lin'; points: NumericAst; fstart: NumericAst; fstop: NumericAst; loc: SourceLocation }
  /** tstep is absent in `.tran tstop` (LTspice); 0 or absent lets elaboration choose it. */
  | { type: 'tran'; tstep?: NumericAst; tstop: NumericAst; tstart?: NumericAst; tmax?: NumericAst; uic: boolean; loc: SourceLocation }
  | { type: 'pss'; tguess?: NumericAst; tsettle?: NumericAst; loc: SourceLocation }
  /** `.poles [max=N]`: the finite poles at the operating point. */
  | { type: 'poles'; max?: NumericAst; loc: SourceLocation }
  /**
   * `.stability SRC start stop step [max=N]`: poles along a DC sweep of a source, bifurcations located; with
   * `param` (`.stability param NAME ...`), `source` names a `.param` instead.
   */
  | { type: 'stability'; source: Name; param?: true; start: NumericAst; stop: NumericAst; step: NumericAst; max?: NumericAst; loc: SourceLocation }
  /** list: the values; lin: start stop step; dec/oct: start stop points-per-decade/octave. */
  /**
   * `param`: a `.param` name, else an element (`.step V1 ...`, `.step R1 ...`: its value) or `temp`; with
   * `model` (Xyce `MODEL:PARAM`, LTspice `TYPE MODEL(PARAM)`), a parameter of that model.
   */
  | { type: 'step'; param: Name; model?: Name; mode: 'list' | 'lin' | 'dec' | 'oct'; values: NumericAst[]; loc: SourceLocation }
  /** `.print` / `.probe` / `.save`: analysis undefined applies to every analysis. */
  | { type: 'print'; analysis?: AnalysisType; items: PrintItemAst[]; format?: OutputFormat; warnings?: Remark[]; loc: SourceLocation }
  /** An ngspice `.control` ... `.endc` block: the commands memspice acts on (the rest warned about and skipped). */
  | { type: 'control'; commands: ControlCommandAst[]; warnings?: Remark[]; loc: SourceLocation }
  | { type: 'meas'; analysis: AnalysisType; name: Name; tokens: MeasTokenAst[]; loc: SourceLocation }
  /** `.mc N [seed=S]`: N Monte Carlo samples of every analysis (statistical functions in parse/random.ts). */
  | { type: 'mc'; samples: NumericAst; seed?: NumericAst; loc: SourceLocation }
  /** `B n+ n- I=expr` / `V=expr`, `E`/`G n+ n- VALUE={expr}` (behavioural.ts). */
  | { type: 'behavioural'; letter: 'B' | 'E' | 'G'; name: Name; nodes: Name[]; mode: 'I' | 'V'; expr: Expr; loc: SourceLocation }
  /** `.func name(a, b) = {expr}` (functions.ts); calls are expanded when the netlist is read. */
  | { type: 'func'; name: Name; params: Name[]; body: Expr; loc: SourceLocation }
  /** `.define`: a device type written as equations (define.ts). */
  | { type: 'define'; define: DefineAst; loc: SourceLocation }
  /** `.plot TYPE [KIND] signal ... [XLOG] [YLOG]`: a figure of one analysis (`measure`: the PULSES measurement of `pulses`). */
  | { type: 'plot'; analysis: PlotAnalysis; kind: PlotKind; signals: SignalAst[]; measure?: Name; xlog: boolean; ylog: boolean; loc: SourceLocation };

/** What a `.plot` draws: signals against the analysis' axis, one signal against another, an impedance, PULSES readings. */
export type PlotKind = 'signals' | 'xy' | 'nyquist' | 'bode' | 'pulses' | 'poles' | 'stability';

/** The analyses a `.plot` can draw: the tables of .tran, .dc, .ac, and the poles of `.poles` and `.stability`. */
export type PlotAnalysis = 'tran' | 'dc' | 'ac' | 'poles' | 'stability';

export interface NetlistAst {
  title: string;
  /** File name used in messages for the main netlist. */
  file: string;
  statements: Statement[];
  /** Remarks found while reading (lines after .end, ignored commands). */
  warnings: Array<{ message: string; loc: SourceLocation }>;
}
