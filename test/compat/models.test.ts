/**
 * `.model` cards as real netlists write them. A KiCad netlist repeats the cards of the library it
 * includes inline; ngspice 39 keeps the first card of a name and silently ignores the later ones (checked:
 * `.model rm r(r=100)` then `.model rm r(r=200)` gives R = 100 ohm in `ngspice -b`). memspice keeps the
 * first too, with a warning at the ignored card.
 */
import { describe, expect, it } from 'vitest';
import { NetlistError } from '../../src/base/errors.ts';
import { run } from '../helpers.ts';

describe('a repeated .model name', () => {
  it('the first card counts, the later one is ignored with a located warning', () => {
    const warnings: string[] = [];
    const netlist = 'repeated model\n.model rm r(r=100)\n.model rm r(r=200)\nV1 1 0 1\nR1 1 0 rm\n.op\n.end\n';
    const [op] = run(netlist, { file: 'x.cir', onWarning: (m) => warnings.push(m) }).analyses;
    // Ohm's law through the first card's 100 ohm: i(v1) = -1 V / 100 ohm (the 200 ohm card would give -5 mA).
    expect(op.data[0][op.columns.indexOf('i(v1)')]).toBeCloseTo(-0.01, 15);
    expect(warnings).toEqual(["x.cir:3:8: warning: model 'rm' already defined (line 2); this card is ignored, as ngspice ignores it"]);
  });

  it('the same name in a subcircuit is its own model, not a repetition', () => {
    const warnings: string[] = [];
    const netlist = 'scoped model\n.model rm r(r=100)\n.subckt half a\n.model rm r(r=200)\nR1 a 0 rm\n.ends\nV1 1 0 1\nX1 1 half\n.op\n.end\n';
    const [op] = run(netlist, { onWarning: (m) => warnings.push(m) }).analyses;
    // The subcircuit's own card: 1 V over 200 ohm.
    expect(op.data[0][op.columns.indexOf('i(v1)')]).toBeCloseTo(-0.005, 15);
    expect(warnings).toEqual([]);
  });
});

/**
 * A D or M line one node short reads as a device to a new node named like its model (`D1 3 DMOD`:
 * memspice's model name is optional, so DMOD would be the cathode). Xyce's regression deck BUG_1116
 * ("a device with too few nodes") expects an error, and ngspice 39 gives one; so does memspice, when the
 * last word names a model in scope.
 */
describe('a D or M line whose last node is a model name', () => {
  it('is an error at that word', () => {
    const netlist = 'diode\nV1 1 0 1\nR1 1 3 1k\nD1 3 DMOD\n.model dmod d(is=100f)\n.op\n.end\n';
    expect(() => run(netlist, { file: 'x.cir' })).toThrow(NetlistError);
    expect(() => run(netlist, { file: 'x.cir' })).toThrow("D1 needs 2 nodes before its model name: 'DMOD' is a model, so only 1 node is given");
    const mosfet = 'mos\nV1 d 0 1\nM1 d d 0 nch\n.model nch nmos(level=1)\n.op\n.end\n';
    expect(() => run(mosfet, { file: 'x.cir' })).toThrow("M1 needs 4 nodes before its model name: 'nch' is a model, so only 3 nodes are given");
  });

  it('a last word that is no model stays a node (the model name is optional)', () => {
    const [op] = run('diode\nV1 1 0 1\nR1 1 3 1k\nD1 3 k\n.op\n.end\n').analyses;
    expect(op.columns).toContain('v(k)');
  });
});
