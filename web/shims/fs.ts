/**
 * `node:fs` for the browser build (scripts/build-web.ts aliases it here): the files the user added to the page,
 * under /netlist, are all there is. Only what src/parse/index.ts uses for `.include` and `.lib` is provided.
 */
const files = new Map<string, string>();

/** The directory the page's netlist lives in: included files are looked up relative to it. */
export const WORK_DIR = '/netlist';

export function setFiles(entries: Iterable<[string, string]>): void {
  files.clear();
  for (const [name, text] of entries) files.set(`${WORK_DIR}/${name}`, text);
}

const isDirectory = (path: string): boolean => path === WORK_DIR || path === '/' || [...files.keys()].some((f) => f.startsWith(`${path}/`));

export function existsSync(path: string): boolean {
  return files.has(path) || isDirectory(path);
}

export function statSync(path: string): { isFile(): boolean; isDirectory(): boolean } {
  if (!existsSync(path)) throw new Error(`ENOENT: no such file, stat '${path}'`);
  return { isFile: () => files.has(path), isDirectory: () => isDirectory(path) };
}

/** No links in this file system: a path is its own real path. */
export function realpathSync(path: string): string {
  if (!existsSync(path)) throw new Error(`ENOENT: no such file, realpath '${path}'`);
  return path;
}

export function readFileSync(path: string): string {
  const text = files.get(path);
  if (text === undefined) throw new Error(`ENOENT: no such file '${path}' (add it to the page's files)`);
  return text;
}
