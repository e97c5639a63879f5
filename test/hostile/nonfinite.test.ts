/**
 * Non-finite results are reported, never silent: La = tau_t / ga of a MEMDIODE is infinite at u = E0, where the
 * current I = [gL + (gH - gL) x] (u - E0) does not depend on the state x, so ga = (dI/dx)(dh/du) tau_t = 0
 * (Bisquert, Roldán, Miranda, PCCP 2024, eqs 5, 20).
 */
import { describe, expect, it } from 'vitest';
import { nonFiniteWarnings } from '../../src/analysis/nonfinite.ts';
import { simulate } from '../../src/simulate.ts';

const MODEL = '.model FIG4 MEMDIODE (Vs=0.3 Vr=-0.4 Vm=0.1 ns=1.5 nr=2 gL=0.1 gH=1 tauk=1)';

function runWarned(text: string): { warnings: string[]; result: ReturnType<typeof simulate> } {
  const warnings: string[] = [];
  const result = simulate(text, { file: 'test.cir', onWarning: (m) => warnings.push(m) });
  return { warnings, result };
}

describe('non-finite values', () => {
  it('la(p1) at u = E0 = 0 is infinite (ga = 0 there) and comes with one located warning naming it', () => {
    const { warnings, result } = runWarned(`t\n${MODEL}\nV1 a 0 DC 0\nYMEMDIODE p1 a 0 FIG4\n.op\n.print op ga(p1) la(p1) gb(p1)\n`);
    const op = result.analyses[0];
    const row = op.data[0];
    expect(row[op.columns.indexOf('ga(p1)')]).toBe(0);
    expect(Number.isFinite(row[op.columns.indexOf('la(p1)')])).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^test\.cir:5:1: warning: \.op: la\(p1\) is [+-]infinite \(its formula divides by zero or overflows there\) first at the operating point$/);
  });

  it('in a sweep the warning names the first point and how many are not finite, once per signal', () => {
    // Points -0.2, 0, 0.2: only u = 0 = E0 has ga = 0.
    const { warnings, result } = runWarned(`t\n${MODEL}\nV1 a 0 DC 0\nYMEMDIODE p1 a 0 FIG4\n.dc V1 -0.2 0.2 0.2\n.print dc la(p1) ga(p1)\n`);
    const dc = result.analyses[0];
    const la = dc.data.map((r) => r[dc.columns.indexOf('la(p1)')]);
    expect(la.map(Number.isFinite)).toEqual([true, false, true]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^test\.cir:5:1: warning: \.dc: la\(p1\) is [+-]infinite .* first at v1 = 0$/);
  });

  it('NaN is named as such, with the count of points, at the first one', () => {
    const loc = { file: 'test.cir', line: 7, column: 1, text: '.tran 1m 3m' };
    const result = { type: 'tran' as const, columns: ['time', 'v(a)', 'v(b)'], data: [[0, 1, 0], [1e-3, NaN, 0], [2e-3, 2, 0], [3e-3, NaN, 0]] };
    expect(nonFiniteWarnings(result, loc)).toEqual([
      { message: '.tran: v(a) is NaN (undefined: 0/0, inf - inf or a NaN parameter in its formula there) first at time = 0.001; 2 of 4 points are not finite', loc },
    ]);
  });

  it('a finite run has no such warning', () => {
    const { warnings } = runWarned(`t\n${MODEL}\nV1 a 0 DC 0.2\nYMEMDIODE p1 a 0 FIG4\n.op\n.print op la(p1)\n`);
    expect(warnings).toEqual([]);
  });
});
