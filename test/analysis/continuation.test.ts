/**
 * The finite-difference parameter derivative of the continuation (src/analysis/continuation.ts) against the
 * derivative the test writes itself. A `.param` enters the equations through elaboration, so the tracer's
 * F_lambda is the central difference of two loads of the circuits elaborated at lambda +- delta; here lambda is
 * the MEMDIODE's low conductance gL, which enters its current nonlinearly in the unknowns but linearly in gL:
 * I = (gL + (gH - gL) x)(u - E0) (Bisquert, Roldán, Miranda, PCCP 2024, eq 7), so dF/dgL = (1 - x)(u - E0) in
 * the row of node u and 0 in every other row (the state equation does not contain gL). And the threshold VB,
 * which enters x_eq nonlinearly: the state row's derivative in VB against its analytic form.
 */
import { describe, expect, it } from 'vitest';
import { parseNetlist } from '../../src/parse/index.ts';
import { elaborate } from '../../src/circuit/elaborate.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { Simulator } from '../../src/engine/simulator.ts';
import { BranchTracer } from '../../src/analysis/continuation.ts';
import { rel } from '../helpers/numeric.ts';

const devices = defaultRegistry();

function tracerOf(text: string, name: string, start: number): { tracer: BranchTracer; sim: Simulator } {
  const ast = parseNetlist(text, { file: 'x', cwd: process.cwd() });
  const at = (value: number): Simulator => new Simulator(elaborate(ast, { devices, overrides: { [name]: value } }), undefined, devices);
  const sim = at(start);
  return { tracer: new BranchTracer(sim, at, 'test', { file: 'x', line: 1, column: 1, text: '' }, Math.abs(start)), sim };
}

describe('continuation: F_lambda of a .param by central differences of elaborated circuits', () => {
  it('dF/dgL of the MEMDIODE current equals (1 - x)(u - E0) to 1e-9, and is 0 in the other rows', () => {
    const text = '.param gl=0.1\nI1 0 u DC 0.3\nYMEMDIODE p1 u 0 gL={gl} gH=1 E0=0.2 VB=-0.5 Vm=0.1 ctau=1 tau0=1\n.op\n.end\n';
    const { tracer, sim } = tracerOf(text, 'gl', 0.1);
    const iu = sim.system.labels.indexOf('v(u)');
    const ix = sim.system.labels.indexOf('x(p1)');
    expect(iu).toBeGreaterThan(0);
    expect(ix).toBeGreaterThan(0);
    // Any (u, x), not only a solution: F_lambda is defined everywhere.
    const y = sim.initialGuess();
    y[iu] = -0.7;
    y[ix] = 0.3;
    const d = tracer.parameterDerivative(y, 0.1);
    // The row of u holds the current leaving the node into the device: +(1 - x)(u - E0).
    // 1e-9: gL enters linearly, so the central difference has no truncation error; what is left is rounding,
    // eps |I| / delta with delta = 1e-5 * 0.1: ~1e-10 relative.
    expect(rel(d[iu], (1 - 0.3) * (-0.7 - 0.2))).toBeLessThan(1e-9);
    expect(d[ix]).toBe(0);
  });

  it('dF/dVB of the MEMDIODE state equation equals its analytic derivative to 1e-8 (VB enters x_eq nonlinearly)', () => {
    const Vm = 0.1;
    const text = `.param vb=-0.5\nI1 0 u DC 0.3\nYMEMDIODE p1 u 0 gL=0.1 gH=1 E0=0.2 VB={vb} Vm=${Vm} ctau=1 tau0=1\n.op\n.end\n`;
    const { tracer, sim } = tracerOf(text, 'vb', -0.5);
    const iu = sim.system.labels.indexOf('v(u)');
    const ix = sim.system.labels.indexOf('x(p1)');
    const y = sim.initialGuess();
    y[iu] = -0.45;
    y[ix] = 0.3;
    const d = tracer.parameterDerivative(y, -0.5);
    // The relaxation form's state row is F_x = tau0 (x - x_eq(u)) / tau with, at ctau = 1, a constant tau (Adv.
    // Phys. Res. 2024 eqs 66-68): F_x = (x - x_eq) r with r independent of VB, so dF_x/dVB = -(dx_eq/dVB) r =
    // (x_eq (1 - x_eq) / Vm) r. r is read from the circuit's own row at this point, r = F_x / (x - x_eq), so the
    // test does not restate the device's scaling of the row.
    sim.system.load(y, 0, true, 1, false, false);
    const fx = sim.system.f[ix] - sim.system.b[ix];
    const xEq = 1 / (1 + Math.exp(-(-0.45 + 0.5) / Vm));
    const r = fx / (0.3 - xEq);
    const want = ((xEq * (1 - xEq)) / Vm) * r;
    // 1e-8: the central difference's truncation delta^2 |F'''| / 6 with delta = 5e-6 and |F'''| ~ |F'| / Vm^2
    // is ~4e-10 relative; rounding ~eps |F| / delta ~ 1e-10.
    expect(rel(d[ix], want)).toBeLessThan(1e-8);
    expect(d[iu]).toBe(0);
  });
});
