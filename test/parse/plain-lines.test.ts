/**
 * The plain R/C/L line (`R12 n11 n12 1k`) is read by a fast path in buildLine (src/parse/statements.ts); the
 * general reader, buildAnyLine (tokenizer, items, builder), is the reference it must reproduce exactly: the
 * same statement, names, values and locations, for every line the fast path takes, and the general reader's
 * result and messages for every line it leaves.
 */
import { describe, expect, it } from 'vitest';
import { NetlistError } from '../../src/base/errors.ts';
import { splitLines } from '../../src/parse/lines.ts';
import { buildAnyLine, buildLine } from '../../src/parse/statements.ts';

const lineOf = (text: string) => splitLines(text, 'plain.cir', false).lines[0];

/** Both readers' result, or the error message each throws. */
function both(text: string): { fast: unknown; general: unknown } {
  const read = (f: typeof buildLine): unknown => {
    try {
      return f(lineOf(text));
    } catch (e) {
      if (e instanceof NetlistError) return { error: e.message, loc: e.loc };
      throw e;
    }
  };
  return { fast: read(buildLine), general: read(buildAnyLine) };
}

describe('plain R, C, L lines', () => {
  const plain = [
    'R1 in n1 1',
    'R12 n11 n12 1',
    'C7 n7 0 1u',
    'c7 N7 0 1uF',
    'L1 a b 1mH',
    'Rx_1 node_a 42 1.5e-3',
    'R2 a b -2',
    'R3 a b +.5',
    'R4 a b 1e6',
    'R5 a b 2.',
    'C1 0 1 10p',
    '  R6\ta\t b 1meg  ',
    'R7 a b 1e',
    'R8 1abc 2 3',
  ];
  for (const text of plain) {
    it(`'${text}' gives the general reader's statement`, () => {
      const { fast, general } = both(text);
      expect(general).toMatchObject({ type: 'element' });
      expect(fast).toEqual(general);
    });
  }

  it('reads name, nodes and value with their columns', () => {
    const st = buildLine(lineOf('  R6\ta\t b 1meg  '));
    expect(st).toMatchObject({
      type: 'element',
      letter: 'R',
      name: { name: 'r6', text: 'R6', loc: { line: 1, column: 3 } },
      nodes: [
        { name: 'a', loc: { column: 6 } },
        { name: 'b', loc: { column: 9 } },
      ],
      value: { kind: 'num', value: 1e6, text: '1meg', loc: { column: 11 } },
      params: [],
    });
  });

  // Lines just outside the fast path: a model name, parameters, an expression, a third node, a comma, a
  // dotted node, a number the tokenizer calls malformed, a value parseSpiceNumber refuses.
  const other = ['R1 a b rmod', 'R1 a b 1k tc1=0.1', 'R1 a b {2*k}', 'R1 a b c 1', 'R1 a,b 1', 'R1 x1.a b 1', 'R1 a b 1.2.3', 'R1 a b 1 k', 'C1 a b', 'R1 a b 1x(2)'];
  for (const text of other) {
    it(`'${text}' is left to the general reader`, () => {
      const { fast, general } = both(text);
      expect(fast).toEqual(general);
    });
  }
});
