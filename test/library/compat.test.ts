/**
 * The two public behavioural memristor subcircuits of netlists/compat/ run as published and agree with the same model
 * written as a `.define` device.
 *
 * - netlists/compat/biolek_hp_memristor.sub (Biolek, Biolek, Biolkova, Radioengineering 2009, Tab. 1): the HP memristor
 *   with the Joglekar window as a G source charging a 1 F capacitor and an E source in series with Roff, included and
 *   instantiated as published; against netlists/models/hp_joglekar.lib with the same parameters (their Fig 5(a) set).
 * - netlists/compat/ngspice_memristor.sp (ngspice examples/memristor): Pershin and Di Ventra's threshold memristor as a
 *   B source charging a 1 F capacitor and a resistor whose value is that capacitor's voltage. The netlist runs as
 *   published except its .control block, whose `tran $&deltime $&stime uic` needs ngspice's script variables
 *   (memspice runs no script); the test puts the first of those runs as a `.tran` in place of the block.
 *
 * Tolerance 1e-9 of the peak current: both circuits are integrated by memspice at reltol 1e-12 with a step of at most
 * 1/20000 of the period, so each is within ~1e-10 of the exact solution and their difference is below 1e-9; a real
 * difference in the equations (a window, a sign, a threshold) shows as 1e-3 or more.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { column, maxAbs, run } from '../helpers.ts';
import { interp } from '../helpers/numeric.ts';
import { NETLISTS } from './loop.ts';

/** max |a(t) - b(t)| / max |b| over a's time points, b interpolated linearly onto them. */
function relativeDifference(ta: number[], a: number[], tb: number[], b: number[]): number {
  const peak = maxAbs(b);
  let err = 0;
  for (let k = 0; k < ta.length; k++) err = Math.max(err, Math.abs(a[k]! - interp(tb, b, ta[k]!)));
  return err / peak;
}

const tran = (netlist: string): { time: number[]; current: number[] } => {
  const [result] = run(netlist, { cwd: NETLISTS }).analyses;
  return { time: column(result, 'time'), current: column(result, 'i(v1)') };
};

describe('Biolek HP memristor subcircuit (Radioengineering 2009, Tab. 1)', () => {
  const params = { ron: 100, roff: 16e3, rinit: 11e3, d: 10e-9, uv: 1e-14, p: 10 };
  const drive = 'V1 a 0 SIN(0 1.2 1)';
  const analysis = '.options reltol=1e-12\n.tran 1m 2 0 5e-5 uic\n.print tran i(v1)\n.end\n';

  // Skipped until memspice reads the listing: it needs behavioural E/G sources (`Gx ... value={...}`, and
  // `Emem ... value={...}` controlled by its own current I(Emem)), `.func`, and PSpice's SDT() time integral (Eflux,
  // Echarge). Today: "not supported yet: VALUE= (behavioral G sources)".
  it.skip('runs as published and matches netlists/models/hp_joglekar.lib to 1e-9 of the peak current', () => {
    const published = tran(`Biolek HP memristor
.include "compat/biolek_hp_memristor.sub"
${drive}
X1 a 0 memristor Ron=${params.ron} Roff=${params.roff} Rinit=${params.rinit} D=${params.d} uv=${params.uv} p=${params.p}
${analysis}`);
    const defined = tran(`HP memristor, .define
.include "models/hp_joglekar.lib"
${drive}
YHPJOGLEKAR m1 a 0 ron=${params.ron} roff=${params.roff} rinit=${params.rinit} d=${params.d} uv=${params.uv} p=${params.p}
${analysis}`);
    // The loop is a real one (the state runs from 0.31 to 0.99 in Fig 5(a)): the peak current is Vmax/Ron-ish.
    expect(maxAbs(defined.current)).toBeGreaterThan(1e-4);
    expect(relativeDifference(published.time, published.current, defined.time, defined.current)).toBeLessThan(1e-9);
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
.tran 0.1n 10n 0 5e-13 uic
.print tran i(v1) v(1)
.end
`;

describe("ngspice's examples/memristor (Pershin, Di Ventra threshold memristor)", () => {
  const file = path.join(NETLISTS, 'compat/ngspice_memristor.sp');
  const text = readFileSync(file, 'utf8');
  // The published first run: tran deltime stime uic with stime = 10n, deltime = stime/100.
  const withoutControl = text.replace(/^\.control[\s\S]*?^\.endc$/m, '.options reltol=1e-12\n.tran 0.1n 10n 0 5e-13 uic\n.print tran i(v1) v(1)');

  // Skipped until memspice reads the netlist: it needs an unbraced expression as a .subckt parameter default
  // (`beta=20e3/stime`; today "unexpected '/stime' after the parameters of .subckt"), the B source `Bx 0 x I='...'`
  // (ternary, &&, braces inside the quoted expression), a resistor whose value is an expression of a node voltage
  // (`Rmem plus minus r={V(x)}`) and `.func`.
  it.skip('the published netlist, .control block replaced by its first run, matches the .define model to 1e-9', () => {
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
