/**
 * `npm run build:web`: the static page in web/dist/ (index.html, style.css, main.js, worker.js), usable from any
 * file server and served by `memspice serve`. esbuild bundles the page and its worker for the browser; the
 * engine is src/ unchanged, with `node:fs` and `node:path` replaced by web/shims (the files added to the page)
 * and the figure netlists of netlists/ bundled for the picker.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function netlistsModule(): string {
  const dir = path.join(root, 'netlists');
  const read = (ext: string): Record<string, string> =>
    Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith(ext)).sort().map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
  return `export const NETLISTS = ${JSON.stringify(read('.cir'))};\nexport const LIBRARIES = ${JSON.stringify(read('.lib'))};\n`;
}

const browserShims: Plugin = {
  name: 'memspice-browser',
  setup(b) {
    b.onResolve({ filter: /^node:fs$/ }, () => ({ path: path.join(root, 'web/shims/fs.ts') }));
    b.onResolve({ filter: /^node:path$/ }, () => ({ path: path.join(root, 'web/shims/path.ts') }));
    b.onResolve({ filter: /^memspice:netlists$/ }, () => ({ path: 'netlists', namespace: 'memspice' }));
    b.onLoad({ filter: /.*/, namespace: 'memspice' }, () => ({ contents: netlistsModule(), loader: 'js' }));
  },
};

export async function buildWeb(): Promise<string> {
  const out = path.join(root, 'web/dist');
  mkdirSync(out, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'web/src/main.ts', worker: 'web/src/worker.ts' },
    outdir: out,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    // process.cwd() is only the fallback of an option the worker always passes.
    define: { 'process.env.MEMSPICE_DEBUG': 'undefined' },
    plugins: [browserShims],
    logLevel: 'warning',
  });
  for (const f of ['index.html', 'style.css']) copyFileSync(path.join(root, 'web', f), path.join(out, f));
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`wrote ${path.relative(root, await buildWeb())}/`);
}
