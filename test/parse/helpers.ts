import { expect } from 'vitest';
import { elaborate } from '../../src/circuit/elaborate.ts';
import type { Circuit } from '../../src/circuit/circuit.ts';
import { NetlistError } from '../../src/base/errors.ts';
import { parseNetlist } from '../../src/parse/index.ts';

export function circuit(text: string, overrides?: Record<string, number>): Circuit {
  return elaborate(parseNetlist(text, { file: 'test.cir', cwd: process.cwd() }), overrides);
}

/** Runs `fn`, expects a NetlistError at line:column whose message matches `message`. */
export function expectNetlistError(fn: () => unknown, line: number, column: number, message: RegExp, file = 'test.cir'): NetlistError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(NetlistError);
  const err = caught as NetlistError;
  expect(err.message).toMatch(message);
  expect(err.loc?.file).toBe(file);
  expect({ line: err.loc?.line, column: err.loc?.column }).toEqual({ line, column });
  return err;
}

/** Elaborates and expects the error. */
export function expectCircuitError(text: string, line: number, column: number, message: RegExp): NetlistError {
  return expectNetlistError(() => circuit(text), line, column, message);
}
