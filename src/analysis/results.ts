/** What simulate() returns: plain data, ready for JSON and CSV. */
import type { AnalysisType, OutputFormat } from '../circuit/circuit.ts';

export interface AnalysisResult {
  type: AnalysisType;
  /** Parameter values of the .step iteration this result belongs to. */
  step?: Record<string, number>;
  /** Monte Carlo sample index (0-based) of this result, under `.mc`. */
  sample?: number;
  columns: string[];
  data: number[][];
  /** How the table is written (Xyce `.print ... FORMAT=`); CSV when absent. */
  format?: OutputFormat;
  /** .meas results, by measurement name. */
  measures?: Record<string, number>;
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
