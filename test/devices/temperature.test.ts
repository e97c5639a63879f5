/**
 * The circuit temperature (`.temp`, `.options temp=`/`tnom=`, `.step temp`) reaches R, C and L through
 * tc1/tc2, as in ngspice 39:
 *
 *     value(T) = value (1 + tc1 (T - tnom) + tc2 (T - tnom)^2),   T = circuit temperature + dtemp
 *
 * with tnom the circuit's unless the element or its model gives one. Each case is a closed form; the
 * two netlists below were also run through `ngspice -b` (a `.control` block printing i(v1), v(2)) and
 * ngspice's printed values (6 digits) are kept beside the closed form as a check that the formula is
 * ngspice's. Linear circuits of a few unknowns: the LU solve is exact to ~1e-15 relative, so 1e-12
 * bounds only rounding; ngspice's values are printed to 6 significant digits, hence 1e-5.
 */
import { describe, expect, it } from 'vitest';
import { column, complexColumn, run } from '../helpers.ts';
import { expectNetlistError } from '../parse/helpers.ts';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('circuit temperature and R, C, L temperature coefficients', () => {
  it('.temp 50: tc1/tc2 on the instance, dtemp on top of the circuit temperature, a model tnom', () => {
    const [op] = run(`temp test
.temp 50
V1 1 0 1
R1 1 0 1k tc1=1e-3 tc2=1e-5
R2 1 2 1k tc1=1e-3 dtemp=10
R3 2 0 1k
.model rm R (r=2k tc1=2e-3 tnom=20)
R4 1 0 rm
.op
.print op i(V1) v(2)
`).analyses;
    const r1 = 1e3 * (1 + 1e-3 * 23 + 1e-5 * 23 ** 2); // 50 - 27 above the circuit tnom
    const r2 = 1e3 * (1 + 1e-3 * 33); // 50 + 10 - 27
    const r4 = 2e3 * (1 + 2e-3 * 30); // 50 - the model's tnom 20
    const current = -(1 / r1 + 1 / (r2 + 1e3) + 1 / r4);
    const v2 = 1e3 / (r2 + 1e3);
    expect(rel(column(op, 'i(v1)')[0], current)).toBeLessThan(1e-12);
    expect(rel(column(op, 'v(2)')[0], v2)).toBeLessThan(1e-12);
    // ngspice 39 prints i(v1) = -1.93607e-03, v(2) = 4.918839e-01 for this netlist.
    expect(rel(column(op, 'i(v1)')[0], -1.93607e-3)).toBeLessThan(1e-5);
    expect(rel(column(op, 'v(2)')[0], 4.918839e-1)).toBeLessThan(1e-5);
  });

  it('.options temp=40 tnom=30: R, L and C in .ac at 1 kHz', () => {
    const [ac] = run(`temp test 2
.options temp=40 tnom=30
V1 1 0 DC 1 AC 1
R1 1 0 1k tc1=1e-3 tc2=1e-5
L1 1 2 1m tc1=2e-3
R2 2 0 1k
C1 1 0 1u tc1=5e-3
.ac lin 1 1k 1k
.print ac i(V1)
`).analyses;
    const w = 2 * Math.PI * 1e3;
    const r1 = 1e3 * (1 + 1e-3 * 10 + 1e-5 * 100);
    const l1 = 1e-3 * (1 + 2e-3 * 10);
    const c1 = 1e-6 * (1 + 5e-3 * 10);
    // y = 1/R1 + 1/(R2 + jwL) + jwC; i(v1) = -y.
    const d = 1e3 * 1e3 + (w * l1) ** 2;
    const re = -(1 / r1 + 1e3 / d);
    const im = -(-(w * l1) / d + w * c1);
    const [gotRe, gotIm] = complexColumn(ac, 'i(v1)')[0];
    expect(rel(gotRe, re)).toBeLessThan(1e-12);
    expect(rel(gotIm, im)).toBeLessThan(1e-12);
    // ngspice 39: i(v1) = -1.98908e-03,-6.59094e-03.
    expect(rel(gotRe, -1.98908e-3)).toBeLessThan(1e-5);
    expect(rel(gotIm, -6.59094e-3)).toBeLessThan(1e-5);
  });

  it('.step temp: each temperature its resistance', () => {
    const result = run(`step
V1 1 0 1
R1 1 0 1k tc1=1e-2
.step temp list -23 77
.op
.print op i(v1)
`);
    const currents = result.analyses.map((a) => column(a, 'i(v1)')[0]);
    expect(currents).toHaveLength(2);
    expect(rel(currents[0], -1 / (1e3 * (1 - 0.5)))).toBeLessThan(1e-12);
    expect(rel(currents[1], -1 / (1e3 * (1 + 0.5)))).toBeLessThan(1e-12);
  });

  it('temp= on the instance overrides the circuit temperature', () => {
    const [op] = run('t\n.temp 100\nV1 1 0 1\nR1 1 0 1k tc1=1e-2 temp=37\n.op\n.print op i(v1)\n').analyses;
    expect(rel(column(op, 'i(v1)')[0], -1 / (1e3 * 1.1))).toBeLessThan(1e-12);
  });

  it('a resistance the temperature makes zero is an error at the element', () => {
    // 1 + tc1 (T - tnom) = 1 - 0.01 * 100 = 0 at .temp -73 (T - tnom = -100).
    expectNetlistError(() => run('t\n.temp -73\nV1 1 0 1\nR1 1 0 1k tc1=1e-2\n.op\n', { file: 'test.cir' }), 4, 1, /r1: resistance must be nonzero/);
  });
});
