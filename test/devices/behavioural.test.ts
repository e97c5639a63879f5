/**
 * B sources (`I=`, `V=`, bare, braced and quoted expressions) and E/G with VALUE=, against the closed-form
 * solutions of the small circuits they sit in; their Jacobians against finite differences (testjac).
 */
import { describe, expect, it } from 'vitest';
import { column, complexColumn, run } from '../helpers.ts';

function op(lines: string[], signals: string): number[] {
  const r = run(['t', ...lines, '.op', `.print op ${signals}`, '.end'].join('\n'));
  return r.analyses[0].data[0];
}

describe('behavioural sources', () => {
  it('B I= (bare form): the current flows from n+ through the source to n-', () => {
    // I = v(a)^2 * 1m = 4 mA out of b into ground through the source: v(b) = -4 mA * 1k.
    expect(op(['V1 a 0 2', 'B1 b 0 I=V(a)*v(a)*1m', 'R2 b 0 1k'], 'v(b)')).toEqual([-4]);
  });

  it('B V= with a .param, braces and quotes; i(Vsource) as a control', () => {
    const [vb, vc, ib] = op(['.param gain=3', 'V1 a 0 2', 'R1 a 0 1k', 'B2 b 0 V={gain*v(a) - 1}', 'R2 b 0 1k', "B3 c 0 V='i(V1)*1000'", 'R3 c 0 1'], 'v(b) v(c) i(b2)');
    expect(vb).toBe(5);
    // i(V1) = -2 mA (the source delivers 2 mA into R1): v(c) = -2.
    expect(vc).toBeCloseTo(-2, 12);
    // B2's branch current flows from b through the source: R2 draws 5 mA out of it.
    expect(ib).toBeCloseTo(-5e-3, 15);
  });

  it('an expression undefined at the Newton start (0/0) is named as such, and a .nodeset gets past it', () => {
    // Newton starts from 0 V everywhere: V(1)/V(x) is 0/0 there, which is not a missing DC path.
    const lines = ['V1 0 1 DC 0', 'Bmem 1 0 I={V(1,0)/V(x)}', 'Vx x 0 7000'];
    expect(() => op(lines, 'v(x)')).toThrow(/not finite \(NaN or infinite\) in the equations of v\(1\).*\.nodeset/);
    // From v(x) = 7000 the expression is defined: v(1) = 0 (V1 holds it), v(x) = 7000 exactly.
    expect(op([...lines, '.nodeset v(x)=7000'], 'v(1) v(x)')).toEqual([0, 7000]);
  });

  it('E and G with VALUE= (PSpice, LTspice)', () => {
    const [ve, vf] = op(['V1 a 0 2', 'R1 a 0 1k', 'E1 e 0 VALUE={ exp(V(a)) }', 'R5 e 0 1', 'G1 0 f value={ 2m*V(a,f) }', 'R6 f 0 1k'], 'v(e) v(f)');
    expect(ve).toBeCloseTo(Math.exp(2), 12);
    // 2m (2 - vf) flows into f, through 1k: vf = 2 (2 - vf).
    expect(vf).toBeCloseTo(4 / 3, 12);
  });

  it('time in a B source follows the transient; the nonlinear Jacobian passes testjac', () => {
    const warnings: string[] = [];
    const r = run(['t', '.options testjac', 'B1 b 0 I={1m*sin(2*pi*1k*time) + 1m*tanh(v(b))}', 'R1 b 0 1k', 'C1 b 0 1n', '.tran 10u 1m', '.print tran v(b)', '.end'].join('\n'), {
      onWarning: (w) => warnings.push(w),
    });
    expect(warnings.filter((w) => w.includes('testjac'))).toEqual([]);
    const t = column(r.analyses[0], 'time');
    const v = column(r.analyses[0], 'v(b)');
    // v(b) = -R (1m sin + 1m tanh v) quasi-statically (RC = 1 us << 1 ms period); solve v = -sin - tanh(v).
    t.forEach((time, k) => {
      if (time < 50e-6) return;
      const s = Math.sin(2 * Math.PI * 1e3 * time);
      // Newton on v + tanh(v) + s = 0, then the RC lag: v lags by RC dv/dt, of relative size 2 pi f RC ~ 6e-3.
      let x = 0;
      for (let i = 0; i < 50; i++) x -= (x + Math.tanh(x) + s) / (1 + 1 / Math.cosh(x) ** 2);
      expect(Math.abs(v[k] - x)).toBeLessThan(2e-2);
    });
  });

  it('AC: a B current source linear in v(a) is a transconductance', () => {
    const r = run(['t', 'V1 a 0 dc 0 ac 1', 'B1 0 b I={5m*v(a)}', 'R1 b 0 200', '.ac lin 1 1k 1k', '.print ac v(b)', '.end'].join('\n'));
    const [[re, im]] = complexColumn(r.analyses[0], 'v(b)');
    expect(re).toBeCloseTo(1, 13);
    expect(im).toBe(0);
  });
});

describe('.func', () => {
  it('braced, brace-less and =-less forms, nested, defined after use, in .param, sources, B and .define', () => {
    const netlist = [
      't',
      '.param p={lin(2, 3)}',
      '.func sq(x) = {x*x}',
      '.func lin(a, b) {a*b + sq(a)}',
      '.func bare(z) = z+1',
      '.define fd n1 n2 params: g=1m',
      '+ I = { g*sq(V) }',
      'V1 a 0 {bare(p)}',
      'R1 a 0 1k',
      'B1 b 0 I={sq(v(a))*1m}',
      'R2 b 0 1',
      'YFD d1 a 0',
      '.op',
      '.print op v(a) v(b) i(d1)',
      '.end',
    ].join('\n');
    // p = 2*3 + 2^2 = 10, v(a) = 11, B1: 121 mA out of b through 1 Ohm; d1: 1m * 11^2.
    const [va, vb, id] = run(netlist).analyses[0].data[0];
    expect(va).toBe(11);
    expect(vb).toBeCloseTo(-0.121, 15);
    expect(id).toBeCloseTo(0.121, 15);
  });

  it('a .func inside a .subckt is local to it (ngspice): two subcircuits each with their own f, hiding the top-level one', () => {
    const netlist = [
      't',
      '.func f(x) = {x}',
      '.subckt twice a',
      '.func f(x) = {2*x}',
      'B1 a 0 V={f(1)}',
      '.ends',
      '.subckt thrice a',
      'B1 a 0 V={f(1)}',
      '.func f(x) = {3*x}',
      '.ends',
      '.subckt outer a',
      'B1 a 0 V={f(1)}',
      '.ends',
      'X1 n1 twice',
      'X2 n2 thrice',
      'X3 n3 outer',
      'R1 n1 0 1',
      'R2 n2 0 1',
      'R3 n3 0 1',
      'B4 n4 0 V={f(4)}',
      'R4 n4 0 1',
      '.op',
      '.print op v(n1) v(n2) v(n3) v(n4)',
      '.end',
    ].join('\n');
    // Each body's own f (defined before or after its use), the top-level one where the body has none.
    expect(run(netlist).analyses[0].data[0]).toEqual([2, 3, 1, 4]);
    // Outside its subcircuit a local function does not exist.
    expect(() => run('t\n.subckt s a\n.func g(x) = {x}\nR1 a 0 1\n.ends\nB1 b 0 V={g(1)}\nR2 b 0 1\n.op\n.end\n')).toThrow(/unknown function 'g'/);
  });

  it('a wrong argument count and a name clash with a built-in function are located errors', () => {
    expect(() => run('t\n.func f(x, y) {x+y}\nR1 a 0 {f(1)}\n.op\n.end\n')).toThrow(/f\(\) takes 2 arguments, got 1/);
    expect(() => run('t\n.func exp(x) {x}\nR1 a 0 1\n.op\n.end\n')).toThrow(/exp\(\) is a built-in function/);
  });
});

describe('a B-source memristor subcircuit (Biolek HP model with a 1 F state capacitor)', () => {
  it('runs unchanged, and its state obeys logit(x) = logit(x0) + 4 k q(t) (p = 1 window)', () => {
    // Biolek, Biolek, Biolkova, Radioengineering 2009: the LTspice form, E reading its own current.
    const netlist = [
      'Biolek memristor',
      '.SUBCKT memristor plus minus PARAMS: Ron=1K Roff=100K Rinit=80K D=10N uv=10F p=1',
      'Gx 0 x value={I(Emem)*uv*Ron/D**2*f(V(x),p)}',
      'Cx x 0 1 IC={(Roff-Rinit)/(Roff-Ron)}',
      'Raux x 0 1T',
      'Emem plus aux value={-I(Emem)*V(x)*(Roff-Ron)}',
      'Roff aux minus {Roff}',
      '.func f(x,p)={1-(2*x-1)**(2*p)}',
      '.ENDS',
      'V1 in 0 sin(0 1.2 1)',
      'X1 in 0 memristor',
      '.options reltol=1e-6',
      '.tran 1m 1 uic',
      '.print tran i(v1) v(x1.x)',
      '.end',
    ].join('\n');
    const tran = run(netlist).analyses[0];
    const t = column(tran, 'time');
    const i = column(tran, 'i(v1)').map((v) => -v); // the current into the memristor
    const x = column(tran, 'v(x1.x)');
    // dx/dt = k i f(x), f = 1 - (2x - 1)^2 = 4x(1 - x), k = uv Ron / D^2: d logit(x)/dt = 4 k i.
    const k = (10e-15 * 1e3) / (10e-9) ** 2;
    const logit = (v: number): number => Math.log(v / (1 - v));
    let q = 0;
    let worst = 0;
    for (let n = 1; n < t.length; n++) {
      q += 0.5 * (i[n] + i[n - 1]) * (t[n] - t[n - 1]);
      worst = Math.max(worst, Math.abs(logit(x[n]) - (logit(x[0]) + 4 * k * q)));
    }
    expect(x[0]).toBeCloseTo(20 / 99, 12);
    expect(Math.max(...x)).toBeGreaterThan(0.8);
    // The test's trapezoidal charge over the output points (steps of up to 1 ms on a 1 Hz sine, error
    // ~ h^2/12 |i''| T ~ 1e-7 of q) and reltol 1e-6: logit(x) spans about 4, so 1e-3 is clear of both.
    expect(worst).toBeLessThan(1e-3);
  });
});

describe('ddt() in B sources', () => {
  it('I={c*ddt(v(a))} is a capacitor: the same transient as C, and j w C in .ac', () => {
    const body = (element: string): string =>
      ['t', 'V1 in 0 dc 0 ac 1 sin(0 1 1k)', 'R1 in a 1k', element, '.options reltol=1e-6', '.tran 10u 3m', '.ac dec 3 10 100k', '.print tran v(a)', '.print ac v(a)', '.end'].join('\n');
    const b = run(body('B1 a 0 I={1u*ddt(v(a))}'));
    const c = run(body('C1 a 0 1u'));
    const vb = column(b.analyses[0], 'v(a)');
    const vc = column(c.analyses[0], 'v(a)');
    // Both are integrated by the same method on the same charge q = 1u v(a) (the B source's charge row is
    // its own unknown, so the step sequences may differ slightly): agreement to 1e-4 of the 1 V amplitude.
    const tb = column(b.analyses[0], 'time');
    const tc = column(c.analyses[0], 'time');
    const at = (t: number[], v: number[], s: number): number => {
      let k = 1;
      while (k < t.length - 1 && t[k] < s) k++;
      return v[k - 1] + ((v[k] - v[k - 1]) * (s - t[k - 1])) / (t[k] - t[k - 1]);
    };
    for (let s = 0.1e-3; s < 3e-3; s += 0.1e-3) expect(Math.abs(at(tb, vb, s) - at(tc, vc, s))).toBeLessThan(1e-4);
    // AC: v(a) = 1 / (1 + j w R C).
    const f = column(b.analyses[1], 'freq');
    complexColumn(b.analyses[1], 'v(a)').forEach(([re, im], k) => {
      const wrc = 2 * Math.PI * f[k] * 1e-3;
      expect(re).toBeCloseTo(1 / (1 + wrc * wrc), 12);
      expect(im).toBeCloseTo(-wrc / (1 + wrc * wrc), 12);
    });
  });
});

describe('sdt() in B sources', () => {
  it('V={sdt(v(in))} integrates from 0 at t = 0 (with and without uic), and is 1/(j w) in .ac', () => {
    // v(in) = sin(w t) from t = 0: the integral is (1 - cos w t)/w, a closed form the test computes.
    const w = 2 * Math.PI * 1e3;
    for (const uic of ['', ' uic']) {
      const r = run(['t', 'V1 in 0 dc 0 ac 1 sin(0 1 1k)', 'B1 out 0 V={sdt(v(in))}', 'R1 out 0 1k', '.options reltol=1e-7', `.tran 10u 2m${uic}`, '.print tran v(out)', '.end'].join('\n'));
      const t = column(r.analyses[0], 'time');
      const v = column(r.analyses[0], 'v(out)');
      expect(t.length).toBeGreaterThan(50);
      // 1e-6 of the integral's peak 2/w: the step control holds the local error of the integral's row to
      // reltol 1e-7 of its rate; over the run's few hundred steps the global error stays below 1e-6 (measured
      // 1.2e-7). A wrong start (not 0 at t = 0) or sign shows as 1 (the peak itself).
      for (let k = 0; k < t.length; k++) expect(Math.abs(v[k] - (1 - Math.cos(w * t[k])) / w)).toBeLessThan(1e-6 * (2 / w));
    }
    const ac = run(['t', 'V1 in 0 dc 0 ac 1', 'B1 out 0 V={2*sdt(v(in))}', 'R1 out 0 1k', '.ac dec 2 10 100k', '.print ac v(out)', '.end'].join('\n'));
    const f = column(ac.analyses[0], 'freq');
    complexColumn(ac.analyses[0], 'v(out)').forEach(([re, im], k) => {
      // 2/(j w) = -2j/w: the integrator's own equation, no numerical differentiation.
      expect(re).toBeCloseTo(0, 14);
      expect(im / (-2 / (2 * Math.PI * f[k]))).toBeCloseTo(1, 12);
    });
  });
});
