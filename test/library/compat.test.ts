/**
 * The two public behavioural memristor subcircuits of netlists/compat/, run as published as far as memspice reads them
 * today (each edit below names what is missing; none changes the circuit's equations), against the same model
 * computed independently.
 *
 * - netlists/compat/biolek_hp_memristor.sub (Biolek, Biolek, Biolkova, Radioengineering 2009, Tab. 1): the HP memristor
 *   with the Joglekar window as a G source charging a 1 F capacitor and an E source in series with Roff, run as
 *   published (its SDT flux and charge monitors included); against the test's own Radau integration of the same
 *   equations to 1e-6, against the same model as a `.define` (netlists/models/hp_joglekar.lib) on the same time grid
 *   to 1e-9, and its SDT outputs against the drive's flux and the current's charge.
 * - netlists/compat/ngspice_memristor.sp (ngspice examples/memristor): Pershin and Di Ventra's threshold memristor as a
 *   B source charging a 1 F capacitor and a resistor whose value is that capacitor's voltage; against the same model
 *   as a `.define` device to 1e-9, and that `.define` against ngspice 39's stored run of the published netlist.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { column, maxAbs, run } from '../helpers.ts';
import { deviationFromReference, interp } from '../helpers/numeric.ts';
import { NETLISTS, referenceLoop } from './loop.ts';
import { hp } from './references.ts';

/** max |a(t) - b(t)| / max |b| over a's time points, b interpolated linearly onto them. */
function relativeDifference(ta: number[], a: number[], tb: number[], b: number[]): number {
  const peak = maxAbs(b);
  let err = 0;
  for (let k = 0; k < ta.length; k++) err = Math.max(err, Math.abs(a[k]! - interp(tb, b, ta[k]!)));
  return err / peak;
}

/** A value computed once, on first use (the runs two tests share). */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

const tran = (netlist: string): { time: number[]; current: number[] } => {
  const [result] = run(netlist, { cwd: NETLISTS }).analyses;
  return { time: column(result, 'time'), current: column(result, 'i(v1)') };
};

describe('Biolek HP memristor subcircuit (Radioengineering 2009, Tab. 1)', () => {
  // Fig 5(a) of the paper: Ron = 100 ohm, Roff = 16 kohm, Rinit = 11 kohm, p = 10, 1.2 V at 1 Hz.
  const params = { ron: 100, roff: 16e3, rinit: 11e3, d: 10e-9, uv: 1e-14, p: 10 };
  const drive = { amplitude: 1.2, frequency: 1 };
  // The listing exactly as published, SDT lines (Eflux, Echarge: flux and charge as node voltages) included.
  const listing = readFileSync(path.join(NETLISTS, 'compat/biolek_hp_memristor.sub'), 'utf8');
  const source = `V1 a 0 SIN(0 ${drive.amplitude} ${drive.frequency})`;
  // The subcircuit and its .define twin (netlists/models/hp_joglekar.lib) are the same DAE in different unknowns (a
  // 1 F capacitor's node voltage plus the port's branch current and an internal node, against one state unknown), so
  // under the adaptive step control they take different step sequences (60692 and 61080 accepted steps at reltol
  // 1e-9, T/4000). Compared across those grids by linear interpolation they differ by 1.26e-6 of the peak current (at
  // t = 1.49 s, where the current turns fast near x = 0.99), and so does the test's Radau reference itself, sampled
  // on one grid and interpolated onto the other: that 1.26e-6 is interpolation, not a difference of the models (each
  // is 5.14e-7 from the reference there, and their two errors, interpolated as smooth functions, differ by 2.3e-10).
  // So both run on one grid: every step T/40000 (tmax), trtol=1e14 so that the truncation-error test shortens none
  // (the grids are then identical, which the test checks), Newton at reltol 1e-9. Both then solve the same
  // discretised equations, and the trapezoidal rule's own error on this grid is 4.4e-7 of the peak current (1.8e-6
  // at T/20000: second order), inside the 1e-6 asked against the reference.
  const step = 1 / drive.frequency / 40000;
  const forced = `.options reltol=1e-9 trtol=1e14\n.tran ${step} ${2 / drive.frequency} 0 ${step} uic\n`;
  const published = lazy(() => {
    const [result] = run(`Biolek HP memristor
${listing}
${source}
X1 a 0 memristor Ron=${params.ron} Roff=${params.roff} Rinit=${params.rinit} D=${params.d} uv=${params.uv} p=${params.p}
${forced}.print tran i(v1) v(x1.flux) v(x1.charge)
.end
`, { cwd: NETLISTS }).analyses;
    return { time: column(result, 'time'), current: column(result, 'i(v1)'), flux: column(result, 'v(x1.flux)'), charge: column(result, 'v(x1.charge)') };
  });

  it('runs as published and matches the same equations, integrated by the test, to 1e-6; its SDT lines integrate', () => {
    const { time, flux, charge } = published();
    // The same reference as test/library/hp_joglekar.test.ts (its .define twin, held to the same 1e-6 there).
    const reference = referenceLoop(hp(params, 'joglekar'), drive, 2).response;
    const current = published().current.map((i) => -i);
    expect(time.length).toBeGreaterThan(80000);
    expect(maxAbs(current)).toBeGreaterThan(1e-4);
    expect(deviationFromReference(time, current, reference).err).toBeLessThan(1e-6);
    // Eflux = SDT(V(plus,minus)): the drive's flux A (1 - cos w t) / w, a closed form. 1e-8 of its peak 2A/w: the
    // trapezoidal rule on a sine, h^2 w^2 / 12 relative (2.1e-9 at h = T/40000; measured 2.0e-9).
    const omega = 2 * Math.PI * drive.frequency;
    const peakFlux = (2 * drive.amplitude) / omega;
    for (let k = 0; k < time.length; k++) expect(Math.abs(flux[k] - (drive.amplitude * (1 - Math.cos(omega * time[k]))) / omega)).toBeLessThan(1e-8 * peakFlux);
    // Echarge = SDT(I(Emem)): the test's trapezoidal integral of the current over the output points (every step, the
    // rule the transient integrates the row with), to 1e-9 of the largest charge (measured 3.4e-11: Newton's tolerance).
    let q = 0;
    let worst = 0;
    let peakCharge = 0;
    for (let k = 1; k < time.length; k++) {
      q += 0.5 * (current[k] + current[k - 1]) * (time[k] - time[k - 1]);
      worst = Math.max(worst, Math.abs(charge[k] - q));
      peakCharge = Math.max(peakCharge, Math.abs(q));
    }
    expect(worst).toBeLessThan(1e-9 * peakCharge);
  });

  // On the common grid the difference left is 4.7e-10 of the peak current (9e-12 in the state, 60x in the current near
  // x = 0.99 where R = 260 ohm against Roff = 16 kohm): about half is the listing's Raux, a 1 Tohm leak from the state
  // capacitor that the .define does not have (removing it halves the difference), the rest Newton's stopping error
  // (the same from reltol 1e-9 to 1e-12). A real difference (a window exponent, a sign, Rinit) shows as 1e-3 or more.
  it('matches the same model as a .define to 1e-9 of the peak current on the same time grid', () => {
    const a = published();
    const b = tran(`HP memristor, .define
.include "models/hp_joglekar.lib"
YHPJOGLEKAR m1 a 0
${source}
${forced}.print tran i(v1)
.end
`);
    expect(a.time).toEqual(b.time);
    expect(maxAbs(b.current)).toBeGreaterThan(1e-4);
    expect(relativeDifference(a.time, a.current, b.time, b.current)).toBeLessThan(1e-9);
  });
});

/**
 * ngspice's example as a .define device, with its parameters (beta = 20e3/stime, stime = 10 ns) and its first run:
 * the resistance r is the state (Pershin, Di Ventra), moving at the published threshold function f1(V) while it is
 * inside [Ron, Roff] or moving back into it.
 */
const PERSHIN_DEFINE = `threshold memristor, .define
.define pershin p n states=r params: ron=1k roff=10k rinit=7k alpha=0 beta={20e3/10n} vt=1.6
+ let f = { beta * V + 0.5 * (alpha - beta) * (abs(V + vt) - abs(V - vt)) }
+ I = { V / r }
+ ddt(r) = { (f > 0 && r < roff) || (f < 0 && r > ron) ? f : 0 }
+ init r = {rinit}
V1 0 1 DC 0 sin(0 3 100meg)
YPERSHIN m1 1 0
.options reltol=1e-12
.tran 0.1n 10n 0 1e-13 uic
.print tran i(v1) v(1)
.end
`;

describe("ngspice's examples/memristor (Pershin, Di Ventra threshold memristor)", () => {
  const file = path.join(NETLISTS, 'compat/ngspice_memristor.sp');
  const text = readFileSync(file, 'utf8');
  // The published first run: tran deltime stime uic with stime = 10n, deltime = stime/100; the .control block's
  // `tran $&deltime $&stime uic` needs ngspice's script variables (memspice runs no script), so a .tran stands in
  // for the block. Three more edits, each for something memspice does not read yet (the circuit stays the same):
  // - `beta=20e3/stime`, an unbraced expression as a .subckt parameter default ("unexpected '/stime' after the
  //   parameters of .subckt"): braced;
  // - braces inside the B source's quoted expression (`? {f1(...)} :`, "unexpected character '{'"): removed (they
  //   only group);
  // - `Rmem plus minus r={V(x)}`, a resistor valued by a node voltage ("Rmem needs 2 nodes and a value"): the B source
  //   of the same current, V(plus,minus)/V(x1); V(x1), not V(x), because a B source whose expression reads the voltage
  //   of a node held by a voltage source (here Vx, 0 V between x and x1) makes the matrix singular today (a bug
  //   of the B source; V(x1) = V(x) exactly).
  const withoutControl = text
    .replace(/^\.control[\s\S]*?^\.endc$/m, '.options reltol=1e-12\n.tran 0.1n 10n 0 1e-13 uic\n.print tran i(v1) v(1)')
    .replace('beta=20e3/stime', 'beta={20e3/stime}')
    .replace(/^Bx .*$/m, (line) => line.replace(/[{}]/g, ''))
    .replace('Rmem plus minus r={V(x)}', 'Bmem plus minus I={V(plus,minus)/V(x1)}');

  // Tolerance 1e-9 of the peak current: both circuits are integrated by memspice at reltol 1e-12 with a step of at
  // most 1/100000 of the period (measured difference 1.4e-10; at 1/20000 it is 1.1e-8, the threshold kinks of f1
  // being stepped differently); a real difference in the equations (a threshold, a sign) shows as 1e-3 or more.
  it('the published netlist, .control block replaced by its first run, matches the .define model to 1e-9', () => {
    expect(withoutControl).not.toBe(text);
    const published = tran(withoutControl);
    const defined = tran(PERSHIN_DEFINE);
    expect(maxAbs(defined.current)).toBeGreaterThan(1e-4);
    expect(relativeDifference(published.time, published.current, defined.time, defined.current)).toBeLessThan(1e-9);
  });
});

describe("the threshold memristor as a .define against ngspice 39's run of the published netlist", () => {
  // test/library/ngspice/memristor_tran.txt: ngspice 39 on netlists/compat/ngspice_memristor.sp (its first run,
  // reltol 1e-9), every 10th point; regenerated by test/library/ngspice/regenerate.sh.
  const rows = readFileSync(path.join(import.meta.dirname, 'ngspice/memristor_tran.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.trim().split(/\s+/).map(Number));

  it('i(v1) within 1e-6 of the peak current at ngspice\'s time points', () => {
    expect(rows.length).toBeGreaterThan(1000);
    const defined = tran(PERSHIN_DEFINE);
    const ngTime = rows.map((r) => r[0]!);
    const ngCurrent = rows.map((r) => r[1]!);
    // 1e-6: ngspice integrates at reltol 1e-9 with its own step control and writes 9 significant digits; measured
    // 6.7e-8. A different threshold, window or sign in the .define shows as 1e-2 or more.
    expect(relativeDifference(ngTime, ngCurrent, defined.time, defined.current)).toBeLessThan(1e-6);
  });
});
