/**
 * Source syntax of other SPICE dialects, with the values SPICE gives them: `dc=` / `ac=` key forms,
 * `AC ( 5 )` and `DC(1)` in parentheses, waveforms written without parentheses. Each source drives a
 * resistor to ground, so the node voltage is the source value itself (exact: a 1-unknown linear solve, to
 * 1e-12 relative). ngspice 39 reads the same lines with the same values (op 2 and 1 V, AC 3 and 5 V).
 */
import { describe, expect, it } from 'vitest';
import { column, complexColumn, run } from '../helpers.ts';
import { circuit, expectCircuitError } from '../parse/helpers.ts';

describe('source value forms', () => {
  const netlist = `forms
V1 1 0 dc=2 ac=3
R1 1 0 1k
V2 2 0 DC 1 AC ( 5 )
R2 2 0 1k
V3 3 0 DC(4) AC(2 90)
R3 3 0 1k
.op
.ac lin 1 1k 1k
.print op v(1) v(2) v(3)
.print ac v(1) v(2) v(3)
`;
  it('DC values of dc=, DC x and DC(x)', () => {
    const [op] = run(netlist).analyses;
    expect(column(op, 'v(1)')[0]).toBeCloseTo(2, 12);
    expect(column(op, 'v(2)')[0]).toBeCloseTo(1, 12);
    expect(column(op, 'v(3)')[0]).toBeCloseTo(4, 12);
  });
  it('AC phasors of ac=, AC ( x ) and AC(mag phase)', () => {
    const [, ac] = run(netlist).analyses;
    const [v1] = complexColumn(ac, 'v(1)');
    const [v2] = complexColumn(ac, 'v(2)');
    const [v3] = complexColumn(ac, 'v(3)');
    expect(v1[0]).toBeCloseTo(3, 12);
    expect(v1[1]).toBeCloseTo(0, 12);
    expect(v2[0]).toBeCloseTo(5, 12);
    expect(v3[0]).toBeCloseTo(0, 12);
    expect(v3[1]).toBeCloseTo(2, 12);
  });
  it('SFFM, AM and PWL td=/r= are read into their waveforms', () => {
    const c = circuit('t\nV1 a 0 SFFM(0 1 1k 2 100)\nV2 b 0 am 1 0.5 100 1k\nV3 c 0 PWL(0,0 1m,1) td=1m r=0\nR1 a b 1\nR2 b c 1\n');
    expect(c.elements[0].source?.tran).toEqual({ kind: 'sffm', vo: 0, va: 1, fc: 1e3, mdi: 2, fs: 100, phasecDeg: 0, phasesDeg: 0 });
    expect(c.elements[1].source?.tran).toEqual({ kind: 'am', va: 1, vo: 0.5, mf: 100, fc: 1e3, td: 0, phasecDeg: 0, phasesDeg: 0 });
    expect(c.elements[2].source?.tran).toEqual({ kind: 'pwl', times: [0, 1e-3], values: [0, 1], delay: 1e-3, repeatFrom: 0 });
  });
});

describe('malformed source forms are located', () => {
  it('dc= twice, AC with three values, a bad r=', () => {
    expectCircuitError('t\nV1 a 0 1 dc=2\n', 2, 10, /V1 has two DC values/);
    expectCircuitError('t\nV1 a 0 AC(1 2 3)\n', 2, 15, /unexpected '3' in AC of V1/);
    expectCircuitError('t\nV1 a 0 PWL(0 0 1m 1) r=0.5m\n', 2, 24, /PWL r=0\.0005 in V1 must be one of the PWL times before the last/);
    expectCircuitError('t\nV1 a 0 SIN(0 1) r=0\n', 2, 17, /unexpected 'r=\.\.\.' in V1/);
  });
});
