import { describe, expect, it } from 'vitest';
import { parseLineAll } from '../../src/parse/grammar.ts';
import { parseSpiceNumber } from '../../src/parse/units.ts';

describe('netlist grammar', () => {
  const lines = [
    'R1 a b 2.2k',
    'R2 a b {rval*2} tc1=0.1',
    'C1 out 0 10uF ic=0.5',
    'V1 in 0 DC 1 AC 1 0 SIN(0 1 1k 0 0 90)',
    'V2 in 0 PULSE 0, 1, 1n, 1n, 1n, 5n, 10n',
    'I1 0 n PWL(0 0 1m 1 2m {-x})',
    'E1 a 0 b c 10',
    'X1 a b sub params: r={max(1, 2)-3*-4} c=cval',
    'YMEMDIODE p1 a b mod1 vm=0.05',
    '.param a=1 b = {2*pi^-2^3} c={exp(-a/2)**2}',
    '.model mod1 memdiode(vm=0.1, rs=10)',
    '.model mod2 memdiode vm=0.1 rs=10',
    '.subckt sub a b params: r=1k',
    '.ic v(a)=1 x(p1.f)=0.2',
    '.print tran v(a,b) i(v1) ga(p1)',
    '.meas tran t1 when v(out)=0.5 rise=1 td={t0}',
    '.dc v1 0 1 0.1 v2 0 5 1',
    '.tran 1n 1u 0 1n uic',
    '.step param r list 1 2 3',
    '.options reltol=1e-4 method=gear',
    '.op',
  ];
  for (const line of lines) {
    it(`parses exactly one way: ${line}`, () => {
      expect(parseLineAll(line)).toHaveLength(1);
    });
  }

  it('keeps the structure of an element line', () => {
    const [r] = parseLineAll('R1 a b {1+2*3} w=2');
    expect(r.type).toBe('element');
    if (r.type !== 'element') return;
    expect(r.name.text).toBe('R1');
    expect(r.items.map((i) => i.k)).toEqual(['word', 'word', 'expr', 'assign']);
  });

  it('gives ^ precedence over unary minus and makes it right-associative', () => {
    const [r] = parseLineAll('.param a={-2^3^2}');
    if (r.type !== 'dot' || r.items[0].k !== 'assign' || r.items[0].value.k !== 'expr') throw new Error('bad parse');
    const e = r.items[0].value.expr;
    expect(e.t).toBe('neg');
    if (e.t !== 'neg') return;
    expect(e.arg.t).toBe('bin');
    if (e.arg.t !== 'bin') return;
    expect(e.arg.right.t).toBe('bin'); // 2^(3^2)
  });
});

describe('SPICE numbers', () => {
  it.each([
    ['1e-3', 1e-3],
    ['1m', 1e-3],
    ['2.2k', 2200],
    ['1meg', 1e6],
    ['1MEG', 1e6],
    ['10u', 1e-5],
    ['5n', 5e-9],
    ['3p', 3e-12],
    ['1f', 1e-15],
    ['1g', 1e9],
    ['1t', 1e12],
    ['1mil', 25.4e-6],
    ['10uF', 1e-5],
    ['1kOhm', 1000],
    ['5V', 5],
    ['2s', 2],
    ['.5', 0.5],
    ['-4.7u', -4.7e-6],
    ['1.5e3k', 1.5e6],
  ])('%s = %d', (text, value) => {
    expect(parseSpiceNumber(text)).toBe(value);
  });
  it('rejects words', () => {
    expect(parseSpiceNumber('abc')).toBeUndefined();
  });
});
