/**
 * What a thread of the `--jobs` pool (src/runPool.ts, piscina) loads, built to dist/poolThread.cjs: the CLI bundle
 * dist/cli.cjs from its code cache (compiled.ts), the same script and cache as the main thread's and the simulation
 * worker's, and its `poolRun`. A thread so starts in about 10 ms instead of the 60 ms an ES module build of the CLI
 * takes to load without a cache, and its first run finds the simulator's functions compiled. The cache is only
 * read here: the main thread writes it.
 */
import { fileURLToPath } from 'node:url';
import { loadCompiledScript } from './compiled.ts';

/** src/cli.ts's poolRun; its task and reply types stay in src/runPool.ts (this folder imports nothing above it). */
type PoolRun = (task: never) => Promise<unknown>;

const cli = loadCompiledScript<{ poolRun: PoolRun }>(fileURLToPath(new URL('./cli.cjs', import.meta.url)));

/** A run of the pool (src/cli.ts, poolRun). */
export const poolRun = cli.exports.poolRun;
