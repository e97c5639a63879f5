/**
 * .stability and .dc continuation=arclength against what the tests compute themselves:
 *  - the Hopf points of the current-clamped 3-D chemical inductor from the test's own JPCL 2022 eqs 18-25
 *    (c1 c2 = c0 by bisection, omega = sqrt(c1)), and its first Lyapunov coefficient from Kuznetsov's formula
 *    with the analytic derivatives of the ODE;
 *  - the transient of the same circuit, oscillating inside the Hopf interval .stability reports and at rest
 *    outside it;
 *  - the folds and the whole stationary branch of the current-clamped NDR MEMDIODE (Adv. Phys. Res. 2024 Fig 14
 *    parameters) from the closed form I_ss(u) = [gL + (gH - gL) x_eq(u)](u - E0);
 *  - the 2-D chemical inductor of APL Mach. Learn. 2023 Fig 5 (no Hopf point: its 2x2 Jacobian has negative trace).
 */
import { Complex } from 'complex.js';
import { describe, expect, it } from 'vitest';
import { NetlistError } from '../../src/base/errors.ts';
import type { AnalysisResult } from '../../src/analysis/results.ts';
import { column, run } from '../helpers.ts';
import { bisect, rel } from '../helpers/numeric.ts';
import { netlist } from '../helpers/netlists.ts';

const logistic = (z: number): number => 1 / (1 + Math.exp(-z));

describe('.stability: Hopf points of the 3-D chemical inductor neuron (JPCL 2022 eqs 18-25)', () => {
  const ic0 = 10;
  const VT = 1;
  const Vm = 0.05;
  const Rb = 1;
  const Cm = 1;
  const tau = 1;
  const tauf = 1;
  const tauM = Rb * Cm;
  const fOf = (u: number): number => logistic((u - VT) / Vm);
  /** c1 c2 - c0 at the steady state at u (eqs 20-22, eq 20 with the 1/(tau_m tau_d f tau_k) term of the eq 18 determinant). */
  const hopfFunction = (u: number): number => {
    const f = fOf(u);
    const c2 = 1 / tauM + 1 / tau + 1 / (f * tauf);
    const c1 = 1 / (f * tau * tauf) + 1 / (f * tauM * tauf) + 1 / (tau * tauM);
    const c0 = (ic0 * (1 - f)) / (tau * tauf * Cm * Vm) + 1 / (tauM * tau * f * tauf);
    return c1 * c2 - c0;
  };
  const c1Of = (u: number): number => {
    const f = fOf(u);
    return 1 / (f * tau * tauf) + 1 / (f * tauM * tauf) + 1 / (tau * tauM);
  };
  // c1 c2 - c0 is positive outside the unstable window around VT and negative inside: one sign change on each
  // side (bracketed on a 1 mV grid scan done here).
  const scan = Array.from({ length: 2001 }, (_, k) => 0 + k * 1e-3);
  const crossings = scan.slice(1).flatMap((u, k) => (Math.sign(hopfFunction(u)) !== Math.sign(hopfFunction(scan[k])) ? [[scan[k], u]] : []));
  const uHopf = crossings.map(([a, b]) => {
    const sign = hopfFunction(b) > 0 ? 1 : -1;
    return bisect((u) => sign * hopfFunction(u), a, b);
  });
  const iHopf = uHopf.map((u) => u / Rb + ic0 * fOf(u));
  const neuronNetlist = (range: string): string =>
    `neuron\nI1 0 u DC 1\nRb u 0 ${Rb}\nCm u 0 ${Cm}\nYCHEMIND k1 u 0 ic0=${ic0} VT=${VT} Vm=${Vm} tau=${tau} tauf=${tauf}\n.stability I1 ${range}\n.end\n`;

  it('two Hopf points at the clamp currents and frequencies of the characteristic cubic, to 1e-8', () => {
    expect(uHopf.length).toBe(2);
    const [a] = run(neuronNetlist('0.5 14 0.1')).analyses;
    expect(a.type).toBe('stability');
    expect(a.columns.slice(0, 3)).toEqual(['i1', 're(p1)', 'im(p1)']);
    const hopf = (a.bifurcations ?? []).filter((b) => b.kind === 'hopf');
    expect(hopf.length).toBe(2);
    // 1e-8: the located point is where the computed Re s vanishes; the poles are polished to ~1e-14 relative and
    // the regula falsi stops at 1e-13 in the chord parameter, so the swept value is far better than 1e-8.
    hopf.forEach((h, k) => {
      expect(rel(h.value, iHopf[k])).toBeLessThan(1e-8);
      expect(rel(h.omega!, Math.sqrt(c1Of(uHopf[k])))).toBeLessThan(1e-8);
    });
    // Stability is lost at the lower Hopf point and regained at the upper one (Routh-Hurwitz: c0 > c1 c2 between).
    expect(hopf.map((h) => h.stable_above)).toEqual([false, true]);
    expect(a.bifurcations!.some((b) => b.kind === 'fold')).toBe(false);
  });

  it('.stability param sweeping the .param that sets the clamp current finds the source sweep\'s Hopf points, to 1e-9', () => {
    const [bySource] = run(neuronNetlist('0.5 14 0.1')).analyses;
    const text = neuronNetlist('0.5 14 0.1').replace('I1 0 u DC 1', '.param iclamp=1\nI1 0 u DC {iclamp}').replace('.stability I1', '.stability param iclamp');
    const [byParam] = run(text).analyses;
    expect(byParam.columns.slice(0, 3)).toEqual(['iclamp', 're(p1)', 'im(p1)']);
    const hopfOf = (a: AnalysisResult): NonNullable<AnalysisResult['bifurcations']> => (a.bifurcations ?? []).filter((b) => b.kind === 'hopf');
    expect(hopfOf(byParam).length).toBe(2);
    // 1e-9: what the analysis promises for a .param sweep (its regula falsi stops at a 1e-12 wide bracket); the
    // source sweep is checked against the characteristic cubic above. The same sweep grid gives the same poles.
    hopfOf(byParam).forEach((h, k) => {
      const ref = hopfOf(bySource)[k];
      expect(rel(h.value, ref.value)).toBeLessThan(1e-9);
      expect(rel(h.value, iHopf[k])).toBeLessThan(1e-8); // and the characteristic cubic, as the source sweep above
      expect(rel(h.omega!, ref.omega!)).toBeLessThan(1e-9);
      expect(h.stable_above).toBe(ref.stable_above);
      expect(h.criticality).toBe(ref.criticality);
    });
    expect(byParam.bifurcations!.some((b) => b.kind === 'fold')).toBe(false);
    // The rows: the same grid, and the same poles to 1e-12 (both operating points refined to 1e-14, the poles
    // polished; 3e-15 is seen) up to I = 8. Above it f -> 1 and the Jacobian tends to a defective triple pole at -1,
    // whose computed members move as the cube root of rounding (5e-8 apart at I = 13.1 in either sweep's own terms).
    expect(byParam.data.map((r) => r[0])).toEqual(bySource.data.map((r) => r[0]));
    byParam.data.forEach((row, k) => {
      if (row[0] >= 8) return;
      row.forEach((v, j) => expect(Math.abs(v - bySource.data[k][j])).toBeLessThan(1e-12 * (1 + Math.abs(bySource.data[k][j]))));
    });
  });

  it('netlists/jpcl2022_fig5_hopf_scan.cir reports the same two Hopf points', () => {
    const [a] = run(netlist('jpcl2022_fig5_hopf_scan.cir')).analyses;
    const hopf = a.bifurcations!.filter((b) => b.kind === 'hopf');
    expect(hopf.length).toBe(2);
    hopf.forEach((h, k) => expect(rel(h.value, iHopf[k])).toBeLessThan(1e-8));
    expect(hopf.map((h) => h.criticality)).toEqual(['supercritical', 'supercritical']);
  });

  it('the first Lyapunov coefficient equals Kuznetsov formula with the analytic derivatives of the ODE', () => {
    const [a] = run(neuronNetlist('0.5 14 0.1')).analyses;
    const hopf = a.bifurcations!.filter((b) => b.kind === 'hopf');
    hopf.forEach((h, k) => {
      const want = lyapunovOfNeuron(uHopf[k], Math.sqrt(c1Of(uHopf[k])));
      // Central differences of the analytic G (B at step 1e-5, C3 a second difference at 1e-4), Richardson-
      // extrapolated from h and 2h: the h^2 error, (h/Vm)^2 ~ 4e-6 at Vm = 0.05, is removed; what remains is
      // O((h/Vm)^4) and rounding, ~1e-8. Without the extrapolation the two differ by 3e-5; 1e-5 checks it is done.
      expect(rel(h.lyapunov!, want)).toBeLessThan(1e-5);
      expect(h.criticality).toBe(want < 0 ? 'supercritical' : 'subcritical');
    });
  });

  it('the transient oscillates inside the reported Hopf interval and comes to rest outside it', () => {
    const [a] = run(neuronNetlist('0.5 14 0.1')).analyses;
    const [low, high] = a.bifurcations!.filter((b) => b.kind === 'hopf').map((b) => b.value);
    const swing = (I: number): number => {
      const text = `neuron tran\nI1 0 u PWL(0 0 10m ${I})\nRb u 0 ${Rb}\nCm u 0 ${Cm}\nYCHEMIND k1 u 0 ic0=${ic0} VT=${VT} Vm=${Vm} tau=${tau} tauf=${tauf}\n.tran 10m 80\n.print tran v(u)\n.end\n`;
      const [tr] = run(text).analyses;
      const t = column(tr, 'time');
      const u = column(tr, 'v(u)').filter((_, k) => t[k] >= 60);
      return Math.max(...u) - Math.min(...u);
    };
    // Inside: a limit cycle of O(0.1-1) swing; outside: the slowest pole decays as exp(Re s t) with Re s < -0.4
    // (the .stability rows there), so after 60 s the residual swing is below 1e-6.
    expect(swing(0.5 * (low + high))).toBeGreaterThan(0.05);
    expect(swing(0.5 * low)).toBeLessThan(1e-6);
    expect(swing(high + 2)).toBeLessThan(1e-6);
    const rows = a.data;
    const at = (I: number): number[] => rows.reduce((best, r) => (Math.abs(r[0] - I) < Math.abs(best[0] - I) ? r : best));
    expect(at(0.5 * low)[1]).toBeLessThan(-0.4);
    expect(at(high + 2)[1]).toBeLessThan(-0.4);
    expect(at(0.5 * (low + high))[1]).toBeGreaterThan(0);
  });

  /**
   * l1 of x' = F(x), x = (u, ic, f), F = ((I - u/Rb - ic)/Cm, (ic0 f - ic)/tau, (1 - f - E(u) f)/tauf),
   * E = exp(-(u - VT)/Vm), by Kuznetsov's eq 3.20 with ||q|| = 1, <p, q> = 1 (the normalisation memspice uses).
   */
  function lyapunovOfNeuron(u: number, omega: number): number {
    const f = fOf(u);
    const E = Math.exp(-(u - VT) / Vm);
    const E1 = -E / Vm;
    const E2 = E / Vm ** 2;
    const E3 = -E / Vm ** 3;
    const A = [
      [-1 / tauM, -1 / Cm, 0],
      [0, -1 / tau, ic0 / tau],
      [(-E1 * f) / tauf, 0, -(1 + E) / tauf],
    ];
    type V = Complex[];
    const c = (x: number): Complex => new Complex(x, 0);
    const B = (x: V, y: V): V => [c(0), c(0), x[0].mul(y[0]).mul(-E2 * f).sub(x[0].mul(y[2]).add(x[2].mul(y[0])).mul(E1)).div(tauf)];
    const C3 = (x: V, y: V, z: V): V => [
      c(0),
      c(0),
      x[0].mul(y[0]).mul(z[0]).mul(-E3 * f).sub(x[0].mul(y[0]).mul(z[2]).add(x[0].mul(y[2]).mul(z[0])).add(x[2].mul(y[0]).mul(z[0])).mul(E2)).div(tauf),
    ];
    const shifted = (s: Complex): Complex[][] => A.map((row, i) => row.map((v, j) => (i === j ? c(v).sub(s) : c(v))));
    const cross = (a: V, b: V): V => [a[1].mul(b[2]).sub(a[2].mul(b[1])), a[2].mul(b[0]).sub(a[0].mul(b[2])), a[0].mul(b[1]).sub(a[1].mul(b[0]))];
    const det3 = (M: Complex[][]): Complex =>
      M[0][0].mul(M[1][1].mul(M[2][2]).sub(M[1][2].mul(M[2][1]))).sub(M[0][1].mul(M[1][0].mul(M[2][2]).sub(M[1][2].mul(M[2][0])))).add(M[0][2].mul(M[1][0].mul(M[2][1]).sub(M[1][1].mul(M[2][0]))));
    /** Cramer's rule for M x = b. */
    const solve = (M: Complex[][], b: V): V => {
      const d = det3(M);
      return [0, 1, 2].map((k) => det3(M.map((row, i) => row.map((v, j) => (j === k ? b[i] : v)))).div(d));
    };
    const iw = new Complex(0, omega);
    const M = shifted(iw);
    let q = cross(M[0], M[1]);
    const qn = Math.sqrt(q.reduce((s, z) => s + z.abs() ** 2, 0));
    q = q.map((z) => z.div(qn));
    // conj(p) spans the null space of (A - iw)^T: the cross product of two columns.
    const cols = [0, 1, 2].map((j) => M.map((row) => row[j]));
    let p = cross(cols[0], cols[1]).map((z) => z.conjugate());
    const dot = (a: V, b: V): Complex => a.reduce((s, z, k) => s.add(z.conjugate().mul(b[k])), c(0));
    const pq = dot(p, q);
    p = p.map((z) => z.div(pq.conjugate()));
    const qbar = q.map((z) => z.conjugate());
    const r11 = solve(shifted(c(0)), B(q, qbar)); // A^-1 B(q, conj q)
    const r20 = solve(shifted(iw.mul(2)), B(q, q)).map((z) => z.neg()); // (2iw - A)^-1 B(q, q)
    return dot(p, C3(q, q, qbar)).sub(dot(p, B(q, r11)).mul(2)).add(dot(p, B(qbar, r20))).re / (2 * omega);
  }
});

describe('.stability and .dc continuation=arclength: the current-clamped NDR MEMDIODE (Adv. Phys. Res. 2024 Fig 14)', () => {
  const gL = 0.1;
  const gH = 1;
  const E0 = 0.2;
  const VB = -0.5;
  const Vm = 0.1;
  const xEq = (u: number): number => logistic((u - VB) / Vm);
  const iSs = (u: number): number => (gL + (gH - gL) * xEq(u)) * (u - E0);
  const dIdu = (u: number): number => gL + (gH - gL) * xEq(u) + ((gH - gL) * xEq(u) * (1 - xEq(u)) * (u - E0)) / Vm;
  // The two turning points: dI_ss/du = 0, one on each side of the NDR region (its ends are near -0.95 and -0.36).
  const uFold = [bisect((u) => -dIdu(u), -1.2, -0.7), bisect((u) => dIdu(u), -0.6, -0.2)];
  const iFold = uFold.map(iSs);
  const device = `YMEMDIODE p1 u 0 gL=${gL} gH=${gH} E0=${E0} VB=${VB} Vm=${Vm} ctau=1 tau0=1`;
  const text = `ndr\nI1 0 u DC -0.6\n${device}\n.options continuation=arclength\n.dc I1 -0.6 0.2 0.01\n.print dc v(u) x(p1)\n.stability I1 -0.6 0.2 0.01 max=1\n.end\n`;
  let dc: AnalysisResult;
  let st: AnalysisResult;
  it('runs', () => {
    [dc, st] = run(text).analyses;
    expect(dc.type).toBe('dc');
    expect(st.type).toBe('stability');
  });

  it('both folds found at the closed-form turning points, to 1e-9', () => {
    for (const r of [dc, st]) {
      const folds = r.bifurcations!.filter((b) => b.kind === 'fold');
      expect(folds.map((b) => b.kind)).toEqual(['fold', 'fold']);
      // 1e-9: I is stationary at a fold, so a location error d along the branch is an error O(d^2) in I.
      folds.forEach((b, k) => expect(rel(b.value, iFold[k])).toBeLessThan(1e-9));
      // The middle branch (after the first fold) is unstable, the upper one (after the second) stable.
      expect(folds.map((b) => b.stable_above)).toEqual([false, true]);
    }
  });

  it('every traced point lies on the stationary curve I = I_ss(u), x = x_eq(u) to 1e-9, the middle branch included', () => {
    const I = column(dc, 'i1');
    const u = column(dc, 'v(u)');
    const x = column(dc, 'x(p1)');
    // 1e-9 relative with a floor of 0.01 (the currents cross zero near u = E0): the corrector iterates to 1e-11.
    I.forEach((i, k) => {
      expect(rel(i, iSs(u[k]), 0.01)).toBeLessThan(1e-9);
      expect(Math.abs(x[k] - xEq(u[k]))).toBeLessThan(1e-9);
    });
    const middle = u.filter((v) => v > uFold[0] + 0.01 && v < uFold[1] - 0.01);
    expect(middle.length).toBeGreaterThan(10);
    // The branch covers the range: from the lowest current through both folds to the highest.
    expect(I[0]).toBe(-0.6);
    expect(I[I.length - 1]).toBeCloseTo(0.2, 12);
    expect(u[u.length - 1]).toBeGreaterThan(uFold[1]);
  });

  it('netlists/apr2024_fig14_ndr_fold_tracing.cir: the same folds in both analyses', () => {
    for (const r of run(netlist('apr2024_fig14_ndr_fold_tracing.cir')).analyses) {
      const folds = r.bifurcations!.filter((b) => b.kind === 'fold');
      expect(folds.length).toBe(2);
      folds.forEach((b, k) => expect(rel(b.value, iFold[k])).toBeLessThan(1e-9));
    }
  });

  it('the .stability rows follow the same branch: a positive real pole exactly on the middle branch', () => {
    const I = column(dc, 'i1');
    expect(column(st, 'i1')).toEqual(I);
    const u = column(dc, 'v(u)');
    const p1 = column(st, 're(p1)');
    u.forEach((v, k) => {
      if (v > uFold[0] + 1e-3 && v < uFold[1] - 1e-3) expect(p1[k]).toBeGreaterThan(0);
      if (v < uFold[0] - 1e-3 || v > uFold[1] + 1e-3) expect(p1[k]).toBeLessThan(0);
    });
  });
});

describe('.stability param: pseudo-arclength through a .param, around the folds of the NDR MEMDIODE', () => {
  const gL = 0.1;
  const gH = 1;
  const E0 = 0.2;
  const VB = -0.5;
  const Vm = 0.1;
  const xEq = (u: number, vb = VB): number => logistic((u - vb) / Vm);
  const iSs = (u: number): number => (gL + (gH - gL) * xEq(u)) * (u - E0);
  const dIdu = (u: number): number => gL + (gH - gL) * xEq(u) + ((gH - gL) * xEq(u) * (1 - xEq(u)) * (u - E0)) / Vm;
  const uFold = [bisect((u) => -dIdu(u), -1.2, -0.7), bisect((u) => dIdu(u), -0.6, -0.2)];
  const iFold = uFold.map(iSs);
  const device = (vb: string): string => `YMEMDIODE p1 u 0 gL=${gL} gH=${gH} E0=${E0} VB=${vb} Vm=${Vm} ctau=1 tau0=1`;
  const foldsOf = (a: AnalysisResult): NonNullable<AnalysisResult['bifurcations']> => (a.bifurcations ?? []).filter((b) => b.kind === 'fold');

  it('the clamp current as a .param: the S-curve traced whole, both folds at the source sweep\'s and the closed form\'s, to 1e-9', () => {
    const bySourceText = `ndr\nI1 0 u DC -0.6\n${device(String(VB))}\n.stability I1 -0.6 0.2 0.01 max=1\n.end\n`;
    const byParamText = `ndr\n.param iclamp=-0.6\nI1 0 u DC {iclamp}\n${device(String(VB))}\n.stability param iclamp -0.6 0.2 0.01 max=1\n.end\n`;
    const [bySource] = run(bySourceText).analyses;
    const [byParam] = run(byParamText).analyses;
    expect(foldsOf(byParam).length).toBe(2);
    foldsOf(byParam).forEach((b, k) => {
      // 1e-9 against both: the fold is where the analytic J is singular (t_lambda = 0), which the finite-difference
      // F_lambda does not move; the swept value is stationary there, so a location error d is d^2 in the value.
      expect(rel(b.value, iFold[k])).toBeLessThan(1e-9);
      expect(rel(b.value, foldsOf(bySource)[k].value)).toBeLessThan(1e-9);
    });
    expect(foldsOf(byParam).map((b) => b.stable_above)).toEqual([false, true]);
    // The same branch point by point: the swept values (grid points and the arclength points between the folds)
    // and the real pole there. 1e-9 relative with a floor of 1e-3 1/s (the pole crosses 0 at the folds): both
    // tracers correct every point to a 1e-11 update; their predictors differ only by the F_lambda rounding.
    expect(byParam.data.length).toBe(bySource.data.length);
    byParam.data.forEach((row, k) => {
      expect(rel(row[0], bySource.data[k][0], 1e-3)).toBeLessThan(1e-9);
      expect(rel(row[1], bySource.data[k][1], 1e-3)).toBeLessThan(1e-9);
    });
    // The middle branch is traced: the real pole is positive on the points between the folds.
    const I = column(byParam, 'iclamp');
    const p1 = column(byParam, 're(p1)');
    const k1 = I.findIndex((v, k) => k > 0 && v < I[k - 1]);
    expect(k1).toBeGreaterThan(0);
    expect(p1.filter((p) => p > 0).length).toBeGreaterThan(10);
    expect(I[I.length - 1]).toBeCloseTo(0.2, 12);
  });

  it('the MEMDIODE threshold VB as a .param (it enters the device nonlinearly) at a fixed clamp current: the fold of VB(u) from the closed form, to 1e-9', () => {
    // At clamp current I0 the stationary states are x = (I0/(u - E0) - gL)/(gH - gL), VB = u - Vm ln(x/(1 - x)):
    // VB(u) rises to a maximum (the fold) and falls again towards u -> E0, where x -> 1.
    const I0 = -0.35;
    const xOf = (u: number): number => (I0 / (u - E0) - gL) / (gH - gL);
    const vbOf = (u: number): number => u - Vm * Math.log(xOf(u) / (1 - xOf(u)));
    // dVB/du = 1 - Vm x' / (x (1 - x)), x' = -I0 / ((u - E0)^2 (gH - gL)); its zero bracketed on the curve above.
    const dVbDu = (u: number): number => 1 - (Vm * (-I0 / ((u - E0) ** 2 * (gH - gL)))) / (xOf(u) * (1 - xOf(u)));
    const vbFold = vbOf(bisect((u) => -dVbDu(u), -0.3, -0.2));
    const text = `ndr vb\n.param vb=-1.2\nI1 0 u DC ${I0}\n${device('{vb}')}\n.stability param vb -1.2 -0.2 0.01 max=1\n.end\n`;
    const [a] = run(text).analyses;
    const folds = foldsOf(a);
    expect(folds.length).toBe(1);
    // 1e-9: as above (VB is stationary at the fold); F_lambda is here a true central difference of two elaborated
    // circuits, not the exact linear dependence of a source value.
    expect(rel(folds[0].value, vbFold)).toBeLessThan(1e-9);
    // Past the fold the branch is the unstable one (a positive real pole), and the trace leaves the range at -1.2.
    expect(folds[0].stable_above).toBe(false);
    const vb = column(a, 'vb');
    const p1 = column(a, 're(p1)');
    const turn = vb.indexOf(Math.max(...vb));
    expect(p1.slice(0, turn - 1).every((p) => p < 0)).toBe(true);
    expect(p1.slice(turn + 2).every((p) => p > 0)).toBe(true);
    expect(vb[vb.length - 1]).toBeLessThanOrEqual(-1.2 + 1e-12);
    // The example netlist is this sweep.
    const [fromFile] = run(netlist('apr2024_fig14_ndr_fold_param.cir')).analyses;
    expect(foldsOf(fromFile).length).toBe(1);
    expect(rel(foldsOf(fromFile)[0].value, vbFold)).toBeLessThan(1e-9);
  });
});

describe('.stability: the 2-D chemical inductor of APL Mach. Learn. 2023 Fig 5 has no Hopf point', () => {
  it('none reported over the figure range (current clamp through the same steady states)', () => {
    // Set A: ic0 = 50, VT = 1, Vm = 0.05, Rb = 2, Cm = 10, tau_k = 10; u from 0 to 2 is I = u/Rb + ic0 f_ss(u) from ~0 to ~51.
    const [a] = run('aplml\nI1 0 u DC 0\nRb u 0 2\nCm u 0 10\nYCHEMIND c1 u 0 ic0=50 VT=1 Vm=0.05 tau=10\n.stability I1 0 51 0.5\n.end\n').analyses;
    expect(a.bifurcations).toEqual([]);
    // The 2x2 Jacobian's trace -(1/(Rb Cm) + 1/tau_k) = -0.15 is the sum of the two poles at every point.
    for (const row of a.data) expect(Math.abs(row[1] + row[3] + 0.15)).toBeLessThan(1e-12);
  });
});

describe('.stability: errors', () => {
  it('a source that does not exist', () => {
    expect(() => run('x\nI1 0 u DC 1\nR1 u 0 1\nC1 u 0 1\n.stability I2 0 1 0.1\n.end\n')).toThrow(NetlistError);
    expect(() => run('x\nI1 0 u DC 1\nR1 u 0 1\nC1 u 0 1\n.stability I2 0 1 0.1\n.end\n')).toThrow(/unknown element 'i2' in \.stability/);
  });
  it('wrong arguments', () => {
    expect(() => run('x\nI1 0 u DC 1\nR1 u 0 1\n.stability I1 0 1\n.end\n')).toThrow(/\.stability needs SRC start stop step/);
    expect(() => run('x\nI1 0 u DC 1\nR1 u 0 1\n.stability I1 0 1 -0.1\n.end\n')).toThrow(NetlistError);
    expect(() => run('x\nI1 0 u DC 1\nR1 u 0 1\n.stability I1 0 1 0.1 max=0\n.end\n')).toThrow(/whole number/);
    // .stability param: the name must be a top-level .param, reported at the name's line and column.
    const unknownParam = (): unknown => run('x\n.param ic=1\nI1 0 u DC {ic}\nR1 u 0 1\nC1 u 0 1\n.stability param icc 0 1 0.1\n.end\n', { file: 'n.cir' });
    expect(unknownParam).toThrow(NetlistError);
    expect(unknownParam).toThrow(/unknown parameter 'icc' in \.stability param/);
    try {
      unknownParam();
    } catch (e) {
      expect((e as NetlistError).format()).toMatch(/^n\.cir:6:18: /);
    }
  });
});
