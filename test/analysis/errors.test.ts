/** Circuits that parse but cannot be solved as written: the engine's diagnostics. */
import { describe, expect, it } from 'vitest';
import { SimulationError } from '../../src/base/errors.ts';
import { column, run } from '../helpers.ts';

function failure(netlist: string): SimulationError {
  try {
    run(netlist);
  } catch (err) {
    if (err instanceof SimulationError) return err;
    throw err;
  }
  throw new Error('expected a SimulationError');
}

describe('engine diagnostics', () => {
  it('a loop of voltage sources names the sources', () => {
    const err = failure('loop\nV1 a 0 1\nV2 a b 0.5\nV3 b 0 2\nR1 a 0 1k\n.op\n');
    expect(err.message).toMatch(/singular/);
    expect(err.message).toMatch(/loop of voltage sources/);
    for (const name of ['v1', 'v2', 'v3']) expect(err.message).toContain(name);
  });

  it('a loop of voltage sources beside a CHEMIND names exactly the sources (its current-valued state is no branch)', () => {
    // V1 and V2 in parallel form the loop; the chemical inductor k1 across the same nodes owns a state
    // ic with the tolerance of a current but defines no branch voltage, so it is not part of the loop.
    const err = failure('loop\nYCHEMIND k1 a 0\nV1 a 0 1\nV2 a 0 1\n.op\n');
    const loop = /loop of voltage sources \/ inductors (.*)$/.exec(err.message);
    expect(loop, err.message).not.toBeNull();
    expect((loop as RegExpExecArray)[1].split(', ').sort()).toEqual(['v1', 'v2']);
  });

  it('a cut-set of current sources names the sources and the floating nodes', () => {
    const err = failure('cutset\nI1 0 a 1m\nR1 a b 1k\nI2 b 0 2m\nR2 c 0 1k\nV1 c 0 1\n.op\n');
    expect(err.message).toMatch(/cut-set of current sources/);
    expect(err.message).toContain('i1');
    expect(err.message).toMatch(/\ba\b/);
    expect(err.loc?.line).toBe(2);
  });

  it('a node without a DC path is solved with gmin and reported as a warning', () => {
    const warnings: string[] = [];
    const result = run('floating\nV1 in 0 DC 1 AC 1\nC1 in mid 1u\nC2 mid 0 1u\n.op\n.ac lin 1 1k 1k\n', {
      onWarning: (m) => warnings.push(m),
    });
    expect(warnings.some((w) => /mid/.test(w) && /no DC path/.test(w))).toBe(true);
    // AC: capacitive divider, v(mid) = 1/2 (gmin = 1e-12 S against 2*pi*1k*2u = 0.0126 S).
    const [, ac] = result.analyses;
    expect(column(ac, 're(v(mid))')[0]).toBeCloseTo(0.5, 9);
  });

  it('Newton failure names the analysis, the point and the unknowns', () => {
    // A resistor of 1e-300 Ohm in series with the source makes every iterate non-finite.
    const err = failure('bad\nV1 a 0 1\nR1 a b 1e-300\nR2 b 0 -1e-300\n.op\n');
    expect(err.message).toMatch(/operating point|singular/);
  });
});
