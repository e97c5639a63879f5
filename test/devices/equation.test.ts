/**
 * Equation-defined devices (`.define`): a linear element against Ohm's law, a state equation against its
 * closed-form solution, and the MEMDIODE rate form written as equations against the built-in YMEMDIODE
 * (an independent implementation of the same equations, src/devices/memdiode.ts).
 */
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
