/**
 * Transients against an independent integration the test computes itself: the same circuit's ODE/DAE,
 * written from the closed-form device equations (test/reference/circuits.ts), integrated by an adaptive
 * Radau IIA (order 5) at rtol 1e-11 (test/reference/ode.ts). memspice at default tolerances must agree
 * within 1e-3 of the peak current; at reltol 1e-9 with a small tmax, within 1e-6.
 *
 * Circuits from Bisquert, Roldán, Miranda, PCCP 2024 (MEMDIODE); Bisquert, Bou, Guerrero, Hernández-Balaguera,
 * APL Mach. Learn. 2023 (2-D CHEMIND); Bisquert, Guerrero, JPCL 2022 (3-D CHEMIND).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { memdiodeXss, type ChemindParams, type MemdiodeParams } from '../../src/models/closedForms.ts';
import { chemindClampCircuit, chemindVoltageCircuit, memdiodeCircuit } from '../reference/circuits.ts';
import { integrate, pwl } from '../reference/ode.ts';
import { column, run } from '../helpers.ts';
import { deviationFromReference } from '../helpers/numeric.ts';

/** Max |a - ref| over the memspice time points, relative to max |ref|. */
const relativeError = (times: number[], simulated: number[], reference: (t: number) => number): number =>
  deviationFromReference(times, simulated, reference).err;

describe('MEMDIODE triangular sweep (PCCP 2024 Fig 5, scan rate 10)', () => {
  // Fig 4 parameters (PCCP 2024): VA=0.3, VD=-0.4, Vm=0.1, nA=1.5, nD=2, gL=0.1, gH=1, tau0=1.
  const p: MemdiodeParams = { gL: 0.1, gH: 1, E0: 0, Vm: 0.1, tau0: 1, VA: 0.3, VD: -0.4, nA: 1.5, nD: 2 };
  // 0 -> 1 -> -1 -> 0 at 10 V/s, two cycles.
  const times = [0, 0.1, 0.3, 0.4, 0.5, 0.7, 0.8];
  const values = [0, 1, -1, 0, 1, -1, 0];
  const drive = pwl(times, values);
  const ref = memdiodeCircuit(p, {}, (t) => drive(t));
  let sol: (t: number) => Float64Array;
  beforeAll(() => {
    sol = integrate(ref.rhs, [memdiodeXss(p, 0)], 0.8, { rtol: 1e-11, atol: 1e-14, breakpoints: times.slice(1, -1), dense: true }).sol!;
  });
  const current = (t: number): number => ref.current(t, sol(t), t);
  const netlist = (options: string): string => `memdiode sweep
V1 a 0 PWL(${times.map((t, k) => `${t} ${values[k]}`).join(' ')})
YMEMDIODE p1 a 0 gl=0.1 gh=1 vm=0.1 va=0.3 vd=-0.4 na=1.5 nd=2 tau0=1
.tran 1m 0.8 ${options}
.print tran i(p1) x(p1)
`;

  it('default tolerances: within 1e-3 of the peak current', () => {
    const [tran] = run(netlist('')).analyses;
    expect(relativeError(column(tran, 'time'), column(tran, 'i(p1)'), current)).toBeLessThan(1e-3);
  });

  it('reltol = 1e-9, tmax = 1e-4: within 1e-6 of the peak current', () => {
    const [tran] = run(netlist('0 1e-4\n.options reltol=1e-9')).analyses;
    expect(relativeError(column(tran, 'time'), column(tran, 'i(p1)'), current)).toBeLessThan(1e-6);
  });
});

describe('CHEMIND voltage step with Rs, Rb, Cm (APL Mach. Learn. 2023 Figs 4-6, 8)', () => {
  const sets = {
    'set A (Figs 4-5, 8-9)': { p: { ic0: 50, VT: 1, Vm: 0.05, tau: 10 }, net: { Rs: 0.01, Rb: 2, Cm: 10 }, tEnd: 60 },
    'set B (Fig 6a)': { p: { ic0: 1e-2, VT: 1, Vm: 0.05, tau: 1 }, net: { Rs: 100, Rb: 1e3, Cm: 1e-3 }, tEnd: 6 },
  } satisfies Record<string, { p: ChemindParams; net: { Rs: number; Rb: number; Cm: number }; tEnd: number }>;

  for (const [label, { p, net, tEnd }] of Object.entries(sets)) {
    for (const vapp of [0.6, 1.5]) {
      // A 1 ms ramp from 0 to Vapp at t = 0, the same in both integrations.
      const rise = 1e-3;
      const drive = pwl([0, rise], [0, vapp]);
      const ref = chemindVoltageCircuit(p, net, (t) => drive(t));
      // Initial state: the operating point at V = 0 (u = 0, ic = ic0 f_ss(0)).
      const ic00 = p.ic0 / (1 + Math.exp(p.VT / p.Vm));
      let sol: (t: number) => Float64Array;
      beforeAll(() => {
        sol = integrate(ref.rhs, [0, ic00], tEnd, { rtol: 1e-11, atol: 1e-15, breakpoints: [rise], dense: true }).sol!;
      });
      const current = (t: number): number => ref.current(t, sol(t), t);
      const netlist = (options: string): string => `chemind step
V1 in 0 PWL(0 0 ${rise} ${vapp})
Rs in a ${net.Rs}
Rb a 0 ${net.Rb}
Cm a 0 ${net.Cm}
YCHEMIND k1 a 0 ic0=${p.ic0} vt=${p.VT} vm=${p.Vm} tau=${p.tau}
.tran ${tEnd / 1000} ${tEnd} ${options}
.print tran i(v1)
`;
      it(`${label}, Vapp = ${vapp}: default tolerances within 1e-3 of the peak current`, () => {
        const [tran] = run(netlist('')).analyses;
        const i = column(tran, 'i(v1)').map((v) => -v);
        expect(relativeError(column(tran, 'time'), i, current)).toBeLessThan(1e-3);
      });
      it(`${label}, Vapp = ${vapp}: reltol = 1e-9 within 1e-6 of the peak current`, () => {
        const [tran] = run(netlist(`0 ${tEnd / 2000}\n.options reltol=1e-9`)).analyses;
        const i = column(tran, 'i(v1)').map((v) => -v);
        expect(relativeError(column(tran, 'time'), i, current)).toBeLessThan(1e-6);
      });
    }
  }
});

describe('3-D CHEMIND oscillation under current clamp (JPCL 2022 Fig 5)', () => {
  // Inside the Hopf interval (I between 2.09 and 10.74 for these parameters; src/models/closedForms.ts).
  const p: ChemindParams = { ic0: 10, VT: 1, Vm: 0.05, tau: 1, tauf: 1 };
  const net = { Rb: 1, Cm: 1 };
  const iClamp = 5;
  const rise = 1e-3;
  const tEnd = 60;
  const drive = pwl([0, rise], [0, iClamp]);
  const ref = chemindClampCircuit(p, net, (t) => drive(t));
  const f0 = 1 / (1 + Math.exp(p.VT / p.Vm));
  let sol: (t: number) => Float64Array;

  /** Period from the last upward crossings of the mean of u over the second half. */
  function period(times: number[], u: number[]): number {
    const half = times.findIndex((t) => t > tEnd / 2);
    const mean = u.slice(half).reduce((s, v) => s + v, 0) / (u.length - half);
    const ups: number[] = [];
    for (let k = half + 1; k < times.length; k++) {
      if (u[k - 1] < mean && u[k] >= mean) ups.push(times[k - 1] + ((times[k] - times[k - 1]) * (mean - u[k - 1])) / (u[k] - u[k - 1]));
    }
    expect(ups.length).toBeGreaterThan(3);
    return (ups[ups.length - 1] - ups[0]) / (ups.length - 1);
  }
  const refTimes = Array.from({ length: 60001 }, (_, k) => (k * tEnd) / 60000);
  let refPeriod: number;
  beforeAll(() => {
    sol = integrate(ref.rhs, [0, p.ic0 * f0, f0], tEnd, { rtol: 1e-11, atol: 1e-14, breakpoints: [rise], dense: true }).sol!;
    refPeriod = period(refTimes, refTimes.map((t) => sol(t)[0]!));
  });

  const netlist = (options: string): string => `clamp
I1 0 a PWL(0 0 ${rise} ${iClamp})
Rb a 0 ${net.Rb}
Cm a 0 ${net.Cm}
YCHEMIND k1 a 0 ic0=${p.ic0} vt=${p.VT} vm=${p.Vm} tau=${p.tau} tauf=${p.tauf}
.tran 10m ${tEnd} ${options}
.print tran v(a) i(k1)
`;

  it('the reference oscillates (amplitude of u > 0.05 over the last third)', () => {
    const late = refTimes.filter((t) => t > (2 * tEnd) / 3).map((t) => sol(t)[0]);
    expect(Math.max(...late) - Math.min(...late)).toBeGreaterThan(0.05);
  });

  it('default tolerances: period within 1e-3, branch current within 1e-3 of its peak', () => {
    const [tran] = run(netlist('')).analyses;
    const t = column(tran, 'time');
    expect(Math.abs(period(t, column(tran, 'v(a)')) - refPeriod) / refPeriod).toBeLessThan(1e-3);
    expect(relativeError(t.filter((tk) => tk < 10), column(tran, 'i(k1)'), (tk) => sol(tk)[1])).toBeLessThan(1e-3);
  });

  it('reltol = 1e-9: period within 1e-6', () => {
    const [tran] = run(netlist('0 2m\n.options reltol=1e-9')).analyses;
    const t = column(tran, 'time');
    expect(Math.abs(period(t, column(tran, 'v(a)')) - refPeriod) / refPeriod).toBeLessThan(1e-6);
  });
});
