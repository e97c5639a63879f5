#!/usr/bin/env node
// Thin launcher: run the CLI built into dist/ (`npm run build`; `npm ci` and `npm test` build it), exit with its code.
// `memspice run` simulates in a worker thread (src/simulationWorker.ts; why: src/cli.ts). It is started first
// thing, so that its own Node start-up runs on another core while this thread loads the CLI; unreferenced, so a run
// that stops early (a usage error, an unbuilt dist/) does not wait for it.
import { Worker } from 'node:worker_threads';

const args = process.argv.slice(2);
let worker;
if (args[0] === 'run' && !args.includes('--help') && !args.includes('-h')) {
  worker = new Worker(new URL('../dist/simulationWorker.js', import.meta.url));
  worker.unref();
  worker.on('error', () => {}); // reported by the CLI once it listens (or moot when dist/ is not built)
}
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/cli.js')) throw err;
  process.stderr.write("memspice: the CLI is not built: run 'npm run build' (npm ci and npm test do it)\n");
  process.exit(2);
}
process.exitCode = await cli.main(args, undefined, worker);
