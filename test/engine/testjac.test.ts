/**
 * `.options testjac`: the Jacobian check the device tests use, run on a user's circuit. A correct device
 * reports nothing; a device whose load() stamps a wrong G is named, with the entry and both values.
 */
import { describe, expect, it } from 'vitest';
import { entryTable, InstanceDevice, type EntryHandles } from '../../src/devices/base.ts';
import type { Device, LoadContext, SetupContext } from '../../src/devices/device.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { TwoTerminalTestDevice } from '../helpers/devices.ts';
import { run } from '../helpers.ts';

/** I = k u^2 between its terminals, with the deliberately wrong dI/du = k (the truth is 2 k u). */
class WrongJacobian extends TwoTerminalTestDevice {
  readonly kind = 'BADJAC';
  protected current(u: number): [number, number] {
    const k = 1e-3;
    return [k * u * u, k];
  }
}

/** Declares its entries resistive only. */
const CONDUCTANCE_ONLY = entryTable({
  pp: { row: 'p', col: 'p', G: 'constant' },
  pn: { row: 'p', col: 'n', G: 'constant' },
  np: { row: 'n', col: 'p', G: 'constant' },
  nn: { row: 'n', col: 'n', G: 'constant' },
});

/** A resistor plus a capacitor, both with correct derivatives, whose table declares no C. */
class UndeclaredCapacitance extends InstanceDevice implements Device {
  readonly kind = 'UNDECLC';
  private h: EntryHandles<keyof typeof CONDUCTANCE_ONLY.slot> = new Int32Array(4);
  setup(ctx: SetupContext): void {
    const [p, n] = this.bindTerminals(ctx);
    this.h = this.bindEntries(ctx, CONDUCTANCE_ONLY, { p, n });
  }
  load(ctx: LoadContext): void {
    const [p, n] = this.terminals;
    const u = ctx.y[p] - ctx.y[n];
    ctx.f[p] += 1e-3 * u;
    ctx.f[n] -= 1e-3 * u;
    ctx.q[p] += 1e-6 * u;
    ctx.q[n] -= 1e-6 * u;
    const G = ctx.G;
    const C = ctx.C;
    const h = this.h;
    G[h[0]] += 1e-3;
    G[h[1]] -= 1e-3;
    G[h[2]] -= 1e-3;
    G[h[3]] += 1e-3;
    C[h[0]] += 1e-6;
    C[h[1]] -= 1e-6;
    C[h[2]] -= 1e-6;
    C[h[3]] += 1e-6;
  }
}

const devices = defaultRegistry()
  .register({ kind: 'BADJAC', summary: 'test-only device with a wrong Jacobian', terminals: 2, params: [], create: (instance) => new WrongJacobian(instance) })
  .register({ kind: 'UNDECLC', summary: 'test-only device stamping an undeclared C', terminals: 2, params: [], create: (instance) => new UndeclaredCapacitance(instance) });

function warningsOf(netlist: string): string[] {
  const warnings: string[] = [];
  run(netlist, { devices, onWarning: (m) => warnings.push(m) });
  return warnings;
}

describe('.options testjac', () => {
  it('correct devices (MEMDIODE, CHEMIND 3-D, POLCAP) report no mismatch at the operating point or in the transient', () => {
    const warnings = warningsOf(
      'ok\nV1 in 0 SIN(0 1 10)\nR1 in a 1\nYMEMDIODE p1 a 0 vc=0.6\nR2 in b 1\nYCHEMIND k1 b 0 ic0=1 vt=0.5 vm=0.1 tau=0.1 tauf=0.05\n' +
        'R3 in c 1\nYPOLCAP c1 c 0 ctau=0\n.options testjac\n.op\n.tran 1m 0.2\n',
    );
    expect(warnings.filter((w) => /testjac/.test(w))).toEqual([]);
  });

  it('a wrong G is reported with the device name, the entry and both values', () => {
    // At the operating point u = v(a) = 2 V: the true dI/du = 2 k u = 4e-3, the device stamps k = 1e-3.
    const warnings = warningsOf('bad\nV1 a 0 2\nYBADJAC b1 a 0\n.options testjac\n.op\n');
    const reported = warnings.filter((w) => /testjac/.test(w));
    expect(reported).toHaveLength(1);
    const [w] = reported;
    expect(w).toContain('b1');
    expect(w).toContain('G[v(a), v(a)]');
    expect(w).toMatch(/analytic 0\.00100000 vs finite difference 0\.00400000/);
    expect(w).toMatch(/relative error 0\.75/);
  });

  it('checks the transient operating point and the first point past each quarter of a transient', () => {
    // dI/du = 2 k u equals the stamped k only at u = 0.5 V; the sine never sits there at the checked points.
    const warnings = warningsOf('bad\nV1 a 0 SIN(1 2 3)\nYBADJAC b1 a 0\n.options testjac\n.tran 1m 1\n');
    const points = warnings.filter((w) => /testjac/.test(w)).map((w) => /testjac at (.*?): b1/.exec(w)?.[1]);
    expect(points[0]).toBe('transient operating point');
    expect(points.slice(1).map((p) => Number(/t = (.*)/.exec(p ?? '')?.[1]))).toEqual([
      expect.closeTo(0.25, 2),
      expect.closeTo(0.5, 2),
      expect.closeTo(0.75, 2),
      1,
    ]);
  });

  it('a value stamped into C where the entry table declares none is reported, though it is the right derivative', () => {
    const warnings = warningsOf('undeclared\nV1 a 0 2\nYUNDECLC u1 a 0\n.options testjac\n.op\n').filter((w) => /testjac/.test(w));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("u1: C[v(a), v(a)] = 1.00000e-6 stamped, but entry 'pp' declares no C");
    expect(warnings[0]).not.toMatch(/finite difference/);
  });

  it('is off by default', () => {
    expect(warningsOf('bad\nV1 a 0 2\nYBADJAC b1 a 0\n.op\n').filter((w) => /testjac/.test(w))).toEqual([]);
  });
});
