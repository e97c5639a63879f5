/**
 * netlists/models/dmm.lib (dynamic memdiode model, Aguirre, Suñé, Miranda, Micromachines 2022, in its published
 * LTspice form) through its subcircuit `dmm` (series resistance on an internal node).
 *
 * The library's parameters with rsmax = 300 ohm and alphamax = 3 (the published set has rsmin = rsmax and
 * alphamin ~ alphamax): so that the state also changes the series resistance and the diode slope, and the internal
 * node's equation is exercised.
 *
 * Loop: the test's own integration of the memdiode as a DAE (state lambda, algebraic diode voltage) under a 0.7 V sine
 * at 1 Hz and 10 Hz.
 *
 * AC: the linearisation the test writes out by hand at a bias v0 (below), at the operating point it finds itself
 * (lambda0 = S/(S + R) with the set and reset rates S = e^(v0/V0s)/T0s, R = e^(-v0/V0r)/T0r; vd0 by bisection of
 * (v0 - vd)/Rs = Id(vd)).
 */
import { Complex } from 'complex.js';
import { describe, expect, it } from 'vitest';
import { complexColumn, run } from '../helpers.ts';
import { bisect, cRel } from '../helpers/numeric.ts';
import { loopSuite, NETLISTS } from './loop.ts';
import { dmm, dmmParts, dmmRates, type DmmParams } from './references.ts';

const p: DmmParams = { beta: 0.5, imin: 1.8e-6, imax: 95.76e-6, alphamin: 1, alphamax: 3, rsmin: 30, rsmax: 300, t0s: 120.2, v0s: 0.09789, t0r: 132, v0r: 0.1905, ei: 0 };
const overrides = 'rsmax=300 alphamax=3';
const steadyLambda = (v: number): number => {
  const { set, reset } = dmmRates(p, v);
  return set / (set + reset);
};

loopSuite({
  title: 'Dynamic memdiode under a 0.7 V, 1 Hz sine',
  device: `.include "models/dmm.lib"\nX1 a 0 dmm ${overrides}`,
  // i(v1) flows from a through the source to ground: the device's current is -i(v1).
  probe: { current: 'i(v1)', sign: -1, state: 'x(x1.m)' },
  reference: dmm(p, steadyLambda(0)),
  drive: { amplitude: 0.7, frequency: 1 },
  // The DC state at V = 0 is the steady state of the set/reset equation, where the reference starts too.
  uic: false,
});

describe('Dynamic memdiode .ac against the hand-written linearisation', () => {
  for (const v0 of [0.2, 0.4, -0.3]) {
    it(`bias v0 = ${v0}: Y(jw) within 1e-9 relative from 1 mHz to 1 kHz`, () => {
      const lambda0 = steadyLambda(v0);
      const balance = (vd: number): number => dmmParts(p, lambda0, vd).idiode - (v0 - vd) / dmmParts(p, lambda0, vd).rs;
      const vd0 = bisect(balance, Math.min(0, v0), Math.max(0, v0));
      const parts = dmmParts(p, lambda0, vd0);
      const { set, reset } = dmmRates(p, v0);
      // State equation h = (1 - lambda) S(v) - lambda R(v): dh/dv and dh/dlambda.
      const hv = ((1 - lambda0) * set) / p.v0s + (lambda0 * reset) / p.v0r;
      const hl = -(set + reset);
      // Series resistance: i = (v - vd)/Rs(lambda), so di = (dv - dvd)/Rs - c dlambda with c = (v - vd) Rs'/Rs^2.
      const c = ((v0 - vd0) * parts.dRsLambda) / (parts.rs * parts.rs);
      const netlist = `dmm ac\n.include "models/dmm.lib"\nV1 a 0 DC ${v0} AC 1\nX1 a 0 dmm ${overrides}\n.ac dec 5 1m 1k\n.print ac i(v1)\n.end\n`;
      const [ac] = run(netlist, { cwd: NETLISTS }).analyses;
      const freqs = ac.data.map((row) => row[ac.columns.indexOf('freq')]!);
      const current = complexColumn(ac, 'i(v1)');
      expect(freqs.length).toBe(31);
      for (const [k, f] of freqs.entries()) {
        const s = new Complex(0, 2 * Math.PI * f);
        // j w dlambda = hv dv + hl dlambda, per volt of dv:
        const dLambda = new Complex(hv, 0).div(s.sub(hl));
        // (dv - dvd)/Rs - c dlambda = gd dvd + Id_lambda dlambda:
        const dVd = new Complex(1 / parts.rs, 0).sub(dLambda.mul(c + parts.dIdLambda)).div(1 / parts.rs + parts.gd);
        const y = dVd.mul(parts.gd).add(dLambda.mul(parts.dIdLambda));
        const [re, im] = current[k]!;
        // 1e-9: the linear solve is exact to rounding; what remains is the operating point's Newton residual.
        expect(cRel([-re, -im], y)).toBeLessThan(1e-9);
      }
    });
  }
});
