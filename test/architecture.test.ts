/**
 * The layers of src/ form an acyclic folder graph, and docs/architecture.md shows the graph as it is.
 * The cycle detector and the import scanner are checked on hand-made inputs first, so the real-code
 * assertions below can fail.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderCycles, graphMarkdown, importGraph, importSpecifiers, layerOrder, withGraph, type ImportGraph } from '../scripts/import-graph.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

function graphOf(edges: Record<string, string[]>): ImportGraph {
  const folders = new Set(Object.keys(edges));
  for (const targets of Object.values(edges)) for (const t of targets) folders.add(t);
  return {
    folders: [...folders].sort(),
    edges: new Map(Object.entries(edges).map(([from, targets]) => [from, new Map(targets.map((t) => [t, [`src/${from}/x.ts`]]))])),
  };
}

describe('import scanner and cycle detector', () => {
  it('finds value, type, re-export, side-effect and require imports, not those in comments', () => {
    const source = [
      "import { a } from '../circuit/a.ts';",
      "import type {\n  B,\n  C,\n} from '../devices/b.ts';",
      "export { d } from './d.ts';",
      "import '../devices/index.ts';",
      "const g = require('./generated/g.cjs');",
      '/* import { e } from "../engine/e.ts"; */',
      "// import { f } from '../engine/f.ts';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual(['../circuit/a.ts', '../devices/b.ts', './d.ts', '../devices/index.ts', './generated/g.cjs']);
  });

  it('reports a two-folder cycle and a three-folder cycle, and nothing in a chain', () => {
    expect(folderCycles(graphOf({ a: ['b'], b: ['a'] }))).toEqual([['a', 'b']]);
    expect(folderCycles(graphOf({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] }))).toEqual([['a', 'b', 'c']]);
    expect(folderCycles(graphOf({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
  });

  it('orders layers from the one importing nothing upwards', () => {
    expect(layerOrder(graphOf({ top: ['mid', 'low'], mid: ['low'], low: [] }))).toEqual(['low', 'mid', 'top']);
  });
});

describe('src/ layers', () => {
  const graph = importGraph(path.join(ROOT, 'src'));

  it('has no import cycle between folders', () => {
    expect(graph.folders).toContain('engine');
    expect(folderCycles(graph)).toEqual([]);
  });

  it('is shown as it is in docs/architecture.md (npm run docs:architecture)', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');
    expect(withGraph(doc, graphMarkdown(graph))).toBe(doc);
  });
});

describe('src/ outside the CLI runs in a browser', () => {
  it('imports no Node module except in the CLI (with its worker, pool and queue) and the file access of .include (parse/index.ts)', () => {
    // render.ts's resvg is loaded only by the CLI and scripts (a dynamic import of a package, not of node:).
    // simulationWorker.ts is the CLI's worker-thread entry point (the browser page has its own Web Worker);
    // runPool.ts and runQueue.ts are the CLI's --jobs thread pool and --queue Redis client.
    const cliFiles = new Set(['src/cli.ts', 'src/simulationWorker.ts', 'src/runPool.ts', 'src/runQueue.ts', 'src/parse/index.ts']);
    const allowed = (file: string): boolean => cliFiles.has(file) || file.startsWith('src/cli/');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = `${dir}/${e.name}`;
        const relative = path.relative(ROOT, p).split(path.sep).join('/');
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !allowed(relative) && /from\s+['"]node:|import\(\s*['"]node:/.test(readFileSync(p, 'utf8'))) offenders.push(relative);
      }
    };
    walk(path.join(ROOT, 'src'));
    expect(offenders).toEqual([]);
  });
});
