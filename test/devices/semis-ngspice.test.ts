/**
 * D and M against ngspice 39: the decks of test/devices/ngspice/regen.ts, whose stored results
 * (semis.json, with the ngspice version) memspice reproduces point by point.
 *
 * DC: both simulators solve the same equations (junction gmin and the MOSFET's bulk junctions included) to
 * Newton tolerances set far below the defaults in the decks (reltol 1e-7); allowed: 1e-6 relative plus
 * 1e-8 V or 1e-11 A absolute (measured worst: 1e-7 relative). A wrong region formula, a sign or a missing
 * body effect are off by 1e-2 relative or more; even the older SPICE constants (thermal voltage 3e-5
 * lower) moved the PMOS junction currents by 5e-4 relative.
 * Transient: both run trapezoidal integration at reltol 1e-5 with the time step capped at 0.05 ns;
 * memspice's waveform, linearly interpolated onto ngspice's time points, may differ by 1e-3 of the 3 V
 * (inverter) or 2 V (diode) swing (measured worst: 2.4e-4 of the swing, 7.4e-4 with the bulk junction
 * capacitances): the interpolation error of a 0.05 ns grid on edges of ~1 ns, not a modelling difference;
 * a missing capacitance or transit time moves the waveform by tenths of a volt (without the junction
 * capacitances: 0.13 of the swing).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { column, run } from '../helpers.ts';
import { DECKS, type SemisFixture } from './ngspice/regen.ts';

const fixture = JSON.parse(readFileSync(new URL('./ngspice/semis.json', import.meta.url), 'utf8')) as SemisFixture;

function interpolate(t: number[], v: number[], at: number): number {
  let lo = 0;
  let hi = t.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t[mid] <= at) lo = mid;
    else hi = mid;
  }
  const w = t[hi] === t[lo] ? 0 : (at - t[lo]) / (t[hi] - t[lo]);
  return v[lo] + w * (v[hi] - v[lo]);
}

describe(`D and M match ${fixture.ngspice}`, () => {
  for (const deck of DECKS) {
    const stored = fixture.decks.find((d) => d.name === deck.name);
    it(deck.name, () => {
      expect(stored, 'stored results (run the regen script)').toBeDefined();
      const type = deck.analysis.split(' ')[0].slice(1);
      const text = [deck.name, ...deck.circuit, deck.analysis, `.print ${type} ${deck.signals.join(' ')}`, '.end'].join('\n');
      const [result] = run(text).analyses;
      for (const signal of deck.signals) {
        const reference = stored!.values[signal];
        const ours = column(result, signal);
        if (type === 'dc') {
          expect(ours.length).toBe(reference.length);
          // The (innermost) sweep value agrees point by point, so the rows line up.
          const sweep = column(result, result.columns[0]);
          sweep.forEach((s, k) => expect(s).toBeCloseTo(stored!.scale[k], 9));
          const absolute = signal.startsWith('i(') ? 1e-11 : 1e-8;
          ours.forEach((value, k) => {
            expect(Math.abs(value - reference[k]), `${signal} at point ${k}: memspice ${value}, ngspice ${reference[k]}`).toBeLessThanOrEqual(1e-6 * Math.abs(reference[k]) + absolute);
          });
        } else {
          const time = column(result, 'time');
          const swing = Math.max(...reference) - Math.min(...reference);
          stored!.scale.forEach((t, k) => {
            const value = interpolate(time, ours, t);
            expect(Math.abs(value - reference[k]), `${signal} at t = ${t}: memspice ${value}, ngspice ${reference[k]}`).toBeLessThanOrEqual(1e-3 * swing);
          });
        }
      }
    });
  }
});
