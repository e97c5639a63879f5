/**
 * zcheck: the impedance the .ac analysis gives (engine linearisation of each device's state row) against the
 * papers' closed forms (src/models/networkImpedance.ts), on the netlists of the papers' impedance figures. Required
 * agreement 1e-8 relative: both sides are exact expressions evaluated in double precision (measured ~1e-14).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNetlist } from '../src/parse/index.ts';
import { zcheckNetlist } from '../src/analysis/zcheck.ts';
import { defaultRegistry, type DeviceRegistry } from '../src/devices/index.ts';
import { memdiodeDefinition } from '../src/devices/memdiode.ts';
import { NetlistError } from '../src/base/errors.ts';

function check(file: string): ReturnType<typeof zcheckNetlist> {
  const path = resolve('netlists', file);
  return zcheckNetlist(parseNetlist(readFileSync(path, 'utf8'), { file: path, cwd: resolve('netlists') }));
}

const required: Array<[string, string]> = [
  ['pccp2024_fig5_spectra.cir', 'PCCP 2024 Fig 5c,d biases'],
  ['pccp2024_fig8.cir', 'PCCP 2024 Fig 8 biases (with Cm)'],
  ['aplml2023_fig5_spectra.cir', 'APL Mach. Learn. 2023 Fig 5 biases'],
  ['jpcl2022_fig1d_impedance_2d.cir', 'JPCL 2022 Fig 1d (2-D)'],
  ['jpcl2022_fig1f_impedance_3d.cir', 'JPCL 2022 Fig 1f (3-D)'],
  ['jpcl2022_fig4_impedance_3d.cir', 'JPCL 2022 Fig 4 (3-D, negative real part)'],
  ['apr2024_fig28_impedance.cir', 'Adv. Phys. Res. 2024 Fig 28'],
];

describe('zcheck: simulated impedance equals the closed form to 1e-8', () => {
  for (const [file, label] of required) {
    it(`${label} (${file})`, () => {
      const results = check(file);
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) {
        expect(r.rows.length).toBeGreaterThan(10);
        expect(r.maxRelativeDifference, `${r.source} ${JSON.stringify(r.step ?? {})}`).toBeLessThan(1e-8);
      }
    });
  }

  it('every .step bias is checked (PCCP 2024 Fig 5 spectra has one run per bias)', () => {
    const steps = check('pccp2024_fig5_spectra.cir').map((r) => JSON.stringify(r.step));
    expect(new Set(steps).size).toBeGreaterThan(1);
  });

  it('JPCL 2022 Fig 4 includes a spectrum with negative real part at a finite frequency', () => {
    const rows = check('jpcl2022_fig4_impedance_3d.cir').flatMap((r) => r.rows);
    const negative = rows.filter((row) => row.closedForm[0] < 0 && row.simulated[0] < 0);
    expect(negative.length).toBeGreaterThan(0);
    expect(Math.min(...negative.map((row) => row.freq))).toBeGreaterThan(0);
  });

  it('the CLI prints the table and honours --tol with exit code 2', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [resolve('bin/memspice.js'), 'zcheck', ...args], { encoding: 'utf8' });
    const ok = run(['netlists/pccp2024_fig8.cir', '--tol', '1e-8']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/max relative difference: \d/);
    // No double-precision computation agrees to 1e-300: the tolerance plumbing must report failure.
    expect(run(['netlists/pccp2024_fig8.cir', '--tol', '1e-300']).status).toBe(2);
  });
});

/** The error zcheck raises, or a test failure when it raises none or something other than a NetlistError. */
function zcheckError(text: string, devices?: DeviceRegistry): NetlistError {
  try {
    zcheckNetlist(parseNetlist(text, { file: 'zcheck-test.cir', cwd: process.cwd() }), devices);
  } catch (err) {
    if (err instanceof NetlistError) return err;
    throw err;
  }
  throw new Error('expected zcheck to report a NetlistError');
}

describe('zcheck: an element without a closed form is reported by name', () => {
  // A valid circuit (.ac runs on it) whose VCCS has no closed form in the device registry.
  const vccs = 'vccs\nV1 a 0 DC 0.2 AC 1\nR1 a b 10\nG1 b 0 a 0 0.01\nR2 b 0 5\n.ac dec 5 1 100\n';

  it('a built-in device without one (VCCS): a netlist error naming the element and its line', () => {
    const err = zcheckError(vccs);
    expect(err.message).toMatch(/\bg1\b.*no closed form/i);
    expect(err.loc?.line).toBe(4);
  });

  it('a definition without one, registered without one: the MEMDIODE element is named', () => {
    // The MEMDIODE as a device registered without a closed form (as a user-defined one might be).
    const withoutMemdiodeForm = defaultRegistry().register({ ...memdiodeDefinition, closedForm: undefined });
    const text = 'pore\nV1 a 0 DC 0.3 AC 1\nYMEMDIODE p1 a 0\n.ac dec 5 1e-2 1e2\n';
    // With the registry's definitions the same netlist checks (closed form and simulation agree).
    const results = zcheckNetlist(parseNetlist(text, { file: 'zcheck-test.cir', cwd: process.cwd() }));
    expect(results[0].maxRelativeDifference).toBeLessThan(1e-8);
    const err = zcheckError(text, withoutMemdiodeForm);
    expect(err.message).toMatch(/\bp1\b \(MEMDIODE\).*no closed form/i);
    expect(err.loc?.line).toBe(3);
  });

  it('the CLI exits 1 with the message, not an internal error', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'memspice-zcheck-')), 'vccs.cir');
    writeFileSync(file, vccs);
    const run = spawnSync(process.execPath, [resolve('bin/memspice.js'), 'zcheck', file], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/g1.*no closed form/i);
    expect(run.stderr).not.toMatch(/internal error/);
  });
});

describe('zcheck: closed forms at the circuit temperature', () => {
  // R(T) = R (1 + tc1 dT + tc2 dT^2), dT = T - tnom (SPICE3, ngspice), computed here by hand: at .temp 100 and the
  // default tnom 27, dT = 73.
  const dT = 100 - 27;

  it('a resistor with tc1 at .temp 100: both sides give 1k (1 + 0.01 * 73) = 1730 Ohm', () => {
    const text = 'hot resistor\nV1 a 0 DC 0 AC 1\nR1 a 0 1k tc1=0.01\n.temp 100\n.ac dec 2 1 100\n';
    const [result] = zcheckNetlist(parseNetlist(text, { file: 'hot.cir', cwd: process.cwd() }));
    const expected = 1000 * (1 + 0.01 * dT);
    expect(expected).toBe(1730);
    for (const row of result.rows) {
      // A resistance is exact in double precision on both sides: 1e-12 relative is rounding only.
      expect(Math.abs(row.closedForm[0] - expected) / expected).toBeLessThan(1e-12);
      expect(Math.abs(row.simulated[0] - expected) / expected).toBeLessThan(1e-12);
      expect(Math.abs(row.closedForm[1])).toBeLessThan(1e-9);
    }
    expect(result.maxRelativeDifference).toBeLessThan(1e-12);
  });

  it('R, C and L with tc1 and tc2 in series at .options temp=100: Z = R(T) + 1/(i w C(T)) + i w L(T)', () => {
    const text = [
      'hot RLC',
      'V1 a 0 DC 0 AC 1',
      'R1 a b 50 tc1=0.004 tc2=1e-5',
      'C1 b c 1u tc1=-0.002',
      'L1 c 0 10m tc1=0.001 tc2=2e-6',
      '.options temp=100',
      '.ac dec 3 100 10k',
      '',
    ].join('\n');
    const [result] = zcheckNetlist(parseNetlist(text, { file: 'hot-rlc.cir', cwd: process.cwd() }));
    const scale = (tc1: number, tc2: number): number => 1 + tc1 * dT + tc2 * dT * dT;
    const r = 50 * scale(0.004, 1e-5);
    const c = 1e-6 * scale(-0.002, 0);
    const l = 10e-3 * scale(0.001, 2e-6);
    expect(result.rows.length).toBeGreaterThan(5);
    for (const row of result.rows) {
      const omega = 2 * Math.PI * row.freq;
      const im = omega * l - 1 / (omega * c);
      const mag = Math.hypot(r, im);
      // Sums and products of a few doubles: 1e-12 of |Z| is rounding only.
      expect(Math.hypot(row.closedForm[0] - r, row.closedForm[1] - im) / mag).toBeLessThan(1e-12);
      expect(Math.hypot(row.simulated[0] - r, row.simulated[1] - im) / mag).toBeLessThan(1e-9);
    }
  });
});
