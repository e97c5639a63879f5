/**
 * Equation-defined devices (`.define`): a linear element against Ohm's law, a state equation against its
 * closed-form solution, and the MEMDIODE rate form written as equations against the built-in YMEMDIODE
 * (an independent implementation of the same equations, src/devices/memdiode.ts).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NetlistError } from '../../src/base/errors.ts';
import { column, complexColumn, run } from '../helpers.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

/** Largest |a - b| / max(|b|, floor) over two columns. */
function maxRelative(a: number[], b: number[], floor: number): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, k) => Math.max(m, Math.abs(v - b[k]) / Math.max(Math.abs(b[k]), floor)), 0);
}

function netlistError(netlist: string): NetlistError {
  try {
    run(netlist, { file: 'test.cir', cwd: FIXTURES });
  } catch (e) {
    if (e instanceof NetlistError) return e;
    throw e;
  }
  throw new Error('expected a NetlistError');
}

describe('.define: two-terminal devices', () => {
  it('a linear conductance gives Ohm\'s law in .op, with the instance parameter over the default', () => {
    const r = run('t\n.define lin p n params: g=1m\n+ I = { g*V }\nV1 a 0 2\nYLIN r1 a b g=2m\nR2 b 0 1k\n.op\n.print op v(b) i(r1)\n.end\n');
    // 2 V across 1/(2 mS) + 1 kOhm in series: i = 2/(500 + 1000).
    const i = 2 / 1500;
    expect(column(r.analyses[0], 'i(r1)')[0]).toBeCloseTo(i, 14);
    expect(column(r.analyses[0], 'v(b)')[0]).toBeCloseTo(1000 * i, 12);
  });

  it('a state relaxing to V follows x = V (1 - exp(-t/tau)), and DC puts it at g = 0', () => {
    const netlist = [
      't',
      '.define lag p n states=x params: tau=1m g=1u',
      '+ I = { g*V }',
      '+ tau * ddt(x) = { V - x }',
      'V1 a 0 1.5',
      'YLAG d1 a 0',
      '.op',
      '.tran 10u 5m uic',
      '.print op x(d1)',
      '.print tran x(d1) x(d1.x)',
      '.end',
    ].join('\n');
    const r = run(netlist);
    // DC: tau dx/dt = V - x = 0.
    expect(column(r.analyses[0], 'x(d1)')[0]).toBeCloseTo(1.5, 12);
    // uic: the state starts at its default 0 and relaxes with time constant tau.
    const tran = r.analyses[1];
    const t = column(tran, 'time');
    const x = column(tran, 'x(d1)');
    expect(column(tran, 'x(d1.x)')).toEqual(x);
    const exact = t.map((s) => 1.5 * (1 - Math.exp(-s / 1e-3)));
    // Default reltol 1e-3 controls the local error against the signal's own scale (1.5): a global error of
    // a few 1e-3 of the amplitude is what the step control allows, so 5e-3 * 1.5.
    expect(Math.max(...x.map((v, k) => Math.abs(v - exact[k])))).toBeLessThan(5e-3 * 1.5);
  });
});

describe('.define: more terminals, charges, variable tau', () => {
  it('three terminals: I(t) into each terminal but the last, which gets minus their sum', () => {
    const netlist = [
      't',
      '.define tri a b c params: ga=1m gb=3m gab=2m',
      '+ I(a) = { ga*V(a) + gab*V(a,b) }',
      '+ I(b) = { gb*V(b) + gab*V(b,a) }',
      'V1 x 0 1',
      'V2 y 0 2',
      'V3 z 0 0.5',
      'YTRI t1 x y z',
      '.op',
      '.print op i(v1) i(v2) i(v3)',
      '.end',
    ].join('\n');
    const [row] = run(netlist).analyses[0].data;
    // v(a,c) = 0.5, v(b,c) = 1.5, v(a,b) = -1. A source's current flows from its + node through it: the
    // device draws I(a) out of x, so i(v1) = -I(a).
    const ia = 1e-3 * 0.5 + 2e-3 * -1;
    const ib = 3e-3 * 1.5 + 2e-3 * 1;
    expect(row[0]).toBeCloseTo(-ia, 15);
    expect(row[1]).toBeCloseTo(-ib, 15);
    expect(row[2]).toBeCloseTo(ia + ib, 15);
  });

  it('a charge Q = C V gives the admittance j w C in .ac', () => {
    const r = run('t\n.define cap p n params: c=2u\n+ Q = { c*V }\nV1 a 0 ac 1\nYCAP c1 a 0\n.ac dec 2 10 1k\n.print ac i(v1)\n.end\n');
    const ac = r.analyses[0];
    const f = column(ac, 'freq');
    complexColumn(ac, 'i(v1)').forEach(([re, im], k) => {
      expect(re).toBe(0);
      expect(im / (-2 * Math.PI * f[k] * 2e-6)).toBeCloseTo(1, 13);
    });
  });

  it('tau depending on V: {tau} * ddt(x) = g is dx/dt = g/tau', () => {
    const netlist = [
      't',
      '.define vlag p n states=x params: tau0=1m v0=0.5',
      '+ I = { 1u*V }',
      '+ {tau0*exp(-V/v0)} * ddt(x) = { V - x }',
      'V1 a 0 1',
      'YVLAG d1 a 0',
      '.options reltol=1e-6',
      '.tran 10u 2m uic',
      '.print tran x(d1)',
      '.end',
    ].join('\n');
    const tran = run(netlist).analyses[0];
    const tau = 1e-3 * Math.exp(-1 / 0.5);
    const t = column(tran, 'time');
    const x = column(tran, 'x(d1)');
    // reltol 1e-6: the step control keeps the global error near 1e-6 of the amplitude (1); 1e-4 is clear of it.
    x.forEach((v, k) => expect(Math.abs(v - (1 - Math.exp(-t[k] / tau)))).toBeLessThan(1e-4));
  });
});

describe('.define in the analyses and statements around it', () => {
  const lag = ['.define lag p n states=x params: tau=1m g={gv}', '+ I = { g*V*(1 + x) }', '+ tau * ddt(x) = { V - x }', '+ bounds x = [0, ]', '+ init x = 0.25'];

  it('.step of a .param a default uses, .model of the type, .meas and .ic x(inst.state)=', () => {
    const netlist = [
      't',
      '.param gv=1m',
      ...lag,
      '.model fast lag tau=0.1m',
      'V1 a 0 1',
      'YLAG d1 a 0',
      'YLAG d2 a 0 fast g=5m',
      '.step param gv list 1m 2m',
      '.ic x(d2.x)=0.5',
      '.tran 10u 1m',
      '.meas tran i1 find i(d1) at=0',
      '.meas tran i2 find i(d2) at=0',
      '.print tran x(d1) x(d2)',
      '.end',
    ].join('\n');
    const r = run(netlist);
    expect(r.analyses.length).toBe(2);
    r.analyses.forEach((a, k) => {
      const gv = [1e-3, 2e-3][k];
      // At t = 0 the states are held: d1 at its init 0.25, d2 at the .ic 0.5.
      expect(column(a, 'x(d1)')[0]).toBe(0.25);
      expect(column(a, 'x(d2)')[0]).toBe(0.5);
      expect(a.measures?.i1).toBeCloseTo(gv * 1.25, 15);
      expect(a.measures?.i2).toBeCloseTo(5e-3 * 1.5, 15);
      // d2's model has the faster tau: after 1 ms (10 tau) it is at V = 1, d1 (1 tau) at 1 - 0.75/e.
      expect(column(a, 'x(d2)').at(-1)).toBeCloseTo(1, 3);
      expect(column(a, 'x(d1)').at(-1)).toBeCloseTo(1 - 0.75 * Math.exp(-1), 3);
    });
  });

  it('.options testjac finds the exact Jacobians of a nonlinear device equal to finite differences', () => {
    const warnings: string[] = [];
    const netlist = ['t', '.options testjac', '.include memdiode_define.inc', 'V1 a 0 dc 0.3 sin(0 0.6 1)', 'R1 a b 0.5', 'YMEMD m1 b 0', '.op', '.tran 0.01 1', '.end'].join('\n');
    run(netlist, { cwd: FIXTURES, onWarning: (w) => warnings.push(w) });
    expect(warnings.filter((w) => w.includes('testjac'))).toEqual([]);
  });

  it('the crossbar generator copies a --define file and builds the --device cells from it', () => {
    const file = path.join(FIXTURES, 'memdiode_define.inc');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/crossbar.ts', '--rows', '2', '--cols', '3', '--define', file, '--device', 'MEMD gH=2', '--dc', '0.2', '--op'], {
      cwd: path.resolve(FIXTURES, '../..'),
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    const op = run(r.stdout).analyses[0];
    // Ideal wires, virtual-ground columns: each column collects two cells at 0.2 V. `init` holds a state only
    // at a transient's operating point, so .op solves the rate equation: x = rA/(rA + rD) at 0.2 V (PCCP 2024,
    // eq 6 at steady state).
    const rA = Math.exp((0.2 - 0.3) / (1.5 * 0.1));
    const rD = Math.exp(-(0.2 + 0.4) / (2 * 0.1));
    const x = rA / (rA + rD);
    const cell = (0.1 + (2 - 0.1) * x) * 0.2;
    for (const c of ['i(vc1)', 'i(vc2)', 'i(vc3)']) expect(column(op, c)[0] / (2 * cell)).toBeCloseTo(1, 9);
  });
});

describe('.define: the MEMDIODE rate form is the built-in YMEMDIODE', () => {
  const params = 'gL=0.05 gH=2 Vm=0.08 VA=0.25 VD=-0.35 nA=1.3 nD=2.2 tau0=0.5';
  const circuit = (analysis: string, print: string): string =>
    [
      'memdiode define vs built-in',
      '.include memdiode_define.inc',
      `V1 a 0 dc 0.2 ac 1 sin(0 0.6 0.2)`,
      `V2 b 0 dc 0.2 ac 1 sin(0 0.6 0.2)`,
      `YMEMDIODE m1 a 0 ${params} x0=0.3`,
      `YMEMD m2 b 0 ${params} x0=0.3`,
      analysis,
      print,
      '.end',
    ].join('\n');

  it('transient: identical to 1e-10 relative', () => {
    const r = run(circuit('.tran 0.05 15', '.print tran i(v1) i(v2) x(m1) x(m2)'), { cwd: FIXTURES });
    const tran = r.analyses[0];
    // Relative to the current's amplitude (about 1 A) where it crosses zero.
    expect(maxRelative(column(tran, 'i(v2)'), column(tran, 'i(v1)'), 1e-3)).toBeLessThan(1e-10);
    expect(maxRelative(column(tran, 'x(m2)'), column(tran, 'x(m1)'), 1e-3)).toBeLessThan(1e-10);
  });

  it('DC sweep and AC: identical to 1e-10 relative', () => {
    const dc = run(circuit('.dc V1 -0.5 0.5 0.05 V2 -0.5 0.5 0.05', '.print dc i(v1) i(v2) x(m1) x(m2)'), { cwd: FIXTURES }).analyses[0];
    // Each (V1, V2) point: compare where V1 = V2.
    const v1 = column(dc, 'v1');
    const v2 = column(dc, 'v2');
    const same = v1.map((v, k) => (Math.abs(v - v2[k]) < 1e-12 ? k : -1)).filter((k) => k >= 0);
    expect(same.length).toBe(21);
    const pick = (name: string): number[] => same.map((k) => column(dc, name)[k]);
    expect(maxRelative(pick('i(v2)'), pick('i(v1)'), 1e-6)).toBeLessThan(1e-10);
    expect(maxRelative(pick('x(m2)'), pick('x(m1)'), 1e-6)).toBeLessThan(1e-10);

    const ac = run(circuit('.ac dec 5 1m 100', '.print ac i(v1) i(v2)'), { cwd: FIXTURES }).analyses[0];
    const z1 = complexColumn(ac, 'i(v1)');
    const z2 = complexColumn(ac, 'i(v2)');
    for (let k = 0; k < z1.length; k++) {
      const scale = Math.hypot(...z1[k]);
      expect(Math.hypot(z2[k][0] - z1[k][0], z2[k][1] - z1[k][1]) / scale).toBeLessThan(1e-10);
    }
  });
});

describe('.define: .op quantities', () => {
  it("the terminal current, gb and g0 of the MEMDIODE .define equal the built-in's (its own closed forms) to 1e-10", () => {
    const netlist = [
      't',
      '.include memdiode_define.inc',
      'V1 a 0 dc 0.2',
      'YMEMDIODE m1 a 0 gL=0.05 gH=2 Vm=0.08 VA=0.25 VD=-0.35 nA=1.3 nD=2.2 tau0=0.5',
      'YMEMD m2 a 0 gL=0.05 gH=2 Vm=0.08 VA=0.25 VD=-0.35 nA=1.3 nD=2.2 tau0=0.5',
      '.op',
      '.end',
    ].join('\n');
    // Without a .print op every device's quantities are columns of the .op row.
    const [op] = run(netlist, { cwd: FIXTURES }).analyses;
    const value = (name: string): number => column(op, name)[0];
    for (const name of ['gb', 'g0']) expect(Math.abs(value(`${name}(m2)`) / value(`${name}(m1)`) - 1)).toBeLessThan(1e-10);
    // The built-in's current as the i() signal, the .define's as its own .op quantity (the same column name).
    const [printed] = run(netlist.replace('.op', '.op\n.print op i(m1) gb(m2) g0(m2)'), { cwd: FIXTURES }).analyses;
    expect(Math.abs(column(op, 'i(m2)')[0] / column(printed, 'i(m1)')[0] - 1)).toBeLessThan(1e-10);
    // g0 differs from gb by the state's response (ga of PCCP 2024): a 1/(j w) limit, not the instantaneous slope.
    expect(Math.abs(value('g0(m2)') - value('gb(m2)'))).toBeGreaterThan(1e-6);
  });

  it('g0 is left out where the state is undetermined at DC; more terminals give i_<t>', () => {
    const [op] = run(
      ['t', '.define thr p n states=x params: g=1m', '+ I = { g*V*(1 + x) }', '+ ddt(x) = { V > 1 ? V - 1 : 0 }', '.define tri a b c params: g=1m', '+ I(a) = { g*V(a) }', '+ I(b) = { 2*g*V(b,a) }', 'V1 1 0 0.5', 'YTHR d1 1 0', 'R2 2 0 1k', 'YTRI d2 1 2 0', '.op', '.end'].join('\n'),
    ).analyses;
    expect(op.columns).toContain('gb(d1)');
    expect(op.columns).not.toContain('g0(d1)');
    // I(a) = 1m * 0.5 into a; I(b) = 2m (v(2) - 0.5) into b.
    expect(column(op, 'i_a(d2)')[0]).toBeCloseTo(0.5e-3, 15);
    expect(column(op, 'i_b(d2)')[0]).toBeCloseTo(2e-3 * (column(op, 'v(2)')[0] - 0.5), 15);
  });
});

describe('.define: errors at the offending expression', () => {
  const head = 't\n.define bad p n states=x params: a=1\n';
  const tail = 'V1 1 0 1\nYBAD b1 1 0\n.op\n.end\n';
  const cases: Array<[string, string, number, number, RegExp]> = [
    ['undefined name', '+ I = { a*V + zz }\n+ ddt(x) = { -x }\n', 3, 15, /undefined name 'zz'/],
    ['state without an equation', '+ I = { a*V*x }\n', 2, 24, /state 'x' has no equation/],
    ['ddt of a non-state', '+ I = { a*V }\n+ ddt(x) = { -x }\n+ ddt(y) = { 1 }\n', 5, 7, /'y' is not a state/],
    ['forward let', '+ let b = { c + 1 }\n+ let c = { 2 }\n+ I = { b*V }\n+ ddt(x) = { -x }\n', 3, 13, /let c is used before its definition/],
    ['recursive let', '+ let b = { b + 1 }\n+ I = { b*V }\n+ ddt(x) = { -x }\n', 3, 13, /let b refers to itself/],
    ['duplicate name', '+ params: x=2\n+ I = { V }\n+ ddt(x) = { -x }\n', 3, 11, /'x' is defined twice/],
    ['floor of an unknown', '+ I = { floor(V) }\n+ ddt(x) = { -x }\n', 3, 9, /floor\(\) of a quantity that depends on V or a state has no derivative/],
  ];
  for (const [what, body, line, col, message] of cases) {
    it(what, () => {
      const err = netlistError(head + body + tail);
      expect(err.message).toMatch(message);
      expect(err.loc?.line).toBe(line);
      expect(err.loc?.column).toBe(col);
    });
  }
});
