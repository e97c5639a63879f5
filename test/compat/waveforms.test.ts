/**
 * Independent-source waveforms against ngspice: every value ngspice computed at every time point of its own
 * transient (its breakpoints land on each corner), stored by test/compat/ngspice/regen.ts with the ngspice
 * version. Each waveform is parsed from the same text by memspice, its tstep/tstop defaults filled as a
 * transient does, and evaluated at ngspice's times.
 *
 * Tolerance 1e-12 absolute (values are O(1)): times round-trip exactly through 17 digits, so the only
 * difference allowed is the order of floating-point operations, a few ulps times the steepest slope
 * (1/tstep = 2e4 per second, times ~1e-18 s) plus a few ulps of the value; a wrong corner or default is
 * off by 1e-3 or more.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../src/circuit/elaborate.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { parseNetlist } from '../../src/parse/index.ts';
import { waveformBreakpoints, waveformValue, withDefaults } from '../../src/devices/waveforms.ts';
import type { WaveformFixture } from './ngspice/regen.ts';

const fixture = JSON.parse(readFileSync(new URL('./ngspice/waveforms.json', import.meta.url), 'utf8')) as WaveformFixture;

function sourceOf(wave: string) {
  const ast = parseNetlist(`waveform\nV1 a 0 ${wave}\nR1 a 0 1k\n.end\n`, { file: '<test>', cwd: process.cwd() });
  const circuit = elaborate(ast, { devices: defaultRegistry() });
  const spec = circuit.elements.find((e) => e.name === 'v1')?.source;
  if (!spec?.tran) throw new Error(`no waveform parsed from ${wave}`);
  return spec;
}

describe(`source waveforms match ${fixture.ngspice} at every time point`, () => {
  for (const group of fixture.groups) {
    for (const src of group.sources) {
      it(`${src.wave} (tstep ${group.tstep}, tstop ${group.tstop})`, () => {
        const spec = sourceOf(src.wave);
        const w = withDefaults(spec.tran!, spec.omitted, group.tstep, group.tstop);
        const worst = src.t.reduce((m, t, k) => Math.max(m, Math.abs(waveformValue(w, t) - src.v[k])), 0);
        const at = src.t.findIndex((t, k) => Math.abs(waveformValue(w, t) - src.v[k]) === worst);
        expect(worst, `worst at t = ${src.t[at]}: memspice ${waveformValue(w, src.t[at])}, ngspice ${src.v[at]}`).toBeLessThan(1e-12);
      });
    }
  }
});
