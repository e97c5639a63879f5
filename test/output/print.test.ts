/**
 * .print / .probe / .save outputs: {expressions} over signals, the .ac shorthands (vdb, vm, vp, vr, vi, idb, im,
 * ip, ir, ii), all/allv/alli, Xyce's FORMAT=. Values against closed forms of an RC divider and a resistive
 * divider; errors at their file:line:col.
 */
import { describe, expect, it } from 'vitest';
import { csvFileName, toCsv } from '../../src/output/csv.ts';
import { simulate } from '../../src/simulate.ts';
import { expectNetlistError } from '../parse/helpers.ts';

/** Relative tolerance: a 3-unknown complex LU solve is exact to a few ulps; 1e-12 leaves room for the pole frequency's rounding. */
const REL = 1e-12;

function column(result: { columns: string[]; data: number[][] }, name: string): number[] {
  const k = result.columns.indexOf(name);
  expect(k, `column ${name} in ${result.columns.join(' ')}`).toBeGreaterThanOrEqual(0);
  return result.data.map((row) => row[k]);
}

function close(actual: number, expected: number, rel = REL): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300));
}

// At the pole f = 1/(2 pi R C) of R = 1k, C = 1u: H = v(out)/v(in) = 1/(1 + j).
const RC = `rc at its pole
.param rv=1k
V1 in 0 DC 0 AC 1
R1 in out {rv}
C1 out 0 1u
.ac lin 1 {1/(2*pi*rv*1u)} {1/(2*pi*rv*1u)}
`;

describe('.print ac shorthands and expressions', () => {
  const r = simulate(`${RC}.print ac vdb(out) vm(out) vp(out) vr(out) vi(out) idb(v1) im(v1) ip(v1) ir(v1) ii(v1)
.print ac {v(in)-v(out)} {vdb(out)-vdb(in)} {mag(v(out))*2/rv} v(out)
`).analyses[0];

  it('vdb, vm, vp (radians, as ngspice 39 prints vp), vr, vi of H = 1/(1+j)', () => {
    close(column(r, 'vdb(out)')[0], -10 * Math.log10(2));
    close(column(r, 'vm(out)')[0], Math.SQRT1_2);
    close(column(r, 'vp(out)')[0], -Math.PI / 4);
    close(column(r, 'vr(out)')[0], 0.5);
    close(column(r, 'vi(out)')[0], -0.5);
  });

  it('the source current i(v1) = -1/(R + 1/(jwC)) = -(1+j)/(2R) through its shorthands', () => {
    const m = Math.SQRT2 / 2e3;
    close(column(r, 'im(v1)')[0], m);
    close(column(r, 'idb(v1)')[0], 20 * Math.log10(m));
    close(column(r, 'ip(v1)')[0], -3 * Math.PI / 4);
    close(column(r, 'ir(v1)')[0], -0.5e-3);
    close(column(r, 'ii(v1)')[0], -0.5e-3);
  });

  it('a complex expression fills re()/im() columns, a real-valued one a single column; parameters are read', () => {
    // v(in) - v(out) = 1 - 1/(1+j) = (1+j)/2
    close(column(r, 're(v(in)-v(out))')[0], 0.5);
    close(column(r, 'im(v(in)-v(out))')[0], 0.5);
    close(column(r, 'vdb(out)-vdb(in)')[0], -10 * Math.log10(2));
    close(column(r, 'mag(v(out))*2/rv')[0], Math.SQRT2 / 1e3);
    expect(r.columns).toContain('re(v(out))');
    expect(r.columns.filter((c) => c.startsWith('vdb(out)'))).toEqual(['vdb(out)', 'vdb(out)-vdb(in)']);
  });
});

// A divider: V1 = 3 V over R1 = 1k and R2 = 2k: v(out) = 2 V, 1 mA through both resistors.
const DIVIDER = `divider
V1 in 0 DC 3
R1 in out 1k
R2 out 0 2k
.op
.dc V1 0 3 1.5
`;

describe('.print expressions in real analyses, all / allv / alli, .print without a type', () => {
  it('evaluates expressions over v() and i() in .op and at every .dc point', () => {
    const res = simulate(`${DIVIDER}.print {v(in)-v(out)} {v(out)/i(r2)} {v(in)*v(in)/(1k+2k)}\n`);
    const [op, dc] = res.analyses;
    close(column(op, 'v(in)-v(out)')[0], 1);
    close(column(op, 'v(out)/i(r2)')[0], 2e3);
    close(column(op, 'v(in)*v(in)/(1k+2k)')[0], 3e-3);
    expect(column(dc, 'v1')).toEqual([0, 1.5, 3]);
    column(dc, 'v(in)-v(out)').forEach((v, k) => close(v, [0, 0.5, 1][k]));
  });

  it('allv lists the node voltages, alli every device current, .save all the default signals', () => {
    const allv = simulate(`${DIVIDER}.print op allv\n`).analyses[0];
    expect(allv.columns).toEqual(['v(in)', 'v(out)']);
    const alli = simulate(`${DIVIDER}.probe alli\n`).analyses[0];
    expect(alli.columns).toEqual(['i(v1)', 'i(r1)', 'i(r2)']);
    close(column(alli, 'i(r1)')[0], 1e-3);
    close(column(alli, 'i(v1)')[0], -1e-3);
    const save = simulate(`${DIVIDER}.save all\n`).analyses[0];
    expect(save.columns).toEqual(['v(in)', 'v(out)', 'i(v1)']);
    expect(simulate(`${DIVIDER}.probe\n`).analyses[0].columns).toEqual(['v(in)', 'v(out)', 'i(v1)']);
    expectNetlistError(() => simulate(`${DIVIDER}.print dc\n`, { file: 'test.cir' }), 7, 1, /\.print needs at least one signal/);
    const named = simulate(`${DIVIDER}.save v(out)\n`).analyses[0];
    expect(named.columns).toEqual(['v(out)']);
  });
});

describe('.print tran expressions', () => {
  it('Ohm and the capacitor law hold at every accepted time point: v(in)-v(out) = R i(r1), and i(r1) = i(c1)', () => {
    const tran = simulate(`rc charging
V1 in 0 PULSE(0 1 0 1u 1u 1 2)
R1 in out 1k
C1 out 0 1u
.tran 50u 2m
.print tran {v(in)-v(out)-i(r1)*1k} {i(r1)-i(c1)} {v(out)}
`).analyses[0];
    expect(tran.columns).toEqual(['time', 'v(in)-v(out)-i(r1)*1k', 'i(r1)-i(c1)', 'v(out)']);
    expect(tran.data.length).toBeGreaterThan(10);
    for (const [, ohm, kcl, vout] of tran.data) {
      // Ohm's law is evaluated from the same node voltages: rounding only (1 V scale, 1e-15).
      expect(Math.abs(ohm)).toBeLessThanOrEqual(1e-15);
      // i(c1) is dq/dt by the same integration rule the solve used, so KCL at node out holds to the residual
      // Newton accepts: abstol, 1e-12 A.
      expect(Math.abs(kcl)).toBeLessThanOrEqual(1e-12);
      expect(vout).toBeGreaterThanOrEqual(-1e-12);
    }
  });
});

describe('subcircuit nodes in output expressions', () => {
  it('reads v(x1.mid) inside braces; numbers with a decimal point stay numbers', () => {
    // Two equal resistors in the subcircuit halve V1 = 2 V.
    const op = simulate('hier\n.subckt half a b\nR1 a mid 1k\nR2 mid b 1k\n.ends\nV1 in 0 DC 2\nX1 in 0 half\n.op\n.print op {v(x1.mid)*2.5} v(x1.mid)\n').analyses[0];
    expect(op.columns).toEqual(['v(x1.mid)*2.5', 'v(x1.mid)']);
    const quoted = simulate('hier\n.subckt half a b\nR1 a mid 1k\nR2 mid b 1k\n.ends\nV1 in 0 DC 2\nX1 in 0 half\n.op\n.print op \'v(x1.mid)*2.5\'\n').analyses[0];
    expect(quoted.columns).toEqual(['v(x1.mid)*2.5']);
    close(quoted.data[0][0], 2.5);
    close(op.data[0][0], 2.5);
    close(op.data[0][1], 1);
    expectNetlistError(() => simulate('hier\nR1 a 0 1\nV1 a 0 1\n.op\n.print op {v(a)*x.y}\n', { file: 'test.cir' }), 5, 17, /undefined parameter 'x\.y'/);
  });
});

describe('Xyce FORMAT=', () => {
  const net = `${DIVIDER}.print dc format=std v(out) precision=4\n`;

  it('STD writes an Index column and blank-separated values as .prn; NOINDEX without the index; CSV stays CSV', () => {
    const warnings: string[] = [];
    const dc = simulate(net, { file: 'd.cir', onWarning: (w) => warnings.push(w) }).analyses[1];
    expect(toCsv(dc)).toBe('Index v1 v(out)\n0 0 0\n1 1.5 1\n2 3 2\n');
    expect(csvFileName('d', 2, dc)).toBe('d-2-dc.prn');
    expect(warnings).toEqual(['d.cir:7:29: warning: .print precision= ignored (layout only: memspice writes full precision)']);
    const noindex = simulate(net.replace('format=std', 'FORMAT=NOINDEX')).analyses[1];
    expect(toCsv(noindex)).toBe('v1 v(out)\n0 0\n1.5 1\n3 2\n');
    const csv = simulate(net.replace('format=std', 'format=csv')).analyses[1];
    expect(toCsv(csv)).toBe('v1,v(out)\n0,0\n1.5,1\n3,2\n');
    expect(csvFileName('d', 2, csv)).toBe('d-2-dc.csv');
  });

  it('FILE= and the formats of other programs (GNUPLOT, RAW, ...) are warned about; the table is CSV', () => {
    const warnings: string[] = [];
    const dc = simulate(`${DIVIDER}.print dc FORMAT=gnuplot FILE=x.dat v(out)\n`, { file: 'd.cir', onWarning: (w) => warnings.push(w) }).analyses[1];
    expect(dc.format).toBeUndefined();
    expect(toCsv(dc)).toBe('v1,v(out)\n0,0\n1.5,1\n3,2\n');
    expect(warnings).toEqual([
      'd.cir:7:18: warning: .print FORMAT=gnuplot not supported: written as CSV',
      'd.cir:7:26: warning: .print FILE= ignored (memspice names each table after the netlist and the analysis)',
    ]);
  });
});

describe('malformed output lines: located errors', () => {
  const run = (line: string) => () => simulate(`${DIVIDER}${line}\n`, { file: 'test.cir' });
  it('names the bad item at its column', () => {
    expectNetlistError(run('.print dc format=html v(out)'), 7, 18, /unsupported \.print FORMAT 'html'/);
    expectNetlistError(run('.print dc colour=red v(out)'), 7, 11, /unknown \.print option 'colour='/);
    expectNetlistError(run('.print dc {v(out)-vref}'), 7, 19, /undefined parameter 'vref' in the output expression \{v\(out\)-vref\}/);
    expectNetlistError(run('.print dc {db(v(out),2)}'), 7, 12, /db\(\) takes 1 argument, got 2/);
    expectNetlistError(run('.print dc {v(nowhere)*2}'), 7, 14, /unknown node 'nowhere'/);
    expectNetlistError(run('.print dc {v(out)-}'), 7, 19, /syntax error/);
    expectNetlistError(run('.print foo v(out)'), 7, 8, /expected the analysis type \(op, dc, ac or tran\) or a signal after \.print, got 'foo'/);
    expectNetlistError(run('.probe 3'), 7, 8, /expected a signal such as v\(node\), an \{expression\} or ALL in \.probe, got '3'/);
  });
});
