/**
 * Sizes that would exhaust memory or never finish: a fan-out of subcircuits (2^24 resistors from 24 lines) and
 * a `.tran` whose tstop is a typo. Both are refused before the work, with the limit named and how to raise it.
 */
import { describe, expect, it } from 'vitest';
import { NetlistError, SimulationError } from '../../src/base/errors.ts';
import { run } from '../helpers.ts';
import { circuit, expectCircuitError } from '../parse/helpers.ts';

/** A source and `levels` nested subcircuits, each instantiating the next twice: 2^levels resistors. */
function fanOut(levels: number, options = ''): string {
  const lines = ['fan-out', 'V1 n0 0 1', '.subckt s0 a', 'R1 a 0 1k', '.ends'];
  for (let k = 1; k <= levels; k++) lines.push(`.subckt s${k} a`, `X1 a s${k - 1}`, `X2 a s${k - 1}`, '.ends');
  lines.push(`X1 n0 s${levels}`);
  if (options) lines.push(options);
  lines.push('.op');
  return lines.join('\n') + '\n';
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('elaborated element limit', () => {
  it('24 levels of doubling subcircuits (2^24 = 16777216 resistors) fail at once at the instance line', () => {
    const text = fanOut(24);
    const instanceLine = 2 + 3 + 24 * 4 + 1;
    const t0 = performance.now();
    expectCircuitError(text, instanceLine, 1, /X1 expands to 1\.68e\+7 elements \(with 1 already in the circuit\), more than the limit of 5000000 \(\.options maxelements=N raises it\)/);
    // Counting is per subcircuit definition (25 of them); building even the first 5e6 took minutes. 5 s allows a loaded machine.
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('counts exactly: V1 and 2^3 resistors are 9 elements, allowed at maxelements=9, refused at 8', () => {
    const ok = circuit(fanOut(3, '.options maxelements=9'));
    expect(ok.elements).toHaveLength(9);
    expectCircuitError(fanOut(3, '.options maxelements=8'), 2 + 3 + 3 * 4 + 1, 1, /X1 expands to 8 elements \(with 1 already in the circuit\), more than the limit of 8/);
  });

  it('a flat netlist over the limit fails at the first element past it', () => {
    expectCircuitError('t\n.options maxelements=2\nV1 a 0 1\nR1 a 0 1k\nR2 a 0 1k\n.op\n', 5, 1, /more than 2 elements, the limit \(\.options maxelements=N raises it\)/);
  });

  it('maxelements must be a whole number >= 1 (located at the value)', () => {
    expectCircuitError('t\n.options maxelements=0\nV1 a 0 1\nR1 a 0 1k\n.op\n', 2, 22, /bad value for option maxelements: expected a whole number >= 1, got 0/);
    expectCircuitError('t\n.options maxelements=2.5\nV1 a 0 1\nR1 a 0 1k\n.op\n', 2, 22, /got 2\.5/);
  });
});

describe('time step limit', () => {
  it('.tran 1m 1e300 fails at once: at least 1e303 steps of tmax = 1 ms', () => {
    const t0 = performance.now();
    const err = caught(() => run('t\nV1 a 0 SIN(0 1 1k)\nR1 a 0 1k\n.tran 1m 1e300\n'));
    expect(err).toBeInstanceOf(NetlistError);
    expect((err as NetlistError).message).toMatch(/\.tran would take at least 1\.0e\+303 time steps \(tstop 1e\+300 s \/ largest step 0\.001 s\), more than the limit of 100000000 \(\.options maxsteps=N raises it\)/);
    expect((err as NetlistError).loc?.line).toBe(4);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('the up-front bound is tstop / tmax: .tran 0.1 1 (tmax = 1/50) needs 50 steps, refused at maxsteps=49', () => {
    const err = caught(() => run('t\nV1 a 0 SIN(0 1 1)\nR1 a b 1k\nC1 b 0 1u\n.options maxsteps=49\n.tran 0.1 1\n'));
    expect(err).toBeInstanceOf(NetlistError);
    expect((err as NetlistError).message).toMatch(/at least 5\.0e\+1 time steps/);
  });

  it('steps are counted during the run: 50 steps of at most 1/50 s can not also ramp up from h = 1 ms', () => {
    const netlist = (max: number) => `t\nV1 a 0 SIN(0 1 1)\nR1 a b 1k\nC1 b 0 1u\n.options maxsteps=${max}\n.tran 0.1 1\n`;
    const err = caught(() => run(netlist(50)));
    expect(err).toBeInstanceOf(SimulationError);
    expect((err as SimulationError).message).toMatch(/\.tran: \d+ steps accepted and \d+ rejected by t = .* s of 1 s, the limit of 50 \(\.options maxsteps=N raises it\)/);
    expect(() => run(netlist(100000))).not.toThrow();
  });
});
