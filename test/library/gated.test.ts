/**
 * netlists/models/gated.lib (gated conductance, relaxation form: Bisquert, Adv. Phys. Res. 2024 eqs 21, 33-34).
 *
 * Loop: the test's own integration of eqs 33-34 (test/library/references.ts) under a 1 V sine at f = 0.16 Hz
 * (~1/(2 pi tau0), where the hysteresis is widest) and 10 f, with the Fig 21 parameters but E0 = 0, so that the loop
 * is pinched at the origin (with E0 = 0.2 it self-crosses at u = E0 instead).
 *
 * AC: the linearisation the test writes out by hand at a bias u0, with the library's Fig 21 parameters (E0 = 0.2):
 * x0 = x_eq(u0), delta x = x_eq'(u0) delta u / (1 + j w tau0) (from tau0 dx/dt = x_eq - x), and
 * Y(jw) = gb + ga/(1 + j w tau0), gb = gL + (gH - gL) x0, ga = (gH - gL)(u0 - E0) x_eq'(u0), x_eq' = x_eq (1 - x_eq)/Vm.
 */
import { Complex } from 'complex.js';
import { describe, expect, it } from 'vitest';
import { complexColumn, run } from '../helpers.ts';
import { cRel } from '../helpers/numeric.ts';
import { loopSuite, NETLISTS } from './loop.ts';
import { gated, gatedXeq, type GatedParams } from './references.ts';

const fig21: GatedParams = { gl: 0.1, gh: 1, e0: 0.2, vb: 0.5, vm: 0.1, tau0: 1 };

loopSuite({
  title: 'Gated conductance (E0 = 0) under a 1 V, 0.16 Hz sine',
  device: '.include "models/gated.lib"\nYGATED m1 a 0 e0=0',
  probe: { current: 'i(m1)', sign: 1, state: 'x(m1)' },
  reference: gated({ ...fig21, e0: 0 }),
  drive: { amplitude: 1, frequency: 0.16 },
  // The DC state at V = 0 is the steady state x_eq(0), where the reference starts too.
  uic: false,
});

describe('Gated conductance .ac against the hand-written linearisation (Fig 21 parameters)', () => {
  const p = fig21;
  for (const u0 of [0.35, 0.5, 0.8, -0.2]) {
    it(`bias u0 = ${u0}: Y(jw) within 1e-9 relative from 1 mHz to 1 kHz`, () => {
      const netlist = `gated ac\n.include "models/gated.lib"\nV1 a 0 DC ${u0} AC 1\nYGATED m1 a 0\n.ac dec 5 1m 1k\n.print ac i(v1)\n.end\n`;
      const [ac] = run(netlist, { cwd: NETLISTS }).analyses;
      const freqs = ac.data.map((row) => row[ac.columns.indexOf('freq')]!);
      const current = complexColumn(ac, 'i(v1)');
      const xeq = gatedXeq(p, u0);
      const gb = p.gl + (p.gh - p.gl) * xeq;
      const ga = (p.gh - p.gl) * (u0 - p.e0) * ((xeq * (1 - xeq)) / p.vm);
      expect(freqs.length).toBe(31);
      for (const [k, f] of freqs.entries()) {
        const s = new Complex(0, 2 * Math.PI * f);
        const y = new Complex(gb, 0).add(new Complex(ga, 0).div(s.mul(p.tau0).add(1)));
        // i(v1) flows from a through the source to ground: the device's current is -i(v1); the AC source is 1 V.
        const [re, im] = current[k]!;
        // 1e-9: the operating point and the linear solve are exact to rounding (~1e-15); what remains is the
        // Newton residual of the operating point.
        expect(cRel([-re, -im], y)).toBeLessThan(1e-9);
      }
    });
  }
});
