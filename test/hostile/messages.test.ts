/** Mistakes from other dialects and typing slips: the message names the real problem, at its column. */
import { describe, expect, it } from 'vitest';
import { circuit, expectCircuitError, expectNetlistError } from '../parse/helpers.ts';
import { parseNetlist } from '../../src/parse/index.ts';

describe('messages that say the real problem', () => {
  it('R1 a 0 1 kohm: the unit written apart from its number', () => {
    expectCircuitError('t\nR1 a 0 1 kohm\n.op\n', 2, 10, /unexpected extra item 'kohm' after the value; write 1kohm/);
  });

  it('C1 a 0 10 uF: the same for capacitors', () => {
    expectCircuitError('t\nC1 a 0 10 uF\n.op\n', 2, 11, /unexpected extra item 'uF' after the value; write 10uF/);
  });

  it('1.2.3k is not a number', () => {
    expectCircuitError('t\nR1 a 0 1.2.3k\n.op\n', 2, 8, /'1\.2\.3k' is not a number/);
    expectCircuitError('t\nR1 a 0 {2*1.2.3}\n.op\n', 2, 11, /'1\.2\.3' is not a number/);
  });

  it('E1 b 0 a 0 gain=2 is accepted, as ngspice does', () => {
    const c = circuit('t\nV1 a 0 1\nE1 b 0 a 0 gain=2\nR1 b 0 1k\n.op\n');
    const e1 = c.elements.find((e) => e.name === 'e1');
    expect(e1?.kind).toBe('E');
    expect(e1?.nodes).toEqual(['b', '0', 'a', '0']);
    expect(e1?.params.gain).toBe(2);
  });

  it('G1 b 0 a 0 gm=1m is accepted the same way', () => {
    const c = circuit('t\nV1 a 0 1\nG1 b 0 a 0 gm=1m\nR1 b 0 1k\n.op\n');
    expect(c.elements.find((e) => e.name === 'g1')?.params.gm).toBe(1e-3);
  });

  it('a missing .ends is reported at the .subckt line', () => {
    expectNetlistError(
      () => parseNetlist('t\nR0 a 0 1\n.op\n.subckt half in out\nR1 in out 1k\n', { file: 'test.cir', cwd: process.cwd() }),
      4,
      1,
      /\.subckt half has no matching \.ends/,
    );
  });

  it('a recursive .func is named with its chain at the call', () => {
    expectCircuitError('t\nR1 a 0 {f(1)}\n.func f(x) {g(x)}\n.func g(y) = f(y)+1\n.op\n', 4, 14, /recursive \.func: f -> g -> f/);
  });

  it('VALUE= in an E source is a behavioural source; a bad expression in it is reported at its column', () => {
    expect(circuit('t\nV1 a 0 1\nE1 b 0 VALUE={V(a)*2}\n.op\n').elements.find((e) => e.name === 'e1')?.kind).toBe('B');
    expectCircuitError('t\nV1 a 0 1\nE1 b 0 VALUE={V(a)*}\n.op\n', 3, 20, /syntax error/);
  });

  it('POLY(1) in a G source is named as a polynomial source', () => {
    expectCircuitError('t\nV1 a 0 1\nG1 b 0 POLY(1) a 0 0 1m\n.op\n', 3, 8, /not supported yet: POLY\(\.\.\.\) \(polynomial G sources\)/);
  });

  it('a B source without I= or V= says what it needs', () => {
    expectCircuitError('t\nV1 a 0 1\nB1 b 0 {2*V(a)}\n.op\n', 3, 1, /B1 needs two nodes and I=expr or V=expr/);
  });

  it('a node named like a keyword is still a node', () => {
    const c = circuit('t\nV1 table 0 1\nE1 poly 0 table 0 2\nR1 poly 0 1k\n.op\n');
    expect(c.elements.find((e) => e.name === 'e1')?.nodes).toEqual(['poly', '0', 'table', '0']);
  });
});
