/**
 * Transient results against closed forms: RC and RL step responses, the underdamped series RLC, and
 * breakpoints of PULSE sources landing exactly.
 */
import { describe, expect, it } from 'vitest';
import { NetlistError } from '../../src/base/errors.ts';
import { column, run } from '../helpers.ts';

/** Exact response of v(out) of an RC low-pass to a 0 -> 1 ramp of rise time tr (then flat). */
function rcRampResponse(t: number, tau: number, tr: number): number {
  if (t <= 0) return 0;
  if (t <= tr) return (t - tau * (1 - Math.exp(-t / tau))) / tr;
  return 1 - (tau / tr) * (Math.exp(-(t - tr) / tau) - Math.exp(-t / tau));
}

function rcNetlist(options: string): string {
  return `RC step
V1 in 0 PULSE(0 1 0 1n 1n 1 2)
R1 in out 1k
C1 out 0 1u
.tran 10u 5m
${options}
.print tran v(out) i(c1) i(r1)
`;
}

describe('RC step response vs 1 - exp(-t/RC)', () => {
  it('default tolerances: max error < 1e-4 of the step', () => {
    const [tran] = run(rcNetlist('')).analyses;
    const t = column(tran, 'time');
    const v = column(tran, 'v(out)');
    const err = Math.max(...t.map((tk, k) => Math.abs(v[k] - rcRampResponse(tk, 1e-3, 1e-9))));
    expect(err).toBeLessThan(1e-4);
    expect(t[t.length - 1]).toBe(5e-3);
  });

  it('reltol = 1e-9: max error < 1e-7 of the step', () => {
    const [tran] = run(rcNetlist('.options reltol=1e-9')).analyses;
    const t = column(tran, 'time');
    const v = column(tran, 'v(out)');
    const err = Math.max(...t.map((tk, k) => Math.abs(v[k] - rcRampResponse(tk, 1e-3, 1e-9))));
    expect(err).toBeLessThan(1e-7);
  });

  it('capacitor current equals the resistor current (KCL at out) and C dv/dt', () => {
    const [tran] = run(rcNetlist('.options reltol=1e-6')).analyses;
    const ic = column(tran, 'i(c1)');
    const ir = column(tran, 'i(r1)');
    const t = column(tran, 'time');
    // i(r1) flows in -> out, i(c1) out -> 0: equal at every accepted point to round-off.
    for (let k = 0; k < t.length; k++) expect(Math.abs(ic[k] - ir[k])).toBeLessThan(1e-12 + 1e-9 * Math.abs(ir[k]));
    // After the ramp: i = (1/R) exp(-t/RC), within 1e-4 of its peak 1e-3 A.
    for (let k = 0; k < t.length; k++) {
      if (t[k] > 1e-6) expect(Math.abs(ic[k] - 1e-3 * Math.exp(-(t[k] - 0.5e-9) / 1e-3))).toBeLessThan(1e-7);
    }
  });
});

describe('truncation-error control when the step is not bounded by tmax', () => {
  it('RC driven by a current step (tstep = tau): default tolerances within 1e-3 of the final voltage', () => {
    // With SPICE's error estimate and trtol = 7 this case was off by 1.2e-2: the step grew to ~tau.
    const [tran] = run(`RC current step
I1 0 u PWL(0 0 0.1m 6 10 6 10.0001 0)
R1 u 0 1
C1 u 0 0.01
.tran 10m 20
.print tran v(u)
`).analyses;
    const t = column(tran, 'time');
    const v = column(tran, 'v(u)');
    const tau = 0.01;
    const rise = 1e-4;
    // Exact response to a ramp of the source current from 0 to 6 A over `rise`, then 6 A, then off at 10 s.
    const ramp = (s: number): number => (s <= 0 ? 0 : s <= rise ? (6 / rise) * (s - tau * (1 - Math.exp(-s / tau))) : 6 * (1 - (tau / rise) * (Math.exp(-(s - rise) / tau) - Math.exp(-s / tau))));
    const exact = (tk: number): number => ramp(tk) - ramp(tk - 10);
    const err = Math.max(...t.map((tk, k) => Math.abs(v[k] - exact(tk))));
    expect(err / 6).toBeLessThan(1e-3);
  });
});

describe('RL and RLC', () => {
  it('RL step: i(L) = V/R (1 - exp(-t R/L)) within 1e-4 of the final current', () => {
    const [tran] = run(`RL
V1 in 0 PULSE(0 2 0 1n 1n 1 2)
R1 in a 100
L1 a 0 10m
.tran 2u 0.5m
.print tran i(l1)
`).analyses;
    const t = column(tran, 'time');
    const i = column(tran, 'i(l1)');
    const tau = 1e-4;
    const err = Math.max(...t.map((tk, k) => Math.abs(i[k] - (tk > 1e-9 ? 0.02 * (1 - Math.exp(-(tk - 0.5e-9) / tau)) : 0))));
    expect(err / 0.02).toBeLessThan(1e-4);
  });

  it('series RLC step (underdamped): v(C) matches the closed form within 1e-3 of the step', () => {
    const R = 10;
    const L = 10e-3;
    const C = 1e-6;
    const [tran] = run(`RLC
V1 in 0 PULSE(0 1 0 1n 1n 1 2)
R1 in a ${R}
L1 a b ${L}
C1 b 0 ${C}
.tran 2u 5m
.options reltol=1e-6
.print tran v(b)
`).analyses;
    const alpha = R / (2 * L);
    const w0 = 1 / Math.sqrt(L * C);
    const wd = Math.sqrt(w0 * w0 - alpha * alpha);
    const exact = (t: number): number => 1 - Math.exp(-alpha * t) * (Math.cos(wd * t) + (alpha / wd) * Math.sin(wd * t));
    const t = column(tran, 'time');
    const v = column(tran, 'v(b)');
    const err = Math.max(...t.map((tk, k) => Math.abs(v[k] - exact(Math.max(0, tk - 0.5e-9)))));
    expect(err).toBeLessThan(1e-3);
  });
});

describe('breakpoints', () => {
  it('every PULSE corner and PWL vertex is a time point', () => {
    const [tran] = run(`corners
V1 a 0 PULSE(0 1 1m 0.1m 0.2m 0.5m 2m)
V2 b 0 PWL(0 0 0.3m 1 0.7m -1 1.3m 0)
R1 a 0 1k
R2 b 0 1k
C1 a 0 1n
.tran 0.1m 5m
`).analyses;
    const t = new Set(column(tran, 'time'));
    const corners = [1e-3, 1.1e-3, 1.6e-3, 1.8e-3, 3e-3, 3.1e-3, 3.6e-3, 3.8e-3, 0.3e-3, 0.7e-3, 1.3e-3];
    for (const c of corners) {
      const hit = [...t].some((tk) => Math.abs(tk - c) <= 1e-15 * c);
      expect(hit, `corner ${c}`).toBe(true);
    }
  });

  it('tmax bounds the step and tstart drops earlier points', () => {
    const [tran] = run(`tmax
V1 a 0 SIN(0 1 1k)
R1 a b 1k
C1 b 0 1u
.tran 10u 2m 1m 5u
`).analyses;
    const t = column(tran, 'time');
    expect(t[0]).toBeGreaterThanOrEqual(1e-3 * (1 - 1e-12));
    for (let k = 1; k < t.length; k++) expect(t[k] - t[k - 1]).toBeLessThanOrEqual(5e-6 * (1 + 1e-9));
  });
});

describe('.options maxord', () => {
  it('orders above 2 are rejected at the option, naming the supported orders', () => {
    let caught: unknown;
    try {
      run('maxord\nV1 in 0 1\nR1 in out 1k\nC1 out 0 1u\n.options maxord=3\n.tran 10u 1m\n');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(NetlistError);
    const err = caught as NetlistError;
    expect(err.message).toMatch(/maxord/);
    expect(err.message).toMatch(/1 .*and 2/);
    expect(err.loc?.line).toBe(5);
    expect(err.loc?.column).toBe('.options maxord='.length + 1);
  });

  it('maxord=1 and maxord=2 are accepted', () => {
    for (const order of [1, 2]) {
      const [tran] = run(`maxord\nV1 in 0 1\nR1 in out 1k\nC1 out 0 1u\n.options maxord=${order}\n.tran 10u 1m\n`).analyses;
      expect(column(tran, 'time').at(-1)).toBeCloseTo(1e-3, 15);
    }
  });
});
