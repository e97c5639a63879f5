/**
 * What bin/memspice.js runs, built to dist/launch.cjs. `--help` and `--version` are answered from the usage text
 * and package.json alone (usage.ts); every other command runs in the CLI bundle dist/cli.cjs (src/cli.ts and all it
 * imports, the simulator included, as one CommonJS script), compiled from its code cache (compiled.ts). Once the
 * command has returned, the cache is written again if V8 refused it or there was none, with every function the
 * command compiled.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCompiledScript } from './compiled.ts';
import { standardIo } from './io.ts';
import { immediateAnswer } from './usage.ts';

/** The built CLI's main (src/cli.ts). */
type Main = (argv: string[]) => Promise<number>;

/** Runs the command `argv` with the CLI built into `dist`; resolves to the exit code. */
export async function launch(argv: string[], dist: string): Promise<number> {
  const answer = immediateAnswer(argv, () => String((JSON.parse(readFileSync(join(dist, '../package.json'), 'utf8')) as { version?: unknown }).version));
  if (answer !== undefined) {
    standardIo().stdout.write(answer);
    return 0;
  }
  const cli = loadCompiledScript<{ main: Main }>(join(dist, 'cli.cjs'));
  const exitCode = await cli.exports.main(argv);
  cli.refreshCache();
  return exitCode;
}
