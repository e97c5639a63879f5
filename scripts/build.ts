/**
 * `npm run build`: the JavaScript package in dist/, so that neither the CLI nor `import 'memspice'` needs a
 * TypeScript toolchain at run time.
 *
 *   dist/cli.js, dist/index.js   esbuild bundles (ES modules, code split into shared chunks beside them);
 *                                dependencies stay external, resolved from node_modules as usual
 *   dist/generated/              the nearley grammar compiled from grammar/netlist.ne (src/parse/grammar.ts
 *                                requires it relative to the module that holds it, i.e. dist/)
 *   dist/types/                  declarations (tsc), relative imports rewritten from .ts to .js
 *
 * Bundling rather than emitting one file per module is what makes start-up fast: Node resolves and compiles
 * one ES module graph of a few files instead of ~60 (`npm run bench -- --only startup`).
 *
 *   --js-only   skip the declarations (npm test rebuilds the bundles bin/memspice.js runs; the types take
 *               a full type check and only matter for the published package)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const jsOnly = process.argv.includes('--js-only');

function run(command: string, args: string[]): void {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/** Every `.d.ts` under dir, recursively. */
function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? declarationFiles(p) : e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const grammarSource = path.join(root, 'src/parse/generated/netlist-grammar.cjs');
mkdirSync(path.dirname(grammarSource), { recursive: true });
run(process.execPath, [path.join(root, 'node_modules/nearley/bin/nearleyc.js'), 'grammar/netlist.ne', '-o', grammarSource]);

rmSync(jsOnly ? path.join(dist, 'generated') : dist, { recursive: true, force: true });
for (const f of jsOnly ? readdirSync(dist, { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.js')) : []) {
  rmSync(path.join(dist, f.name));
}
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts' },
  outdir: dist,
  bundle: true,
  splitting: true,
  chunkNames: '[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
mkdirSync(path.join(dist, 'generated'), { recursive: true });
copyFileSync(grammarSource, path.join(dist, 'generated/netlist-grammar.cjs'));

if (!jsOnly) {
  run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  // tsc keeps the sources' `.ts` specifiers in declarations; a consumer resolves `./x.js` to `./x.d.ts`.
  for (const file of declarationFiles(path.join(dist, 'types'))) {
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/(['"])(\.{1,2}\/[^'"\n]*?)\.ts\1/g, '$1$2.js$1'));
  }
}
