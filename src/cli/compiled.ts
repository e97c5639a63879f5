/**
 * Loads a CommonJS bundle of the build (scripts/build.ts) with V8's code cache: dist/cli.cjs, the CLI as
 * bin/memspice.js runs it, and dist/simulator.cjs, the simulator of `memspice run`. Compiling a bundle is most
 * of what a small netlist costs beyond Node's own start. Node 20 caches no compiled module (module.enableCompileCache
 * came in Node 22); a classic script compiled through `vm.Script` takes V8's `cachedData`. The bundles are our own
 * build output, never netlist text.
 *
 * The cache (`<bundle>.cache`) is written by `npm run build` after a small run, so that it holds the functions a
 * run compiles, not only the top level. V8 refuses a cache made by another V8 version or with other flags
 * (`cachedDataRejected`); the bundle then compiles from source, as without a cache, and the cache is written again
 * after the run where dist/ is writable (never an error when not: an installation in a read-only node_modules).
 *
 * The bundles are ASCII (the build checks it), so their text is read as latin1, which is a copy of the bytes,
 * rather than decoded as UTF-8 (several ms for the 800 kB CLI).
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

export interface CompiledScript<Exports> {
  exports: Exports;
  /** Writes the code cache again when there was none or V8 refused it (after a run: with what the run compiled). */
  refreshCache(): void;
}

/** The cache file beside a bundle. */
export function cacheFileOf(bundle: string): string {
  return `${bundle}.cache`;
}

/** Runs the CommonJS bundle `file` (its top level included), compiled from its code cache when V8 accepts it. */
export function loadCompiledScript<Exports>(file: string): CompiledScript<Exports> {
  // Node before 20.12 has no way to give a vm.Script's import() Node's own loader: there the bundle is required
  // as the module it is, compiled from source.
  const mainContextLoader = (vm.constants as Partial<typeof vm.constants> | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (mainContextLoader === undefined) return { exports: createRequire(file)(file) as Exports, refreshCache: () => {} };
  const source = readFileSync(file, 'latin1');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFileOf(file));
  } catch {
    cachedData = undefined;
  }
  // The wrapper Node puts around a CommonJS module, so the bundle's require() and exports work as they do there;
  // its import() of an ES module package (vega for --plot) goes to Node's own loader, as a module's would.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
    importModuleDynamically: mainContextLoader,
  });
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  const module = { exports: {} as Exports };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
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
