/**
 * `npm run build`: the JavaScript package in dist/, so that neither the CLI nor `import 'memspice'` needs a
 * TypeScript toolchain at run time.
 *
 *   dist/index.js                the library: an esbuild bundle (ES module, code split into shared chunks beside
 *                                it); dependencies stay external, resolved from node_modules as usual
 *   dist/cli.cjs (+ .cache)      the CLI as one CommonJS script and its V8 code cache: what bin/memspice.js runs,
 *                                through dist/launch.cjs, and what the simulation worker (dist/simulationWorker.cjs)
 *                                and the threads of --jobs (dist/poolThread.cjs) load; dist/render.cjs beside it
 *   dist/types/                  declarations (tsc), relative imports rewritten from .ts to .js
 *   src/engine/linear/kernels.generated.ts   the LU kernels, written first (scripts/gen-lu-kernels.ts)
 *
 * Start-up (`npm run bench -- --only startup`) is why the CLI is one script: Node reads one file, and V8 compiles
 * it from the code cache instead of from source (src/cli/compiled.ts).
 *
 *   --js-only   skip the declarations: they take a full type check and only matter for the published package.
 *               The test suite's global set-up builds the bundles this way (test/global-setup.ts), so the CLI that
 *               bin/memspice.js runs is always the current sources.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { writeKernels } from './gen-lu-kernels.ts';

const defaultRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(root: string, args: string[]): void {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/** Every `.d.ts` under dir, recursively. */
function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? declarationFiles(p) : e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/**
 * Packages bundled into dist/ rather than imported from node_modules: the two the simulator itself needs (the
 * eigenvalue routines of .poles/.pss, the complex numbers of the closed forms). Imported from node_modules they are
 * CommonJS, which Node's ES module loader scans for export names (cjs-module-lexer) on every start, most of the
 * worker's start-up; bundled, esbuild keeps only what is used and V8 compiles it lazily.
 */
const BUNDLED_PACKAGES = new Set(['ml-matrix', 'complex.js']);

/** Every other dependency stays external (resolved from node_modules at run time), with its subpaths. */
function externalPackages(root: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {})
    .filter((name) => !BUNDLED_PACKAGES.has(name))
    .flatMap((name) => [name, `${name}/*`]);
}

/** The bundles in dist/. */
export async function buildJavaScript(root = defaultRoot): Promise<void> {
  // The LU kernels are generated source (scripts/gen-lu-kernels.ts), not kept in git.
  writeKernels(root);
  const dist = path.join(root, 'dist');
  // Chunk names carry content hashes: remove the previous build's, keep dist/types.
  if (existsSync(dist)) {
    for (const e of readdirSync(dist, { withFileTypes: true })) {
      if (e.name !== 'types') rmSync(path.join(dist, e.name), { recursive: true, force: true });
    }
  }
  // The library.
  await build({
    absWorkingDir: root,
    entryPoints: { index: 'src/index.ts' },
    outdir: dist,
    bundle: true,
    splitting: true,
    chunkNames: '[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: externalPackages(root),
    logLevel: 'warning',
  });
  // What bin/memspice.js runs: CommonJS scripts, because only a script can be compiled from V8's code cache in
  // Node 20 (src/cli/compiled.ts), and a CommonJS entry starts without Node's ES module loader.
  const script = {
    absWorkingDir: root,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: externalPackages(root),
    // import.meta.url of the sources: the bundle's own file, as in the ES module build.
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: 'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    logLevel: 'warning',
  } as const;
  // Loaded by require, each a few dozen lines: the launcher (--help, --version, then the CLI bundle), the worker
  // thread's and the pool threads' entries (the CLI bundle again, for its simulator), and the figure renderer: src/plot/render.ts imports
  // vega, an ES module only, and import() does not work in a script compiled from V8's code cache (Node 20 loses
  // the script's loader), so the CLI bundle requires the renderer as the plain CommonJS module it is.
  await build({ ...script, entryPoints: ['src/cli/launch.ts'], outfile: path.join(dist, 'launch.cjs') });
  await build({ ...script, entryPoints: ['src/cli/workerEntry.ts'], outfile: path.join(dist, 'simulationWorker.cjs') });
  await build({ ...script, entryPoints: ['src/cli/poolEntry.ts'], outfile: path.join(dist, 'poolThread.cjs') });
  await build({ ...script, entryPoints: ['src/plot/render.ts'], outfile: path.join(dist, 'render.cjs') });
  // The CLI bundle: src/cli.ts with all it imports, the simulator included, as one script compiled from its code
  // cache (the modules a command loads on first use stay behind their import(), which esbuild turns into an
  // initialisation on first call).
  const cli = await build({
    ...script,
    entryPoints: ['src/cli.ts'],
    outfile: path.join(dist, 'cli.cjs'),
    plugins: [renderModuleBeside, loadedOnFirstUse(root)],
    // No comments: the bundle is then ASCII (esbuild escapes the rest), read as latin1 (compiled.ts).
    minifyWhitespace: true,
    metafile: true,
  });
  const imported = Object.values(cli.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.kind === 'dynamic-import' && i.external).map((i) => i.path));
  if (imported.length > 0) throw new Error(`dist/cli.cjs would import() ${imported.join(', ')}, which fails once it is compiled from the code cache`);
  requireAscii(path.join(dist, 'cli.cjs'));
  writeCodeCache(root);
}

/** src/plot/render.ts, in the CLI bundle: dist/render.cjs, required from beside it (see buildJavaScript). */
const renderModuleBeside: Plugin = {
  name: 'render-module-beside',
  setup(b) {
    b.onResolve({ filter: /\/plot\/render\.ts$/ }, () => ({ path: './render.cjs', external: true }));
  },
};

/**
 * The bundled packages, in the CLI bundle, loaded when a name of theirs is first used: ml-matrix's top level installs
 * a hundred methods on its classes, for the eigenvalue solvers of .poles, .pss and .stability, which most runs do
 * not have. Each import of one becomes a CommonJS module of getters, one per export, that requires the package on
 * the first read.
 */
function loadedOnFirstUse(root: string): Plugin {
  const requireFromRoot = createRequire(path.join(root, 'package.json'));
  return {
    name: 'loaded-on-first-use',
    setup(b) {
      const filter = new RegExp(`^(?:${[...BUNDLED_PACKAGES].map((p) => p.replace(/[.]/g, '\\.')).join('|')})$`);
      // The getters' own require() of the package resolves as usual.
      b.onResolve({ filter }, (args) => (args.namespace === 'first-use' ? undefined : { path: args.path, namespace: 'first-use' }));
      b.onLoad({ filter: /.*/, namespace: 'first-use' }, (args) => {
        const names = Object.keys(requireFromRoot(args.path) as object).filter((name) => name !== 'default' && name !== '__esModule');
        const getters = names.map((name) => `  ${JSON.stringify(name)}: { enumerable: true, get: () => load()[${JSON.stringify(name)}] },`);
        const contents = [`let loaded;`, `const load = () => (loaded ??= require(${JSON.stringify(args.path)}));`, `Object.defineProperties(module.exports, {`, ...getters, `});`].join('\n');
        return { contents, loader: 'js', resolveDir: root };
      });
    },
  };
}

/** compiled.ts reads a bundle as latin1, which is its text only when every byte is ASCII. */
function requireAscii(file: string): void {
  const bytes = readFileSync(file);
  const at = bytes.findIndex((b) => b > 0x7f);
  if (at >= 0) throw new Error(`${file} is not ASCII at byte ${at}: ${JSON.stringify(bytes.subarray(Math.max(0, at - 40), at + 40).toString('utf8'))}`);
}

/**
 * dist/cli.cjs.cache: the code cache of a small run, made by running one through the built CLI (with no cache, the
 * launcher writes it after the run, with every function the run compiled).
 */
function writeCodeCache(root: string): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'memspice-build-'));
  try {
    writeFileSync(path.join(dir, 'cache.cir'), 'code cache: a source and a resistor\nV1 in 0 DC 1\nR1 in 0 1k\n.op\n');
    const r = spawnSync(process.execPath, [path.join(root, 'bin/memspice.js'), 'run', 'cache.cir', '--out', 'out', '--quiet'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    if (r.status !== 0) throw new Error(`the built CLI failed on a three-line netlist: ${r.stderr}`);
    if (!existsSync(path.join(root, 'dist/cli.cjs.cache'))) throw new Error('the built CLI wrote no code cache (dist/cli.cjs.cache)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** dist/types: tsc's declarations, with the `.ts` specifiers it keeps rewritten (`./x.js` resolves to `./x.d.ts`). */
export function buildDeclarations(root = defaultRoot): void {
  const types = path.join(root, 'dist/types');
  rmSync(types, { recursive: true, force: true });
  run(root, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  for (const file of declarationFiles(types)) {
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/(['"])(\.{1,2}\/[^'"\n]*?)\.ts\1/g, '$1$2.js$1'));
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await buildJavaScript();
  if (!process.argv.includes('--js-only')) buildDeclarations();
}
