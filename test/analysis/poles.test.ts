/**
 * .poles against poles the test derives itself: closed forms (series RLC, RC stages, the MEMDIODE's -1/tau_t from
 * PCCP 2024 eqs 7, 8, 16), the eigenvalues of the RC ladder's tridiagonal matrix, and the roots of the
 * characteristic polynomials of the chemical inductor under current clamp (JPCL 2022 eqs 18-22), with its
 * operating point found by the test's own bisection.
 *
 * Tolerance 1e-9 relative (the spec's): every pole is polished by inverse iteration on the full pencil, so its
 * relative error is a few eps times the condition of the eigenvalue, ~1e-13 for these small, well separated
 * spectra; the operating point they are linearised at is refined by full Newton steps to 1e-14 relative
 * (refineOperatingPoint), and a pole moves by (dp/du) du, well inside 1e-9.
 */
import { describe, expect, it } from 'vitest';
import { NetlistError, SimulationError } from '../../src/base/errors.ts';
import { crossbarNetlist } from '../../src/generators/crossbar.ts';
import { parseNetlist } from '../../src/parse/index.ts';
import { elaborate } from '../../src/circuit/elaborate.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { Simulator } from '../../src/engine/simulator.ts';
import { operatingPoint } from '../../src/analysis/op.ts';
import { pencilAt } from '../../src/analysis/poles.ts';
import { arnoldiPoles, densePoles, type Pole } from '../../src/analysis/eigen.ts';
import { run } from '../helpers.ts';
import { bisect, rel } from '../helpers/numeric.ts';

const TOL = 1e-9;

function poles(netlist: string): Pole[] {
  const [a] = run(netlist).analyses;
  expect(a.type).toBe('poles');
  expect(a.columns).toEqual(['re', 'im', 'damping', 'freq']);
  return a.data.map(([re, im]) => ({ re, im }));
}

/** Both lists sorted the same way (descending re, then im), compared pole by pole. */
function expectPoles(got: Pole[], want: Pole[], tol = TOL): void {
  const order = (a: Pole, b: Pole): number => b.re - a.re || b.im - a.im;
  const g = [...got].sort(order);
  const w = [...want].sort(order);
  expect(g.length).toBe(w.length);
  g.forEach((p, k) => {
    const scale = Math.hypot(w[k].re, w[k].im);
    expect(Math.hypot(p.re - w[k].re, p.im - w[k].im) / scale).toBeLessThan(tol);
  });
}

/** Roots of a x^2 + b x + c (complex pair or two real). */
function quadraticRoots(a: number, b: number, c: number): Pole[] {
  const disc = b * b - 4 * a * c;
  if (disc < 0) return [{ re: -b / (2 * a), im: Math.sqrt(-disc) / (2 * a) }, { re: -b / (2 * a), im: -Math.sqrt(-disc) / (2 * a) }];
  // The root without cancellation first, the other from the product c/a.
  const q = -0.5 * (b + Math.sign(b || 1) * Math.sqrt(disc));
  return [{ re: q / a, im: 0 }, { re: c / q, im: 0 }];
}

/** Roots of x^3 + c2 x^2 + c1 x + c0: the real root by bisection (the cubic is increasing there), then deflation. */
function cubicRoots(c2: number, c1: number, c0: number): Pole[] {
  const p = (x: number): number => ((x + c2) * x + c1) * x + c0;
  const bound = 1 + Math.max(Math.abs(c2), Math.abs(c1), Math.abs(c0));
  // p(-bound) < 0 < p(bound); bisect on the sign (p need not be monotone, a sign change is enough).
  let lo = -bound;
  let hi = bound;
  for (let k = 0; k < 200; k++) {
    const mid = 0.5 * (lo + hi);
    if (p(mid) > 0) hi = mid;
    else lo = mid;
  }
  const r = 0.5 * (lo + hi);
  // x^3 + c2 x^2 + c1 x + c0 = (x - r)(x^2 + (c2 + r) x + (c1 + r (c2 + r)))
  return [{ re: r, im: 0 }, ...quadraticRoots(1, c2 + r, c1 + r * (c2 + r))];
}

describe('.poles: linear circuits', () => {
  it('series RLC: s = -R/2L +- i sqrt(1/LC - (R/2L)^2)', () => {
    const R = 2;
    const L = 1e-3;
    const C = 1e-6;
    const a = R / (2 * L);
    const w = Math.sqrt(1 / (L * C) - a * a);
    expectPoles(poles(`rlc\nV1 in 0 DC 0\nR1 in a ${R}\nL1 a b ${L}\nC1 b 0 ${C}\n.poles\n.end\n`), [
      { re: -a, im: w },
      { re: -a, im: -w },
    ]);
  });

  it('the damping ratio and frequency columns: zeta = -re/|s|, f = |im|/2pi', () => {
    const [a] = run('rlc\nV1 in 0 DC 0\nR1 in a 2\nL1 a b 1m\nC1 b 0 1u\n.poles\n.end\n').analyses;
    for (const [re, im, zeta, f] of a.data) {
      expect(rel(zeta, -re / Math.hypot(re, im))).toBeLessThan(1e-15);
      expect(rel(f, Math.abs(im) / (2 * Math.PI))).toBeLessThan(1e-15);
    }
  });

  it('RC ladder of N sections: s_k = -4 sin^2((2k-1) pi / (2(2N+1))) / RC, the tridiagonal eigenvalues', () => {
    // Source shorted (its node is ground for the small signal), the far end open: G/C = tridiag(-1, 2, -1)/RC
    // with the last diagonal 1, whose eigenvalues are 4 sin^2((2k-1) pi/(2(2N+1))).
    const N = 12;
    const R = 100;
    const C = 1e-6;
    const lines = ['rc ladder', 'V1 n0 0 DC 1'];
    for (let k = 1; k <= N; k++) lines.push(`R${k} n${k - 1} n${k} ${R}`, `C${k} n${k} 0 ${C}`);
    lines.push('.poles', '.end');
    const want = Array.from({ length: N }, (_, j) => ({ re: (-4 * Math.sin(((2 * j + 1) * Math.PI) / (2 * (2 * N + 1))) ** 2) / (R * C), im: 0 }));
    expectPoles(poles(lines.join('\n')), want);
  });

  it('a pure algebraic loop (E source and resistor) leaves one pole, -(1/R1 + (1 - k)/R2)/C', () => {
    // Node a: (a - in)/R1 + (a - k a)/R2 + s C a = 0 with the loop b = k a.
    const k = 0.5;
    const want = -(1 / 1e3 + (1 - k) / 1e3) / 1e-6;
    expectPoles(poles(`loop\nV1 in 0 DC 1\nR1 in a 1k\nE1 b 0 a 0 ${k}\nR2 b a 1k\nC1 a 0 1u\n.poles\n.end\n`), [{ re: want, im: 0 }]);
  });

  it('stiff: finite poles at -1e-3, -1e6 and -1e12 1/s all found, and no infinite one leaks in', () => {
    // Three RC stages off one source (decoupled: the source is a short), and a resistive divider (algebraic).
    // A magnitude threshold on mu = 1/(sigma - s) would drop the -1e12 pole with the infinite ones.
    const text = 'stiff\nV1 in 0 DC 1\nR1 in a 1\nC1 a 0 1e3\nR2 in b 1\nC2 b 0 1e-12\nR3 in c 1k\nC3 c 0 1n\nR4 in d 1k\nR5 d 0 1k\n.poles\n.end\n';
    expectPoles(poles(text), [
      { re: -1e-3, im: 0 },
      { re: -1e6, im: 0 },
      { re: -1e12, im: 0 },
    ]);
  });

  it('index 2: a capacitor across a voltage source has no pole of its own (-1/RC only)', () => {
    expectPoles(poles('idx2\nV1 in 0 DC 1\nC1 in 0 1u\nR1 in a 1k\nC2 a 0 1u\n.poles\n.end\n'), [{ re: -1000, im: 0 }]);
  });

  it('a node between two capacitors (no restoring term) has the exact zero pole, reported as floating', () => {
    const [a] = run('float\nV1 in 0 DC 1\nC1 in mid 1\nC2 mid 0 1\n.poles\n.end\n', { onWarning: () => {} }).analyses;
    expect(a.data).toEqual([[0, 0, 0, 0]]);
    expect(a.floatingStates).toBe(1);
  });

  it('max=N keeps the N rightmost, a conjugate pair kept whole', () => {
    const lines = ['rc ladder', 'V1 n0 0 DC 1'];
    for (let k = 1; k <= 8; k++) lines.push(`R${k} n${k - 1} n${k} 1`, `C${k} n${k} 0 1`);
    const all = poles([...lines, '.poles', '.end'].join('\n'));
    const three = poles([...lines, '.poles max=3', '.end'].join('\n'));
    expect(three).toEqual(all.slice(0, 3));
    const rlc = poles('rlc\nV1 in 0 DC 0\nR1 in a 2\nL1 a b 1m\nC1 b 0 1u\n.poles max=1\n.end\n');
    expect(rlc.length).toBe(2);
  });
});

describe('.poles: memristive devices', () => {
  it('MEMDIODE driven by a voltage: one real pole at -1/tau_t = -(1/tauA + 1/tauD) (PCCP 2024 eqs 7, 8, 16)', () => {
    // Device defaults: VA = 0.3, VD = -0.4, Vm = 0.1, nA = 1.5, nD = 2, tau0 = 1.
    for (const u of [-0.3, 0.05, 0.25, 0.5]) {
      const invTauA = Math.exp((u - 0.3) / (1.5 * 0.1));
      const invTauD = Math.exp(-(u + 0.4) / (2 * 0.1));
      expectPoles(poles(`md\nV1 u 0 DC ${u}\nYMEMDIODE p1 u 0\n.poles\n.end\n`), [{ re: -(invTauA + invTauD), im: 0 }]);
    }
  });

  const logistic = (z: number): number => 1 / (1 + Math.exp(-z));
  const ic0 = 10;
  const VT = 1;
  const Vm = 0.05;

  it('2-D CHEMIND with Rb, Cm under current clamp: roots of s^2 + (1/tau_m + 1/tau) s + (1/(tau_m tau) + 1/(Ra Cm tau))', () => {
    // States (u, ic): Cm du/dt = I - u/Rb - ic, tau dic/dt = ic0 f_ss(u) - ic (JPCL 2022 eq 2; the 2-D reduction of
    // the eq 18 Jacobian), 1/Ra = ic0 f (1 - f)/Vm (eq 7).
    for (const [I, Rb, Cm, tau] of [
      [3, 1, 0.5, 0.3],
      [6, 2, 1e-3, 5],
    ]) {
      const u = bisect((x) => x / Rb + ic0 * logistic((x - VT) / Vm) - I, -10, 20);
      const f = logistic((u - VT) / Vm);
      const invRa = (ic0 * f * (1 - f)) / Vm;
      const tauM = Rb * Cm;
      const want = quadraticRoots(1, 1 / tauM + 1 / tau, 1 / (tauM * tau) + invRa / (Cm * tau));
      expectPoles(poles(`ci2\nI1 0 u DC ${I}\nRb u 0 ${Rb}\nCm u 0 ${Cm}\nYCHEMIND k1 u 0 ic0=${ic0} VT=${VT} Vm=${Vm} tau=${tau}\n.poles\n.end\n`), want);
    }
  });

  it('3-D CHEMIND with Rb, Cm under current clamp: roots of the cubic of JPCL 2022 eqs 19-22 (exact c0 of eq 18)', () => {
    for (const [I, Rb, Cm, tau, tauf] of [
      [6, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
      [4, 0.5, 0.2, 2, 0.7],
    ]) {
      const u = bisect((x) => x / Rb + ic0 * logistic((x - VT) / Vm) - I, -10, 20);
      const f = logistic((u - VT) / Vm);
      const tauM = Rb * Cm;
      const c2 = 1 / tauM + 1 / tau + 1 / (f * tauf); // eq 22
      const c1 = 1 / (f * tau * tauf) + 1 / (f * tauM * tauf) + 1 / (tau * tauM); // eq 21
      // eq 20 with the 1/(tau_m tau_d f tau_k) term it omits: the determinant of the eq 18 Jacobian.
      const c0 = (ic0 * (1 - f)) / (tau * tauf * Cm * Vm) + 1 / (tauM * tau * f * tauf);
      const text = `ci3\nI1 0 u DC ${I}\nRb u 0 ${Rb}\nCm u 0 ${Cm}\nYCHEMIND k1 u 0 ic0=${ic0} VT=${VT} Vm=${Vm} tau=${tau} tauf=${tauf}\n.poles\n.end\n`;
      expectPoles(poles(text), cubicRoots(c2, c1, c0));
    }
  });
});

describe('.poles: Arnoldi against the dense solver', () => {
  it('8x8 MEMDIODE crossbar: the 10 rightmost poles by shift-invert Arnoldi equal the dense ones to 1e-9', () => {
    const text = crossbarNetlist({
      rows: 8,
      cols: 8,
      title: '8x8',
      cell: { kind: 'device', type: 'MEMDIODE' },
      drivers: (i) => ({ kind: 'dc', value: 0.1 + (0.4 * (i - 1)) / 7 }),
      rowWireR: 0.01,
      colWireR: 0.01,
      analyses: ['.op'],
      comments: false,
    });
    const devices = defaultRegistry();
    const sim = new Simulator(elaborate(parseNetlist(text, { file: 'x', cwd: process.cwd() }), { devices }), undefined, devices);
    const pencil = pencilAt(sim, operatingPoint(sim, 'op'));
    const dense = densePoles(pencil);
    expect(dense.length).toBe(64); // one state per device, every node algebraic
    expectPoles(arnoldiPoles(pencil, 10), dense.slice(0, 10));
  });
});

describe('.poles: the rightmost poles on the Arnoldi path, not the nearest to 0', () => {
  // 450 decoupled RC stages with rates 1 .. 10 1/s and one stage with a negative resistance, R = -1, C = 1u: its
  // pole is +1e6 1/s, the rightmost (unstable) and the farthest from 0. Every pole is a closed form, s = -1/(R C).
  // 451 capacitive unknowns: above the dense limit, so `.poles max=5` takes the Arnoldi path.
  const stages = 450;
  const capacitance = (k: number): number => 1 / (1 + (9 * k) / (stages - 1));
  const lines = ['rightmost'];
  for (let k = 0; k < stages; k++) lines.push(`R${k} n${k} 0 1`, `C${k} n${k} 0 ${capacitance(k)}`);
  lines.push('Rneg f 0 -1', 'Cf f 0 1u', '.poles max=5', '.end');
  it('an unstable pole at +1e6 beside stable ones at -1 .. -10: max=5 gives +1e6 and the four slowest, to 1e-9', () => {
    const want: Pole[] = [{ re: 1e6, im: 0 }];
    for (let k = 0; k < 4; k++) want.push({ re: -1 / capacitance(k), im: 0 });
    // The poles nearest 0 are -1 .. -1.08: a shift-invert Arnoldi at 0 alone returns those five; the verification
    // run at the circuit's rate scale (1e6 1/s here) finds +1e6. Both sets are polished on the pencil: 1e-9.
    expectPoles(poles(lines.join('\n') + '\n'), want);
  });

  it('a triple pole (three identical stages) is listed three times: copies a single Krylov space cannot hold', () => {
    // Rates 2, 2, 2, 3, 4, ... 30 1/s. Any one Krylov space holds one eigenvector of a multiple eigenvalue; the
    // verification runs, deflated by what was found, find the other two.
    const rates = [2, 2, 2, ...Array.from({ length: 28 }, (_, k) => 3 + k)];
    const text = ['triple', ...rates.flatMap((r, k) => [`R${k} n${k} 0 1`, `C${k} n${k} 0 ${1 / r}`]), '.op', '.end'].join('\n') + '\n';
    const devices = defaultRegistry();
    const sim = new Simulator(elaborate(parseNetlist(text, { file: 'x', cwd: process.cwd() }), { devices }), undefined, devices);
    const pencil = pencilAt(sim, operatingPoint(sim, 'op'));
    // A multiple pole is not polished (its neighbours are at distance 0, see polishPoles): its Ritz values are
    // those of a converged run (residual 1e-8 |mu|), for this normal operator within that of the pole; 1e-7.
    expectPoles(arnoldiPoles(pencil, 5, { basis: 12 }), [-2, -2, -2, -3, -4].map((re) => ({ re, im: 0 })), 1e-7);
  });
});

describe('.poles: errors', () => {
  it('an operating point that fails: the DC error, then what to try', () => {
    // Two voltage sources in parallel with different values: no DC solution.
    const text = 'bad\nV1 a 0 DC 1\nV2 a 0 DC 2\nR1 a 0 1\n.poles\n.end\n';
    expect(() => run(text)).toThrow(SimulationError);
    expect(() => run(text)).toThrow(/operating point.*\.nodeset/);
  });

  it('max must be a whole number >= 1; other options are refused', () => {
    expect(() => run('x\nV1 a 0 1\nR1 a 0 1\n.poles max=0\n.end\n')).toThrow(NetlistError);
    expect(() => run('x\nV1 a 0 1\nR1 a 0 1\n.poles max=2.5\n.end\n')).toThrow(/whole number/);
    expect(() => run('x\nV1 a 0 1\nR1 a 0 1\n.poles min=2\n.end\n')).toThrow(/unknown \.poles option 'min'/);
    expect(() => run('x\nV1 a 0 1\nR1 a 0 1\n.poles 3\n.end\n')).toThrow(/expected max=N/);
  });
});

describe('.poles: an equation-defined device', () => {
  it('the 2-D chemical inductor written as a .define has the poles of the built-in CHEMIND, to 1e-10', () => {
    // The same model, APL Mach. Learn. 2023 eqs 1-3: I = ic, tau dic/dt = ic0 f_ss(u) - ic. The .define's
    // Jacobians come from its symbolic derivatives, the built-in's are hand-written: the two pencils differ only
    // in rounding (and in how the state row is scaled, which does not move a pole), so 1e-10 is generous.
    const define = [
      '.define chem2 p n states=ic params: ic0=10 VT=1 Vm=0.05 tau=1',
      '+ I = { ic }',
      '+ {tau} * ddt(ic) = { ic0 / (1 + exp(-(V - VT)/Vm)) - ic }',
    ].join('\n');
    for (const [I, Rb, Cm, tau] of [
      [3, 1, 0.5, 0.3],
      [6, 2, 1e-3, 5],
      [1, 1, 1, 1],
    ]) {
      const circuit = `I1 0 u DC ${I}\nRb u 0 ${Rb}\nCm u 0 ${Cm}\n`;
      const equation = poles(`eq\n${define}\n${circuit}YCHEM2 k1 u 0 tau=${tau}\n.poles\n.end\n`);
      const builtIn = poles(`bi\n${circuit}YCHEMIND k1 u 0 ic0=10 VT=1 Vm=0.05 tau=${tau}\n.poles\n.end\n`);
      expectPoles(equation, builtIn, 1e-10);
    }
  });
});
