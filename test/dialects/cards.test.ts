/**
 * SPICE card forms that public decks use everywhere: bare flags on .model cards, version strings as model
 * parameters, and model or subcircuit names that start with a digit (2N2222, 1N4148, 74HC00).
 */
import { describe, expect, it } from 'vitest';
import { parseNetlist } from '../../src/parse/index.ts';
import { column, run } from '../helpers.ts';
import { circuit, expectNetlistError } from '../parse/helpers.ts';

const parse = (text: string) => parseNetlist(text, { file: 'test.cir', cwd: process.cwd() });
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/** The diode's thermal voltage at 27 °C with ngspice's constants (CODATA 2014 k and q). */
const VT = (1.38064852e-23 / 1.6021766208e-19) * 300.15;

describe('bare flags on .model cards', () => {
  it('a bare word is a flag set to 1, as SPICE sets its flag parameters (LTRA nocontrol, steplimit)', () => {
    const ast = parse('t\n.model mod1 ltra rel=1.2 nocontrol r=0.3\n+ len=6.3 steplimit\n');
    const model = ast.statements.find((s) => s.type === 'model');
    expect(model?.type === 'model' && model.params.map((p) => [p.key.name, p.value.kind === 'num' ? p.value.value : p.value.kind])).toEqual([
      ['rel', 1.2],
      ['nocontrol', 1],
      ['r', 0.3],
      ['len', 6.3],
      ['steplimit', 1],
    ]);
  });

  it('a deck with an unused LTRA card runs: the divider gives v(2) = 3 V * 2k / 3k = 2 V', () => {
    const warnings: string[] = [];
    const [op] = run('t\n.model mod1 ltra rel=1.2 nocontrol r=0.3\nV1 1 0 3\nR1 1 2 1k\nR2 2 0 2k\n.op\n', { file: 'test.cir', onWarning: (w) => warnings.push(w) }).analyses;
    expect(rel(column(op, 'v(2)')[0], 2)).toBeLessThan(1e-12);
    expect(warnings).toEqual([expect.stringMatching(/^test\.cir:2:13: warning: model 'mod1' has type LTRA/)]);
  });

  it('a flag on a model that is used is checked like any parameter: the diode has no pchan', () => {
    expectNetlistError(() => run('t\nI1 0 1 1m\nD1 1 0 dmod\n.model dmod D is=1e-14 pchan\n.op\n', { file: 'test.cir' }), 3, 1, /unknown diode parameter 'pchan'/);
  });

  it('a flag followed by = and nothing is a syntax error at the end of the line', () => {
    expectNetlistError(() => parse('t\n.model mod1 ltra nocontrol=\n'), 2, 28, /unexpected end of line/);
  });
});

describe('version strings as model parameters', () => {
  it('version=3.3.0 on a BSIM card is text: an unused card does not stop the deck (divider: 1.5 V)', () => {
    const [op] = run('t\n.model n1 nmos level=49 version=3.3.0 tox=3.5n\n+version = 4.7.0\nV1 1 0 3\nR1 1 2 1k\nR2 2 0 1k\n.op\n').analyses;
    expect(rel(column(op, 'v(2)')[0], 1.5)).toBeLessThan(1e-12);
    const model = parse('t\n.model n1 nmos level=54 version=4.8.2\n').statements.find((s) => s.type === 'model');
    expect(model?.type === 'model' && model.params[1].value).toMatchObject({ kind: 'str', text: '4.8.2' });
  });

  it('on a used model the version is ignored with one located warning, as ngspice does (1 mA into the diode: n Vt ln(I/Is + 1))', () => {
    const warnings: string[] = [];
    const netlist = 't\nI1 0 1 1m\nD1 1 0 dmod\nD2 2 0 dmod\nI2 0 2 1m\n.model dmod D is=1e-14 version=3.3.0\n.op\n';
    const [op] = run(netlist, { file: 'test.cir', onWarning: (w) => warnings.push(w) }).analyses;
    expect(warnings).toEqual(["test.cir:6:24: warning: model 'dmod': version=3.3.0 ignored (text, which no memspice device reads)"]);
    // Tolerance as for the 1N4148 case below.
    expect(rel(column(op, 'v(1)')[0], VT * Math.log(1e-3 / 1e-14 + 1))).toBeLessThan(1e-9);
  });

  it('any other text value on a used model is an error at the value', () => {
    expectNetlistError(() => run('t\nI1 0 1 1m\nD1 1 0 dmod\n.model dmod D is="1e-14"\n.op\n', { file: 'test.cir' }), 4, 18, /non-numeric value "1e-14" for model dmod is/);
  });

  it('a mistyped number (two decimal points with a unit) is still an error, located', () => {
    expectNetlistError(() => parse('t\nL1 1 3 0.0.8792nH\n'), 2, 8, /'0\.0\.8792nH' is not a number/);
    expectNetlistError(() => parse('t\n.model n1 nmos version=3.3.0x\n'), 2, 24, /'3\.3\.0x' is not a number/);
  });
});

describe('model and subcircuit names that start with a digit', () => {
  it('.model 1N4148 D: 1 mA into the diode gives n Vt ln(I/Is + 1) (ngspice 39: 0.655118 V)', () => {
    const [op] = run('t\nI1 0 1 1m\nD1 1 0 1N4148\n.model 1N4148 D is=1e-14\n.op\n').analyses;
    // Newton stops within far less than 1e-9 relative; gmin (1e-12 S) shifts the current by 7e-10 relative, the voltage by Vt times that.
    expect(rel(column(op, 'v(1)')[0], VT * Math.log(1e-3 / 1e-14 + 1))).toBeLessThan(1e-9);
  });

  it('.subckt 74HC00 ... .ends 74HC00 and X1 ... 74HC00: a 1k/3k divider gives 3 V * 3/4', () => {
    const c = circuit('t\n.subckt 74HC00 a b\nR1 a b 3k\n.ends 74HC00\nV1 1 0 4\nR0 1 2 1k\nX1 2 0 74HC00\n.op\n');
    expect(c.elements.map((e) => e.name)).toContain('x1.r1');
    const [op] = run('t\n.subckt 74HC00 a b\nR1 a b 3k\n.ends 74HC00\nV1 1 0 4\nR0 1 2 1k\nX1 2 0 74HC00\n.op\n').analyses;
    expect(rel(column(op, 'v(2)')[0], 3)).toBeLessThan(1e-12);
  });

  it('a digit name with no type after it is a located error', () => {
    expectNetlistError(() => parse('t\n.model 2N2222\n'), 2, 1, /\.model needs a name and a type/);
  });

  it('an X line naming a subcircuit that does not exist is reported at the name', () => {
    expectNetlistError(() => circuit('t\nV1 1 0 1\nX1 1 0 74HC00\n.op\n'), 3, 8, /74hc00/i);
  });
});

describe('outputs of analyses memspice does not run', () => {
  const deck = (lines: string): string => `t\nV1 1 0 3\nR1 1 2 1k\nR2 2 0 2k\n${lines}\n.op\n`;

  it('.print SENS / HB_FD and .meas NOISE are skipped with one located warning each; the rest runs (divider: 2 V)', () => {
    const warnings: string[] = [];
    const result = run(deck('.print sens v(2)\n.print HB_FD v(2)\n.meas noise n1 find v(2) at=1'), { file: 'test.cir', onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([
      "test.cir:5:1: warning: '.print sens' ignored: memspice does not run SENS analyses (it runs .op, .dc, .ac, .tran)",
      "test.cir:6:1: warning: '.print HB_FD' ignored: memspice does not run HB_FD analyses (it runs .op, .dc, .ac, .tran)",
      "test.cir:7:1: warning: '.meas noise' ignored: memspice does not run NOISE analyses (it runs .op, .dc, .ac, .tran)",
    ]);
    expect(result.analyses.map((a) => a.type)).toEqual(['op']);
    expect(rel(column(result.analyses[0], 'v(2)')[0], 2)).toBeLessThan(1e-12);
  });

  it('the analyses themselves stay errors that name the command and the analyses memspice has', () => {
    expectNetlistError(() => parse(deck('.hb 1e9')), 5, 1, /^unsupported analysis \.hb \(supported: \.op, \.dc, \.ac, \.tran\)/);
    expectNetlistError(() => parse(deck('.sens v(2)')), 5, 1, /^unsupported analysis \.sens/);
    // Named before its items are read: Xyce's R1:R is no syntax error of its own.
    expectNetlistError(() => parse(deck('.sens objfunc={v(2)} param=R1:R')), 5, 1, /^unsupported analysis \.sens/);
    expectNetlistError(() => parse(deck('.LIN sparcalc=1')), 5, 1, /^unsupported analysis \.lin/);
  });

  it('a .print type that is no analysis at all is still an error at the word', () => {
    expectNetlistError(() => parse(deck('.print frobnicate v(2)')), 5, 8, /expected the analysis type \(op, dc, ac or tran\) or a signal after \.print, got 'frobnicate'/);
  });
});
