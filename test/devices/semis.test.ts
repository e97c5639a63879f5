/**
 * D (level-1 diode) and M (level-1 MOSFET) against their closed forms: the Shockley current with series
 * resistance (the implicit equation solved here by bisection), reverse breakdown at -BV carrying IBV, the
 * depletion and diffusion capacitance seen by .ac at a bias, the Shichman-Hodges drain current in every
 * region (NMOS with body effect, PMOS, reverse mode); the analytic Jacobians (.options testjac); cold starts
 * of a diode string and of a resistor-loaded NMOS inverter; and the netlist errors of malformed D/M lines.
 */
import { describe, expect, it } from 'vitest';
import { NetlistError } from '../../src/base/errors.ts';
import { DEFAULT_OPTIONS } from '../../src/circuit/circuit.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { column, complexColumn, run } from '../helpers.ts';
import { bisect, THERMAL_VOLTAGE_NGSPICE } from '../helpers/numeric.ts';

const VT = THERMAL_VOLTAGE_NGSPICE;
const GMIN = 1e-12;


interface Mos {
  vto: number;
  kp: number;
  lambda: number;
  gamma: number;
  phi: number;
  w: number;
  l: number;
}
/** Drain current of an NMOS (polarity-frame voltages), both modes, with the junction gmin of IS = 0 junctions. */
function drainCurrent(p: Mos, vgs: number, vds: number, vbs: number): number {
  const beta = (p.kp * p.w) / p.l;
  const forward = (xgs: number, xds: number, xbs: number): number => {
    const vt = p.vto + p.gamma * (Math.sqrt(p.phi - xbs) - Math.sqrt(p.phi));
    const vov = xgs - vt;
    if (vov <= 0) return 0; // cutoff
    if (xds < vov) return beta * (1 + p.lambda * xds) * xds * (vov - xds / 2); // linear
    return (beta / 2) * (1 + p.lambda * xds) * vov * vov; // saturation
  };
  const channel = vds >= 0 ? forward(vgs, vds, vbs) : -forward(vgs - vds, -vds, vbs - vds);
  // With IS = 0 the bulk-drain junction is gmin alone; its current flows from bulk into the drain.
  return channel - GMIN * (vbs - vds);
}


function warningsOf(netlist: string): string[] {
  const warnings: string[] = [];
  run(netlist, { onWarning: (w) => warnings.push(w) });
  return warnings;
}

describe('D: Shockley diode with series resistance', () => {
  it('forward and reverse I-V with RS, N and area match the implicit Shockley equation', () => {
    // Area 2 (positional): IS doubles, RS halves.
    const isat = 2 * 3e-12;
    const n = 1.3;
    const rs = 20 / 2;
    const [dc] = run(`diode iv\nV1 a 0 0\nD1 a 0 dm 2\n.model dm D(IS=3e-12 N=1.3 RS=20)\n.options reltol=1e-9 vntol=1e-12 abstol=1e-18\n.dc V1 -2 1.2 0.05\n.print dc i(v1)\n`).analyses;
    const v = column(dc, 'v1');
    const i = column(dc, 'i(v1)');
    v.forEach((vk, k) => {
      // V = Vd + RS Id(Vd), Id = IS (exp(Vd/(N Vt)) - 1) + gmin Vd (above -3 N Vt; below, the cubic tail).
      const id = (vd: number): number =>
        (vd >= -3 * n * VT ? isat * (Math.exp(vd / (n * VT)) - 1) : -isat * (1 + ((3 * n * VT) / (vd * Math.E)) ** 3)) + GMIN * vd;
      const vd = bisect((x) => x + rs * id(x) - vk, -3, 1.5);
      // i(v1) flows from a through the source: minus the diode current. Tolerance 1e-9 relative: the
      // Newton tolerance set above, far below a 1e-3 change of IS, N or RS.
      expect(Math.abs(-i[k] - id(vd)), `at ${vk} V`).toBeLessThanOrEqual(1e-9 * Math.abs(id(vd)) + 1e-18);
    });
    // The forward end is RS-dominated: the closed form there differs from the RS = 0 current by orders.
    expect(-i.at(-1)!).toBeLessThan(isat * Math.exp(1.2 / (n * VT)) * 1e-3);
  });

  it('reverse breakdown: IBV flows at -BV, and the current grows as exp(-v/(NBV Vt)) beyond', () => {
    const [dc] = run(`breakdown\nV1 a 0 0\nD1 a 0 dz\n.model dz D(IS=1e-14 BV=6.2 IBV=5m NBV=2)\n.options reltol=1e-9 vntol=1e-12\n.dc V1 -6.3 -6.1 0.1\n.print dc i(v1)\n`).analyses;
    const [i63, i62] = column(dc, 'i(v1)');
    // The knee is placed (ngspice's iteration, relative tolerance 1e-3) so the current at -BV is IBV.
    expect(Math.abs(i62 - 5e-3) / 5e-3).toBeLessThan(1e-3);
    // 0.1 V deeper: the breakdown branch is exp(-(BV' + v)/(NBV Vt)), a factor exp(0.1/(2 Vt)).
    // i(v1) = -Id = IS exp(...) + GMIN |v|; the ratio of the exponential parts, to 1e-9 (the Newton tolerance).
    expect((i63 - GMIN * 6.3) / (i62 - GMIN * 6.2)).toBeCloseTo(Math.exp(0.1 / (2 * VT)), 9);
  });

  for (const [label, bias] of [
    ['reverse bias -3 V', -3],
    ['forward bias 0.6 V, beyond FC VJ (linear continuation) with diffusion charge', 0.6],
  ] as const) {
    it(`.ac admittance at ${label} is gd + j w (CJ(V) + TT gd)`, () => {
      const cjo = 2e-12;
      const vj = 0.7;
      const m = 0.45;
      const fc = 0.5;
      const tt = 3e-9;
      const isat = 1e-15;
      const [ac] = run(
        `diode ac\nV1 a 0 DC ${bias} AC 1\nD1 a 0 dc1\n.model dc1 D(IS=${isat} CJO=${cjo} VJ=${vj} M=${m} FC=${fc} TT=${tt})\n.ac dec 2 1e3 1e9\n.print ac i(v1)\n`,
      ).analyses;
      const e = Math.exp(bias / VT);
      const gd = bias >= -3 * VT ? (isat * e) / VT + GMIN : (3 * isat * ((3 * VT) / (bias * Math.E)) ** 3) / bias + GMIN;
      const diffusion = tt * (gd - GMIN);
      // SPICE's depletion capacitance: CJO (1 - V/VJ)^-M below FC VJ, CJO/F2 (F3 + M V/VJ) above.
      const cj = bias < fc * vj ? cjo * (1 - bias / vj) ** -m : (cjo / (1 - fc) ** (1 + m)) * (1 - fc * (1 + m) + (m * bias) / vj);
      const freqs = column(ac, 'freq');
      complexColumn(ac, 'i(v1)').forEach(([re, im], k) => {
        const w = 2 * Math.PI * freqs[k];
        // Y = -i(v1) / 1 V. Linear small-signal algebra: relative 1e-9.
        expect(Math.abs(-re - gd)).toBeLessThanOrEqual(1e-9 * gd);
        expect(Math.abs(-im - w * (cj + diffusion))).toBeLessThanOrEqual(1e-9 * w * (cj + diffusion));
      });
    });
  }
});

describe('D: small-signal closed form (zcheck reference)', () => {
  it('Y = 1/(RS + 1/(gd + j w CJ(vj))) with the junction voltage of the terminal bias', () => {
    const definition = defaultRegistry().get('D')!;
    const params = { is: 1e-14, rs: 1e5, cjo: 1e-12, vj: 0.8, m: 0.5, fc: 0.6 };
    const inst = { name: 'd1', kind: 'D', nodes: ['a', '0'], params, loc: { file: 't', line: 1, column: 1, text: '' } };
    const closedForm = definition.closedForm;
    if (closedForm?.type !== 'admittance') throw new Error('D has no admittance closed form');
    const u = 0.45;
    const id = (v: number): number => 1e-14 * (Math.exp(v / VT) - 1) + GMIN * v;
    const vj = bisect((v) => v + 1e5 * id(v) - u, -1, 1);
    // Below FC VJ = 0.48 (the power law applies), with a drop across RS far above the bisection's precision.
    expect(vj).toBeLessThan(0.48);
    expect(u - vj).toBeGreaterThan(0.01);
    const gd = (1e-14 * Math.exp(vj / VT)) / VT + GMIN;
    const cj = 1e-12 * (1 - vj / 0.8) ** -0.5;
    for (const omega of [1e3, 1e9, 1e11]) {
      const y = closedForm.at(inst, [u, 0], DEFAULT_OPTIONS)(omega);
      // 1/(RS + 1/(gd + j w C)) by hand.
      const den = gd * gd + (omega * cj) ** 2;
      const zRe = 1e5 + gd / den;
      const zIm = -(omega * cj) / den;
      const mag = zRe * zRe + zIm * zIm;
      expect(y.re).toBeCloseTo(zRe / mag, 12);
      expect(Math.abs(y.im - -zIm / mag)).toBeLessThanOrEqual(1e-9 * Math.abs(zIm / mag));
    }
  });
});

describe('M: Shichman-Hodges MOSFET', () => {
  const nmos: Mos = { vto: 0.8, kp: 60e-6, lambda: 0.03, gamma: 0.5, phi: 0.7, w: 8e-6, l: 2e-6 };
  it('NMOS with body bias: cutoff, linear and saturation, forward and reverse mode', () => {
    const vb = -1.5;
    const [dc] = run(
      `nmos\nVD d 0 0\nVG g 0 0\nVB b 0 ${vb}\nM1 d g 0 b nch W=8u L=2u\n.model nch NMOS(VTO=0.8 KP=60u LAMBDA=0.03 GAMMA=0.5 PHI=0.7 IS=0)\n.dc VD -1 4 0.1 VG 0 4 0.25\n.print dc i(vd)\n`,
    ).analyses;
    const vd = column(dc, 'vd');
    const vg = column(dc, 'vg');
    const id = column(dc, 'i(vd)');
    const regions = new Set<string>();
    vd.forEach((vdk, k) => {
      const expected = drainCurrent(nmos, vg[k], vdk, vb);
      const vt = nmos.vto + nmos.gamma * (Math.sqrt(nmos.phi - vb) - Math.sqrt(nmos.phi));
      regions.add(vg[k] <= vt ? 'cutoff' : vdk < 0 ? 'reverse' : vdk < vg[k] - vt ? 'linear' : 'saturation');
      // i(vd) is minus the drain current. The terminal voltages are sources: closed-form, relative 1e-12.
      expect(Math.abs(-id[k] - expected), `vd=${vdk} vg=${vg[k]}`).toBeLessThanOrEqual(1e-12 * Math.abs(expected) + 1e-20);
    });
    expect([...regions].sort()).toEqual(['cutoff', 'linear', 'reverse', 'saturation']);
  });

  it('bulk junction capacitance: the drain admittance of an off NMOS is gbd + j w (CGDO W + CJ AD (1 - vbd/PB)^-MJ)', () => {
    // Cutoff (vgs = 0), drain at 2 V over grounded source and bulk: the drain sees the reverse-biased
    // bulk-drain junction (gmin only, IS = 0) and the gate-drain overlap, grounded through VG.
    const [ac] = run(`cbd\nVD d 0 DC 2 AC 1\nVG g 0 0\nM1 d g 0 0 nch W=4u L=1u AD=8p\n.model nch NMOS(VTO=0.8 IS=0 CJ=2e-4 PB=0.9 MJ=0.45 CGDO=0.2n)\n.ac dec 1 1e3 1e8\n.print ac i(vd)\n`).analyses;
    const cbd = 2e-4 * 8e-12 * (1 + 2 / 0.9) ** -0.45;
    const c = cbd + 0.2e-9 * 4e-6;
    const freqs = column(ac, 'freq');
    complexColumn(ac, 'i(vd)').forEach(([re, im], k) => {
      const w = 2 * Math.PI * freqs[k];
      expect(Math.abs(-re - GMIN)).toBeLessThanOrEqual(1e-9 * GMIN);
      expect(Math.abs(-im - w * c)).toBeLessThanOrEqual(1e-9 * w * c);
    });
  });

  it('junction geometry PD PS NRD NRS is accepted and changes nothing (no CJSW, RSH in memspice)', () => {
    const deck = (geometry: string): number =>
      column(run(`geom\nVD d 0 2\nVG g 0 1.5\nM1 d g 0 0 nch W=8u L=2u ${geometry}\n.model nch NMOS(VTO=0.8 KP=60u)\n.op\n.print op i(vd)\n`).analyses[0], 'i(vd)')[0];
    expect(deck('AD=10p AS=10p PD=12u PS=12u NRD=1 NRS=1')).toBe(deck(''));
  });

  it('PMOS: the NMOS equations with every voltage and current negated', () => {
    const pmos: Mos = { vto: 0.6, kp: 25e-6, lambda: 0.04, gamma: 0, phi: 0.6, w: 20e-6, l: 1e-6 };
    const [dc] = run(`pmos\nVD d 0 0\nVG g 0 0\nM1 d g 0 0 pch W=20u L=1u\n.model pch PMOS(VTO=-0.6 KP=25u LAMBDA=0.04 IS=0)\n.dc VD -3 0.5 0.1 VG -3 0 0.5\n.print dc i(vd)\n`).analyses;
    const vd = column(dc, 'vd');
    const vg = column(dc, 'vg');
    column(dc, 'i(vd)').forEach((ik, k) => {
      const expected = -drainCurrent(pmos, -vg[k], -vd[k], 0);
      expect(Math.abs(-ik - expected), `vd=${vd[k]} vg=${vg[k]}`).toBeLessThanOrEqual(1e-12 * Math.abs(expected) + 1e-20);
    });
  });

  it('overlap capacitances: the gate admittance is j w (CGSO W + CGDO W + CGBO Leff)', () => {
    const [ac] = run(`cgate\nVG g 0 DC 0 AC 1\nM1 0 g 0 0 nch W=5u L=1u\n.model nch NMOS(VTO=1 CGSO=0.4n CGDO=0.3n CGBO=0.2n LD=0.1u)\n.ac dec 1 1e3 1e6\n.print ac i(vg)\n`).analyses;
    const c = 0.4e-9 * 5e-6 + 0.3e-9 * 5e-6 + 0.2e-9 * 0.8e-6;
    const freqs = column(ac, 'freq');
    complexColumn(ac, 'i(vg)').forEach(([, im], k) => expect(-im).toBeCloseTo(2 * Math.PI * freqs[k] * c, 20));
  });
});

describe('D and M: Jacobians and cold starts', () => {
  it('.options testjac reports nothing on a diode string, an inverter and a 1T1R cell, in .op and .tran', () => {
    const warnings = warningsOf(`testjac
V1 in 0 PULSE(0 5 1n 1n 1n 5n 20n)
R1 in a 100
D1 a b ds
D2 b c ds
D3 c 0 dz
VDD vdd 0 3
MP out in vdd vdd pch W=20u L=1u
MN out in 0 0 nch W=10u L=1u
VB nb 0 -1
MB out2 in 0 nb nch W=10u L=1u
R2 vdd out2 10k
.model ds D(IS=1e-14 N=1.2 RS=5 CJO=1p TT=1n)
.model dz D(BV=3 IBV=1m CJO=1p)
.model nch NMOS(VTO=0.7 KP=50u LAMBDA=0.02 GAMMA=0.4 CGSO=0.3n CGDO=0.3n)
.model pch PMOS(VTO=-0.8 KP=20u LAMBDA=0.05 CGSO=0.3n CGDO=0.3n)
.options testjac
.op
.tran 1n 10n
`);
    expect(warnings.filter((w) => w.includes('testjac'))).toEqual([]);
  });

  it('cold start: ten diodes in series at 10 V through 100 Ohm, each at the same current', () => {
    const lines = Array.from({ length: 10 }, (_, k) => `D${k} n${k} n${k + 1} dm`).join('\n');
    const [op] = run(`string\nV1 in 0 10\nR1 in n0 100\n${lines.replace('n10', '0')}\n.model dm D(IS=1e-14)\n.options reltol=1e-9 vntol=1e-12\n.op\n.print op i(v1)\n`).analyses;
    const i = -column(op, 'i(v1)')[0];
    // 10 V = 100 I + 10 Vt ln(1 + I/IS) (gmin across each diode is below 1e-12 A here).
    const expected = bisect((x) => 100 * x + 10 * VT * Math.log(1 + x / 1e-14) - 10, 0, 0.1);
    expect(Math.abs(i - expected) / expected).toBeLessThan(1e-8);
  });

  it('cold start: resistor-loaded NMOS inverter at every input from 0 to 5 V', () => {
    const p: Mos = { vto: 1, kp: 100e-6, lambda: 0, gamma: 0, phi: 0.6, w: 10e-6, l: 1e-6 };
    for (const vin of [0, 1.5, 2.5, 5]) {
      const [op] = run(`inverter\nVDD vdd 0 5\nVIN in 0 ${vin}\nRL vdd out 10k\nM1 out in 0 0 nch W=10u L=1u\n.model nch NMOS(VTO=1 KP=100u IS=0)\n.options reltol=1e-9 vntol=1e-12\n.op\n.print op v(out)\n`).analyses;
      const vout = column(op, 'v(out)')[0];
      // KCL at out: (5 - vout)/10k = Id(vin, vout).
      const expected = bisect((v) => drainCurrent(p, vin, v, 0) - (5 - v) / 10e3, 0, 5);
      expect(Math.abs(vout - expected), `vin = ${vin}`).toBeLessThan(1e-8);
    }
  });
});

describe('D and M netlist errors', () => {
  const cases: Array<[string, string, RegExp, number]> = [
    ['a D line without its second node', 'D1 a\n', /D1 needs 2 nodes and a model name/, 1],
    ['an M line with three nodes', 'M1 d g s\n', /M1 needs 4 nodes and a model name/, 1],
    ['a MOSFET on a diode model', 'M1 d g 0 0 dm\n.model dm D\n', /model dm is a D, not NMOS or PMOS/, 12],
    ['a diode on an NMOS model', 'D1 a 0 nm\n.model nm NMOS\n', /model nm is a NMOS, not a D/, 8],
    ['a diode area that is not a number', 'D1 a 0 dm x\n.model dm D\n', /non-numeric value 'x' for D1 area/, 11],
    ['MOSFET level 2', 'M1 d g 0 0 nm\n.model nm NMOS(LEVEL=2)\n', /only MOSFET level 1/, 1],
    ['an unimplemented MOSFET parameter', 'M1 d g 0 0 nm\n.model nm NMOS(TOX=10n)\n', /unknown MOSFET parameter 'tox'/, 1],
    ['diode level 3', 'D1 a 0 dm\n.model dm D(LEVEL=3)\n', /only diode level 1/, 1],
    ['a MOSFET sidewall capacitance (not implemented)', 'M1 d g 0 0 nm PD=1u\n.model nm NMOS(CJSW=1e-10)\n', /unknown MOSFET parameter 'cjsw'/, 1],
    ['a diode grading coefficient of 1', 'D1 a 0 dm\n.model dm D(M=1)\n', /'M' must be < 1/, 1],
  ];
  for (const [label, lines, message, col] of cases) {
    it(`${label}: located at line 2, column ${col}`, () => {
      let error: unknown;
      try {
        run(`errors\n${lines}V1 a 0 1\n.op\n`);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(NetlistError);
      const { message: text, loc } = error as NetlistError;
      expect(text).toMatch(message);
      expect([loc?.line, loc?.column]).toEqual([2, col]);
    });
  }
});
