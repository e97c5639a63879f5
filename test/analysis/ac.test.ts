/**
 * AC results against exact transfer functions, computed in the test with complex.js.
 * Tolerance 1e-9 relative: the dense and sparse LU solve these well-conditioned systems to ~1e-14,
 * gmin (1e-12 S) is only added to floating nodes, so 1e-9 leaves a margin for the condition number.
 */
import { Complex } from 'complex.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { column, complexColumn, run } from '../helpers.ts';
import { cRel } from '../helpers/numeric.ts';

describe('series RLC resonance', () => {
  const R = 10;
  const L = 10e-3;
  const C = 1e-6;
  const netlist = `RLC
V1 in 0 AC 1
R1 in a ${R}
L1 a b ${L}
C1 b 0 ${C}
.ac lin 2001 1000 2200
.print ac i(v1) z(v1) v(b)
`;
  let f: number[];
  let current: Array<[number, number]>;
  let z: Array<[number, number]>;
  beforeAll(() => {
    const [ac] = run(netlist).analyses;
    f = column(ac, 'freq');
    current = complexColumn(ac, 'i(v1)');
    z = complexColumn(ac, 'z(v1)');
  });

  it('source current and impedance equal 1/(R + jwL + 1/(jwC)) to 1e-9', () => {
    f.forEach((fk, k) => {
      const w = 2 * Math.PI * fk;
      const zExact = new Complex(R, w * L - 1 / (w * C));
      // The source current flows from n+ through the source: minus the current delivered.
      expect(cRel(current[k], zExact.inverse().neg())).toBeLessThan(1e-9);
      expect(cRel(z[k], zExact)).toBeLessThan(1e-9);
    });
  });

  it('peak at f0 = 1/(2 pi sqrt(LC)) and Q = sqrt(L/C)/R from the -3 dB bandwidth', () => {
    const mag = current.map(([re, im]) => Math.hypot(re, im));
    const kPeak = mag.indexOf(Math.max(...mag));
    const f0 = 1 / (2 * Math.PI * Math.sqrt(L * C));
    const df = f[1] - f[0];
    expect(Math.abs(f[kPeak] - f0)).toBeLessThanOrEqual(df / 2);
    expect(mag[kPeak]).toBeCloseTo(1 / R, 6);
    // -3 dB crossings by linear interpolation on the 0.6 Hz grid: Q within 1e-3.
    const half = mag[kPeak] / Math.SQRT2;
    const cross = (from: number, dir: number): number => {
      let k = from;
      while (mag[k + dir] > half) k += dir;
      const k2 = k + dir;
      return f[k] + ((f[k2] - f[k]) * (mag[k] - half)) / (mag[k] - mag[k2]);
    };
    const q = f0 / (cross(kPeak, 1) - cross(kPeak, -1));
    expect(Math.abs(q - Math.sqrt(L / C) / R) / 10).toBeLessThan(1e-3);
  });
});

describe('RC ladder transfer function', () => {
  it('v(out)/v(in) of a 5-section ladder equals the exact chain-matrix product to 1e-9', () => {
    const sections = [
      [1e3, 100e-9],
      [2.2e3, 47e-9],
      [470, 220e-9],
      [10e3, 10e-9],
      [1.5e3, 33e-9],
    ];
    let netlist = 'ladder\nV1 n0 0 AC 1\n';
    sections.forEach(([r, c], k) => {
      netlist += `R${k + 1} n${k} n${k + 1} ${r}\nC${k + 1} n${k + 1} 0 ${c}\n`;
    });
    netlist += `.ac dec 20 1 10meg\n.print ac v(n${sections.length})\n`;
    const [ac] = run(netlist).analyses;
    const f = column(ac, 'freq');
    const out = complexColumn(ac, `v(n${sections.length})`);
    f.forEach((fk, k) => {
      const s = new Complex(0, 2 * Math.PI * fk);
      // ABCD chain: series R [[1, R], [0, 1]], shunt C [[1, 0], [sC, 1]]; open output: H = 1/A.
      let A = new Complex(1);
      let B = new Complex(0);
      let Cm = new Complex(0);
      let D = new Complex(1);
      for (const [r, c] of sections) {
        // multiply by series R
        [A, B, Cm, D] = [A, A.mul(r).add(B), Cm, Cm.mul(r).add(D)];
        // multiply by shunt C
        const y = s.mul(c);
        [A, B, Cm, D] = [A.add(B.mul(y)), B, Cm.add(D.mul(y)), D];
      }
      expect(cRel(out[k], A.inverse())).toBeLessThan(1e-9);
    });
  });
});
