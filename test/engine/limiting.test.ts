/**
 * Newton limiting: when a device limits its controlling voltage from u to u_lim, what it loads must be the
 * linearisation at u_lim, f(u_lim) + G(u_lim) (u - u_lim), with G = G(u_lim): f and G consistent, so the
 * Newton step solves the linear model of the limited point. The limited voltage is computed here with the
 * same rule (limitVoltage, after SPICE's pnjlim) from the previous point.
 */
import { describe, expect, it } from 'vitest';
import type { ElementInstance } from '../../src/circuit/circuit.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { limitVoltage } from '../../src/devices/memristive.ts';
import { EquationSystem } from '../../src/engine/system.ts';

const loc = { file: 'test', line: 1, column: 1, text: '' };

interface LimitCase {
  label: string;
  kind: string;
  params: Record<string, number>;
  /** Scale and exponent the device limits with (its own model: |u - VC|/Vm, |u - VT|/Vm). */
  vm: number;
  exponentAt: (u: number) => number;
  uOld: number;
  uNew: number;
}

const cases: LimitCase[] = [
  { label: 'MEMDIODE with gam(u)', kind: 'MEMDIODE', params: { vc: 0.6, vm: 0.1 }, vm: 0.1, exponentAt: (u) => Math.abs(u - 0.6) / 0.1, uOld: 0.2, uNew: 1.5 },
  { label: 'CHEMIND 2-D', kind: 'CHEMIND', params: {}, vm: 0.05, exponentAt: (u) => Math.abs(u - 1) / 0.05, uOld: 1, uNew: 2 },
  { label: 'CHEMIND 3-D', kind: 'CHEMIND', params: { ic0: 1, vt: 0.5, vm: 0.1, tau: 1, tauf: 5 }, vm: 0.1, exponentAt: (u) => Math.abs(u - 0.5) / 0.1, uOld: 0.5, uNew: -1 },
];

describe('a limited load is the linearisation at the limited point', () => {
  for (const c of cases) {
    it(c.label, () => {
      const instance: ElementInstance = { name: 'd1', kind: c.kind, nodes: ['a', '0'], params: c.params, loc };
      const device = defaultRegistry().get(c.kind)!.create(instance);
      const sys = new EquationSystem(['a'], [device], { reltol: 1e-3, abstol: 1e-12, vntol: 1e-6 });
      const y = new Float64Array(sys.size);
      for (let i = 2; i <= sys.n; i++) y[i] = 0.3; // states (and ic) at a value inside their range
      const uLimited = limitVoltage(c.uNew, c.uOld, c.vm, c.exponentAt(c.uNew));
      expect(Math.abs(uLimited - c.uNew)).toBeGreaterThan(c.vm); // the case really limits

      // Limited load: previous point uOld, then uNew.
      y[1] = c.uOld;
      sys.load(y, 0, true, 1, true);
      y[1] = c.uNew;
      const limitedCount = sys.load(y, 0, true, 1, true);
      expect(limitedCount).toBe(1);
      const fLimited = Float64Array.from(sys.f);
      const gLimited = Float64Array.from(sys.G);

      // The true model at the limited point.
      const yLim = Float64Array.from(y);
      yLim[1] = uLimited;
      sys.load(yLim, 0, true, 1, false);
      const gAt = Float64Array.from(sys.G);
      const fAt = Float64Array.from(sys.f);

      // G: the Jacobian at u_lim (same arithmetic, so equal to a few ulps).
      for (let id = 1; id < sys.numEntries; id++) {
        expect(gLimited[id], `G entry ${sys.labels[sys.entryRow[id]]}, ${sys.labels[sys.entryCol[id]]}`).toBeCloseTo(gAt[id], 12);
      }
      // f: f(u_lim) + G(u_lim) (u - u_lim) in every row, to round-off of the terms (1e-12 of their size).
      for (let i = 1; i <= sys.n; i++) {
        let slope = 0;
        for (let id = 1; id < sys.numEntries; id++) if (sys.entryRow[id] === i && sys.entryCol[id] === 1) slope += gAt[id];
        const expected = fAt[i] + slope * (c.uNew - uLimited);
        expect(Math.abs(fLimited[i] - expected), `f[${sys.labels[i]}]`).toBeLessThanOrEqual(1e-12 * (Math.abs(fAt[i]) + Math.abs(slope * (c.uNew - uLimited)) + 1e-300));
      }
    });
  }
});
