/**
 * S and W switches with hysteresis (ngspice SW / CSW). The control rises 0 -> 1 over 1 ms and falls back
 * over the next: with vt = 0.5, vh = 0.2 the switch turns on when the control passes 0.7 (t = 0.7 ms) and
 * off only when it falls below 0.3 (t = 1.7 ms); in between (0.3 to 0.7 on the way down) it stays on. The
 * switch state changes at the first accepted time point past a threshold, so points within one step
 * (here at most 10 us, tmax) of 0.7 ms and 1.7 ms are not checked. ngspice 39 gives the same values at its
 * own time points for this netlist. Voltages are exact divider values (linear solve, 1e-12 relative).
 */
import { describe, expect, it } from 'vitest';
import { column, run } from '../helpers.ts';
import { circuit, expectCircuitError } from '../parse/helpers.ts';

const netlist = `switch hysteresis
Vc c 0 PWL(0 0 1m 1 2m 0)
Vdd d 0 1
R1 d out 1k
S1 out 0 c 0 smod
Rc c s2 1k
Vs s2 0 0
W1 d out2 Vs wmod
R2 out2 0 1k
.model smod SW (vt=0.5 vh=0.2 ron=1 roff=1meg)
.model wmod CSW (it=0.5m ih=0.2m ron=1 roff=1meg)
.tran 10u 2m 0 10u
.print tran v(out) v(out2)
`;

describe('switches with hysteresis', () => {
  const [tran] = run(netlist).analyses;
  const t = column(tran, 'time');
  const out = column(tran, 'v(out)');
  const out2 = column(tran, 'v(out2)');
  const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
  const sOn = 1 / (1000 + 1); // S1 from out to ground: v(out) = ron / (1k + ron)
  const sOff = 1e6 / (1000 + 1e6);
  const wOn = 1000 / (1000 + 1); // W1 from d to out2: v(out2) = 1k / (1k + ron)
  const wOff = 1000 / (1000 + 1e6);
  const on = (tk: number): boolean | undefined => (tk < 0.7e-3 ? false : tk > 0.71e-3 && tk < 1.7e-3 ? true : tk > 1.71e-3 ? false : undefined);

  it('S: on above vt + vh, stays on down to vt - vh, then off', () => {
    t.forEach((tk, k) => {
      const state = on(tk);
      if (state === undefined) return;
      expect(rel(out[k], state ? sOn : sOff), `t = ${tk}`).toBeLessThan(1e-12);
    });
  });
  it('W: the same with the controlling current i(Vs) = v(c) / 1k against it = 0.5 mA, ih = 0.2 mA', () => {
    t.forEach((tk, k) => {
      const state = on(tk);
      if (state === undefined) return;
      expect(rel(out2[k], state ? wOn : wOff), `t = ${tk}`).toBeLessThan(1e-12);
    });
  });
  it('the on keyword sets the state inside the band at the start', () => {
    const [op] = run('t\nVc c 0 0.5\nVdd d 0 1\nR1 d out 1k\nS1 out 0 c 0 smod on\n.model smod SW (vt=0.5 vh=0.2 ron=1 roff=1meg)\n.op\n.print op v(out)\n').analyses;
    expect(rel(column(op, 'v(out)')[0], sOn)).toBeLessThan(1e-12);
  });
  it('a missing or mistyped model is a located error', () => {
    expectCircuitError('t\nS1 a 0 c 0\n', 2, 1, /S1 needs 4 nodes and a model/);
    expectCircuitError('t\nS1 a 0 c 0 wmod\n.model wmod CSW (it=1)\n', 2, 12, /model wmod is a CSW, not an SW model/);
    expectCircuitError('t\nR1 a 0 1\nW1 a 0 R1 wmod\n.model wmod CSW (it=1)\n', 3, 8, /R1 is not a voltage source/);
  });
  it('SW and CSW models are known model types (no warning)', () => {
    expect(circuit('t\nR1 a 0 1\n.model smod SW (vt=1)\n.model wmod CSW (it=1)\n').warnings).toEqual([]);
  });
});
