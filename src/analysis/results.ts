/** What simulate() returns: plain data, ready for JSON and CSV. */
import type { AnalysisType, OutputFormat } from '../circuit/circuit.ts';
import type { SourceLocation } from '../base/errors.ts';
import type { PlotAnalysis, PlotKind } from '../parse/ast.ts';

export interface AnalysisResult {
  type: AnalysisType;
  /** Parameter values of the .step iteration this result belongs to. */
  step?: Record<string, number>;
  /** Monte Carlo sample index (0-based) of this result, under `.mc`. */
  sample?: number;
  columns: string[];
  /** The rows; empty when the table was streamed (rowsStreamed). */
  data: number[][];
  /**
   * The table went row by row to a TableSink as it was computed (the CLI's CSV of a long transient) and is not
   * kept: this many rows were written, and `data` is empty.
   */
  rowsStreamed?: number;
  /** How the table is written (Xyce `.print ... FORMAT=`); CSV when absent. */
  format?: OutputFormat;
  /** .meas results, by measurement name. */
  measures?: Record<string, number>;
  /** .poles: how many of the poles are the exact zero pole of a state with no restoring term. */
  floatingStates?: number;
  /** .stability: the Hopf points and folds found along the sweep, in sweep order. */
  bifurcations?: Bifurcation[];
  /** `.pss` only: the periodic steady state whose one period `data` holds. */
  periodic?: PeriodicSteadyState;
}

/** One Floquet multiplier (an eigenvalue of the monodromy matrix). */
export interface FloquetMultiplier {
  re: number;
  im: number;
  magnitude: number;
}

/** What `.pss` found besides the orbit table. */
export interface PeriodicSteadyState {
  /** s; the sources' period when driven. */
  period: number;
  /** Hz. */
  frequency: number;
  /** No periodic source: the period was found with the orbit. */
  autonomous: boolean;
  /** Of the dynamic unknowns, by descending magnitude; an autonomous orbit has one at 1. */
  floquet: FloquetMultiplier[];
  /** Smallest and largest value of every printed signal on the orbit (at its time points). */
  ranges: Array<{ signal: string; min: number; max: number }>;
  /** Shooting Newton iterations. */
  iterations: number;
  /** Autonomous only: the Poincaré section the orbit starts on (time 0), unknown = value. */
  phase?: { signal: string; value: number };
}

/** A bifurcation located by `.stability` (or `.dc` under `.options continuation=arclength`: folds only). */
export interface Bifurcation {
  kind: 'hopf' | 'fold';
  /** The swept value there. */
  value: number;
  /** Hopf: the frequency of the pair on the imaginary axis (rad/s). */
  omega?: number;
  /** Whether the operating point is stable just above `value` (in the swept value) on this branch. */
  stable_above: boolean;
  /**
   * Hopf: the sign of the first Lyapunov coefficient: 'supercritical' (l1 < 0, a small stable cycle is born),
   * 'subcritical' (l1 > 0, a jump to a large cycle), 'degenerate' when |l1| is within its finite-difference error.
   */
  criticality?: 'supercritical' | 'subcritical' | 'degenerate';
  /** Hopf: the first Lyapunov coefficient itself (in the circuit's units of the eigenvector normalisation). */
  lyapunov?: number;
}

/**
 * Output of a `.control` block's `wrdata` or `print`: the vectors of the analysis run last (`analysis`, an
 * index into `analyses`), as columns scale, value (real analyses) or scale, re, im (.ac) per vector for wrdata,
 * and as the analysis' own columns for print.
 */
export interface ControlOutput {
  command: 'wrdata' | 'print';
  /** wrdata: the file name as written (relative, inside the output directory). */
  file?: string;
  analysis: number;
  columns: string[];
  data: number[][];
  /** wrdata under ngspice's `set wr_vecnames`: the file starts with a line of vector names. */
  vectorNames?: boolean;
}

export interface SimulationResult {
  title: string;
  analyses: AnalysisResult[];
  /** Outputs of the netlist's `.control` block, in order (absent without one). */
  control?: ControlOutput[];
  /**
   * With more than one run (`.step`, `.mc`): every `.meas` result over the runs, `values[name][k]` from
   * `runs[k]` (NaN where that run did not produce it).
   */
  measureRuns?: { runs: Array<{ step?: Record<string, number>; sample?: number }>; values: Record<string, number[]> };
  /** The netlist's `.plot` lines, in order (absent without one): what src/plot draws from `analyses`. */
  plots?: PlotRequest[];
}

/** One `.plot` line: which analysis' table, what kind of figure, which columns (docs/netlist.md, "Plots"). */
export interface PlotRequest {
  analysis: PlotAnalysis;
  kind: PlotKind;
  /** Column names of the signals as the table names them (`v(a)`, `z(v1)`; an .ac table has re() and im() of each). */
  signals: string[];
  /** `pulses`: the name of the `.meas tran NAME PULSES` measurement drawn. */
  measure?: string;
  xlog: boolean;
  ylog: boolean;
  loc: SourceLocation;
}

/**
 * Where an analysis writes its table row by row instead of keeping it, so that a transient of 1e7 points runs in
 * memory that does not grow with its length. `columns` comes once, before the first row.
 */
export interface TableSink {
  columns(names: readonly string[]): void;
  /** One row; the array is the caller's buffer, reused for the next row: read it before returning. */
  row(values: readonly number[]): void;
}

/** A printed table about to be streamed: its place among the result's analyses (0-based) and what names its file. */
export interface StreamedTable extends Pick<AnalysisResult, 'type' | 'step' | 'sample' | 'format'> {
  index: number;
  columns: readonly string[];
}

/** Where a streamed table's printed rows go (a file), and its end. */
export interface TableWriter {
  row(values: readonly number[]): void;
  close(): void;
}

/** Progress callback: analysis type, fraction done in [0, 1]. */
export type ProgressListener = (analysis: AnalysisType, fraction: number) => void;

/** Counters an analysis reports (benchmarks, summaries). */
export interface AnalysisStatistics {
  newtonIterations: number;
  timeSteps: number;
  rejectedSteps: number;
  points: number;
}
