/**
 * R, C and L lines that give their value by name, as Xyce's regression netlists and ngspice's long forms
 * write them (`R1 a b R=1g`, `C1 a b c=1p`, `L1 a b l=1u`, `resistance=`, `capacitance=`, `inductance=`).
 * Checked by closed forms: at the corner frequency of a first-order RC or RL divider, |H| = 1/sqrt(2) and
 * the phase is -45 or +45 degrees, which holds only if both values were read.
 */
import { describe, expect, it } from 'vitest';
import { NetlistError } from '../../src/base/errors.ts';
import { column, run } from '../helpers.ts';

/** re and im of v(out) at the single .ac frequency. */
function acPoint(netlist: string): { re: number; im: number } {
  const [ac] = run(netlist).analyses;
  return { re: column(ac, 're(v(out))')[0], im: column(ac, 'im(v(out))')[0] };
}

describe('R, C, L values given by name', () => {
  it('RC low-pass with r= and c=: H = 1/(1 + j) at f = 1/(2 pi R C)', () => {
    const f = 1 / (2 * Math.PI * 1e3 * 1e-6);
    const h = acPoint(`rc\nV1 in 0 AC 1\nR1 in out r=1k\nC1 out 0 c=1u\n.ac lin 1 ${f} ${f}\n.print ac v(out)\n.end\n`);
    // 1/(1 + j) = 0.5 - 0.5j; a linear solve, so rounding only.
    expect(h.re).toBeCloseTo(0.5, 12);
    expect(h.im).toBeCloseTo(-0.5, 12);
  });

  it('RL high-pass with resistance= and inductance=: H = j/(1 + j) at f = R/(2 pi L)', () => {
    const f = 1e3 / (2 * Math.PI * 1e-3);
    const h = acPoint(`rl\nV1 in 0 AC 1\nR1 in out resistance={2*500}\nL1 out 0 inductance=1m\n.ac lin 1 ${f} ${f}\n.print ac v(out)\n.end\n`);
    // j/(1 + j) = 0.5 + 0.5j.
    expect(h.re).toBeCloseTo(0.5, 12);
    expect(h.im).toBeCloseTo(0.5, 12);
  });

  it('capacitance= and cap= are C values too', () => {
    const f = 1 / (2 * Math.PI * 1e3 * 1e-6);
    for (const key of ['capacitance', 'cap', 'C']) {
      const h = acPoint(`rc\nV1 in 0 AC 1\nR1 in out 1k\nC1 out 0 ${key}=1u\n.ac lin 1 ${f} ${f}\n.print ac v(out)\n.end\n`);
      expect(h.im, key).toBeCloseTo(-0.5, 12);
    }
  });

  it('a named value that is not a number is a located error', () => {
    expect(() => run('bad\nV1 1 0 1\nR1 1 0 r=abc\n.op\n.end\n', { file: 'x.cir' })).toThrow(NetlistError);
    expect(() => run('bad\nV1 1 0 1\nR1 1 0 r=abc\n.op\n.end\n', { file: 'x.cir' })).toThrow(/non-numeric value for R1 r/);
  });
});
