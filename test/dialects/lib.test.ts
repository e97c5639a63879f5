/** `.lib file section` and `.lib section ... .endl` (HSPICE, ngspice), `.lib file` (LTspice). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNetlist } from '../../src/parse/index.ts';
import { expectNetlistError } from '../parse/helpers.ts';
import { column, run } from '../helpers.ts';

function libDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'memspice-lib-'));
  mkdirSync(join(dir, 'models'));
  writeFileSync(
    join(dir, 'models', 'corners.lib'),
    [
      '* corner library: nothing outside a section is read',
      'Q1 c b e npn_outside_any_section',
      '.lib tt',
      '.param rtop=1k',
      '.lib "corners.lib" common',
      '.endl tt',
      '.lib ff',
      '.param rtop=3k',
      '.lib corners.lib common',
      '.endl ff',
      '.lib common',
      '.param rbot=1k',
      '.endl',
      '.lib loop',
      ".lib 'corners.lib' loop",
      '.endl',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'models', 'whole.lib'), '.param rtop=1k rbot=3k\n');
  return dir;
}

const divider = (lib: string) => `t\n${lib}\nV1 in 0 1\nR1 in out {rtop}\nR2 out 0 {rbot}\n.op\n.print op v(out)\n`;

function vout(text: string, cwd: string): number {
  return column(run(text, { cwd }).analyses[0], 'v(out)')[0];
}

describe('.lib', () => {
  it('.lib file section reads that section (and the sections it names), nothing else', () => {
    const dir = libDir();
    // v(out) = rbot / (rtop + rbot): a linear divider, exact to round-off.
    expect(vout(divider('.lib "models/corners.lib" tt'), dir)).toBeCloseTo(1 / 2, 12);
    expect(vout(divider(".lib 'models/corners.lib' FF"), dir)).toBeCloseTo(1 / 4, 12);
  });

  it('.lib file with one name that is a file reads it whole (LTspice)', () => {
    expect(vout(divider('.lib models/whole.lib'), libDir())).toBeCloseTo(3 / 4, 12);
  });

  it('a section definition in the netlist itself is skipped until it is asked for', () => {
    const dir = libDir();
    const text = 't\n.lib unused\nQ9 any thing memspice can not read\n.endl unused\n.param rtop=1k rbot=1k\nV1 in 0 1\nR1 in out {rtop}\nR2 out 0 {rbot}\n.op\n';
    expect(parseNetlist(text, { file: 'main.cir', cwd: dir }).statements.map((s) => s.type)).toEqual(['param', 'source', 'element', 'element', 'op']);
  });

  it('errors: missing section, stray .endl, section without .endl, cycle, file outside the tree, unterminated name', () => {
    const dir = libDir();
    const parse = (text: string) => () => parseNetlist(text, { file: 'main.cir', cwd: dir });
    expectNetlistError(parse('t\n.lib models/corners.lib ss\n'), 2, 25, /\.lib section 'ss' not found in models\/corners\.lib/, 'main.cir');
    expectNetlistError(parse('t\nR1 a 0 1\n.endl\n'), 3, 1, /\.endl without a \.lib section/, 'main.cir');
    expectNetlistError(parse('t\n.lib open\nR1 a 0 1\n'), 2, 6, /\.lib open: no file of that name, and as a section definition it has no \.endl/, 'main.cir');
    expectNetlistError(parse('t\n.lib models/corners.lib loop\n'), 15, 20, /\.lib cycle: .*corners\.lib#loop -> .*corners\.lib#loop/, 'models/corners.lib');
    expectNetlistError(parse('t\n.lib /etc/passwd root\n'), 2, 6, /\.lib file '\/etc\/passwd' is outside the netlist's directory/, 'main.cir');
    expectNetlistError(parse('t\n.lib "models/corners.lib tt\n'), 2, 6, /unterminated file name: missing closing "/, 'main.cir');
    expectNetlistError(parse('t\n.lib a b c\n'), 2, 10, /unexpected 'c' after \.lib file section/, 'main.cir');
  });
});
