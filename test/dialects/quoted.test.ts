/** `'expr'` (ngspice, HSPICE) wherever `{expr}` is accepted, with the same value. */
import { describe, expect, it } from 'vitest';
import { circuit, expectCircuitError } from '../parse/helpers.ts';

describe('quoted expressions', () => {
  it('evaluate as their braced form: values, parameters, waveform arguments, instance parameters', () => {
    const c = circuit(`q
.param rval=2k amp='rval/1k'
.subckt div a b r=1
R1 a b 'r*3'
.ends
R1 a 0 '2*rval'
V1 a 0 SIN(0 'amp' 1k)
X1 a 0 div r='amp+1'
`);
    const byName = new Map(c.elements.map((e) => [e.name, e]));
    expect(byName.get('r1')?.params.value).toBe(4000);
    expect(byName.get('v1')?.source?.tran).toMatchObject({ kind: 'sin', va: 2 });
    expect(byName.get('x1.r1')?.params.value).toBe(9);
  });
  it('an unclosed quote or a brace inside one is a located error', () => {
    expectCircuitError("t\nR1 a 0 '1k*2\n", 2, 13, /syntax error: unexpected end of line; expected .*a closing quote/);
    expectCircuitError("t\nR1 a 0 '1k*2}'\n", 2, 13, /syntax error: unexpected character '\}'; expected .*a closing quote/);
  });
});
