/**
 * The simulator of `memspice run`, built to dist/simulator.cjs: what the worker thread runs (src/cli/workerEntry.ts;
 * a heap exhausted there ends the worker, which the main thread reports as one line, instead of V8 aborting the
 * whole process), and what the CLI runs in its own thread for a netlist too small to need that guard
 * (src/cli/smallRun.ts). Everything imported here is loaded on every run, so what only the worker needs
 * (node:worker_threads, a few ms to load) is imported by the worker's entry instead.
 */
import { NetlistError, SimulationError } from './base/errors.ts';
import type { RequestHandler } from './cli/messages.ts';
import { simulate } from './simulate.ts';
import { TableFiles } from './cli/tableFiles.ts';

export type { RunRequest, WorkerMessage } from './cli/messages.ts';

/**
 * Simulates one request, every outcome a message: what the worker posts to the main thread, and what the CLI
 * receives when it runs a small netlist in its own thread (src/cli/smallRun.ts), so that both report alike.
 */
export const handleRequest: RequestHandler = (request, post) => {
  let lastProgress = -Infinity;
  const files = request.stream ? new TableFiles(request.stream, (file) => post({ type: 'partial', file })) : undefined;
  try {
    const result = simulate(request.text, {
      ...request,
      ...(files ? { streamTable: (table) => files.create(table) } : {}),
      onWarning: (message) => post({ type: 'warning', message }),
      // At most every 50 ms: a transient reports each step, and a message per step would cost more than the step.
      onProgress: (analysis, fraction) => {
        const now = Date.now();
        if (now - lastProgress < 50 && fraction < 1) return;
        lastProgress = now;
        post({ type: 'progress', analysis, fraction });
      },
    });
    post({ type: 'result', result });
  } catch (err) {
    files?.discard();
    if (err instanceof NetlistError) post({ type: 'failed', text: err.format(), exitCode: 1 });
    else if (err instanceof SimulationError) post({ type: 'failed', text: err.format(), exitCode: 2 });
    else post({ type: 'failed', text: `memspice: internal error: ${err instanceof Error ? err.message : String(err)}`, exitCode: 2 });
  }
};
