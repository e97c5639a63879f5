/**
 * Node names as EDA tools write them: KiCad's `/net` and `Net-(R1-Pad2)`, ports named `+IN`. A divider
 * 1k + 1k + 2k across 1 V: v(Net-(R1-Pad2)) = 3/4 V and v(+IN) = 1/2 V exactly (ngspice 39 gives 0.75 and
 * 0.5 for the same netlist); 1e-12 relative is rounding only.
 */
import { describe, expect, it } from 'vitest';
import { column, run } from '../helpers.ts';
import { circuit, expectCircuitError } from '../parse/helpers.ts';

describe('EDA node names', () => {
  const netlist = `kicad
V1 /in 0 1
R1 /in Net-(R1-Pad2) 1k
R2 Net-(R1-Pad2) +IN 1k
R3 +IN 0 2k
R4 /sheet1/out unconnected-(U1-Pad3) 1k
R5 /sheet1/out 0 1k
.op
.print op v(+IN) v(/in) v(Net-(R1-Pad2))
`;
  it('divide as the names say', () => {
    const [op] = run(netlist).analyses;
    expect(Math.abs(column(op, 'v(net-(r1-pad2))')[0] - 0.75)).toBeLessThan(1e-12);
    expect(Math.abs(column(op, 'v(+in)')[0] - 0.5)).toBeLessThan(1e-12);
    expect(column(op, 'v(/in)')[0]).toBe(1);
  });
  it('are single names, kept apart from calls and numbers', () => {
    const c = circuit(netlist);
    expect(c.nodes).toEqual(['/in', 'net-(r1-pad2)', '+in', '/sheet1/out', 'unconnected-(u1-pad3)']);
    // `-1` stays a number and `sin(...)` a call.
    const s = circuit('t\nV1 -a 0 -1 AC 1 SIN(0 1 1k)\nR1 -a 0 1\n');
    expect(s.elements[0].source?.dc).toBe(-1);
    expect(s.elements[0].source?.tran?.kind).toBe('sin');
  });
  it('an unclosed KiCad name is a located syntax error', () => {
    expectCircuitError('t\nR1 a Net-(R1-Pad2 1k\n', 2, 21, /syntax error: unexpected end of line; expected .*'\)'/);
  });
});
