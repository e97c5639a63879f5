/**
 * Loads the built simulator (dist/simulator.cjs, scripts/build.ts) with V8's code cache, for `memspice run`'s
 * start-up: compiling the 700 kB bundle is most of what a small netlist costs beyond Node's own start. Node 20
 * caches no compiled ES module (module.enableCompileCache came in Node 22); a classic script compiled through
 * `vm.Script` takes V8's `cachedData`. The bundle is our own build output, never netlist text.
 *
 * The cache (dist/simulator.cjs.cache) is written by `npm run build` after a small run, so that it holds the
 * functions a run compiles, not only the top level. V8 refuses a cache made by another V8 version or with other
 * flags (`cachedDataRejected`); the bundle then compiles from source, as without a cache, and the cache is
 * written again after the run where dist/ is writable (never an error when not).
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type { RequestHandler } from './messages.ts';

export interface CompiledSimulator {
  handleRequest: RequestHandler;
  /** Writes the code cache again when there was none or V8 refused it (after a run: with what the run compiled). */
  refreshCache(): void;
}

/** The cache file beside a bundle. */
export function cacheFileOf(bundle: string): string {
  return `${bundle}.cache`;
}

/** Runs the CommonJS bundle at `bundleUrl` (its top level included), compiled from its code cache when V8 accepts it. */
export function loadCompiledSimulator(bundleUrl: URL): CompiledSimulator {
  const file = fileURLToPath(bundleUrl);
  const source = readFileSync(file, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFileOf(file));
  } catch {
    cachedData = undefined;
  }
  // The wrapper Node puts around a CommonJS module, so the bundle's require() and exports work as they do there.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  const module = { exports: {} as { handleRequest: RequestHandler } };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  return {
    handleRequest: module.exports.handleRequest,
    refreshCache: () => {
      // Only for a plain `node` (no V8 flags, which V8's check includes): a run with --max-old-space-size must not
      // replace the cache every ordinary run uses by one only it can.
      if (stale && process.execArgv.length === 0 && !process.env.NODE_OPTIONS) writeCache(script, file);
    },
  };
}

/** The script's code cache beside its bundle; through a temporary name, so a concurrent run never reads half a file. */
export function writeCache(script: vm.Script, file: string): void {
  const tmp = `${cacheFileOf(file)}.${process.pid}.partial`;
  try {
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFileOf(file));
  } catch {
    // A read-only installation: every run compiles from source, as without a cache.
    rmSync(tmp, { force: true });
  }
}
