/**
 * Benchmark cases: netlists as text, each run by memspice and by ngspice (scripts/bench/ngspice.ts).
 *
 *  (a) RC ladders of 1e3, 1e4, 1e5 sections, transient (1 kHz sine into R = 1, C = 1u sections, 2 ms at tmax 10 us)
 *  (b) MEMDIODE crossbars 8x8 ... 128x128 with 0.01 Ohm per wire segment: DC operating point with distinct row
 *      voltages, and a transient of sine rows (amplitude 0.5 V, 1 Hz, row i phase-shifted by (i-1)*360/N degrees),
 *      2 s at tmax 1 ms; the transient also at 100x100 (10,000 devices) and 256x256 (65,536 devices, memspice only)
 *  (d) a 400,000-resistor netlist's .op (a ladder of 1 Ohm series and 1 kOhm shunt resistors from a 1 V source):
 *      the cost of parsing, elaborating and setting up a long netlist, where the solve is the small part
 *  (c) AC sweep of 1001 points (dec 200 from 1 mHz to 100 Hz) on the 32x32 crossbar biased at the DC rows
 *  (e) the 32x32 crossbar transient of (b) with the MEMDIODE rate form written as a `.define`
 *      (test/fixtures/memdiode_define.inc) instead of the built-in: the cost of an equation-defined device,
 *      reported as its time ratio to the built-in case (memspice only: ngspice has no `.define`)
 *  (f) memspice only (no SPICE has them): .poles max=10 of the 32x32 crossbar at the DC rows (the 10 rightmost
 *      poles by shift-invert Arnoldi, goal under 1 s including its .op), and a 200-point .stability scan of the
 *      current-clamped 3-D chemical inductor neuron of Bisquert, Guerrero, JPCL 2022 (Rb = Cm = 1, ic0 = 10,
 *      VT = 1, Vm = 0.05, tau = tauf = 1; I from 0.1 to 20, both Hopf points located; goal under 0.5 s)
 *
 * Devices are MEMDIODE with the defaults of src/devices/memdiode.ts (Bisquert, Roldán, Miranda, PCCP 2024, Fig 4: gL=0.1, gH=1, VA=0.3,
 * VD=-0.4, Vm=0.1, nA=1.5, nD=2, tau0=1), rate form. Every source has an explicit DC value, so the .op of both
 * simulators starts from the same point (ngspice would otherwise use the waveform at t = 0).
 */
import { readFileSync } from 'node:fs';
import { crossbarNetlist, type CrossbarCell, type RowDriver } from '../../src/generators/crossbar.ts';

export type CaseKind = 'tran' | 'op' | 'ac' | 'poles' | 'stability';

export interface BenchCase {
  /** Short id used by --only. */
  id: string;
  family: 'rc-ladder' | 'crossbar-dc' | 'crossbar-tran' | 'crossbar-ac' | 'netlist-op' | 'crossbar-tran-define' | 'crossbar-poles' | 'neuron-stability';
  /** Size parameter (sections, or N of an N x N crossbar). */
  size: number;
  kind: CaseKind;
  /** Skipped unless --all (many minutes). */
  big: boolean;
  /** Run by memspice only (a netlist ngspice can not read). */
  memspiceOnly?: boolean;
  /** Matched tolerances, written into the netlist for both simulators. */
  options: Record<string, number>;
  netlist(tstopScale?: number): string;
  /** Goal for memspice's median wall time (the .poles and .stability cases, which ngspice does not have). */
  goalMs?: number;
  /** Printed under the table (why a case is memspice only, ...). */
  note?: string;
}

/**
 * Why xbar256-tran runs without ngspice: measured with scripts/bench/ngspice.ts's deck of the 100x100 case scaled
 * to 1/100 of its stop time, ngspice 39 took NGSPICE_100_PER_SIM_S seconds per simulated second there, and its
 * Sparse 1.3 factorisation grows faster than the unknowns; 256x256 has 6.5x the unknowns of 100x100.
 */
export const NGSPICE_256_NOTE = 'xbar256-tran: memspice only; ngspice 39 (Sparse 1.3, no KLU) would need hours (see cases.ts)';

/** Tolerances both simulators use (SPICE defaults, written out so both see the same). */
export const TOLERANCES = { reltol: 1e-3, abstol: 1e-12, vntol: 1e-6, chgtol: 1e-14, trtol: 7 };

export function rcLadder(sections: number, tstopScale = 1): string {
  const out: string[] = [`RC ladder, ${sections} sections`];
  out.push(`* ${sections} sections of R = 1 Ohm and C = 1u to ground, driven by a 1 kHz sine; probes near the input.`);
  out.push('V1 in 0 DC 0 SIN(0 1 1k)');
  for (let k = 1; k <= sections; k++) {
    out.push(`R${k} ${k === 1 ? 'in' : `n${k - 1}`} n${k} 1`);
    out.push(`C${k} n${k} 0 1u`);
  }
  const opts = Object.entries(TOLERANCES)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  out.push(`.options ${opts}`);
  out.push(`.tran 10u ${2e-3 * tstopScale} 0 10u`);
  const probes = [1, 10, 30].filter((k) => k <= sections).map((k) => `v(n${k})`);
  out.push(`.probe ${probes.join(' ')}`);
  out.push('.end');
  return out.join('\n') + '\n';
}

/** DC read voltages of the crossbar DC and AC cases: 0.1 .. 0.5 V across the rows. */
export function dcRowVoltage(i: number, rows: number): number {
  return rows === 1 ? 0.3 : 0.1 + (0.4 * (i - 1)) / (rows - 1);
}

/**
 * The MEMDIODE rate form as a `.define` (type MEMD), the lines of test/fixtures/memdiode_define.inc without
 * its `init` clause: like the built-in cells of these cases (no x0), the state is then not held at the
 * operating point, which solves for it.
 */
export function memdiodeDefineLines(): string[] {
  const text = readFileSync(new URL('../../test/fixtures/memdiode_define.inc', import.meta.url), 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .filter((line) => !/^\+\s*init\b/i.test(line));
}

export function crossbarCase(n: number, kind: CaseKind, tstopScale = 1, equationDevice = false): string {
  const sinRow = (i: number): RowDriver => ({ kind: 'sin', offset: 0, amplitude: 0.5, freq: 1, phaseDeg: (360 * (i - 1)) / n, dc: 0 });
  const dcRow = (i: number): RowDriver => ({ kind: 'dc', value: dcRowVoltage(i, n) });
  const analysis = kind === 'tran' ? `.tran 1m ${2 * tstopScale} 0 1m` : kind === 'op' ? '.op' : kind === 'poles' ? '.poles max=10' : '.ac dec 200 1m 100';
  return crossbarNetlist({
    rows: n,
    cols: n,
    title: `${n}x${n} MEMDIODE crossbar, ${kind}${equationDevice ? ', as a .define' : ''}`,
    cell: (equationDevice ? { kind: 'device', type: 'MEMD' } : { kind: 'device', type: 'MEMDIODE' }) satisfies CrossbarCell,
    preamble: equationDevice ? memdiodeDefineLines() : undefined,
    drivers: kind === 'tran' ? sinRow : dcRow,
    ac: kind === 'ac' ? 1 : undefined,
    rowWireR: 0.01,
    colWireR: 0.01,
    analyses: [analysis],
    options: { ...TOLERANCES },
    comments: false,
    headerNotes: ['Benchmark case of scripts/bench/cases.ts'],
  });
}

/** A long flat netlist: `elements` resistors alternating 1 Ohm in series and 1 kOhm to ground, driven by 1 V; .op. */
export function resistorLadderOp(elements: number): string {
  const out: string[] = [`resistor ladder, ${elements} resistors`, 'V1 n0 0 DC 1'];
  for (let k = 0; k < elements / 2; k++) out.push(`RS${k} n${k} n${k + 1} 1`, `RP${k} n${k + 1} 0 1k`);
  // Probes near the source and far down the ladder (ngspice writes only probed vectors).
  out.push('.op', '.probe v(n1) v(n1000)', '.end');
  return out.join('\n') + '\n';
}

/** The 200-point .stability scan of the JPCL 2022 neuron (case e). */
export function neuronStability(): string {
  return [
    '3-D chemical inductor neuron, .stability scan of the clamp current',
    'I1 0 u DC 0.1',
    'Rb u 0 1',
    'Cm u 0 1',
    'YCHEMIND k1 u 0 ic0=10 VT=1 Vm=0.05 tau=1 tauf=1',
    '.stability I1 0.1 20 0.1',
    '.end',
  ].join('\n') + '\n';
}

export function allCases(): BenchCase[] {
  const cases: BenchCase[] = [];
  for (const s of [1000, 10000, 100000]) {
    cases.push({
      id: `ladder${s}`,
      family: 'rc-ladder',
      size: s,
      kind: 'tran',
      big: s >= 100000,
      options: TOLERANCES,
      netlist: (scale) => rcLadder(s, scale),
    });
  }
  for (const n of [8, 16, 32, 64, 128]) {
    cases.push({ id: `xbar${n}-dc`, family: 'crossbar-dc', size: n, kind: 'op', big: n >= 128, options: TOLERANCES, netlist: () => crossbarCase(n, 'op') });
  }
  for (const n of [8, 16, 32, 64, 100, 128, 256]) {
    cases.push({
      id: `xbar${n}-tran`,
      family: 'crossbar-tran',
      size: n,
      kind: 'tran',
      big: n >= 64,
      // ngspice would take hours on 65,536 B-source memristors (NGSPICE_256_NOTE)
      memspiceOnly: n >= 256 ? true : undefined,
      note: n >= 256 ? NGSPICE_256_NOTE : undefined,
      // The large-array goals: 100x100 (10,000 devices) under 10 s, 256x256 (65,536 devices) under 3 minutes.
      goalMs: n === 100 ? 10_000 : n === 256 ? 180_000 : undefined,
      options: TOLERANCES,
      netlist: (scale) => crossbarCase(n, 'tran', scale),
    });
  }
  cases.push({ id: 'netlist400k-op', family: 'netlist-op', size: 400000, kind: 'op', big: true, options: TOLERANCES, netlist: () => resistorLadderOp(400000) });
  cases.push({
    id: 'xbar32-tran-define',
    family: 'crossbar-tran-define',
    size: 32,
    kind: 'tran',
    big: false,
    memspiceOnly: true,
    options: TOLERANCES,
    netlist: (scale) => crossbarCase(32, 'tran', scale, true),
  });
  cases.push({ id: 'xbar32-ac', family: 'crossbar-ac', size: 32, kind: 'ac', big: false, options: TOLERANCES, netlist: () => crossbarCase(32, 'ac') });
  cases.push({ id: 'xbar32-poles', family: 'crossbar-poles', size: 32, kind: 'poles', big: false, memspiceOnly: true, options: TOLERANCES, goalMs: 1000, netlist: () => crossbarCase(32, 'poles') });
  cases.push({ id: 'neuron-stability', family: 'neuron-stability', size: 200, kind: 'stability', big: false, memspiceOnly: true, options: TOLERANCES, goalMs: 500, netlist: () => neuronStability() });
  return cases;
}
