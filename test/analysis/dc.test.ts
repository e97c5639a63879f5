/** DC results against hand-solved networks: bridges, controlled sources, nested sweeps, .step. */
import { describe, expect, it } from 'vitest';
import { column, run } from '../helpers.ts';

describe('.op and .dc', () => {
  it('balanced Wheatstone bridge, VCVS and VCCS', () => {
    const result = run(`bridge
Vs in 0 DC 10
R1 in a 1k
R2 a 0 2k
R3 in b 1.5k
R4 b 0 3k
E1 amp 0 a c 100
Rc c 0 1k
Rd b c 1k
Ramp amp 0 1meg
G1 0 load in 0 1m
Rl load 0 2k
.op
`);
    const [op] = result.analyses;
    const value = (name: string): number => column(op, name)[0];
    expect(value('v(a)')).toBeCloseTo(20 / 3, 12);
    // b sees R4 || (Rd + Rc) = 3k || 2k = 1.2k below R3 = 1.5k.
    const vb = (10 * 1.2e3) / (1.5e3 + 1.2e3);
    expect(value('v(b)')).toBeCloseTo(vb, 12);
    expect(value('v(c)')).toBeCloseTo(vb / 2, 12);
    expect(value('v(amp)')).toBeCloseTo(100 * (20 / 3 - vb / 2), 9);
    // G1: 1 mA/V * 10 V driven into node load (from 0 through the source to load) across 2k.
    expect(value('v(load)')).toBeCloseTo(20, 12);
    // i(vs): current from n+ through the source: minus the current the supply delivers.
    const delivered = 10 / 3e3 + (10 - vb) / 1.5e3;
    expect(value('i(vs)')).toBeCloseTo(-delivered, 14);
  });

  it('nested .dc sweep: v(out) = (v1 + v2)/2 of a two-source averager at every point', () => {
    const [dc] = run(`averager
V1 a 0 0
V2 b 0 0
R1 a out 1k
R2 b out 1k
.dc V1 -1 1 0.5 V2 0 3 1
.print dc v(out)
`).analyses;
    expect(dc.columns).toEqual(['v1', 'v2', 'v(out)']);
    expect(dc.data.length).toBe(5 * 4);
    // inner sweep first
    expect(column(dc, 'v1').slice(0, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    for (const row of dc.data) expect(row[2]).toBeCloseTo((row[0] + row[1]) / 2, 14);
  });

  it('.dc sweep of a resistance re-solves the matrix at every point (divider: R2/(R1 + R2))', () => {
    const [dc] = run('rsweep\nV1 a 0 1\nR1 a b 1k\nR2 b 0 1k\nC1 b 0 1n\n.dc R2 1k 4k 1k\n.print dc v(b)\n').analyses;
    for (const row of dc.data) expect(row[1]).toBeCloseTo(row[0] / (1000 + row[0]), 14);
  });

  it('.step param reruns every analysis with the step value recorded', () => {
    const result = run(`divider
.param rb=1k
V1 in 0 DC 1
R1 in out 1k
R2 out 0 {rb}
.op
.dc V1 0 1 1
.step param rb list 1k 3k 9k
`);
    expect(result.analyses.map((a) => a.type)).toEqual(['op', 'dc', 'op', 'dc', 'op', 'dc']);
    const ops = result.analyses.filter((a) => a.type === 'op');
    expect(ops.map((a) => a.step)).toEqual([{ rb: 1000 }, { rb: 3000 }, { rb: 9000 }]);
    ops.forEach((a) => {
      const rb = a.step!.rb;
      expect(column(a, 'v(out)')[0]).toBeCloseTo(rb / (1000 + rb), 14);
    });
  });

  it('subcircuit parameters: defaults, overrides and expressions', () => {
    const [op] = run(`subckt params
.param g=2
.subckt div in out params: rt=1k ratio=1
Rt in out {rt}
Rb out 0 {rt*ratio}
.ends
V1 in 0 DC 6
X1 in o1 div
X2 in o2 div ratio={g}
X3 in o3 div rt=5k ratio={g*2}
.op
`).analyses;
    expect(column(op, 'v(o1)')[0]).toBeCloseTo(3, 14);
    expect(column(op, 'v(o2)')[0]).toBeCloseTo(4, 14);
    expect(column(op, 'v(o3)')[0]).toBeCloseTo(6 * 0.8, 14);
  });
});
