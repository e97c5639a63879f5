/**
 * Initial conditions: .ic on nodes and states, instance x0=, and uic (no operating point). Expected values
 * are exact solutions of the first-order systems involved.
 */
import { describe, expect, it } from 'vitest';
import { column, run } from '../helpers.ts';

describe('initial conditions', () => {
  it('.ic v(out)=1 with uic: the RC discharges from 1 V as exp(-t/RC)', () => {
    const [tran] = run(`RC discharge
R1 out 0 1k
C1 out 0 1u
.ic v(out)=1
.tran 10u 3m uic
.options reltol=1e-6
`).analyses;
    const t = column(tran, 'time');
    const v = column(tran, 'v(out)');
    expect(v[0]).toBe(1);
    t.forEach((tk, k) => expect(Math.abs(v[k] - Math.exp(-tk / 1e-3))).toBeLessThan(1e-5));
  });

  it('.ic without uic holds the node during the operating point, then releases it', () => {
    // The source-driven divider would put out at 0.5 V; .ic pins it at 2 V, and it relaxes to 0.5 V
    // with the time constant (R1 || R2) C = 0.5 ms.
    const [tran] = run(`held
V1 in 0 1
R1 in out 1k
R2 out 0 1k
C1 out 0 1u
.ic v(out)=2
.tran 10u 3m
.options reltol=1e-6
`).analyses;
    const t = column(tran, 'time');
    const v = column(tran, 'v(out)');
    expect(v[0]).toBeCloseTo(2, 12);
    t.forEach((tk, k) => expect(Math.abs(v[k] - (0.5 + 1.5 * Math.exp(-tk / 0.5e-3)))).toBeLessThan(1e-5));
  });

  it('MEMDIODE x0= and .ic x(): the state relaxes as x_ss + (x0 - x_ss) exp(-t/tau_t) at fixed bias', () => {
    // Relaxation form with constant tau (ctau=1): tau dx/dt = xeq(u) - x, exactly exponential at fixed u.
    const netlist = (init: string, uic: string): string => `relax
V1 a 0 DC 0.2
YMEMDIODE p1 a 0 vb=0.2 ctau=1 tau0=0.5 ${init}
.tran 5m 2 ${uic}
.options reltol=1e-7
.print tran x(p1)
`;
    const xeq = 0.5; // u = VB
    for (const [init, extra] of [
      ['x0=0.9', ''],
      ['', '.ic x(p1)=0.9'],
    ]) {
      for (const uic of ['', 'uic']) {
        const [tran] = run(netlist(init, uic) + extra + '\n').analyses;
        const t = column(tran, 'time');
        const x = column(tran, 'x(p1)');
        expect(x[0]).toBeCloseTo(0.9, 12);
        t.forEach((tk, k) => expect(Math.abs(x[k] - (xeq + 0.4 * Math.exp(-tk / 0.5)))).toBeLessThan(1e-5));
      }
    }
  });

  it('without initial conditions a transient starts at the steady state: nothing moves under a DC source', () => {
    const [tran] = run(`rest
V1 a 0 DC 0.35
YMEMDIODE p1 a 0
YCHEMIND k1 a 0 tau=0.1
.tran 10m 1
.print tran x(p1) x(k1)
`).analyses;
    for (const name of ['x(p1)', 'x(k1)']) {
      const x = column(tran, name);
      for (const v of x) expect(Math.abs(v - x[0])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x[0])));
    }
  });
});
