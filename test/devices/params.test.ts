/**
 * Device parameters: names as in docs/physics.md, case-insensitive, PCCP 2024 aliases, model then instance
 * precedence, expressions; unknown, duplicate and physically impossible values are netlist errors that name
 * the line and the parameter.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ElementInstance } from '../../src/circuit/circuit.ts';
import { MEMDIODE_PARAMS } from '../../src/models/memdiode.ts';
import { resolveParams } from '../../src/devices/params.ts';
import type { ParamSpec, ParamsOf } from '../../src/models/params.ts';
import { NetlistError } from '../../src/base/errors.ts';
import { column, run } from '../helpers.ts';

function netlistError(text: string): NetlistError {
  try {
    run(text);
  } catch (err) {
    if (err instanceof NetlistError) return err;
    throw err;
  }
  throw new Error('expected a NetlistError');
}

/** Steady-state current of the rate-form MEMDIODE (PCCP 2024 eqs 5, 9-12) at bias u. */
function iss(u: number, p: { gL: number; gH: number; VA: number; VD: number; nA: number; nD: number; Vm: number }): number {
  const rA = Math.exp((u - p.VA) / (p.nA * p.Vm));
  const rD = Math.exp(-(u - p.VD) / (p.nD * p.Vm));
  return (p.gL + (p.gH - p.gL) * (rA / (rA + rD))) * u;
}

describe('MEMDIODE parameters', () => {
  const p = { gL: 0.2, gH: 2, VA: 0.25, VD: -0.35, nA: 1.2, nD: 2.5, Vm: 0.08 };
  const op = (line: string, extra = ''): number => {
    const [a] = run(`params\n${extra}V1 a 0 DC 0.3\n${line}\n.op\n.print op i(p1)\n`).analyses;
    return column(a, 'i(p1)')[0];
  };
  const expected = iss(0.3, p);

  it("the documented names, any case, and PCCP 2024's aliases give the same device", () => {
    expect(op('YMEMDIODE p1 a 0 gL=0.2 gH=2 VA=0.25 VD=-0.35 nA=1.2 nD=2.5 Vm=0.08')).toBeCloseTo(expected, 12);
    expect(op('YMEMDIODE p1 a 0 GL=0.2 gh=2 va=0.25 vd=-0.35 NA=1.2 nd=2.5 VM=0.08')).toBeCloseTo(expected, 12);
    expect(op('YMEMDIODE p1 a 0 gL=0.2 gH=2 Vs=0.25 Vr=-0.35 ns=1.2 nr=2.5 Vm=0.08')).toBeCloseTo(expected, 12);
  });

  it('instance parameters override the model; expressions are accepted', () => {
    const model = '.model m1 MEMDIODE (gL=0.2 gH=5 VA=0.25 VD=-0.35 nA=1.2 nD=2.5 Vm=0.08)\n.param g=2\n';
    expect(op('YMEMDIODE p1 a 0 m1 gH={g}', model)).toBeCloseTo(expected, 12);
  });

  it('unknown parameter: error naming it, the device and the line', () => {
    const err = netlistError('t\nV1 a 0 1\nYMEMDIODE p1 a 0 gl=0.1 frobnicate=3\n.op\n');
    expect(err.message).toMatch(/frobnicate/);
    expect(err.message).toMatch(/p1/);
    expect(err.loc?.line).toBe(3);
  });

  it('a parameter given twice under two names is an error', () => {
    expect(netlistError('t\nV1 a 0 1\nYMEMDIODE p1 a 0 VA=0.3 Vs=0.2\n.op\n').message).toMatch(/given twice/);
  });

  for (const [line, pattern] of [
    ['YMEMDIODE p1 a 0 vm=0', /'Vm' must be > 0/],
    ['YMEMDIODE p1 a 0 tau0=-1', /'tau0' must be > 0/],
    ['YMEMDIODE p1 a 0 x0=1.5', /'x0' must be in \[0, 1\]/],
    ['YCHEMIND p1 a 0 tau=0', /'tau' must be > 0/],
    ['YCHEMIND p1 a 0 vm=-0.05', /'Vm' must be > 0/],
    ['YPOLCAP p1 a 0 tau0=0', /'tau0' must be > 0/],
  ] as const) {
    it(`physically impossible value is an error, not a NaN: ${line}`, () => {
      const err = netlistError(`t\nV1 a 0 1\n${line}\n.op\n`);
      expect(err.message).toMatch(pattern);
      expect(err.loc?.line).toBe(3);
    });
  }
});

describe('CHEMIND and POLCAP parameters', () => {
  it('2-D CHEMIND steady state: I = ic0 / (1 + exp(-(u - VT)/Vm))', () => {
    const [a] = run('c\nV1 a 0 DC 0.95\nYCHEMIND k1 a 0 ic0=3 VT=1 Vm=0.05 tau=2\n.op\n.print op i(k1) x(k1)\n').analyses;
    const expected = 3 / (1 + Math.exp(0.05 / 0.05));
    expect(column(a, 'i(k1)')[0]).toBeCloseTo(expected, 12);
    expect(column(a, 'x(k1)')[0]).toBeCloseTo(expected, 12);
  });

  it('3-D CHEMIND publishes x(k1) = ic and x(k1.f) = f', () => {
    const [a] = run('c\nV1 a 0 DC 1.05\nYCHEMIND k1 a 0 ic0=3 VT=1 Vm=0.05 tau=2 tauf=1\n.op\n.print op x(k1) x(k1.f)\n').analyses;
    const f = 1 / (1 + Math.exp(-1));
    expect(column(a, 'x(k1.f)')[0]).toBeCloseTo(f, 12);
    expect(column(a, 'x(k1)')[0]).toBeCloseTo(3 * f, 12);
  });

  it('an unknown state name in x() lists the device states', () => {
    const err = netlistError('c\nV1 a 0 1\nYCHEMIND k1 a 0 tauf=1\n.op\n.print op x(k1.g)\n');
    expect(err.message).toMatch(/x\(k1\.f\)/);
  });
});

describe('.op output of memristive devices', () => {
  it('lists every device quantity once, after the node voltages, source currents and states', () => {
    const [op] = run('q\nV1 a 0 0.2\nYMEMDIODE p1 a 0\nYCHEMIND k1 a 0 tauf=1\nYPOLCAP c1 a 0\n.op\n').analyses;
    expect(new Set(op.columns).size).toBe(op.columns.length);
    for (const name of ['x(p1)', 'gb(p1)', 'ga(p1)', 'tau_t(p1)', 'la(p1)', 'ra(k1)', 'la(k1)', 'lk(k1)', 'x(k1.f)', 'cp(c1)']) {
      expect(op.columns).toContain(name);
    }
  });
});

describe('resolveParams: a typed record keyed by the canonical names of the table', () => {
  const instance = (params: Record<string, number>): ElementInstance => ({
    name: 'p1',
    kind: 'MEMDIODE',
    nodes: ['a', '0'],
    params,
    loc: { file: 't.cir', line: 1, column: 1, text: '' },
  });

  it('any case and aliases land on the canonical name; defaults fill the rest; optional ones stay undefined', () => {
    const p = resolveParams(MEMDIODE_PARAMS, instance({ gl: 0.2, vs: 0.25, NR: 3 }), 'MEMDIODE');
    expect(p.gL).toBe(0.2);
    expect(p.VA).toBe(0.25);
    expect(p.nD).toBe(3);
    const defaults = Object.fromEntries(MEMDIODE_PARAMS.map((s) => [s.name, 'default' in s ? s.default : undefined]));
    expect(p.gH).toBe(defaults.gH);
    expect(p.tau0).toBe(defaults.tau0);
    expect(p.VB).toBeUndefined();
    expect('VB' in p).toBe(true);
    // Only canonical names: nothing under the lower-case or alias spelling.
    expect(Object.keys(p).sort()).toEqual(MEMDIODE_PARAMS.map((s) => s.name).sort());
  });

  it('the record type follows the table: defaulted and required names are number, optional ones number | undefined', () => {
    const table = [
      { name: 'a', default: 1, unit: '', description: 'defaulted' },
      { name: 'B', unit: '', description: 'required', aliases: ['bee'] },
      { name: 'c', unit: '', description: 'optional', optional: true },
    ] as const satisfies readonly ParamSpec[];
    // Checked by the type checker (npm run typecheck), not at run time.
    expectTypeOf<ParamsOf<typeof table>>().toEqualTypeOf<{ a: number; B: number; c: number | undefined }>();
    const p = resolveParams(table, { ...instance({ BEE: 2 }), kind: 'T' }, 'T');
    expect(p).toEqual({ a: 1, B: 2, c: undefined });
  });
});
