#!/usr/bin/env node
// Thin launcher: run the CLI built into dist/ (`npm run build`; `npm ci` and `npm test` build it), exit with its code.
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/cli.js')) throw err;
  process.stderr.write("memspice: the CLI is not built: run 'npm run build' (npm ci and npm test do it)\n");
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
