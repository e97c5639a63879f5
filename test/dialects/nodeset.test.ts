/**
 * `.nodeset`: ngspice's first pass with the nodes held, then released. A device with current
 * i = g (v^3 - v) alone on a node has three operating points v = -1, 0, 1 (the roots of v^3 - v); Newton
 * from the default start 0 stays at 0, a nodeset picks the root its held point leads to, and the released
 * point is the root itself, not the nodeset value. ngspice 39 agrees on the same cubic written as a
 * B source (`B1 a 0 I=1m*(V(a)^3-V(a))`): v(a) = 0, 1.0003, -1.0003, 1.000003 for no nodeset, 0.8, -0.8 and
 * 1.5 (its Newton stops at reltol 1e-3 of the last step, so its roots are that loose).
 */
import { describe, expect, it } from 'vitest';
import { TwoTerminalTestDevice } from '../helpers/devices.ts';
import type { DeviceDefinition } from '../../src/devices/device.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { circuit, expectCircuitError } from '../parse/helpers.ts';
import { column, run } from '../helpers.ts';

const G = 1e-3;

class Cubic extends TwoTerminalTestDevice {
  readonly kind = 'CUBIC';
  protected current(v: number): [number, number] {
    return [G * (v * v * v - v), G * (3 * v * v - 1)];
  }
}

const cubic: DeviceDefinition = { kind: 'CUBIC', summary: 'i = g (v^3 - v)', terminals: 2, params: [], create: (instance) => new Cubic(instance) };
const devices = defaultRegistry().register(cubic);

function op(lines: string): number {
  const [a] = run(`cubic\nYCUBIC c1 a 0\n${lines}\n.op\n.print op v(a)\n`, { devices }).analyses;
  return column(a, 'v(a)')[0];
}

describe('.nodeset', () => {
  // Newton converges quadratically at the simple roots; gmin (1e-12 S against g = 1e-3 S) moves them by ~1e-9.
  const TOL = 1e-6;

  it('without it Newton stays at the root 0; with it the operating point is the root the held point leads to', () => {
    expect(Math.abs(op(''))).toBeLessThan(TOL);
    expect(Math.abs(op('.nodeset v(a)=0.8') - 1)).toBeLessThan(TOL);
    expect(Math.abs(op('.nodeset v(a)=-0.8') + 1)).toBeLessThan(TOL);
  });

  it('is released: .nodeset v(a)=1.5 ends at the root 1, not at 1.5 (unlike .ic)', () => {
    expect(Math.abs(op('.nodeset v(a)=1.5') - 1)).toBeLessThan(TOL);
  });

  it('also starts the transient operating point and the first .dc point', () => {
    const [tran] = run('cubic\nYCUBIC c1 a 0\nR1 a 0 1meg\n.nodeset v(a)=0.9\n.tran 1m\n.print tran v(a)\n', { devices }).analyses;
    // With a 1 Mohm load, g (v^3 - v) + v / R = 0 has the root v = sqrt(1 - 1/(g R)).
    expect(Math.abs(column(tran, 'v(a)')[0] - Math.sqrt(1 - 1 / (G * 1e6)))).toBeLessThan(TOL);
    const [dc] = run('cubic\nYCUBIC c1 a 0\nI1 0 a 0\n.nodeset v(a)=-0.9\n.dc I1 0 0 1\n.print dc v(a)\n', { devices }).analyses;
    expect(Math.abs(column(dc, 'v(a)')[0] + 1)).toBeLessThan(TOL);
  });

  it('is recorded per node; malformed entries are errors at their column', () => {
    expect(circuit('t\nR1 a 0 1\n.nodeset v(a)=0.5\n').nodesets).toMatchObject([{ signal: { fn: 'v', args: ['a'] }, value: 0.5 }]);
    expectCircuitError('t\nR1 a 0 1\n.nodeset x(p1)=1\n', 3, 10, /expected v\(node\)=value in \.nodeset, got 'x\(\.\.\.\)=\.\.\.'/);
    expectCircuitError('t\nR1 a 0 1\n.nodeset v(b)=1\n', 3, 12, /unknown node 'b'/);
    expectCircuitError('t\nR1 a 0 1\n.nodeset\n', 3, 1, /\.nodeset needs v\(node\)=value entries/);
    expectCircuitError('t\nR1 a 0 1\n.nodeset v(0)=1\n', 3, 12, /\.nodeset can not set the ground node/);
  });
});
