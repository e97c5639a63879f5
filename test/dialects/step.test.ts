/**
 * `.step` of a source value, an element value, a model parameter and the temperature, besides `.param`
 * (LTspice and Xyce spellings).
 */
import { describe, expect, it } from 'vitest';
import { elaborate, resolveSteps, stepCombinations } from '../../src/circuit/elaborate.ts';
import { parseNetlist } from '../../src/parse/index.ts';
import { circuit, expectCircuitError, expectNetlistError, testDevices } from '../parse/helpers.ts';
import { column, run } from '../helpers.ts';

const parse = (text: string) => parseNetlist(text, { file: 'test.cir', cwd: process.cwd() });

/** v(out) of each run of a .op netlist, in run order. */
function opOut(text: string): Array<{ step: Record<string, number> | undefined; v: number }> {
  return run(text).analyses.map((a) => ({ step: a.step, v: column(a, 'v(out)')[0] }));
}

describe('.step of element values', () => {
  it('.step V1 0 1 0.25: a divider of equal resistors gives V1/2', () => {
    const runs = opOut('d\nV1 in 0 5\nR1 in out 1k\nR2 out 0 1k\n.step V1 0 1 0.25\n.op\n.print op v(out)\n');
    expect(runs.map((r) => r.step)).toEqual([0, 0.25, 0.5, 0.75, 1].map((v) => ({ v1: v })));
    // A linear divider solved by LU: exact to a few ulps of the 1 V scale.
    for (const r of runs) expect(r.v).toBeCloseTo((r.step?.v1 ?? NaN) / 2, 12);
  });

  it('.step param R1 list ...: v(out) = V R2 / (R1 + R2); a source with a waveform keeps it and steps its DC value', () => {
    const runs = opOut('d\nV1 in 0 DC 3 SIN(0 1 1k)\nR1 in out 1k\nR2 out 0 2k\n.step param R1 list 1k 4k\n.op\n.print op v(out)\n');
    expect(runs.map((r) => r.v.toFixed(12))).toEqual([(3 * 2 / 3).toFixed(12), (3 * 2 / 6).toFixed(12)]);
    const c = elaborate(parse('d\nV1 in 0 SIN(0 1 1k)\nR1 in 0 1\n.step V1 list 2\n.tran 1m\n'), { devices: testDevices, overrides: { v1: 2 } });
    expect(c.elements[0].source).toMatchObject({ dc: 2, hasDc: true, tran: { kind: 'sin', va: 1 } });
  });

  it('an element inside a subcircuit instance: .step x1.r1', () => {
    const text = 'd\n.subckt half a b\nR1 a b 1k\n.ends\nV1 in 0 1\nX1 in out half\nR2 out 0 1k\n.step x1.r1 list 1k 3k\n.op\n.print op v(out)\n';
    expect(opOut(text).map((r) => r.v.toFixed(12))).toEqual([(1 / 2).toFixed(12), (1 / 4).toFixed(12)]);
  });

  it('a .param of the same name wins (LTspice: .step X and .step param X are one line)', () => {
    const runs = opOut('d\n.param v1=1\nV1 in 0 {2*v1}\nR1 in out 1k\nR2 out 0 1k\n.step V1 list 1 3\n.op\n.print op v(out)\n');
    expect(runs.map((r) => r.v.toFixed(12))).toEqual(['1.000000000000', '3.000000000000']);
  });
});

describe('Xyce sweep spellings', () => {
  it('.step dec|oct|lin NAME ... and NAME list ... on element values', () => {
    const values = (line: string) => resolveSteps(parse(`t\nV1 a 0 1\nR1 a 0 1\n${line}\n.op\n`)).map((s) => [s.param, s.values]);
    expect(values('.STEP DEC R1 1 100 1')).toEqual([['r1', [1, 10, 100]]]);
    expect(values('.step oct v1 1 8 1')).toEqual([['v1', [1, 2, 4, 8]]]);
    expect(values('.STEP LIN V1 0 1 0.5')).toEqual([['v1', [0, 0.5, 1]]]);
    expect(values('.step R1 LIST 1 2')).toEqual([['r1', [1, 2]]]);
    expect(values('.step dec temp 1 10 1')).toEqual([['temp', [1, 10]]]);
  });
});

describe('.step of model parameters', () => {
  const net = (step: string) => `m\n.model m1 TESTDEV (a=1 b=2)\nYTESTDEV p1 x 0 m1\nYTESTDEV p2 x 0 m1 a=7\nR1 x 0 1\n${step}\n.op\n`;

  it('Xyce MODEL:PARAM and LTspice TYPE MODEL(PARAM) set the model value; an instance value stays', () => {
    for (const line of ['.step m1:a list 3 4', '.step TESTDEV m1(a) list 3 4', '.step param M1:A list 3 4']) {
      const ast = parse(net(line));
      const combos = stepCombinations(resolveSteps(ast));
      expect(combos).toEqual([{ 'm1:a': 3 }, { 'm1:a': 4 }]);
      const c = elaborate(ast, { devices: testDevices, overrides: combos[1] });
      expect(c.elements.map((e) => e.params)).toEqual([{ a: 4, b: 2 }, { a: 7, b: 2 }, { value: 1 }]);
    }
  });

  it('an unknown model is an error at its name; a malformed MODEL(PARAM) at its column', () => {
    expectNetlistError(() => resolveSteps(parse(net('.step m2:a list 1'))), 6, 7, /\.step: unknown model 'm2'/);
    expectCircuitError(net('.step TESTDEV m1(a b) list 1'), 6, 15, /expected MODEL\(PARAM\) after \.step TESTDEV/);
  });
});

describe('temperature: .temp, .options temp=, .step temp', () => {
  it('is recorded in the options (default 27 °C)', () => {
    expect(circuit('t\nR1 a 0 1\n.op\n').options).toMatchObject({ temp: 27, tnom: 27 });
    expect(circuit('t\nR1 a 0 1\n.temp 85\n.op\n').options.temp).toBe(85);
    expect(circuit('t\nR1 a 0 1\n.options temp=-40 tnom=25\n.op\n').options).toMatchObject({ temp: -40, tnom: 25 });
    const ast = parse('t\nR1 a 0 1\n.temp 85\n.step temp -40 85 62.5\n.op\n');
    const combos = stepCombinations(resolveSteps(ast));
    expect(combos).toEqual([{ temp: -40 }, { temp: 22.5 }, { temp: 85 }]);
    expect(combos.map((k) => elaborate(ast, { devices: testDevices, overrides: k }).options.temp)).toEqual([-40, 22.5, 85]);
  });

  it('does not change what temperature-independent devices compute', () => {
    const runs = opOut('t\nV1 in 0 1\nR1 in out 1k\nR2 out 0 3k\n.step temp list -40 125\n.op\n.print op v(out)\n');
    expect(runs.map((r) => r.v)).toEqual([0.75, 0.75]);
  });

  it('malformed temperatures are errors at their column', () => {
    expectCircuitError('t\nR1 a 0 1\n.temp 25 50\n', 3, 10, /\.temp takes one temperature; for several use \.step temp list 25 50/);
    expectCircuitError('t\nR1 a 0 1\n.temp\n', 3, 1, /\.temp needs a temperature/);
    expectCircuitError('t\nR1 a 0 1\n.options temp=-300\n', 3, 15, /option temp: -300 °C is at or below absolute zero/);
  });
});

describe('.step names that are nothing', () => {
  it('neither a .param, an element, a MODEL:PARAM nor temp', () => {
    expectNetlistError(() => resolveSteps(parse('t\nR1 a 0 1\n.step rx list 1 2\n')), 3, 7, /not defined by a \.param line and is not an element, a MODEL:PARAM or temp/);
    expectNetlistError(() => resolveSteps(parse('t\nX1 a 0 s\n.step x1 list 1 2\n')), 3, 7, /is not an element/);
  });

  it('an instance name with a missing element is reported at the .step name', () => {
    const text = 't\n.subckt s a b\nR1 a b 1\n.ends\nX1 a 0 s\n.step x1.r9 list 1\n.op\n';
    const ast = parse(text);
    expectNetlistError(() => elaborate(ast, { devices: testDevices, overrides: { 'x1.r9': 1 } }), 6, 7, /\.step: no element 'x1\.r9' in the circuit/);
  });
});

describe('.csparam', () => {
  // As ngspice 39: it exports a parameter to .control scripts and defines or changes none of the netlist's.
  it('leaves the .param value: vcc stays 1.2', () => {
    expect(circuit('t\n.param vcc=1.2\n.csparam vcc=2\nR1 a 0 {vcc}\n').elements[0].params.value).toBe(1.2);
  });
  it('defines no parameter: {r} is undefined', () => {
    expectCircuitError('t\n.csparam r=2k\nR1 a 0 {r}\n', 3, 9, /undefined parameter 'r'/);
  });
});
