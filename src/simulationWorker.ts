/**
 * The worker thread `memspice run` simulates in (src/cli.ts): a heap exhausted here ends this worker, which the
 * main thread reports as one line, instead of V8 aborting the whole process. The worker is started before the
 * netlist is known (bin/memspice.js starts it first thing, so that its own Node start-up overlaps with loading
 * the CLI), loads the simulator meanwhile, and then waits for one request message.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { NetlistError, SimulationError } from './base/errors.ts';
import type { ProgressListener, SimulationResult } from './analysis/results.ts';
import { simulate } from './simulate.ts';

/** What the simulation worker needs: the netlist, where it lives, and the limits given on the command line. */
export interface RunRequest {
  text: string;
  file: string;
  cwd: string;
  includePath: string[];
  maxElements?: number;
  maxSteps?: number;
}

export type WorkerMessage =
  | { type: 'warning'; message: string }
  | { type: 'progress'; analysis: Parameters<ProgressListener>[0]; fraction: number }
  | { type: 'result'; result: SimulationResult }
  | { type: 'failed'; text: string; exitCode: number };

function serve(port: NonNullable<typeof parentPort>): void {
  port.once('message', (request: RunRequest) => {
    const post = (m: WorkerMessage): void => port.postMessage(m);
    let lastProgress = -Infinity;
    try {
      const result = simulate(request.text, {
        ...request,
        onWarning: (message) => post({ type: 'warning', message }),
        // At most every 50 ms: a transient reports each step, and a message per step would cost more than the step.
        onProgress: (analysis, fraction) => {
          const now = performance.now();
          if (now - lastProgress < 50 && fraction < 1) return;
          lastProgress = now;
          post({ type: 'progress', analysis, fraction });
        },
      });
      post({ type: 'result', result });
    } catch (err) {
      if (err instanceof NetlistError) post({ type: 'failed', text: err.format(), exitCode: 1 });
      else if (err instanceof SimulationError) post({ type: 'failed', text: err.format(), exitCode: 2 });
      else post({ type: 'failed', text: `memspice: internal error: ${err instanceof Error ? err.message : String(err)}`, exitCode: 2 });
    }
  });
}

if (!isMainThread && parentPort) serve(parentPort);
