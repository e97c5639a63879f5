/**
 * `.meas ac` reads complex signals as ngspice 39 does (checked by running it on this netlist): a bare v() or
 * i() is the real part, vp() the phase in radians, vm()/vdb()/vr()/vi() magnitude, dB, real, imaginary.
 * Expected values: the closed form H = 1/(1 + j w RC) of the RC low-pass at 1 kHz, a point of the .ac grid
 * (no interpolation), so only solver round-off separates them: 1e-12 relative.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../helpers.ts';

describe('.meas ac parts of a complex signal', () => {
  it('v() = re, vp() in radians, vm, vdb, vr, vi; i() = re', () => {
    const [ac] = run(`RC
V1 in 0 DC 0 AC 1
R1 in out 1k
C1 out 0 1u
.ac lin 11 100 1100
.meas ac mv FIND v(out) AT=1000
.meas ac mvm FIND vm(out) AT=1000
.meas ac mvp FIND vp(out) AT=1000
.meas ac mvdb FIND vdb(out) AT=1000
.meas ac mvr FIND vr(out) AT=1000
.meas ac mvi FIND vi(out) AT=1000
.meas ac mi FIND i(v1) AT=1000
.end
`).analyses;
    const m = ac.measures ?? {};
    const wrc = 2 * Math.PI * 1000 * 1e-3;
    const d = 1 + wrc * wrc;
    const [re, im] = [1 / d, -wrc / d]; // H = (1 - j wRC)/(1 + (wRC)^2)
    const close = (got: number, want: number): void => expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want));
    close(m.mv, re); // ngspice: 2.470452e-02
    close(m.mvr, re);
    close(m.mvi, im); // ngspice: -1.552231e-01
    close(m.mvm, Math.hypot(re, im)); // ngspice: 1.571767e-01
    close(m.mvp, Math.atan2(im, re)); // ngspice: -1.412965e+00 (radians)
    close(m.mvdb, 20 * Math.log10(Math.hypot(re, im))); // ngspice: -1.607224e+01
    // i(v1) flows from n+ through the source: -(1 - H)/R, real part -(1 - re)/1k; ngspice: -9.752955e-04.
    close(m.mi, -(1 - re) / 1e3);
  });
});
