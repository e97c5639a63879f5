/**
 * The worker thread `memspice run` simulates in (src/cli.ts, simulateInWorker), built to dist/simulationWorker.cjs:
 * it loads the CLI bundle dist/cli.cjs from its code cache (compiled.ts), the same script and cache as the main
 * thread's, and serves the one request the CLI posts with the simulator in it (src/simulationWorker.ts).
 */
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { loadCompiledScript } from './compiled.ts';
import type { RequestHandler, RunRequest } from './messages.ts';

const port = parentPort;
if (port === null) throw new Error('dist/simulationWorker.cjs runs as a worker thread of memspice run');
const cli = loadCompiledScript<{ handleRequest: RequestHandler }>(fileURLToPath(new URL('./cli.cjs', import.meta.url)));
port.once('message', (request: RunRequest) => {
  cli.exports.handleRequest(request, (m) => port.postMessage(m));
  cli.refreshCache();
});
