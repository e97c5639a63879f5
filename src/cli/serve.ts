/**
 * `memspice serve [--port P]`: the web page (web/dist, `npm run build:web`) on http://127.0.0.1:P/ only, for
 * this machine's browser. Static files, nothing computed here: the page simulates in its own Web Worker.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from './io.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** web/dist of the package: one directory above this module both in src/ (src/cli/..) and in the built dist/. */
export function webDirectory(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const up = here.split(sep).includes('cli') ? '../..' : '..';
  return resolve(here, up, 'web', 'dist');
}

/** Serves `dir` on 127.0.0.1:port (0: any free port); resolves once listening. */
export function startServer(dir: string, port: number): Promise<Server> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = normalize(join(root, decodeURIComponent(url.pathname)));
    const file = path.endsWith(sep) || path === root ? join(path, 'index.html') : path;
    if (!(file === root || file.startsWith(root + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(readFileSync(file));
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePromise(server));
  });
}

export async function serveCommand(args: string[], io: Io): Promise<number> {
  let port = 8080;
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '--port' && /^\d+$/.test(args[k + 1] ?? '')) port = Number(args[++k]);
    else {
      io.stderr.write(`memspice serve: unexpected argument '${args[k]}'\nusage: memspice serve [--port P]\n`);
      return 1;
    }
  }
  const dir = webDirectory();
  if (!existsSync(join(dir, 'index.html'))) {
    io.stderr.write(`memspice serve: the web page is not built (${dir}): run 'npm run build:web'\n`);
    return 1;
  }
  const server = await startServer(dir, port);
  const address = server.address();
  io.stdout.write(`memspice web page on http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/ (Ctrl-C stops)\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => server.close(() => done()));
    process.once('SIGTERM', () => server.close(() => done()));
  });
  return 0;
}
