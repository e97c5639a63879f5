/**
 * What bin/memspice.js runs, built to dist/launch.cjs: the CLI bundle dist/cli.cjs (src/cli.ts as one CommonJS
 * script), compiled from its code cache (compiled.ts), then its main(). Once main has returned, the cache is
 * written again if V8 refused it or there was none, with every function the command compiled.
 */
import { join } from 'node:path';
import { loadCompiledScript } from './compiled.ts';

/** The built CLI's main (src/cli.ts). */
type Main = (argv: string[]) => Promise<number>;

/** Runs the command `argv` with the CLI built into `dist`; resolves to the exit code. */
export async function launch(argv: string[], dist: string): Promise<number> {
  const cli = loadCompiledScript<{ main: Main }>(join(dist, 'cli.cjs'));
  const exitCode = await cli.exports.main(argv);
  cli.refreshCache();
  return exitCode;
}
