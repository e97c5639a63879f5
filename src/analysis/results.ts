/** What simulate() returns: plain data, ready for JSON and CSV. */
import type { AnalysisType } from '../circuit/circuit.ts';

export interface AnalysisResult {
  type: AnalysisType;
  /** Parameter values of the .step iteration this result belongs to. */
  step?: Record<string, number>;
  columns: string[];
  data: number[][];
  /** .meas results, by measurement name. */
  measures?: Record<string, number>;
}

export interface SimulationResult {
  title: string;
  analyses: AnalysisResult[];
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
