/**
 * .meas against values the test derives itself: RC charging (crossing time RC ln 2, 10-90 % rise RC ln 9,
 * charge C dV), a sine's period statistics, the overshoot and level crossings of the underdamped series RLC,
 * a linear .dc divider, the -3 dB point of an RC low-pass in .ac, and PULSES on an RC train. Then the
 * errors and warnings.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NetlistError } from '../../src/base/errors.ts';
import type { AnalysisResult } from '../../src/analysis/results.ts';
import { run } from '../helpers.ts';

function measures(r: AnalysisResult): Record<string, number> {
  if (!r.measures) throw new Error(`no measures in the ${r.type} result`);
  return r.measures;
}

/** Runs a netlist and returns [results, warnings]. */
function runWarn(netlist: string): [AnalysisResult[], string[]] {
  const warnings: string[] = [];
  const result = run(netlist, { file: 'm.cir', onWarning: (w) => warnings.push(w) });
  return [result.analyses, warnings];
}

function netlistError(netlist: string): NetlistError {
  try {
    run(netlist, { file: 'm.cir' });
  } catch (err) {
    if (err instanceof NetlistError) return err;
    throw err;
  }
  throw new Error('expected a NetlistError');
}

const RC = 1e-3; // 1k * 1u

const RC_NETLIST = `RC charging
V1 in 0 PULSE(0 1 0 1n 1n 1 2)
R1 in out 1k
C1 out 0 1u
.tran 10u 5m
.options reltol=1e-6
.print tran v(out)
.meas tran thalf WHEN v(out)=0.5
.meas tran trise TRIG v(out) VAL=0.1 RISE=1 TARG v(out) VAL=0.9 RISE=1
.meas tran charge INTEG i(c1) FROM=0 TO=3m
.meas tran v1ms FIND v(out) AT=1m
.meas tran ic1ms FIND i(c1) WHEN v(out)={1 - exp(-1)}
.meas tran slope DERIV v(out) AT=2m
.meas tran vmax MAX v(out)
.meas tran vmin MIN v(out) FROM=1m
.meas tran vpp PP v(out) FROM=1m TO=2m
.meas tran cross WHEN v(out)=v(in)
`;

describe('.meas tran on RC charging, v(out) = 1 - exp(-t/RC)', () => {
  let tran: AnalysisResult;
  let m: Record<string, number>;
  beforeAll(() => {
    [tran] = run(RC_NETLIST).analyses as [AnalysisResult];
    m = measures(tran);
  });
  const v = (t: number): number => 1 - Math.exp(-t / RC);

  it('WHEN v(out)=0.5 at RC ln 2; TRIG/TARG 10 % -> 90 % = RC ln 9', () => {
    // Linear interpolation between points 10 us apart: error ~ h^2/(8 RC) = 1.3e-8 s.
    expect(m.thalf / (RC * Math.LN2)).toBeCloseTo(1, 4);
    expect(m.trise / (RC * Math.log(9))).toBeCloseTo(1, 4);
  });

  it('INTEG of i(c1) is the charge C dV; FIND AT, FIND WHEN and DERIV', () => {
    expect(m.charge / (1e-6 * v(3e-3))).toBeCloseTo(1, 4);
    expect(m.v1ms).toBeCloseTo(v(1e-3), 5);
    // i(c1) = (1 - v)/R where v(out) = 1 - 1/e
    expect(m.ic1ms / (Math.exp(-1) / 1e3)).toBeCloseTo(1, 4);
    expect(m.slope / (Math.exp(-2) / RC)).toBeCloseTo(1, 2);
  });

  it('MAX, MIN, PP over windows', () => {
    expect(m.vmax).toBeCloseTo(v(5e-3), 5);
    expect(m.vmin).toBeCloseTo(v(1e-3), 5);
    expect(m.vpp).toBeCloseTo(v(2e-3) - v(1e-3), 5);
  });

  it('a WHEN that is never satisfied is NaN (v(out) stays below v(in))', () => {
    expect(m.cross).toBeNaN();
  });

  it('measured-only signals do not become columns', () => {
    expect(tran.columns).toEqual(['time', 'v(out)']);
    expect(tran.data[0]).toHaveLength(2);
  });
});

describe('.meas tran on a sine: AVG, RMS, PP, INTEG over periods', () => {
  const A = 2;
  const f = 50;
  let tran: AnalysisResult;
  let m: Record<string, number>;
  beforeAll(() => {
    [tran] = run(`sine
V1 a 0 SIN(0 ${A} ${f})
R1 a 0 1k
.tran 20u 60m
.print tran v(a)
.meas tran avg1 AVG v(a) FROM=10m TO=30m
.meas tran rms1 RMS v(a) FROM=10m TO=50m
.meas tran pp PP v(a)
.meas tran half AVG v(a) FROM=0 TO=10m
.meas tran integ INTEGRAL v(a) FROM=0 TO=10m
.meas tran imax MAX i(r1)
`).analyses as [AnalysisResult];
    m = measures(tran);
  });

  it('mean 0 and rms A/sqrt2 over whole periods, pp 2A', () => {
    expect(Math.abs(m.avg1)).toBeLessThan(1e-4 * A);
    expect(m.rms1).toBeCloseTo(A / Math.SQRT2, 3);
    expect(m.pp).toBeCloseTo(2 * A, 3);
  });

  it('over a half period: mean 2A/pi, integral A/(pi f)', () => {
    expect(m.half).toBeCloseTo((2 * A) / Math.PI, 3);
    expect(m.integ).toBeCloseTo(A / (Math.PI * f), 6);
    expect(m.imax).toBeCloseTo(A / 1e3, 6);
  });
});

describe('.meas tran on the underdamped series RLC step (R = 10, L = 10m, C = 1u)', () => {
  const R = 10;
  const L = 10e-3;
  const C = 1e-6;
  const alpha = R / (2 * L);
  const w0 = 1 / Math.sqrt(L * C);
  const wd = Math.sqrt(w0 * w0 - alpha * alpha);
  const zeta = alpha / w0;
  // v(b) = 1 - exp(-alpha t)(cos wd t + alpha/wd sin wd t) crosses 1 where tan(wd t) = -wd/alpha.
  const crossing = (k: number): number => (Math.PI - Math.atan(wd / alpha) + (k - 1) * Math.PI) / wd;
  const tstop = 10e-3;
  let lastK = 1;
  while (crossing(lastK + 1) < tstop) lastK++;
  let tran: AnalysisResult;
  let m: Record<string, number>;
  beforeAll(() => {
    [tran] = run(`RLC
V1 in 0 PULSE(0 1 0 1n 1n 50m 100m)
R1 in a ${R}
L1 a b ${L}
C1 b 0 ${C}
.tran 1u ${tstop}
.options reltol=1e-6
.print tran v(b)
.meas tran vmax MAX v(b)
.meas tran r1 WHEN v(b)=1 RISE=1
.meas tran f1 WHEN v(b)=1 FALL=1
.meas tran c3 WHEN v(b)=1 CROSS=3
.meas tran r2 WHEN v(b)=1 RISE=2
.meas tran last WHEN v(b)=1 LAST
.meas tran flast WHEN v(b)=1 FALL=LAST
.meas tran late WHEN v(b)=1 TD=2m
.meas tran il FIND i(l1) WHEN v(b)=1 FALL=1
`).analyses as [AnalysisResult];
    m = measures(tran);
  });

  it('MAX is the overshoot 1 + exp(-pi zeta / sqrt(1 - zeta^2))', () => {
    expect(m.vmax).toBeCloseTo(1 + Math.exp((-Math.PI * zeta) / Math.sqrt(1 - zeta * zeta)), 4);
  });

  it('RISE, FALL, CROSS, LAST and TD pick the right crossing of 1', () => {
    const tol = 1e-8;
    expect(Math.abs(m.r1 - crossing(1))).toBeLessThan(tol);
    expect(Math.abs(m.f1 - crossing(2))).toBeLessThan(tol);
    expect(Math.abs(m.c3 - crossing(3))).toBeLessThan(tol);
    expect(Math.abs(m.r2 - crossing(3))).toBeLessThan(tol);
    // Late crossings, where the ringing has decayed 100-fold, are located less sharply.
    expect(Math.abs(m.last - crossing(lastK))).toBeLessThan(30 * tol);
    const lastFall = lastK % 2 === 0 ? lastK : lastK - 1;
    expect(Math.abs(m.flast - crossing(lastFall))).toBeLessThan(30 * tol);
    let k = 1;
    while (crossing(k) < 2e-3) k++;
    expect(Math.abs(m.late - crossing(k))).toBeLessThan(10 * tol);
  });

  it('FIND i(l1) WHEN: the current C dv/dt at the first fall', () => {
    const t = crossing(2);
    const i = C * Math.exp(-alpha * t) * (alpha * alpha / wd + wd) * Math.sin(wd * t);
    expect(m.il / i).toBeCloseTo(1, 3);
  });
});

describe('.meas dc and .meas ac', () => {
  it('dc: the sweep value is the abscissa, also for a descending sweep', () => {
    for (const sweep of ['0 5 0.1', '5 0 -0.1']) {
      const [dc] = run(`divider
V1 in 0 0
R1 in out 1k
R2 out 0 1k
.dc V1 ${sweep}
.print dc v(out)
.meas dc vat FIND v(out) AT=2.55
.meas dc v1 WHEN v(out)=1
.meas dc mean AVG v(out) FROM=1 TO=3
.meas dc area INTEG i(r2) FROM=0 TO=4
`).analyses;
      const m = measures(dc);
      expect(m.vat).toBeCloseTo(1.275, 10);
      expect(m.v1).toBeCloseTo(2, 10);
      expect(m.mean).toBeCloseTo(1, 10);
      expect(m.area).toBeCloseTo(16 / 2 / 2 / 1e3, 10); // integral of V/2k over 0..4
    }
  });

  it('ac: -3 dB corner 1/(2 pi RC), phase -pi/4 (radians, as ngspice), magnitude 1/sqrt2, v() the real part', () => {
    const fc = 1 / (2 * Math.PI * RC);
    const [ac] = run(`RC
V1 in 0 AC 1
R1 in out 1k
C1 out 0 1u
.ac dec 2000 10 10k
.print ac v(in)
.meas ac f3db WHEN vdb(out)={-10*log10(2)}
.meas ac ph FIND vp(out) AT=${fc}
.meas ac mag FIND vm(out) AT=${fc}
.meas ac bare FIND v(out) AT=${fc}
.meas ac re FIND vr(out) AT=${fc}
.meas ac imag FIND vi(out) AT=${fc}
.meas ac zin FIND zm(v1) AT=${fc}
`).analyses;
    const m = measures(ac);
    expect(m.f3db / fc).toBeCloseTo(1, 5);
    expect(m.ph).toBeCloseTo(-Math.PI / 4, 5);
    expect(m.mag).toBeCloseTo(Math.SQRT1_2, 5);
    expect(m.re).toBeCloseTo(0.5, 5);
    expect(m.bare).toBe(m.re);
    expect(m.imag).toBeCloseTo(-0.5, 5);
    expect(m.zin).toBeCloseTo(Math.hypot(1e3, 1e3), 0);
    expect(ac.columns).toEqual(['freq', 're(v(in))', 'im(v(in))']);
  });
});

describe('PULSES: sig/drive at the end of every pulse', () => {
  // Series R-C, 1 V pulses of width pw with 20 RC rest in between: the capacitor is empty at the start of each
  // pulse, so at the end i/v = exp(-pw/RC)/R, and DELAY d before the end exp(-(pw - d)/RC)/R.
  const pw = 0.5e-3;
  const netlist = `RC pulses
V1 in 0 PULSE(0 1 1m 1n 1n ${pw} 21m)
R1 in out 1k
C1 out 0 1u
.tran 10u 80m
.options reltol=1e-6
.print tran v(in)
.meas tran g PULSES i(r1) v(in)
.meas tran gd PULSES i(r1) v(in) DELAY=0.2m
.meas tran gw PULSES i(r1) v(in) FROM=20m TO=50m
`;
  let tran: AnalysisResult;
  let m: Record<string, number>;
  beforeAll(() => {
    [tran] = run(netlist).analyses as [AnalysisResult];
    m = measures(tran);
  });

  it('one reading per pulse, NAME = the number of pulses', () => {
    expect(m.g).toBe(4); // pulses at 1, 22, 43, 64 ms
    for (let k = 1; k <= 4; k++) {
      expect(m[`g_${k}`] * 1e3).toBeCloseTo(Math.exp(-pw / RC), 4);
      expect(m[`gd_${k}`] * 1e3).toBeCloseTo(Math.exp(-(pw - 0.2e-3) / RC), 4);
    }
    expect(m.g_5).toBeUndefined();
    expect(m.gw).toBe(2);
  });

  it('positive and negative pulses both count, in order; a conductance is positive at either sign', () => {
    const [t] = run(`pm
V1 a 0 PWL(0 0 1m 0 1.001m 2 3m 2 3.001m 0 4m 0 4.001m -3 6m -3 6.001m 0 8m 0)
R1 a 0 500
.tran 10u 8m
.print tran v(a)
.meas tran g PULSES i(r1) v(a) VAL=0.5
`).analyses;
    const mm = measures(t);
    expect(mm.g).toBe(2);
    expect(mm.g_1).toBeCloseTo(2e-3, 12);
    expect(mm.g_2).toBeCloseTo(2e-3, 12);
  });
});

describe('.meas errors and warnings', () => {
  const head = `t
V1 in 0 PULSE(0 1 0 1n 1n 1 2)
R1 in out 1k
C1 out 0 1u
.tran 10u 1m
`;

  it('malformed measurements are netlist errors at the .meas line', () => {
    const cases: Array<[string, RegExp]> = [
      ['.meas tran a FOO v(out)', /unknown measurement type 'foo'/],
      ['.meas tran a FIND v(out)', /FIND needs AT=value or WHEN/],
      ['.meas tran a AVG', /expected the signal after AVG/],
      ['.meas tran a WHEN v(out)=0.5 RISE=0', /RISE= needs a whole number >= 1 or LAST/],
      ['.meas tran a WHEN v(out)=0.5 RISE=1 FALL=2', /only one of RISE=, FALL=, CROSS=, LAST/],
      ['.meas tran a AVG v(out) FROM=2m TO=1m', /FROM=0.002 is after TO=0.001/],
      ['.meas tran a MAX v(out) 3', /unexpected the number 3/],
      ['.meas tran a TRIG v(out) VAL=0.1', /TRIG \.\.\. needs TARG/],
      ['.meas tran a TRIG v(out) TARG v(out) VAL=1', /TRIG v\(out\) needs VAL=value/],
      ['.meas op a FIND v(out)', /\.meas op is not supported/],
      ['.meas ac a PULSES i(r1) v(in)', /PULSES is a \.tran measurement/],
      ['.meas tran a MAX v(out)\n.meas tran a MIN v(out)', /a tran measurement of that name already exists/],
      ['.meas tran g PULSES i(r1) v(in)\n.meas tran g_2 MAX v(out)', /clashes with the results g_1, g_2/],
      ['.meas tran a MAX x(r1)', /element 'r1' has no state variable/],
    ];
    for (const [line, message] of cases) {
      const err = netlistError(head + line + '\n');
      expect(err.message, line).toMatch(message);
      expect(err.loc?.line, line).toBeGreaterThanOrEqual(6);
    }
  });

  it('ac measurements need v, i, z (or their parts)', () => {
    const err = netlistError('t\nV1 in 0 AC 1\nR1 in 0 1k\n.ac dec 2 1 10\n.meas ac a MAX x(r1)\n');
    expect(err.message).toMatch(/in \.ac measure v\(\), i\(\), z\(\)/);
  });

  it('nested .dc sweeps can not be measured', () => {
    const err = netlistError('t\nV1 in 0 1\nV2 b 0 1\nR1 in b 1k\n.dc V1 0 1 0.5 V2 0 1 0.5\n.meas dc a MAX v(in)\n');
    expect(err.message).toMatch(/single swept source/);
  });

  it('unsatisfiable measurements are NaN with a located warning; JSON writes null', () => {
    const [[tran], warnings] = runWarn(
      head + '.meas tran never WHEN v(out)=2\n.meas tran out FIND v(out) AT=5m\n.meas tran win AVG v(out) FROM=2m TO=3m\n.meas ac nothing MAX v(out)\n',
    );
    const m = measures(tran);
    expect(m.never).toBeNaN();
    expect(m.out).toBeNaN();
    expect(m.win).toBeNaN();
    expect(warnings).toContain('m.cir:6:1: warning: .meas never: no 1st crossing of v(out) = 2 (found 0); result NaN');
    expect(warnings.some((w) => /^m\.cir:7:1: warning: \.meas out: AT=0\.005 is outside the data/.test(w))).toBe(true);
    expect(warnings.some((w) => /^m\.cir:8:1: warning: \.meas win: the window FROM=0\.002 TO=0\.003 is outside/.test(w))).toBe(true);
    expect(warnings).toContain('m.cir:9:1: warning: .meas nothing: the netlist has no .ac analysis; measurement not made');
    expect(JSON.parse(JSON.stringify(m)).never).toBeNull();
  });

  it('each .step run has its own measures', () => {
    const results = run(`step
.param r=1k
V1 in 0 PULSE(0 1 0 1n 1n 1 2)
R1 in out {r}
C1 out 0 1u
.step param r list 1k 2k
.tran 10u 5m
.meas tran thalf WHEN v(out)=0.5
`).analyses;
    expect(results.map((r) => measures(r).thalf / Math.LN2)).toEqual([expect.closeTo(1e-3, 6), expect.closeTo(2e-3, 6)]);
  });

  it('the CLI summary line prints the measures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memspice-meas-'));
    writeFileSync(join(dir, 'rc.cir'), RC_NETLIST);
    const r = spawnSync(process.execPath, [resolve('bin/memspice.js'), 'run', 'rc.cir', '--out', 'res'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/tran: \d+ point\(s\) x 2 column\(s\) -> res\/rc-1-tran\.csv {2}thalf=0\.00069314\d* trise=/);
    expect(r.stderr).toMatch(/rc\.cir:17:1: warning: \.meas cross: no 1st crossing/);
  });
});
