/** What `memspice run` sends the simulation (in the worker or in its own thread) and what comes back. */
import type { ProgressListener, SimulationResult } from '../analysis/results.ts';
import type { TableFilesTarget } from './tableFiles.ts';

/** What the simulation worker needs: the netlist, where it lives, and the limits given on the command line. */
export interface RunRequest {
  text: string;
  file: string;
  cwd: string;
  includePath: string[];
  maxElements?: number;
  maxSteps?: number;
  /** Stream the transients' tables into files here (the CLI's CSV output) instead of returning their rows. */
  stream?: TableFilesTarget;
}

export type WorkerMessage =
  | { type: 'warning'; message: string }
  | { type: 'progress'; analysis: Parameters<ProgressListener>[0]; fraction: number }
  | { type: 'result'; result: SimulationResult }
  /** A streamed table's partial file was created (the main thread removes it should the simulation fail). */
  | { type: 'partial'; file: string }
  | { type: 'failed'; text: string; exitCode: number };

/** Simulates one request, every outcome a message (src/simulationWorker.ts). */
export type RequestHandler = (request: RunRequest, post: (m: WorkerMessage) => void) => void;
