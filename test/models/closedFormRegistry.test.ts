/**
 * The closed forms the device definitions carry (what zcheck evaluates): each reads the instance's own
 * parameters and the voltage across its terminals, and gives the admittance the physics dictates, computed
 * here independently. Tolerance 1e-13 relative: a few double-precision operations on each side.
 */
import { describe, expect, it } from 'vitest';
import type { ElementInstance } from '../../src/circuit/circuit.ts';
import { BUILT_IN_DEVICES, defaultRegistry } from '../../src/devices/index.ts';
import type { Cx } from '../../src/models/closedForm.ts';

const TOL = 1e-13;
const devices = defaultRegistry();

function element(kind: string, params: Record<string, number>): ElementInstance {
  return { name: 'x1', kind, nodes: ['a', 'b'], params, loc: { file: 't.cir', line: 1, column: 1, text: '' } };
}

function admittance(kind: string, params: Record<string, number>, terminalVoltages: number[]): (omega: number) => Cx {
  const form = devices.get(kind)?.closedForm;
  if (form?.type !== 'admittance') throw new Error(`${kind} has no admittance closed form`);
  return form.at(element(kind, params), terminalVoltages);
}

function expectComplex(actual: Cx, re: number, im: number): void {
  const scale = Math.hypot(re, im);
  expect(Math.hypot(actual.re - re, actual.im - im) / scale).toBeLessThan(TOL);
}

describe('closed forms of the device definitions', () => {
  it('R, C, L: 1/R, i omega C, 1/(i omega L)', () => {
    const omega = 2 * Math.PI * 50;
    expectComplex(admittance('R', { value: 250 }, [1, 0])(omega), 1 / 250, 0);
    expectComplex(admittance('C', { value: 1e-6 }, [1, 0])(omega), 0, omega * 1e-6);
    expectComplex(admittance('L', { value: 2e-3 }, [1, 0])(omega), 0, -1 / (omega * 2e-3));
  });

  it('CHEMIND 2-D: 1/(Ra + i omega tau Ra) at u = v(n+) - v(n-), with the instance parameters', () => {
    // Bisquert, Bou, Guerrero, Hernández-Balaguera, APL Mach. Learn. 2023, eqs 5, 7-9.
    const p = { ic0: 3, VT: 1, Vm: 0.05, tau: 2 };
    const u = 1.2 - 0.25;
    const f = 1 / (1 + Math.exp(-(u - p.VT) / p.Vm));
    const Ra = p.Vm / (p.ic0 * f * (1 - f));
    const omega = 0.7;
    // 1/(Ra (1 + i omega tau)) = (1 - i omega tau) / (Ra (1 + omega^2 tau^2))
    const d = Ra * (1 + omega * omega * p.tau * p.tau);
    expectComplex(admittance('CHEMIND', p, [1.2, 0.25])(omega), 1 / d, (-omega * p.tau) / d);
  });

  it('MEMDIODE rate form: gb + ga/(1 + i omega tau_t) with seed parameters given under aliases', () => {
    // Bisquert, Roldán, Miranda, PCCP 2024, eqs 6-8, 16-20; parameters under the paper's names Vs, Vr, ns, nr.
    const p = { gL: 0.2, gH: 2, Vs: 0.25, Vr: -0.35, ns: 1.2, nr: 2.5, Vm: 0.08, tau0: 3 };
    const u = 0.1;
    const rA = Math.exp((u - p.Vs) / (p.ns * p.Vm)) / p.tau0;
    const rD = Math.exp(-(u - p.Vr) / (p.nr * p.Vm)) / p.tau0;
    const tauT = 1 / (rA + rD);
    const x = rA * tauT;
    const B = ((1 - x) * rA / p.ns + (x * rD) / p.nr) / p.Vm;
    const gb = p.gL + (p.gH - p.gL) * x;
    const ga = B * (p.gH - p.gL) * tauT * u;
    const omega = 1.3;
    const d = 1 + omega * omega * tauT * tauT;
    expectComplex(admittance('MEMDIODE', p, [0.4, 0.3])(omega), gb + ga / d, (-ga * omega * tauT) / d);
  });

  it('POLCAP (constant tau): gL + i omega Cp/(1 + i omega tau0), Cp = Q0 x (1 - x)/Vm', () => {
    // Bisquert, Adv. Phys. Res. 2024, eqs 62-64.
    const p = { gL: 0.3, Q0: 2, VB: 0.1, Vm: 0.1, tau0: 0.5 };
    const u = 0.15;
    const x = 1 / (1 + Math.exp(-(u - p.VB) / p.Vm));
    const Cp = (p.Q0 * x * (1 - x)) / p.Vm;
    const omega = 4;
    const d = 1 + omega * omega * p.tau0 * p.tau0;
    expectComplex(admittance('POLCAP', p, [u, 0])(omega), p.gL + (Cp * omega * omega * p.tau0) / d, (Cp * omega) / d);
  });

  it('independent sources are sources; the controlled and behavioural sources, K, the switches (state-dependent) and the four-terminal MOSFET have no closed form', () => {
    expect(devices.get('V')?.closedForm?.type).toBe('voltage-source');
    expect(devices.get('I')?.closedForm?.type).toBe('current-source');
    const without = BUILT_IN_DEVICES.filter((d) => d.closedForm === undefined).map((d) => d.kind).sort();
    expect(without).toEqual(['B', 'E', 'F', 'G', 'H', 'K', 'M', 'S', 'W']);
  });
});
