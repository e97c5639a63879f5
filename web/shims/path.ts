/** `node:path` for the browser build: the POSIX functions src/parse/index.ts uses, on `/`-separated paths. */
export const sep = '/';

function normalize(parts: string[], absolute: boolean): string {
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(p);
  }
  return (absolute ? '/' : '') + out.join('/') || (absolute ? '/' : '.');
}

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

export function join(...paths: string[]): string {
  const joined = paths.filter((p) => p !== '').join('/');
  return normalize(joined.split('/'), isAbsolute(joined));
}

export function resolve(...paths: string[]): string {
  let path = '';
  for (const p of paths) path = isAbsolute(p) ? p : `${path}/${p}`;
  return normalize(path.split('/'), true);
}

export function dirname(path: string): string {
  const k = path.replace(/\/+$/, '').lastIndexOf('/');
  return k < 0 ? '.' : k === 0 ? '/' : path.slice(0, k);
}

export function basename(path: string, ext?: string): string {
  const base = path.replace(/\/+$/, '').split('/').pop() ?? '';
  return ext && base.endsWith(ext) && base !== ext ? base.slice(0, -ext.length) : base;
}

export function relative(from: string, to: string): string {
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return [...a.slice(k).map(() => '..'), ...b.slice(k)].join('/');
}

export default { sep, isAbsolute, join, resolve, dirname, basename, relative };
