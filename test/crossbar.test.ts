/**
 * Crossbar generator (src/generators/crossbar.ts, scripts/crossbar.ts): structure of the netlist, and the physics of
 * the array against independent calculations.
 *
 * What is exact for a MEMDIODE read with ideal wires: every device of row i sees u = V_i (row node driven, column
 * held at 0 V by its virtual ground), and at a DC steady state its current is exactly
 *     I = G_dc(V_i) V_i,   G_dc(u) = gL + (gH - gL) x_ss(u)   (E0 = 0, no VC)
 * so I_j = sum_i G_dc,ij(V_i) V_i holds to round-off, at any read voltage. The small-signal conductance
 * g0 = gb + ga = dI/du is the slope, not the chord: sum_i g0_ij V_i differs from the current by
 * (1/2) V^2 d2I/du2 ~ V * (gH - gL) x' relative, 5e-3 at 1 mV for these devices, so it is no exact reference (shown
 * below). The AC column currents are exactly sum_i Y_ij(w) a_i with the closed-form admittances at the bias, since the
 * .ac analysis linearises the same equations.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cellName,
  colNode,
  columnCurrentSignal,
  crossbarNetlist,
  rowNode,
  type CrossbarOptions,
  type RowDriver,
} from '../src/generators/crossbar.ts';
import { memdiodeSmallSignal, memdiodeXss, memdiodeY, type MemdiodeParams } from '../src/models/closedForms.ts';
import { column, run } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** PCCP 2024 Fig 4 parameters, varied per crossing so that every device has its own conductance. */
function deviceParams(i: number, j: number): MemdiodeParams {
  return {
    gL: 0.05 + 0.01 * ((i + 2 * j) % 5),
    gH: 0.5 + 0.1 * ((3 * i + j) % 7),
    Vm: 0.1,
    VA: 0.3,
    VD: -0.4 + 0.05 * ((i * j) % 4),
    nA: 1.5,
    nD: 2,
    tau0: 1,
  };
}

function cellParamsOf(i: number, j: number): Record<string, number> {
  const p = deviceParams(i, j);
  return { gL: p.gL, gH: p.gH, VD: p.VD as number };
}

const TIGHT = { reltol: 1e-10, vntol: 1e-15, abstol: 1e-18 };

function lines(text: string, prefix: string): string[] {
  return text.split('\n').filter((l) => l.toLowerCase().startsWith(prefix));
}

describe('crossbar netlist structure', () => {
  it('names nodes r<i>_c<j> / c<j>_r<i>, has N*M segments per direction and one device per crossing', () => {
    const text = crossbarNetlist({
      rows: 3,
      cols: 4,
      cell: { kind: 'device', type: 'MEMDIODE', params: { gL: 0.1 } },
      drivers: { kind: 'dc', value: 0.2 },
      rowWireR: 0.5,
      colWireR: 0.25,
    });
    expect(text.split('\n')[0]).toBe('3x4 crossbar');
    expect(text).toMatch(/^\* Crossbar: 3 rows x 4 columns = 12 devices/m);
    expect(lines(text, 'rr')).toHaveLength(12);
    expect(lines(text, 'rc')).toHaveLength(12);
    expect(lines(text, 'ymemdiode')).toHaveLength(12);
    expect(lines(text, 'vr')).toHaveLength(3);
    expect(lines(text, 'vc')).toHaveLength(4);
    expect(text).toContain('.model xbcell MEMDIODE (gL=0.1)');
    expect(text).toContain('YMEMDIODE m3_4 r3_c4 c4_r3 xbcell');
    expect(text).toContain('rr2_1 r2 r2_c1 0.5');
    expect(text).toContain('rr2_4 r2_c3 r2_c4 0.5');
    expect(text).toContain('rc4_1 c4_r1 c4_r2 0.25');
    expect(text).toContain('rc4_3 c4_r3 c4 0.25');
    expect(text).toContain('vc2 c2 0 DC 0');
    expect(text).toContain('.probe i(vc1) i(vc2) i(vc3) i(vc4)');
    expect(rowNode(3, 4, 0.5)).toBe('r3_c4');
    expect(colNode(4, 3, 0.25)).toBe('c4_r3');
  });

  it('ideal wires: no segments, devices of row i on r<i> and of column j on c<j>', () => {
    const text = crossbarNetlist({ rows: 2, cols: 2, cell: { kind: 'resistor', value: 10 }, sense: { kind: 'resistor', value: 5 } });
    expect(lines(text, 'rr')).toHaveLength(0);
    expect(lines(text, 'rc')).toHaveLength(0);
    expect(text).toContain('rm2_1 r2 c1 10');
    expect(text).toContain('rs1 c1 0 5');
    expect(rowNode(2, 1, 0)).toBe('r2');
    expect(colNode(1, 2, 0)).toBe('c1');
    expect(columnCurrentSignal(1, { kind: 'resistor', value: 5 })).toBe('i(rs1)');
  });

  it('writes DC, SIN, PULSE and PWL drivers with AC, subcircuit cells and per-device parameters', () => {
    const drivers: RowDriver[] = [
      { kind: 'dc', value: 0.1 },
      { kind: 'sin', amplitude: 0.5, freq: 2, phaseDeg: 90, dc: 0.2 },
      { kind: 'pulse', v1: 0, v2: 1, delay: 0.1, rise: 1e-3, fall: 1e-3, width: 0.2, period: 10 },
      { kind: 'pwl', points: [[0, 0], [1, 0.5]] },
    ];
    const text = crossbarNetlist({
      rows: 4,
      cols: 1,
      cell: { kind: 'subckt', name: 'cell', params: { g: 2 } },
      cellParams: (i) => ({ k: i }),
      drivers,
      ac: [1, 0, 0.5, 0],
      preamble: ['.subckt cell a b params: g=1 k=1', 'R1 a b {1/(g*k)}', '.ends'],
      analyses: ['.op'],
      probe: ['i(vc1)', 'v(r2)'],
    });
    expect(text).toContain('vr1 r1 0 DC 0.1 AC 1');
    expect(text).toContain('vr2 r2 0 DC 0.2 SIN(0 0.5 2 0 0 90)');
    expect(text).toContain('vr3 r3 0 AC 0.5 PULSE(0 1 0.1 0.001 0.001 0.2 10)');
    expect(text).toContain('vr4 r4 0 PWL(0 0 1 0.5)');
    expect(text).toContain('xm3_1 r3 c1 cell g=2 k=3');
    expect(text).toContain('.probe i(vc1) v(r2)');
    const op = run(text).analyses[0];
    // Column current = sum_i V_i g k_i = 0.1*2 + 0.2*4 + 0*6 + 0*8 (PULSE and PWL at DC: 0).
    expect(column(op, 'i(vc1)')[0]).toBeCloseTo(0.1 * 2 + 0.2 * 4, 12);
    expect(cellName({ kind: 'subckt', name: 'cell' }, 3, 1)).toBe('xm3_1');
  });

  it('rejects bad sizes and driver counts', () => {
    const cell = { kind: 'resistor', value: 1 } as const;
    expect(() => crossbarNetlist({ rows: 0, cols: 2, cell })).toThrow(/positive integers/);
    expect(() => crossbarNetlist({ rows: 2, cols: 2, cell, drivers: [{ kind: 'dc', value: 1 }] })).toThrow(/1 drivers for 2 rows/);
    expect(() => crossbarNetlist({ rows: 2, cols: 2, cell, rowWireR: -1 })).toThrow(/>= 0/);
  });
});

describe('crossbar physics: ideal wires', () => {
  const N = 4;
  const M = 5;
  // 1 mV read voltages of both signs.
  const V = [1e-3, 2e-3, -1.5e-3, 3e-3];
  const base: CrossbarOptions = {
    rows: N,
    cols: M,
    cell: { kind: 'device', type: 'MEMDIODE' },
    cellParams: cellParamsOf,
    drivers: V.map((v): RowDriver => ({ kind: 'dc', value: v })),
    options: TIGHT,
  };

  it('DC read: column currents = sum_i G_dc,ij(V_i) V_i to 1e-9 (chord conductance at the steady state)', () => {
    const states: string[] = [];
    for (let i = 1; i <= N; i++) for (let j = 1; j <= M; j++) states.push(`x(m${i}_${j})`);
    const cols = Array.from({ length: M }, (_, k) => `i(vc${k + 1})`);
    const op = run(crossbarNetlist({ ...base, analyses: ['.op'], probe: [...cols, ...states] })).analyses[0];
    for (let j = 1; j <= M; j++) {
      let fromClosedForm = 0;
      let fromReportedState = 0;
      let smallSignal = 0;
      let scale = 0;
      for (let i = 1; i <= N; i++) {
        const p = deviceParams(i, j);
        const v = V[i - 1];
        const x = column(op, `x(m${i}_${j})`)[0];
        fromClosedForm += (p.gL + (p.gH - p.gL) * memdiodeXss(p, v)) * v;
        fromReportedState += (p.gL + (p.gH - p.gL) * x) * v;
        const ss = memdiodeSmallSignal(p, v);
        smallSignal += (ss.gb + ss.ga) * v;
        scale += Math.abs(p.gH * v);
      }
      const I = column(op, `i(vc${j})`)[0];
      expect(Math.abs(I - fromClosedForm) / scale).toBeLessThan(1e-9);
      expect(Math.abs(I - fromReportedState) / scale).toBeLessThan(1e-13);
      // The small-signal conductance is the slope dI/du, not I/u: visibly off even at 1 mV.
      expect(Math.abs(I - smallSignal) / scale).toBeGreaterThan(1e-4);
    }
  });

  it('AC: column phasors = sum_i Y_ij(w) a_i with the closed-form admittances at the DC bias, to 1e-9', () => {
    const bias = [0.1, 0.25, -0.2, 0.4];
    const ac = [1, 0.5, 2, 1.5];
    const result = run(
      crossbarNetlist({
        ...base,
        drivers: bias.map((v): RowDriver => ({ kind: 'dc', value: v })),
        ac,
        analyses: ['.ac dec 5 0.001 100'],
      }),
    ).analyses[0];
    const freqs = column(result, 'freq');
    expect(freqs.length).toBe(26);
    for (let j = 1; j <= M; j++) {
      const re = column(result, `re(i(vc${j}))`);
      const im = column(result, `im(i(vc${j}))`);
      freqs.forEach((f, k) => {
        let eRe = 0;
        let eIm = 0;
        for (let i = 1; i <= N; i++) {
          const Y = memdiodeY(deviceParams(i, j), bias[i - 1], 2 * Math.PI * f);
          eRe += Y.re * ac[i - 1];
          eIm += Y.im * ac[i - 1];
        }
        expect(Math.hypot(re[k] - eRe, im[k] - eIm) / Math.hypot(eRe, eIm)).toBeLessThan(1e-9);
      });
    }
  });

  it('transient: staggered PULSE trains program one row at a time', () => {
    const text = crossbarNetlist({
      rows: 3,
      cols: 2,
      cell: { kind: 'device', type: 'MEMDIODE' },
      drivers: (i) => ({ kind: 'pulse', v1: 0, v2: 1, delay: 0.1 + 0.5 * (i - 1), rise: 1e-3, fall: 1e-3, width: 0.2, period: 10, dc: 0 }),
      analyses: ['.tran 10m 1.45 0 10m'],
      probe: ['x(m1_1)', 'x(m2_1)', 'x(m3_2)', 'i(vc1)'],
    });
    const tran = run(text).analyses[0];
    const t = column(tran, 'time');
    const at = (name: string, time: number): number => {
      const k = t.findIndex((s) => s >= time - 1e-12);
      return column(tran, name)[k];
    };
    // At rest (u = 0) x = x_ss(0) = 1/2 for the default parameters (Vt = 0); a 1 V pulse sets x to ~1 and the
    // relaxation back (tau_t(0) = 3.7 s) is slow.
    expect(at('x(m1_1)', 0.05)).toBeCloseTo(0.5, 6);
    expect(at('x(m1_1)', 0.45)).toBeGreaterThan(0.95);
    expect(at('x(m2_1)', 0.45)).toBeCloseTo(0.5, 6);
    expect(at('x(m2_1)', 0.95)).toBeGreaterThan(0.95);
    expect(at('x(m3_2)', 0.95)).toBeCloseTo(0.5, 6);
    expect(at('x(m3_2)', 1.45)).toBeGreaterThan(0.95);
    // During row 2's pulse only row 2 drives column 1: I = G(x(m2_1)) * 1 V.
    const k = t.findIndex((s) => s >= 0.75);
    const x21 = column(tran, 'x(m2_1)')[k];
    expect(column(tran, 'i(vc1)')[k]).toBeCloseTo(0.1 + 0.9 * x21, 9);
  });
});

/** Dense Gaussian elimination with partial pivoting: solves A x = b in place (A row-major n x n). */
function gaussSolve(A: number[][], b: number[]): number[] {
  const n = b.length;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(A[i][k]) > Math.abs(A[p][k])) p = i;
    [A[k], A[p]] = [A[p], A[k]];
    [b[k], b[p]] = [b[p], b[k]];
    for (let i = k + 1; i < n; i++) {
      const m = A[i][k] / A[k][k];
      if (m === 0) continue;
      for (let c = k; c < n; c++) A[i][c] -= m * A[k][c];
      b[i] -= m * b[k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let c = i + 1; c < n; c++) s -= A[i][c] * x[c];
    x[i] = s / A[i][i];
  }
  return x;
}

/**
 * Independent nodal analysis of a resistive crossbar: unknowns are the row crossing voltages, the column crossing
 * voltages and (with sense resistors) the column ends; row driver nodes are fixed at V_i. Returns column currents.
 */
function nodalCrossbar(R: (i: number, j: number) => number, V: number[], M: number, rw: number, cw: number, rs: number | null): number[] {
  const N = V.length;
  const rowIdx = (i: number, j: number): number => (i - 1) * M + (j - 1);
  const colIdx = (j: number, i: number): number => N * M + (j - 1) * N + (i - 1);
  const endIdx = (j: number): number => 2 * N * M + (j - 1);
  const n = 2 * N * M + (rs === null ? 0 : M);
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const b = new Array<number>(n).fill(0);
  // Conductance g between unknown a (or a fixed voltage when a < 0: va) and unknown c (or ground when c < 0).
  const stamp = (a: number, c: number, g: number, va = 0): void => {
    if (a >= 0) A[a][a] += g;
    if (c >= 0) A[c][c] += g;
    if (a >= 0 && c >= 0) {
      A[a][c] -= g;
      A[c][a] -= g;
    }
    if (a < 0 && c >= 0) b[c] += g * va;
  };
  for (let i = 1; i <= N; i++) {
    for (let j = 1; j <= M; j++) {
      // Row segment into crossing (i, j): from the driver (fixed V_i) for j = 1.
      if (j === 1) stamp(-1, rowIdx(i, 1), 1 / rw, V[i - 1]);
      else stamp(rowIdx(i, j - 1), rowIdx(i, j), 1 / rw);
      // Device.
      stamp(rowIdx(i, j), colIdx(j, i), 1 / R(i, j));
      // Column segment below crossing (i, j): to the next row, or to the column end.
      if (i < N) stamp(colIdx(j, i), colIdx(j, i + 1), 1 / cw);
      else stamp(colIdx(j, N), rs === null ? -1 : endIdx(j), 1 / cw);
    }
  }
  if (rs !== null) for (let j = 1; j <= M; j++) stamp(endIdx(j), -1, 1 / rs);
  const x = gaussSolve(A, b);
  return Array.from({ length: M }, (_, k) => {
    const j = k + 1;
    return rs === null ? x[colIdx(j, N)] / cw : x[endIdx(j)] / rs;
  });
}

describe('crossbar physics: wire resistance (IR drop)', () => {
  const N = 4;
  const M = 3;
  const V = [1, -0.5, 0.7, 0.2];
  const R = (i: number, j: number): number => 1 + 0.37 * i + 0.61 * j + 0.13 * i * j;
  const rw = 0.2;
  const cw = 0.3;

  for (const sense of [null, 0.5]) {
    it(`matches a dense nodal solve (${sense === null ? 'virtual-ground columns' : 'sense resistors'})`, () => {
      const text = crossbarNetlist({
        rows: N,
        cols: M,
        cell: { kind: 'resistor', value: 1 },
        cellParams: (i, j) => ({ value: R(i, j) }),
        drivers: V.map((v): RowDriver => ({ kind: 'dc', value: v })),
        rowWireR: rw,
        colWireR: cw,
        sense: sense === null ? { kind: 'virtual-ground' } : { kind: 'resistor', value: sense },
        analyses: ['.op'],
      });
      const op = run(text).analyses[0];
      const expected = nodalCrossbar(R, V, M, rw, cw, sense);
      const ideal = Array.from({ length: M }, (_, k) => V.reduce((s, v, i) => s + v / R(i + 1, k + 1), 0));
      for (let j = 1; j <= M; j++) {
        const I = column(op, sense === null ? `i(vc${j})` : `i(rs${j})`)[0];
        expect(Math.abs(I - expected[j - 1]) / Math.abs(expected[j - 1])).toBeLessThan(1e-9);
        // The wires matter here: the ideal-wire sum is off by more than 1 %.
        expect(Math.abs(ideal[j - 1] - expected[j - 1]) / Math.abs(expected[j - 1])).toBeGreaterThan(1e-2);
      }
    });
  }
});

describe('committed crossbar netlists and the CLI', () => {
  /** The command in a netlist's "Generated by" header, as one shell line. */
  function generatingCommand(text: string): string {
    const header = text.split('\n').filter((l) => l.startsWith('*'));
    const k = header.findIndex((l) => l.startsWith('* Generated by'));
    expect(k).toBeGreaterThan(0);
    const parts: string[] = [];
    for (const l of header.slice(k + 1)) {
      const body = l.slice(1).trim();
      parts.push(body.replace(/\s*\\$/, ''));
      if (!body.endsWith('\\')) break;
    }
    return parts.join(' ');
  }

  for (const file of ['crossbar_4x4.cir', 'crossbar_32x32.cir']) {
    it(`netlists/${file} is what its header command generates`, () => {
      const text = readFileSync(path.join(ROOT, 'netlists', file), 'utf8');
      const command = generatingCommand(text);
      expect(command).toMatch(/^npx tsx scripts\/crossbar\.ts /);
      const regenerated = execFileSync('bash', ['-c', command.replace(/^npx tsx/, `"${process.execPath}" --import tsx`)], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(regenerated).toBe(text);
    });
  }

  it('netlists/crossbar_4x4.cir runs .op, .ac and .tran', () => {
    const file = path.join(ROOT, 'netlists', 'crossbar_4x4.cir');
    const result = run(readFileSync(file, 'utf8'), { cwd: path.dirname(file) });
    expect(result.analyses.map((a) => a.type)).toEqual(['op', 'ac', 'tran']);
    const [op, ac, tran] = result.analyses;
    expect(op.columns).toEqual(['i(vc1)', 'i(vc2)', 'i(vc3)', 'i(vc4)']);
    // Every column sees rows at 0.1..0.4 V through near-identical paths: positive currents of similar size.
    for (const v of op.data[0]) expect(v).toBeGreaterThan(0.1);
    expect(ac.data.length).toBe(41);
    const t = column(tran, 'time');
    expect(t[t.length - 1]).toBeCloseTo(2, 12);
    for (const row of tran.data) for (const v of row) expect(Number.isFinite(v)).toBe(true);
  });

  it('CLI: usage errors exit 1 with a message', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/crossbar.ts', '--rows', '2'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--rows and --cols are required');
    const ok = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/crossbar.ts', '--rows', '2', '--cols', '3', '--resistor', '100', '--sense', '10', '--dc', '0.1,0.2', '--op'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('rm2_3 r2 c3 100');
    expect(ok.stdout).toContain('rs3 c3 0 10');
    expect(ok.stdout).toContain('vr2 r2 0 DC 0.2');
    expect(ok.stdout).toContain('.probe i(rs1) i(rs2) i(rs3)');
  });
});
