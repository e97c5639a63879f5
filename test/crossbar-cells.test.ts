/**
 * Selector cells of the crossbar generator: a 4x4 1T1R array read through its word lines, and a 1D1R
 * array whose diode selectors block the reverse sneak path. Expected currents are solved here from the
 * cell's closed forms (MEMDIODE I = (gL + (gH - gL) x) u with its state pinned by x0; Shichman-Hodges
 * linear region; Shockley diode with RS), by bisection on the cell's internal node.
 */
import { describe, expect, it } from 'vitest';
import { crossbarNetlist, SELECTOR_CELLS } from '../src/generators/crossbar.ts';
import { column, run } from './helpers.ts';
import { bisect, THERMAL_VOLTAGE_NGSPICE } from './helpers/numeric.ts';

const VT = THERMAL_VOLTAGE_NGSPICE;
const GMIN = 1e-12;


/** The state pinned in cell (i, j): distinct, so a column's current names the cell that carried it. */
const stateOf = (i: number, j: number): number => (4 * (i - 1) + j) / 20;

describe('crossbar selector cells', () => {
  it('4x4 1T1R read: only the row whose word line is on conducts; column currents follow its states', () => {
    const read = 0.2;
    const selected = 2;
    const text = crossbarNetlist({
      rows: 4,
      cols: 4,
      cell: { kind: 'subckt', name: 'cell1t1r' },
      cellParams: (i, j) => ({ x0: stateOf(i, j) }),
      preamble: [...SELECTOR_CELLS.cell1t1r],
      drivers: { kind: 'dc', value: read },
      wordLines: [0, 3, 0, 0],
      // The first transient point is the operating point with every state pinned at its x0.
      analyses: ['.tran 1n 1n', '.options reltol=1e-9 vntol=1e-12 abstol=1e-18'],
    });
    expect(text).toContain(`xm2_3 r2 c3 w2 cell1t1r x0=${stateOf(2, 3)}`);
    const [tran] = run(text).analyses;
    // Cell parameters as SELECTOR_CELLS.cell1t1r defines them.
    const gL = 1e-5;
    const gH = 1e-4;
    const beta = (200e-6 * 1e-6) / 0.2e-6;
    const vto = 0.5;
    const lambda = 0.02;
    const isat = 1e-14;
    // Drain-bulk junction (bulk grounded, drain at vmid): current into the drain node from the bulk.
    const junction = (vbd: number): number => (vbd <= -3 * VT ? GMIN * vbd - isat : isat * (Math.exp(vbd / VT) - 1) + GMIN * vbd);
    const channel = (vgs: number, vds: number): number => {
      const vov = vgs - vto;
      if (vov <= 0) return 0;
      return vds < vov ? beta * (1 + lambda * vds) * vds * (vov - vds / 2) : (beta / 2) * (1 + lambda * vds) * vov * vov;
    };
    for (let j = 1; j <= 4; j++) {
      let expected = 0;
      for (let i = 1; i <= 4; i++) {
        const g = gL + (gH - gL) * stateOf(i, j);
        const vgs = i === selected ? 3 : 0;
        // KCL at the cell's middle node: memristor current in = channel current plus drain-bulk leakage out.
        const vmid = bisect((v) => channel(vgs, v) - junction(-v) - g * (read - v), 0, read);
        // The column receives the channel current; the leakage goes to the grounded bulk.
        expected += channel(vgs, vmid);
      }
      const measured = column(tran, `i(vc${j})`)[0];
      // Newton tolerance above: 1e-9 relative; a wrong region, state or a sneak path is off by 1e-3 or more.
      expect(Math.abs(measured - expected), `column ${j}`).toBeLessThanOrEqual(1e-9 * expected);
      // Only the selected row conducts: its cell alone gives the column current.
      const g = gL + (gH - gL) * stateOf(selected, j);
      const vmid = bisect((v) => channel(3, v) - junction(-v) - g * (read - v), 0, read);
      expect(Math.abs(measured - channel(3, vmid))).toBeLessThanOrEqual(1e-9 * measured);
    }
  });

  it('1D1R: a forward-biased row conducts through its diodes, a reverse-biased row is blocked', () => {
    const text = crossbarNetlist({
      rows: 2,
      cols: 2,
      cell: { kind: 'subckt', name: 'cell1d1r' },
      cellParams: (i, j) => ({ x0: stateOf(i, j) }),
      preamble: [...SELECTOR_CELLS.cell1d1r],
      drivers: [
        { kind: 'dc', value: 1.2 },
        { kind: 'dc', value: -1.2 },
      ],
      analyses: ['.tran 1n 1n', '.options reltol=1e-9 vntol=1e-12 abstol=1e-18'],
    });
    const [tran] = run(text).analyses;
    const isat = 1e-14;
    const rs = 10;
    const diode = (v: number): number =>
      (v >= -3 * VT ? isat * (Math.exp(v / VT) - 1) : -isat * (1 + ((3 * VT) / (v * Math.E)) ** 3)) + GMIN * v;
    for (let j = 1; j <= 2; j++) {
      let expected = 0;
      let forward = 0;
      for (const [i, v] of [
        [1, 1.2],
        [2, -1.2],
      ]) {
        const g = 1e-5 + (1e-4 - 1e-5) * stateOf(i, j);
        // Current through the series chain: diode (with RS) then memristor; solve for the junction voltage.
        const vj = bisect((x) => {
          const current = diode(x);
          return x + rs * current + current / g - v;
        }, -2, 1.5);
        expected += diode(vj);
        if (v > 0) forward = diode(vj);
      }
      const measured = column(tran, `i(vc${j})`)[0];
      expect(Math.abs(measured - expected), `column ${j}`).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
      // The reverse-biased row adds only its diode's saturation and gmin currents (picoamperes).
      expect(Math.abs(measured - forward)).toBeLessThan(1e-11);
      expect(forward).toBeGreaterThan(1e-6);
    }
  });
});
