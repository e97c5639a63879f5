/**
 * C and L `ic=` as ngspice 39 treats them (checked by running it): with `uic` the capacitor starts at
 * v(n+) - v(n-) = ic (also between two non-ground nodes) and the inductor at i = ic; without `uic` both are
 * ignored and the transient starts from the ordinary operating point. Expected values are closed forms.
 */
import { describe, expect, it } from 'vitest';
import { column, run } from '../helpers.ts';

// V1 = 1 V drives R1 = 1k, then C1 = 1u floating between a and b, then R2 = 1k to ground: tau = 2 ms.
const floating = (uic: string): string => `floating capacitor ic
V1 in 0 DC 1
R1 in a 1k
C1 a b 1u ic=0.5
R2 b 0 1k
.tran 10u 5m ${uic}
.options reltol=1e-6
.print tran v(a) v(b)
.end
`;

describe('capacitor and inductor ic=', () => {
  it('uic: a floating capacitor starts at v(a) - v(b) = ic and charges as 1 - 0.5 exp(-t/2ms)', () => {
    const [tran] = run(floating('uic')).analyses;
    const t = column(tran, 'time');
    const va = column(tran, 'v(a)');
    const vb = column(tran, 'v(b)');
    // The capacitor voltage u = 1 - 0.5 e^{-t/tau}; the current (1 - u)/2k through both resistors gives
    // v(a) = 1 - 0.25 e^{-t/tau}, v(b) = 0.25 e^{-t/tau}. reltol = 1e-6: errors ~1e-7 of the 1 V step;
    // 1e-5 leaves a margin of 100. The first point (t = 0, before any solve) is excluded: with uic the node
    // voltages there are initial values, not a solution.
    expect(t.length).toBeGreaterThan(10);
    for (let k = 1; k < t.length; k++) {
      const e = Math.exp(-t[k] / 2e-3);
      expect(Math.abs(va[k] - (1 - 0.25 * e))).toBeLessThan(1e-5);
      expect(Math.abs(vb[k] - 0.25 * e)).toBeLessThan(1e-5);
    }
  });

  it('without uic: ic= is ignored, the transient starts at the operating point and stays there', () => {
    const [tran] = run(floating('')).analyses;
    for (const v of column(tran, 'v(a)')) expect(v).toBeCloseTo(1, 12);
    for (const v of column(tran, 'v(b)')) expect(v).toBeCloseTo(0, 12);
  });

  it('without uic: a grounded capacitor ic= and an inductor ic= are ignored as well', () => {
    const [tran] = run(`grounded
V1 in 0 DC 1
R1 in c 1k
C2 c 0 1u ic=0.3
R2 in l 1k
L1 l 0 1m ic=0.5m
.tran 10u 1m
.print tran v(c) i(l1)
.end
`).analyses;
    for (const v of column(tran, 'v(c)')) expect(v).toBeCloseTo(1, 12);
    for (const i of column(tran, 'i(l1)')) expect(i).toBeCloseTo(1e-3, 12);
  });

  it('uic: the inductor starts at i = ic and relaxes to V/R with L/R = 1 us', () => {
    const [tran] = run(`inductor uic
V1 in 0 DC 1
R1 in l 1k
L1 l 0 1m ic=0.5m
.tran 0.1u 5u uic
.options reltol=1e-6
.print tran i(l1)
.end
`).analyses;
    const t = column(tran, 'time');
    const i = column(tran, 'i(l1)');
    expect(i[0]).toBe(0.5e-3);
    // i = 1 mA - 0.5 mA e^{-t/1us}; 1e-8 A = 1e-5 of the 1 mA scale, as above.
    t.forEach((tk, k) => expect(Math.abs(i[k] - (1e-3 - 0.5e-3 * Math.exp(-tk / 1e-6)))).toBeLessThan(1e-8));
  });
});
