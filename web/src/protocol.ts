/** The messages between the page (main.ts) and the simulation worker (worker.ts). */
import type { SimulationResult } from '../../src/analysis/results.ts';
import type { Figure, ImpedanceComparison } from '../../src/plot/figures.ts';

export interface RunMessage {
  type: 'run';
  file: string;
  text: string;
  /** Files `.include` and `.lib` may read, by name, beside the netlist. */
  files: Array<[string, string]>;
}

export type WorkerReply =
  | { type: 'progress'; analysis: string; fraction: number }
  | { type: 'warning'; message: string }
  | {
      type: 'result';
      result: SimulationResult;
      figures: Figure[];
      zcheck: Array<ImpedanceComparison & { maxRelativeDifference: number }> | string | null;
      seconds: number;
    }
  /** line/column: where in the main netlist the error is (0 when it is elsewhere, e.g. in an included file). */
  | { type: 'error'; message: string; file: string; line: number; column: number };
