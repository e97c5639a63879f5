/**
 * F, H, K and R/C/L with models, m=, scale= and temperature coefficients, against closed forms.
 * Linear circuits of a few unknowns: the LU solve is exact to ~1e-15 relative, so 1e-12 relative
 * tolerances leave room only for rounding.
 */
import { Complex } from 'complex.js';
import { describe, expect, it } from 'vitest';
import { column, complexColumn, run } from '../helpers.ts';
import { cRel } from '../helpers/numeric.ts';
import { circuit, expectCircuitError, expectNetlistError } from '../parse/helpers.ts';

/** Errors the device factories raise: when the simulation starts, at the element's line. */
const expectRunError = (text: string, line: number, col: number, message: RegExp): unknown =>
  expectNetlistError(() => run(text, { file: 'test.cir' }), line, col, message);

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('current-controlled sources F and H', () => {
  // i(vs) = 2 V / 1k = 2 mA flows from node 2 through vs to ground.
  const netlist = `fh
V1 1 0 2
R1 1 2 1k
Vs 2 0 0
F1 0 3 Vs 3
R3 3 0 2k
H1 4 0 Vs 500
R4 4 0 1k
.op
.print op v(3) v(4) i(h1)
`;
  it('F drives gain i(vs) from n+ through itself to n-: v(3) = 3 * 2 mA * 2k = 12 V', () => {
    const [op] = run(netlist).analyses;
    expect(rel(column(op, 'v(3)')[0], 12)).toBeLessThan(1e-12);
  });
  it('H holds v(n+) - v(n-) = r i(vs) = 500 * 2 mA = 1 V whatever it drives', () => {
    const [op] = run(netlist).analyses;
    expect(rel(column(op, 'v(4)')[0], 1)).toBeLessThan(1e-12);
    // 1 V across 1k: 1 mA leaves H's n+ into R4, so H's branch current (n+ through H to n-) is -1 mA.
    expect(rel(column(op, 'i(h1)')[0], -1e-3)).toBeLessThan(1e-12);
  });
  it('inside a subcircuit the controlling source is the instance’s own', () => {
    const c = circuit('t\n.subckt amp in out\nVs in m 0\nR1 m 0 1k\nF1 0 out Vs 2\nR2 out 0 1k\n.ends\nX1 a b amp\nV1 a 0 1\n');
    expect(c.elements.find((e) => e.name === 'x1.f1')?.refs).toEqual(['x1.vs']);
  });
  it('a missing or wrong controlling source is located at its name', () => {
    expectCircuitError('t\nR1 a 0 1\nF1 a 0 vx 2\n', 3, 8, /vx: no such element \(F f1 needs a voltage source\)/);
    expectCircuitError('t\nR1 a 0 1\nH1 a 0 R1 2\n', 3, 8, /R1 is not a voltage source/);
    expectCircuitError('t\nV1 a 0 1\nF1 a 0 V1\n', 3, 1, /F1 needs 2 nodes, the controlling voltage source and a gain/);
  });
});

describe('mutual inductance K', () => {
  const L1 = 1e-3;
  const L2 = 4e-3;
  const k = 0.5;
  const M = k * Math.sqrt(L1 * L2);
  const Rs = 1;
  const RL = 10;
  const f = [10, 100, 1e3, 1e4];
  const netlist = (rl: number): string => `transformer
V1 in 0 AC 1
Rs in p ${Rs}
L1 p 0 ${L1}
L2 s 0 ${L2}
K1 L1 L2 ${k}
RL s 0 ${rl}
.ac lin 1 ${f[0]} ${f[0]}
.step param ff list 0
.print ac v(s) v(p)
`;
  it('AC transfer v(s)/v(in) of the loaded transformer equals the two-mesh closed form to 1e-12', () => {
    for (const fk of f) {
      const [ac] = run(netlist(RL).replace(`.ac lin 1 ${f[0]} ${f[0]}`, `.ac lin 1 ${fk} ${fk}`).replace('.step param ff list 0\n', '')).analyses;
      const w = 2 * Math.PI * fk;
      // Meshes: 1 = (Rs + jwL1) i1 + jwM i2 and 0 = jwM i1 + (jwL2 + RL) i2, i2 into L2's first node s;
      // RL carries -i2 from s to ground, so v(s) = -RL i2.
      const z11 = new Complex(Rs, w * L1);
      const z12 = new Complex(0, w * M);
      const z22 = new Complex(RL, w * L2);
      const i1 = z22.div(z11.mul(z22).sub(z12.mul(z12)));
      const i2 = z12.neg().mul(i1).div(z22);
      const vs = i2.mul(-RL);
      expect(cRel(complexColumn(ac, 'v(s)')[0], vs)).toBeLessThan(1e-12);
    }
  });
  it('open secondary: v(s)/v(p) = M / L1 = k sqrt(L2/L1) = 1 (to the 1e-7 a 1 GOhm load leaves)', () => {
    const [ac] = run(netlist(1e9).replace('.step param ff list 0\n', '')).analyses;
    const [vs] = complexColumn(ac, 'v(s)');
    const [vp] = complexColumn(ac, 'v(p)');
    const ratio = new Complex(vs[0], vs[1]).div(new Complex(vp[0], vp[1]));
    expect(Math.abs(ratio.re - M / L1)).toBeLessThan(1e-7);
    expect(Math.abs(ratio.im)).toBeLessThan(1e-7);
  });
  it('|k| > 1, a non-inductor and a missing inductor are located errors', () => {
    expectRunError('t\nV1 a 0 1\nL1 a 0 1\nL2 b 0 1\nK1 L1 L2 1.5\nR1 b 0 1\n.op\n', 5, 1, /k1: coupling k must satisfy \|k\| <= 1, got 1\.5/);
    expectCircuitError('t\nL1 a 0 1\nR2 b 0 1\nK1 L1 R2 0.5\n', 4, 7, /R2 is not an inductor/);
    expectCircuitError('t\nL1 a 0 1\nK1 L1 L9 0.5\nR1 a 0 1\n', 3, 7, /L9: no such element/);
  });
});

describe('R, C, L with models, m=, scale= and tc1/tc2 (values ngspice 39 gives the same lines)', () => {
  // Each resistor alone on a 1 V source: 1 / |i(v)| is its resistance.
  const resistances: Array<[string, number]> = [
    ['R1 n 0 rmod 1k', 1000 * (1 + 0.01 * 10)], // model tnom=17: 10 K above it
    ['R1 n 0 2k rmod m=2', (2000 * 1.1) / 2],
    ['R1 n 0 rmod', 500 * 1.1], // the value from the model's r=
    ['R1 n 0 1k tc1=0.01 tc2=1e-3 temp=37', 1000 * (1 + 0.01 * 10 + 1e-3 * 100)],
    ['R1 n 0 1k scale=2', 2000],
    ['R1 n 0 1k tc1=0.01 dtemp=5', 1000 * 1.05],
    ['R1 n 0 rmod2 1k', 1000], // tnom defaults to the circuit temperature 27
  ];
  for (const [line, r] of resistances) {
    it(`${line}: R = ${r}`, () => {
      const [op] = run(`r\nV1 n 0 1\n${line}\n.model rmod R (r=500 tc1=0.01 tnom=17)\n.model rmod2 R (tc1=0.01 tc2=0.001)\n.op\n.print op i(v1)\n`).analyses;
      expect(rel(-1 / column(op, 'i(v1)')[0], r)).toBeLessThan(1e-12);
    });
  }
  it('C m= and scale= multiply, L m= divides: admittances at w = 1 rad/s', () => {
    const [ac] = run(`lc
V1 1 0 AC 1
C1 1 0 1 cmod m=2 scale=3
V2 2 0 AC 1
R2 2 3 1
L2 3 0 1 lmod m=2 scale=3
V3 4 0 AC 1
C3 4 0 cmod
.model cmod C (cap=5 tc1=0.01 tnom=17)
.model lmod L (ind=5 tc1=0.01 tnom=17)
.ac lin 1 ${1 / (2 * Math.PI)} ${1 / (2 * Math.PI)}
.print ac i(v1) i(v2) i(v3)
`).analyses;
    // i(v) flows from n+ through the source: minus the current into the element.
    expect(cRel(complexColumn(ac, 'i(v1)')[0], new Complex(0, -1 * 1.1 * 3 * 2))).toBeLessThan(1e-12);
    expect(cRel(complexColumn(ac, 'i(v2)')[0], new Complex(1, (1 * 1.1 * 3) / 2).inverse().neg())).toBeLessThan(1e-12);
    expect(cRel(complexColumn(ac, 'i(v3)')[0], new Complex(0, -5 * 1.1))).toBeLessThan(1e-12);
  });
  it('a model of another type, a missing value and m=0 are located errors', () => {
    expectCircuitError('t\nR1 a 0 cmod\n.model cmod C (cap=1)\n', 2, 8, /model cmod is a C, not an R model/);
    expectRunError('t\nV1 a 0 1\nR1 a 0 rmod\n.model rmod R (tc1=1)\n.op\n', 3, 1, /r1: no resistance given/);
    expectRunError('t\nV1 a 0 1\nR1 a 0 1k m=0\n.op\n', 3, 1, /parameter 'm' must be > 0/);
    expectCircuitError('t\nR1 a 0 1k 2k\n', 2, 1, /R1 needs 2 nodes and a value or a model name/);
  });
});

describe('elements memspice does not have', () => {
  it('are not an error inside a subcircuit nobody instantiates', () => {
    const c = circuit('t\n.subckt lib a b\nQ1 a b 0 qmod\nB1 a 0 v=1\n.ends\nR1 x 0 1\n');
    expect(c.elements.map((e) => e.name)).toEqual(['r1']);
  });
  it('are an error where they are used, at the element', () => {
    expectCircuitError('t\n.subckt lib a b\nQ1 a b 0 qmod\n.ends\nX1 n 0 lib\n', 3, 1, /unknown element letter 'Q' in 'Q1'/);
    expectCircuitError('t\nR1 a 0 1\n  Q1 c b e qmod\n', 3, 3, /unknown element letter 'Q' in 'Q1'/);
  });
});

describe('RKM-style values read as ngspice 39 reads them', () => {
  it('4k7 is 4k and 2M2 is 2 milli: letters after the scale factor are ignored (ngspice 39: v(2) = 0.2)', () => {
    const [op] = run('rkm\nV1 1 0 1\nR1 1 2 4k7\nR2 2 0 1k\nR3 1 3 2M2\nR4 3 0 1k\n.op\n.print op v(2) v(3)\n').analyses;
    expect(rel(column(op, 'v(2)')[0], 1000 / 5000)).toBeLessThan(1e-12);
    expect(rel(column(op, 'v(3)')[0], 1000 / (1000 + 2e-3))).toBeLessThan(1e-12);
  });
  it('R47 in the value position is a model name, as in ngspice', () => {
    expectCircuitError('t\nV1 1 0 1\nR2 1 0 R47\n', 3, 8, /unknown model 'r47'/);
  });
});
