/**
 * Deep and long expressions end in a located message or a value, never in a stack overflow: nesting
 * (parentheses, calls, signs, `^`) is limited to MAX_NESTING levels, flat chains are not nesting at all.
 */
import { describe, expect, it } from 'vitest';
import { MAX_NESTING } from '../../src/parse/grammar.ts';
import { parseNetlist } from '../../src/parse/index.ts';
import { circuit, expectNetlistError } from '../parse/helpers.ts';

/** The value of parameter `a` defined by `expr`, as the elaborated resistor R1 = {a} sees it. */
function paramValue(expr: string): number {
  const c = circuit(`t\n.param a={${expr}}\nR1 x 0 {a}\n.op\n`);
  const r1 = c.elements.find((e) => e.name === 'r1');
  if (!r1) throw new Error('no R1');
  return r1.params.value;
}

function nestingError(expr: string, column: number): void {
  expectNetlistError(
    () => parseNetlist(`t\n.param a={${expr}}\n`, { file: 'test.cir', cwd: process.cwd() }),
    2,
    column,
    new RegExp(`nested too deeply: more than ${MAX_NESTING} levels`),
  );
}

describe('deep nesting ends in a located message', () => {
  // `.param a={` is 10 characters: the first '(' is column 11; the one that exceeds the limit is number MAX_NESTING + 1.
  it('10,000 nested parentheses', () => nestingError(`${'('.repeat(10_000)}1${')'.repeat(10_000)}`, 11 + MAX_NESTING));
  it('10,000 nested calls abs(abs(...))', () => nestingError(`${'abs('.repeat(10_000)}1${')'.repeat(10_000)}`, 11 + 4 * MAX_NESTING + 3));
  it('10,000 unary minus signs', () => nestingError(`${'-'.repeat(10_000)}1`, 11 + MAX_NESTING));
  it('a 10,000-level right-associative power chain', () => nestingError(`${Array(10_000).fill('1').join('^')}`, 11 + 2 * MAX_NESTING + 1));
  it('10,000 nested calls in a line item v(v(...)=1)', () => {
    expectNetlistError(
      () => parseNetlist(`t\n.ic ${'v('.repeat(10_000)}a${')=1'.repeat(10_000)}\n`, { file: 'test.cir', cwd: process.cwd() }),
      2,
      5 + 2 * MAX_NESTING + 1,
      new RegExp(`nested too deeply: more than ${MAX_NESTING} levels`),
    );
  });
});

describe('nesting up to the limit evaluates', () => {
  const n = MAX_NESTING;
  it(`${n} nested parentheses around 1+...`, () => {
    // 1+(1+(1+...(1))) with n opening parentheses: n+1 ones.
    expect(paramValue(`${'1+('.repeat(n)}1${')'.repeat(n)}`)).toBe(n + 1);
  });
  it(`${n - 1} nested calls around a sign (${n} levels)`, () => {
    expect(paramValue(`${'abs('.repeat(n - 1)}-3${')'.repeat(n - 1)}`)).toBe(3);
  });
  it(`${n} unary minus signs`, () => {
    // An even count cancels; n = 1000.
    expect(paramValue(`${'-'.repeat(n)}2`)).toBe(n % 2 === 0 ? 2 : -2);
  });
});

describe('flat chains are not nesting', () => {
  it('a 10,000-term sum evaluates exactly', () => {
    expect(paramValue(Array(10_000).fill('1').join('+'))).toBe(10_000);
  });
  it('a 100,000-term alternating sum keeps left-to-right order', () => {
    // 1-1+1-1... with an odd number of terms: every prefix is 0 or 1, so rounding cannot hide a wrong order.
    const terms = Array.from({ length: 100_001 }, (_, k) => (k === 0 ? '1' : k % 2 === 1 ? '-1' : '+1')).join('');
    expect(paramValue(terms)).toBe(1);
  });
  it('a 10,000-factor product and quotient chain', () => {
    // 2*2/2*2/2... ends where it started: exact in binary floating point.
    expect(paramValue(`3${'*2/2'.repeat(5_000)}`)).toBe(3);
  });
  it('left-associative subtraction over a long chain: 100-1-1-...-1 (99 ones) = 1', () => {
    expect(paramValue(`100${'-1'.repeat(99)}`)).toBe(1);
  });
});
