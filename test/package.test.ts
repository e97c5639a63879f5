/**
 * The published package as a user gets it: `npm pack` of a copy of the sources (the copy builds its own dist/ in
 * `prepare`, so the other tests' bin/memspice.js is never rebuilt under them), `npm install` of the tarball into an
 * empty project, then the CLI through npx, a plain-Node ESM import and a strict TypeScript (nodenext) consumer.
 * Dependencies come from the npm cache, or the registry when the cache lacks them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve('.');
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), 'memspice-package-'));
const consumer = join(work, 'consumer');

/** The environment of a user's shell: without the npm_* variables of the `npm test` running us. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));

function sh(command: string, args: string[], cwd: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function ok(command: string, args: string[], cwd: string): string {
  const r = sh(command, args, cwd);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// Closed form of one source across one resistor: v(1) = V; the source current, from n+ through the source
// to n- (SPICE's convention), is -V/R.
const NETLIST = 'one resistor\nV1 1 0 DC 2\nR1 1 0 1k\n.op\n';
const V = 2;
const R = 1000;

let packed: string[] = [];

beforeAll(() => {
  // What a clean clone holds: sources and build inputs, not dist/.
  const stage = join(work, 'stage');
  mkdirSync(stage);
  for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'bin', 'src']) {
    cpSync(join(repo, entry), join(stage, entry), { recursive: true });
  }
  mkdirSync(join(stage, 'scripts'));
  cpSync(join(repo, 'scripts/build.ts'), join(stage, 'scripts/build.ts'));
  symlinkSync(join(repo, 'node_modules'), join(stage, 'node_modules'), 'dir');

  const pack = JSON.parse(ok('npm', ['pack', '--json', '--pack-destination', work], stage)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = pack[0].files.map((f) => f.path);

  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  ok('npm', ['install', join(work, pack[0].filename), '--prefer-offline', '--no-audit', '--no-fund'], consumer);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm package', () => {
  it('ships the built code and types, and no sources, tests or bench data', () => {
    for (const f of ['bin/memspice.js', 'dist/cli.js', 'dist/index.js', 'dist/types/index.d.ts', 'package.json', 'README.md']) {
      expect(packed).toContain(f);
    }
    expect(packed.filter((f) => /^(src|test|scripts|netlists)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('installs without a TypeScript toolchain', () => {
    const installed = readdirSync(join(consumer, 'node_modules'));
    for (const devOnly of ['tsx', 'typescript', 'esbuild', 'vitest', 'ml-matrix']) expect(installed).not.toContain(devOnly);
  });

  it('runs the CLI: npx memspice run, --version', () => {
    writeFileSync(join(consumer, 'x.cir'), NETLIST);
    ok('npx', ['--no-install', 'memspice', 'run', 'x.cir', '--out', 'res'], consumer);
    const [header, row] = readFileSync(join(consumer, 'res/x-1-op.csv'), 'utf8').trim().split('\n');
    expect(header.split(',')).toEqual(['v(1)', 'i(v1)']);
    const [v1, iv1] = row.split(',').map(Number);
    // A linear circuit solved by one LU: exact up to rounding.
    expect(v1).toBeCloseTo(V, 12);
    expect(iv1).toBeCloseTo(-V / R, 12);
    expect(ok('npx', ['--no-install', 'memspice', '--version'], consumer).trim()).toBe(`memspice ${version}`);
  });

  it("imports { simulate } from 'memspice' in plain Node ESM", () => {
    writeFileSync(
      join(consumer, 'use.mjs'),
      `import { simulate, NetlistError } from 'memspice';\n` +
        `let syntax = '';\ntry { simulate('t\\nR1 1\\n'); } catch (e) { syntax = e instanceof NetlistError ? 'NetlistError' : String(e); }\n` +
        `console.log(JSON.stringify({ result: simulate(${JSON.stringify(NETLIST)}), syntax }));\n`,
    );
    const out = JSON.parse(ok(process.execPath, ['use.mjs'], consumer)) as { result: { analyses: Array<{ data: number[][] }> }; syntax: string };
    const [v1, iv1] = out.result.analyses[0].data[0];
    expect(v1).toBeCloseTo(V, 12);
    expect(iv1).toBeCloseTo(-V / R, 12);
    expect(out.syntax).toBe('NetlistError');
  });

  it('type-checks a strict TypeScript consumer (moduleResolution nodenext, library types checked)', () => {
    writeFileSync(
      join(consumer, 'use.ts'),
      `import { simulate, NetlistError, type SimulationResult, type SimulateOptions } from 'memspice';\n` +
        `const options: SimulateOptions = { cwd: '.', onWarning: (m: string) => console.warn(m) };\n` +
        `const result: SimulationResult = simulate('t\\nV1 1 0 1\\nR1 1 0 1k\\n.op\\n', options);\n` +
        `const first: number = result.analyses[0].data[0][0];\n` +
        `const isError: boolean = new Error() instanceof NetlistError;\n` +
        `// @ts-expect-error the result is typed (an untyped package would make this line pass and the directive fail)\n` +
        `const wrong: string = simulate('t');\n` +
        `console.log(first, isError, wrong);\n`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: [] },
        files: ['use.ts'],
      }),
    );
    const r = sh(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', '.'], consumer);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
