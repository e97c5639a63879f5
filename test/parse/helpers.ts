import { expect } from 'vitest';
import { elaborate } from '../../src/circuit/elaborate.ts';
import type { Circuit } from '../../src/circuit/circuit.ts';
import type { DeviceDefinition } from '../../src/devices/device.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { NetlistError } from '../../src/base/errors.ts';
import { parseNetlist } from '../../src/parse/index.ts';

/** A device kind that elaboration accepts and the engine can not simulate: for tests of elaboration alone. */
function elaborationOnly(kind: string, terminals: number): DeviceDefinition {
  return {
    kind,
    summary: 'test device',
    terminals,
    params: [],
    create() {
      throw new Error('not for simulation');
    },
  };
}

/** The built-in devices plus two-terminal TESTDEV and TESTOTHER and three-terminal TESTTRI. */
export const testDevices = defaultRegistry().register(elaborationOnly('TESTDEV', 2)).register(elaborationOnly('TESTOTHER', 2)).register(elaborationOnly('TESTTRI', 3));

export function circuit(text: string, overrides?: Record<string, number>): Circuit {
  return elaborate(parseNetlist(text, { file: 'test.cir', cwd: process.cwd() }), { devices: testDevices, overrides });
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
