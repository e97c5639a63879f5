import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNetlist } from '../../src/parse/index.ts';
import { elaborate } from '../../src/circuit/elaborate.ts';
import { circuit, expectNetlistError, testDevices } from './helpers.ts';

const parse = (text: string) => parseNetlist(text, { file: 'test.cir', cwd: process.cwd() });

describe('reading lines', () => {
  it('takes the first line as the title whatever it looks like', () => {
    const ast = parse('R1 a b 1k\nR2 a 0 1k\n');
    expect(ast.title).toBe('R1 a b 1k');
    expect(ast.statements).toHaveLength(1);
  });

  it('uses <netlist> as the default file name', () => {
    const ast = parseNetlist('t\nR1 a 0 1\n');
    expect(ast.file).toBe('<netlist>');
    expect(elaborate(ast, { devices: testDevices }).elements[0].loc.file).toBe('<netlist>');
  });

  it('drops comment lines, inline ; and $ comments, blank lines', () => {
    const c = circuit('title\n* a comment\n\nR1 a 0 1k ; inline\n   * indented comment\nR2 a 0 2k $ also a comment\n\n');
    expect(c.elements.map((e) => [e.name, e.params.value])).toEqual([
      ['r1', 1000],
      ['r2', 2000],
    ]);
  });

  it('joins + continuation lines and keeps original columns', () => {
    const c = circuit('title\nV1 in 0\n* comment between\n+ PWL(0 0\n+    1m 1\n+ 2m {-1})\n.tran 1u 2m\n');
    const v1 = c.elements[0];
    expect(v1.source?.tran).toEqual({ kind: 'pwl', times: [0, 1e-3, 2e-3], values: [0, 1, -1] });
    expectNetlistError(() => circuit('title\nR1 a 0\n+    1k\n+ 2k\n'), 2, 1, /R1 needs 2 nodes and a value/);
    // The offending token on a continuation line is located on that line.
    const err = expectNetlistError(() => circuit('title\nR1 a 0\n+    {1 +* 2}\n'), 3, 10, /syntax error: unexpected '\*'/);
    expect(err.loc?.text).toBe('+    {1 +* 2}');
  });

  it('ignores lines after .end with a warning', () => {
    const c = circuit('title\nR1 a 0 1k\n.op\n.end\nR2 b 0 1k\nnot even a line\n');
    expect(c.elements).toHaveLength(1);
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings[0].message).toMatch(/2 lines after \.end ignored/);
    expect(c.warnings[0].loc.line).toBe(5);
  });

  it('is case-insensitive and lower-cases names', () => {
    const c = circuit('t\n.PARAM RVAL=2\nRLOAD OUT GND {RVAL}\n.OP\n');
    expect(c.elements[0]).toMatchObject({ name: 'rload', nodes: ['out', '0'], params: { value: 2 } });
    expect(c.nodes).toEqual(['out']);
  });

  it('checks the name on .ends', () => {
    expectNetlistError(() => circuit('t\n.subckt a p\nR1 p 0 1\n.ends b\n'), 4, 7, /\.ends b does not match \.subckt a \(line 2\)/);
  });

  it('accepts quoted include names with blanks and reports unterminated ones', () => {
    expectNetlistError(() => circuit('t\n.include "no such.inc\n'), 2, 10, /unterminated file name/);
  });

  it('warns about harmless SPICE commands', () => {
    const c = circuit('t\nR1 a 0 1\n.width out=80\n.save all @r1[i]\n.op\n');
    expect(c.warnings[0].message).toMatch(/'\.width' ignored/);
    expect(c.warnings[1]).toMatchObject({ message: expect.stringMatching(/device vectors .* ignored/), loc: { line: 4, column: 11 } });
  });
});

describe('.include', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memspice-inc-'));
  mkdirSync(join(dir, 'lib'), { recursive: true });
  writeFileSync(join(dir, 'lib', 'models.inc'), '* models\n.param rl=3k\n.include "more.inc"\n');
  writeFileSync(join(dir, 'lib', 'more.inc'), '.subckt half a b\nR1 a m 1k\nR2 m b 1k\n.ends half\n');
  writeFileSync(join(dir, 'bad.inc'), 'R9 a 0\n+ 1k 2k\n');
  writeFileSync(join(dir, 'cyc1.inc'), '.include cyc2.inc\n');
  writeFileSync(join(dir, 'cyc2.inc'), '.include cyc1.inc\n');

  it('reads includes recursively, relative to the including file', () => {
    const ast = parseNetlist('t\n.include lib/models.inc\nR1 a 0 {rl}\nX1 a 0 half\n', { file: join(dir, 'main.cir'), cwd: dir });
    const c = elaborate(ast, { devices: testDevices });
    expect(c.elements.map((e) => [e.name, e.params.value])).toEqual([
      ['r1', 3000],
      ['x1.r1', 1000],
      ['x1.r2', 1000],
    ]);
    // Statements keep their own file.
    expect(c.elements[1].loc.file).toBe(join(dir, 'lib', 'more.inc'));
    expect(c.elements[1].loc.line).toBe(2);
  });

  it('locates errors inside included files', () => {
    expectNetlistError(
      () => parseNetlist('t\n.include "bad.inc"\n', { file: 'main.cir', cwd: dir }),
      1,
      1,
      /R9 needs 2 nodes and a value/,
      'bad.inc',
    );
  });

  it('reports a missing file at the .include line with the resolved path', () => {
    const err = expectNetlistError(() => parseNetlist('t\nR1 a 0 1\n  .include nothere.inc\n', { file: 'test.cir', cwd: dir }), 3, 3, /not found/);
    expect(err.message).toContain(join(dir, 'nothere.inc'));
  });

  it('reports a netlist that includes itself', () => {
    writeFileSync(join(dir, 'self.cir'), 'title\nR1 a 0 1\n.include self.cir\n');
    expectNetlistError(
      () => parseNetlist('title\nR1 a 0 1\n.include self.cir\n', { file: 'self.cir', cwd: dir }),
      3,
      1,
      /\.include cycle: .*self\.cir -> .*self\.cir/,
      'self.cir',
    );
  });

  it('reports include cycles', () => {
    expectNetlistError(() => parseNetlist('t\n.include cyc1.inc\n', { file: 'test.cir', cwd: dir }), 1, 1, /\.include cycle: .*cyc1\.inc -> .*cyc2\.inc -> .*cyc1\.inc/, 'cyc2.inc');
  });
});
