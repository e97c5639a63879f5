import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../src/circuit/elaborate.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { parseNetlist } from '../../src/parse/index.ts';

const doc = readFileSync(new URL('../../docs/netlist.md', import.meta.url), 'utf8');
const blocks = [...doc.matchAll(/```spice\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('docs/netlist.md examples', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThan(8);
  });

  it('the full example elaborates', () => {
    const c = elaborate(parseNetlist(blocks[0], { file: 'doc.cir', cwd: '.' }), { devices: defaultRegistry() });
    expect(c.title).toBe('RC low-pass driving a memristive diode');
    expect(c.elements.map((e) => e.name)).toEqual(['v1', 'r1', 'c1', 'p1']);
    expect(c.elements[3]).toMatchObject({ kind: 'MEMDIODE', model: 'md1', params: { vm: 0.05, rs: 10, x0: 0.1 } });
  });

  blocks.slice(1).forEach((block, k) => {
    if (block.includes('.include') || block.includes('.inc ')) return;
    it(`snippet ${k + 1} parses`, () => {
      expect(() => parseNetlist(`title\n${block}`, { file: 'doc.cir', cwd: '.' })).not.toThrow();
    });
  });
});
