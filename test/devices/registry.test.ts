/**
 * Device registries are objects passed down: a kind registered in one is known to the simulations given
 * that registry and to no other.
 */
import { describe, expect, it } from 'vitest';
import { NetlistError } from '../../src/base/errors.ts';
import { BUILT_IN_DEVICES, defaultRegistry } from '../../src/devices/index.ts';
import { resistorDefinition } from '../../src/devices/resistor.ts';
import { simulate } from '../../src/simulate.ts';

// A linear resistor under a Y-device name: 2 V across 4 kOhm draws 0.5 mA, so i(v1) = -5e-4 A
// (SPICE convention: the current through the source from n+ to n-).
const NETLIST = 'registry\nV1 a 0 2\nYOHM r1 a 0 value=4k\n.print op i(v1)\n.op\n.end\n';

describe('device registry', () => {
  it('holds the built-in devices, one registry each call', () => {
    const a = defaultRegistry();
    expect(a.all().map((d) => d.kind)).toEqual(BUILT_IN_DEVICES.map((d) => d.kind));
    expect(a.get('memdiode')).toBe(a.get('MEMDIODE'));
    a.register({ ...resistorDefinition, kind: 'OHM' });
    expect(a.get('OHM')).toBeDefined();
    expect(defaultRegistry().get('OHM')).toBeUndefined();
  });

  it('simulate uses the registry it is given, the built-in one otherwise', () => {
    const devices = defaultRegistry().register({ ...resistorDefinition, kind: 'OHM' });
    const result = simulate(NETLIST, { devices });
    const op = result.analyses[0];
    const current = op.data[0][op.columns.indexOf('i(v1)')];
    // A linear circuit: exact up to LU round-off (~1e-19 A) and a possible gmin shunt (1e-12 S x 2 V = 2e-12 A).
    expect(Math.abs(current - -5e-4)).toBeLessThan(1e-11);
    expect(() => simulate(NETLIST)).toThrow(NetlistError);
    expect(() => simulate(NETLIST)).toThrow(/unknown device type 'OHM'/);
  });
});
