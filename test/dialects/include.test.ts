/**
 * `.include` reads only the netlist's own directory tree and the directories the user names
 * (`--include-path`, `includePath`); output file names are built only from sanitised pieces.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvFileName } from '../../src/output/csv.ts';
import { parseNetlist } from '../../src/parse/index.ts';
import { simulate } from '../../src/simulate.ts';
import { expectNetlistError } from '../parse/helpers.ts';

const SECRET = 'R9 secret 0 424242';

function tree(): { top: string; project: string; shared: string } {
  const top = mkdtempSync(join(tmpdir(), 'memspice-inc-'));
  const project = join(top, 'project');
  const shared = join(top, 'shared');
  mkdirSync(join(project, 'sub'), { recursive: true });
  mkdirSync(shared);
  writeFileSync(join(project, 'sub', 'ok.inc'), 'R2 a 0 2k\n');
  writeFileSync(join(shared, 'lib.inc'), `${SECRET}\n`);
  symlinkSync(join(shared, 'lib.inc'), join(project, 'link.inc'));
  return { top, project, shared };
}

describe('.include confinement', () => {
  it('reads files below the netlist directory', () => {
    const { project } = tree();
    const ast = parseNetlist('t\n.include sub/ok.inc\n', { file: 'main.cir', cwd: project });
    expect(ast.statements).toHaveLength(1);
  });

  it('refuses an absolute path, a ../ path and a symbolic link leading out, without showing the file', () => {
    const { project, shared } = tree();
    for (const [line, col, path] of [
      ['.include /etc/passwd', 10, '/etc/passwd'],
      ['.include ../shared/lib.inc', 10, '../shared/lib.inc'],
      [`.include "${join(shared, 'lib.inc')}"`, 10, join(shared, 'lib.inc')],
      ['.include link.inc', 10, 'link.inc'],
    ] as const) {
      const err = expectNetlistError(() => parseNetlist(`t\n${line}\n`, { file: 'main.cir', cwd: project }), 2, col, /is outside the netlist's directory/, 'main.cir');
      expect(err.message).toContain(`'${path}'`);
      expect(err.format()).not.toContain('424242');
      expect(err.format()).not.toContain('root:');
    }
  });

  it('reads from a directory named with includePath', () => {
    const { project, shared } = tree();
    const r = simulate('t\nV1 a 0 1\n.include ../shared/lib.inc\nR1 a 0 1k\n.op\n', { cwd: project, includePath: [shared] });
    expect(r.analyses).toHaveLength(1);
  });

  it('a relative name not found beside the netlist is looked up in the includePath directories', () => {
    const { project, shared } = tree();
    const ast = parseNetlist('t\n.include lib.inc\n', { file: 'main.cir', cwd: project, includePath: [shared] });
    expect(ast.statements).toMatchObject([{ type: 'element', name: { name: 'r9' }, loc: { file: join(shared, 'lib.inc'), line: 1 } }]);
    expectNetlistError(() => parseNetlist('t\n.include lib.inc\n', { file: 'main.cir', cwd: project }), 2, 1, /\.include file not found/, 'main.cir');
  });

  it('memspice run --include-path DIR allows DIR; without it the include is refused with exit 1', () => {
    const { project, shared } = tree();
    writeFileSync(join(project, 'main.cir'), 't\nV1 secret 0 1\n.include ../shared/lib.inc\n.op\n');
    const bin = resolve('bin/memspice.js');
    const refused = spawnSync(process.execPath, [bin, 'run', 'main.cir', '--out', 'o'], { cwd: project, encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/main\.cir:3:10: \.include file '\.\.\/shared\/lib\.inc' is outside/);
    expect(refused.stderr).not.toContain('424242');
    const allowed = spawnSync(process.execPath, [bin, 'run', 'main.cir', '--out', 'o', '--include-path', shared], { cwd: project, encoding: 'utf8' });
    expect(allowed.stderr).toBe('');
    expect(allowed.status).toBe(0);
    expect(readdirSync(join(project, 'o'))).toEqual(['main-1-op.csv']);
  });
});

describe('output file names', () => {
  it('a .step name can not leave the output directory', () => {
    const result = { type: 'op' as const, columns: [], data: [], step: { '../../evil': 1, 'nmos:vto': 0.5 } };
    const name = csvFileName('../x', 1, result);
    expect(name).toBe('._x-1-op-._._evil=1-nmos_vto=0.5.csv');
    expect(name).not.toContain('/');
    expect(name).not.toContain('..');
  });
});
