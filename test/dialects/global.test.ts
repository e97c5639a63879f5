/** `.global` nodes inside subcircuits, `.ic` on a subcircuit's internal node, Xyce `.global_param`. */
import { describe, expect, it } from 'vitest';
import { circuit, expectCircuitError } from '../parse/helpers.ts';
import { column, run } from '../helpers.ts';

describe('.global', () => {
  const net = (global: string) => `g\n${global}\n.subckt load out\nR1 vdd out 1k\nR2 out 0 1k\n.ends\nV1 vdd 0 2\nX1 a load\nX2 b load\n.op\n.print op v(a) v(b)\n`;

  it('a global node is the same node in every instance: each divider gives vdd/2', () => {
    const c = circuit(net('.global vdd'));
    expect(c.elements.filter((e) => e.kind === 'R').map((e) => e.nodes)).toEqual([
      ['vdd', 'a'],
      ['a', '0'],
      ['vdd', 'b'],
      ['b', '0'],
    ]);
    const [op] = run(net('.global vdd')).analyses;
    // Two equal dividers from a 2 V source: 1 V each, exact to round-off.
    expect(column(op, 'v(a)')[0]).toBeCloseTo(1, 12);
    expect(column(op, 'v(b)')[0]).toBeCloseTo(1, 12);
  });

  it('without .global the subcircuit node is local (x1.vdd floats)', () => {
    expect(circuit(net('*')).nodes).toContain('x1.vdd');
  });

  it('.global with no nodes, or a non-node, is an error at its column', () => {
    expectCircuitError('t\n.global\n', 2, 1, /\.global needs node names/);
    expectCircuitError('t\n.global {1}\n', 2, 9, /expected a node name for \.global/);
  });
});

describe('.global_param (Xyce)', () => {
  it('is a .param', () => {
    expect(circuit('t\n.global_param r=3k\nR1 a 0 {r}\n').elements[0].params.value).toBe(3000);
  });
});

describe('.ic on a subcircuit node', () => {
  it('.ic v(x1.n2)=1 with uic: the capacitor inside x1 discharges as exp(-t/RC)', () => {
    const [tran] = run('ic\n.subckt rc a\nR1 a n2 1k\nC1 n2 0 1u\n.ends\nX1 in rc\nV1 in 0 0\n.ic v(x1.n2)=1\n.tran 0 2m uic\n.print tran v(x1.n2)\n').analyses;
    const t = column(tran, 'time');
    const v = column(tran, 'v(x1.n2)');
    expect(v[0]).toBe(1);
    // reltol 1e-3 of a 1 V decay, accumulated over two time constants: 2e-3.
    for (let k = 0; k < t.length; k++) expect(Math.abs(v[k] - Math.exp(-t[k] / 1e-3))).toBeLessThan(2e-3);
  });

  it('an unknown subcircuit node is an error at the node', () => {
    expectCircuitError('t\n.subckt s a\nR1 a n 1\n.ends\nX1 a s\nR2 a 0 1\n.ic v(x1.m)=1\n', 7, 7, /unknown node 'x1\.m'/);
  });
});
