#!/usr/bin/env node
// The launcher of the built CLI (dist/, `npm run build`; `npm ci` and `npm test` build it). A CommonJS script
// (bin/package.json), because Node starts an ES module entry through its module loader, which loads a dozen
// internal modules first: several ms of every command's start-up. dist/launch.cjs (src/cli/launch.ts) answers
// --help and --version itself and runs every other command in the CLI bundle, compiled from V8's code cache.
'use strict';
const path = require('node:path');

let launcher;
try {
  launcher = require('../dist/launch.cjs');
} catch (err) {
  if (err?.code !== 'MODULE_NOT_FOUND' || !String(err.message).includes('launch.cjs')) throw err;
  process.stderr.write("memspice: the CLI is not built: run 'npm run build' (npm ci and npm test do it)\n");
  process.exit(2);
}
launcher.launch(process.argv.slice(2), path.join(__dirname, '../dist')).then(
  (exitCode) => (process.exitCode = exitCode),
  (err) => {
    // main() reports every error of a command itself: this is a broken build (a bundle missing or unreadable).
    process.stderr.write(`memspice: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
