#!/usr/bin/env node
// Thin launcher: run the CLI built into dist/ (`npm run build`; `npm ci` and `npm test` build it), exit with its code.
// `memspice run` simulates in a worker thread (src/simulationWorker.ts; why: src/cli.ts), which the CLI starts once
// it has read the netlist: a netlist too small to exhaust the heap runs without one (src/cli/smallRun.ts), and
// the worker's own start-up would be most of its run.
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/cli.js')) throw err;
  process.stderr.write("memspice: the CLI is not built: run 'npm run build' (npm ci and npm test do it)\n");
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
