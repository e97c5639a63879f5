/**
 * The worker thread `memspice run` simulates in (src/cli.ts): a heap exhausted here ends this worker, which the
 * main thread reports as one line, instead of V8 aborting the whole process. The CLI starts it once it has read
 * the netlist, unless the netlist is small enough to need no such guard (src/cli/smallRun.ts); it loads the
 * simulator and then waits for one request message.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
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
        const now = performance.now();
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

function serve(port: NonNullable<typeof parentPort>): void {
  port.once('message', (request: Parameters<RequestHandler>[0]) => handleRequest(request, (m) => port.postMessage(m)));
}

if (!isMainThread && parentPort) serve(parentPort);
