import { describe, expect, it } from 'vitest';
import { elaborate, resolveSteps } from '../../src/circuit/elaborate.ts';
import { DEFAULT_OPTIONS } from '../../src/circuit/circuit.ts';
import { parseNetlist } from '../../src/parse/index.ts';
import { circuit, testDevices } from '../parse/helpers.ts';

describe('elements', () => {
  it('R, C, L with values and initial conditions', () => {
    const c = circuit('t\nR1 a b 2.2k\nC1 b 0 10uF ic=0.5\nL1 a 0 1m ic={1/4}\n');
    expect(c.elements.map(({ name, kind, nodes, params }) => ({ name, kind, nodes, params }))).toEqual([
      { name: 'r1', kind: 'R', nodes: ['a', 'b'], params: { value: 2200 } },
      { name: 'c1', kind: 'C', nodes: ['b', '0'], params: { value: 1e-5, ic: 0.5 } },
      { name: 'l1', kind: 'L', nodes: ['a', '0'], params: { value: 1e-3, ic: 0.25 } },
    ]);
    expect(c.nodes).toEqual(['a', 'b']);
    expect(c.elements[0].loc).toEqual({ file: 'test.cir', line: 2, column: 1, text: 'R1 a b 2.2k' });
  });

  it('E and G', () => {
    const c = circuit('t\nE1 o 0 a b 10\nG1 o 0 a b 1m\n');
    expect(c.elements[0]).toMatchObject({ kind: 'E', nodes: ['o', '0', 'a', 'b'], params: { gain: 10 } });
    expect(c.elements[1]).toMatchObject({ kind: 'G', params: { gm: 1e-3 } });
  });

  it('ground is 0 or gnd', () => {
    const c = circuit('t\nR1 a GND 1\nR2 a 0 1\n');
    expect(c.elements.map((e) => e.nodes)).toEqual([
      ['a', '0'],
      ['a', '0'],
    ]);
    expect(c.nodes).toEqual(['a']);
  });
});

describe('sources', () => {
  it('DC forms', () => {
    const c = circuit('t\nV1 a 0 5\nV2 b 0 DC -2\nI1 0 c\nV3 d 0 AC 1\n');
    expect(c.elements.map((e) => e.source)).toEqual([
      { dc: 5, hasDc: true, acMag: 0, acPhaseDeg: 0 },
      { dc: -2, hasDc: true, acMag: 0, acPhaseDeg: 0 },
      { dc: 0, hasDc: false, acMag: 0, acPhaseDeg: 0 },
      { dc: 0, hasDc: false, acMag: 1, acPhaseDeg: 0 },
    ]);
    expect(c.elements[2].kind).toBe('I');
  });

  it('AC with magnitude and phase, and a waveform', () => {
    const c = circuit('t\nV1 a 0 DC 1 AC 2 45 SIN(0 1 1k 1m 10 90)\n');
    expect(c.elements[0].source).toEqual({
      dc: 1,
      hasDc: true,
      acMag: 2,
      acPhaseDeg: 45,
      tran: { kind: 'sin', vo: 0, va: 1, freq: 1000, td: 1e-3, theta: 10, phaseDeg: 90 },
    });
  });

  it('PULSE with commas, without parentheses, and omitted trailing arguments', () => {
    const c = circuit('t\nV1 a 0 PULSE(0, 1, 1n, 2n, 3n, 4n, 10n)\nV2 b 0 pulse 0 1 1n\nI3 0 c sin(0 1)\nV4 d 0 EXP(0 1 1u)\n');
    expect(c.elements[0].source?.tran).toEqual({ kind: 'pulse', v1: 0, v2: 1, td: 1e-9, tr: 2e-9, tf: 3e-9, pw: 4e-9, per: 1e-8 });
    expect(c.elements[0].source?.omitted).toBeUndefined();
    expect(c.elements[1].source?.tran).toEqual({ kind: 'pulse', v1: 0, v2: 1, td: 1e-9, tr: 0, tf: 0, pw: 0, per: 0 });
    expect(c.elements[1].source?.omitted).toEqual(['tr', 'tf', 'pw', 'per']);
    expect(c.elements[2].source?.omitted).toEqual(['freq', 'td', 'theta', 'phase']);
    expect(c.elements[3].source?.tran).toEqual({ kind: 'exp', v1: 0, v2: 1, td1: 1e-6, tau1: 0, td2: 0, tau2: 0 });
    expect(c.elements[3].source?.omitted).toEqual(['tau1', 'td2', 'tau2']);
    expect(c.elements[1].source?.hasDc).toBe(false);
  });

  it('PWL lists with expressions', () => {
    const c = circuit('t\n.param t1=1m\nV1 a 0 PWL(0 0 {t1} 1 {2*t1} 1 3m 0)\n');
    expect(c.elements[0].source?.tran).toEqual({ kind: 'pwl', times: [0, 1e-3, 2e-3, 3e-3], values: [0, 1, 1, 0] });
  });
});

describe('parameters and expressions', () => {
  it('evaluates expressions, functions and constants', () => {
    const c = circuit(
      't\n.param a=2 b = {a*3} c={2*pi}\n.param d={-2^2} e={2^3^2} f={log(exp(2))+log10(1000)+ln(1)} g={max(1,5,3)-min(4,2)+pow(2,3)+abs(-1)+sqrt(16)}\n' +
        'R1 x 0 {b}\nR2 x 0 {c}\nR3 x 0 {d}\nR4 x 0 {e}\nR5 x 0 {f}\nR6 x 0 {g}\nR7 x 0 {2k*2}\n',
    );
    expect(c.elements.map((e) => e.params.value)).toEqual([6, 6.283185307179586, -4, 512, 5, 3 + 8 + 1 + 4 + 5 - 2 - 5 + 5 - 5 + 2, 4000]);
  });

  it('allows forward references and bare names in assignments', () => {
    const c = circuit('t\n.param r2=r1 r3={r2+1}\n.param r1=10\nR1 a 0 {r3}\n');
    expect(c.elements[0].params.value).toBe(11);
  });

  it('overrides (.step values) take precedence and propagate', () => {
    const ast = parseNetlist('t\n.param r=1 r2={2*r}\nR1 a 0 {r2}\n', { file: 'x', cwd: '.' });
    expect(elaborate(ast, { devices: testDevices }).elements[0].params.value).toBe(2);
    expect(elaborate(ast, { devices: testDevices, overrides: { r: 5 } }).elements[0].params.value).toBe(10);
  });
});

describe('subcircuits', () => {
  const net = `t
.param g=100
.subckt inner a b params: r=1
R1 a n {r*g}
R2 n b 1
.ends inner
.subckt outer p q params: r=2 s={r*10}
X2 p m inner r={s}
R3 m q {r}
.ends
X1 in 0 outer r=3
X3 in 0 outer
`;
  it('flattens with hierarchical names, passes parameters and sees globals', () => {
    const c = circuit(net);
    expect(c.elements.map((e) => [e.name, e.nodes, e.params.value])).toEqual([
      ['x1.x2.r1', ['in', 'x1.x2.n'], 3000],
      ['x1.x2.r2', ['x1.x2.n', 'x1.m'], 1],
      ['x1.r3', ['x1.m', '0'], 3],
      ['x3.x2.r1', ['in', 'x3.x2.n'], 2000],
      ['x3.x2.r2', ['x3.x2.n', 'x3.m'], 1],
      ['x3.r3', ['x3.m', '0'], 2],
    ]);
    // Ports of an instance are mapped (and their nodes created) before its body.
    expect(c.nodes).toEqual(['in', 'x1.m', 'x1.x2.n', 'x3.m', 'x3.x2.n']);
  });

  it('scopes nested definitions, local .param and local .model', () => {
    const c = circuit(`t
.model m1 testdev a=1 b=2
.subckt s a b
.param k=7
.model m1 testdev a=5
.subckt t c d
R1 c d {k}
.ends
Xi a b t
YTESTDEV p a b m1 b=9
.ends
X1 1 2 s params: 
YTESTDEV p 1 0 m1
`);
    expect(c.elements.map((e) => [e.name, e.kind, e.nodes, e.params, e.model])).toEqual([
      ['x1.xi.r1', 'R', ['1', '2'], { value: 7 }, undefined],
      ['x1.p', 'TESTDEV', ['1', '2'], { a: 5, b: 9 }, 'm1'],
      ['p', 'TESTDEV', ['1', '0'], { a: 1, b: 2 }, 'm1'],
    ]);
  });
});

describe('Y devices and models', () => {
  it('takes the kind from the Y word, the name from the next token, terminals from the registry', () => {
    const c = circuit('t\n.model mod1 TESTTRI (vm=0.1, rs=10)\nYTESTTRI p1 a b c mod1 vm=0.05\nYTESTDEV q a 0 k=1\n');
    expect(c.elements[0]).toMatchObject({ name: 'p1', kind: 'TESTTRI', nodes: ['a', 'b', 'c'], model: 'mod1', params: { vm: 0.05, rs: 10 } });
    expect(c.elements[1]).toMatchObject({ name: 'q', kind: 'TESTDEV', nodes: ['a', '0'], params: { k: 1 } });
    expect(c.elements[1].model).toBeUndefined();
  });
});

describe('control lines', () => {
  it('analyses in order', () => {
    const c = circuit('t\nV1 a 0 1\nV2 b 0 1\nR1 a b 1\n.op\n.dc V1 0 1 0.1 v2 5 0 -1\n.ac dec 10 1 1meg\n.tran 1n 1u 10n 2n uic\n.tran 1u 1m\n');
    expect(c.analyses.map(({ loc: _loc, ...a }) => a)).toEqual([
      { type: 'op' },
      {
        type: 'dc',
        sweeps: [
          { source: 'v1', start: 0, stop: 1, step: 0.1 },
          { source: 'v2', start: 5, stop: 0, step: -1 },
        ],
      },
      { type: 'ac', variation: 'dec', points: 10, fstart: 1, fstop: 1e6 },
      { type: 'tran', tstep: 1e-9, tstop: 1e-6, tstart: 1e-8, tmax: 2e-9, uic: true },
      { type: 'tran', tstep: 1e-6, tstop: 1e-3, tstart: 0, uic: false },
    ]);
    expect(c.analyses[2].loc).toEqual({ file: 'test.cir', line: 7, column: 1, text: '.ac dec 10 1 1meg' });
  });

  it('.options from the defaults, unknown ones as warnings', () => {
    const c = circuit('t\nR1 a 0 1\n.options reltol=1e-4 abstol=1p method=gear maxord=1 itl4=50\n.option gmin=0 fancy=2\n');
    expect(c.options).toEqual({ ...DEFAULT_OPTIONS, reltol: 1e-4, abstol: 1e-12, method: 'gear', maxord: 1, itl4: 50, gmin: 0 });
    expect(c.warnings.map((w) => [w.message, w.loc.line, w.loc.column])).toEqual([["unknown option 'fancy' ignored", 4, 16]]);
  });

  it('.ic, .print, .probe', () => {
    const c = circuit('t\nV1 a 0 1\nR1 a b 1\nYTESTDEV p1 b 0\n.ic v(b)=0.5 x(p1)=0.1 x(p1.f)={1/2}\n.print tran v(a) v(a,b) i(V1) z(v1) ga(p1)\n.probe v(b)\n');
    expect(c.initialConditions.map((i) => [i.signal.fn, i.signal.args, i.value])).toEqual([
      ['v', ['b'], 0.5],
      ['x', ['p1'], 0.1],
      ['x', ['p1.f'], 0.5],
    ]);
    expect(c.prints).toHaveLength(2);
    expect(c.prints[0].analysis).toBe('tran');
    expect(c.prints[0].signals.map((s) => [s.fn, s.args])).toEqual([
      ['v', ['a']],
      ['v', ['a', 'b']],
      ['i', ['v1']],
      ['z', ['v1']],
      ['ga', ['p1']],
    ]);
    expect(c.prints[0].signals[1].loc.column).toBe(18);
    expect(c.prints[1].analysis).toBeUndefined();
  });

  it('prints internal subcircuit nodes by their flattened name', () => {
    const c = circuit('t\n.subckt s a\nR1 a n 1\n.ends\nX1 1 s\n.print op v(x1.n) i(x1.r1)\n');
    expect(c.prints[0].signals.map((s) => s.args)).toEqual([['x1.n'], ['x1.r1']]);
  });

  it('.meas tokens', () => {
    const c = circuit('t\n.param t0=1m\nV1 a 0 1\n.measure tran tr1 TRIG v(a) VAL=0.5 RISE=1 TARG v(a) val={0.9} td={t0} from=at 3k\n');
    expect(c.measures[0].analysis).toBe('tran');
    expect(c.measures[0].name).toBe('tr1');
    const toks = c.measures[0].tokens.map((t) => (t.kind === 'signal' ? { kind: 'signal', fn: t.signal.fn, args: t.signal.args } : t));
    expect(toks).toEqual([
      { kind: 'word', value: 'trig' },
      { kind: 'signal', fn: 'v', args: ['a'] },
      { kind: 'assign', key: 'val', value: 0.5 },
      { kind: 'assign', key: 'rise', value: 1 },
      { kind: 'word', value: 'targ' },
      { kind: 'signal', fn: 'v', args: ['a'] },
      { kind: 'assign', key: 'val', value: 0.9 },
      { kind: 'assign', key: 'td', value: 1e-3 },
      { kind: 'assign', key: 'from', value: 'at' },
      { kind: 'number', value: 3000 },
    ]);
  });
});

describe('.step', () => {
  const steps = (text: string) => resolveSteps(parseNetlist(text, { file: 'test.cir', cwd: '.' }));
  it('lists', () => {
    const s = steps('t\n.param r=1 k=2\n.step param R list 1 2.2k {k*3}\nR1 a 0 {r}\n');
    expect(s.map(({ param, values }) => ({ param, values }))).toEqual([{ param: 'r', values: [1, 2200, 6] }]);
    expect(s[0].loc.line).toBe(3);
  });
  it('ranges with an inclusive stop despite float noise', () => {
    expect(steps('t\n.param r=1\n.step param r 0 1 0.1\n')[0].values).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(steps('t\n.param r=1\n.step r 1 0.7 -0.1\n')[0].values).toEqual([1, 0.9, 0.8, 0.7]);
    expect(steps('t\n.param r=1\n.step param r 1 2.5 1\n')[0].values).toEqual([1, 2]);
    expect(steps('t\n.param r=1\n.step dec param r 1 100 2\n')[0].values).toEqual([1, 3.1622776601684, 10, 31.622776601684, 100]);
  });
  it('several .step lines, in order', () => {
    expect(steps('t\n.param a=1 b=1\n.step param a list 1 2\n.step param b list 3 4\n').map((s) => s.param)).toEqual(['a', 'b']);
  });
});
