/**
 * The worker thread's entry point in the built CLI (dist/simulationWorker.js): the simulator bundle, compiled from
 * its code cache (compiled.ts), serving the one request the CLI posts (src/cli.ts, simulateInWorker).
 */
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { loadCompiledScript } from './compiled.ts';
import type { RequestHandler, RunRequest } from './messages.ts';

const port = parentPort;
if (port === null) throw new Error('dist/simulationWorker.js runs as a worker thread of memspice run');
const simulator = loadCompiledScript<{ handleRequest: RequestHandler }>(fileURLToPath(new URL('./simulator.cjs', import.meta.url)));
port.once('message', (request: RunRequest) => simulator.exports.handleRequest(request, (m) => port.postMessage(m)));
