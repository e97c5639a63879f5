/**
 * Every device's analytic Jacobians G = df/dy and C = dq/dy against central finite differences of its
 * own f and q, at random points (seeded), through the same check `.options testjac` runs
 * (src/engine/jacobian.ts states its step and bound: 1e-6 relative plus the round-off of the differences).
 */
import { describe, expect, it } from 'vitest';
import type { ElementInstance } from '../../src/circuit/circuit.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { describeMismatch, describeUndeclared, deviceJacobianMismatches, undeclaredStamps } from '../../src/engine/jacobian.ts';
import { EquationSystem, UNKNOWN_NODE } from '../../src/engine/system.ts';
import { mulberry32 } from '../helpers/prng.ts';

const loc = { file: 'test', line: 1, column: 1, text: '' };

function instance(kind: string, params: Record<string, number>, nodes = ['a', 'b']): ElementInstance {
  return { name: 'd1', kind, nodes, params, loc };
}

interface Case {
  label: string;
  inst: ElementInstance;
  /** Range of the terminal voltages and states sampled. */
  voltage: [number, number];
  state: [number, number];
}

const cases: Case[] = [
  { label: 'R', inst: instance('R', { value: 2.2e3 }), voltage: [-5, 5], state: [0, 0] },
  { label: 'C', inst: instance('C', { value: 1e-6 }), voltage: [-5, 5], state: [0, 0] },
  { label: 'L', inst: instance('L', { value: 1e-3 }), voltage: [-5, 5], state: [-1, 1] },
  { label: 'E', inst: instance('E', { gain: 3 }, ['a', 'b', 'c', 'd']), voltage: [-5, 5], state: [-1, 1] },
  { label: 'G', inst: instance('G', { gm: 1e-3 }, ['a', 'b', 'c', 'd']), voltage: [-5, 5], state: [0, 0] },
  { label: 'MEMDIODE rate form (PCCP 2024 Fig 4)', inst: instance('MEMDIODE', {}), voltage: [-1.5, 1.5], state: [0, 1] },
  { label: 'MEMDIODE rate form, Vm=0.05, E0', inst: instance('MEMDIODE', { vm: 0.05, e0: 0.1 }), voltage: [-1, 1], state: [0, 1] },
  { label: 'MEMDIODE relaxation form with gam', inst: instance('MEMDIODE', { vb: 0.2, vc: 0.6, taum: 0.1 }), voltage: [-1.5, 1.5], state: [0, 1] },
  { label: 'MEMDIODE constant tau', inst: instance('MEMDIODE', { vb: 0, ctau: 1, tau0: 0.3 }), voltage: [-1.5, 1.5], state: [0, 1] },
  { label: 'CHEMIND 2-D (APL Mach. Learn. 2023)', inst: instance('CHEMIND', {}), voltage: [0.5, 1.5], state: [0, 50] },
  { label: 'CHEMIND 3-D (JPCL 2022)', inst: instance('CHEMIND', { ic0: 1, vt: 0.5, vm: 0.1, tau: 1, tauf: 5 }), voltage: [-0.5, 1.5], state: [0, 1] },
  { label: 'POLCAP constant tau', inst: instance('POLCAP', { q0: 2, pm: 0.5 }), voltage: [-1, 1], state: [-0.5, 0.5] },
  { label: 'D with RS, CJO, TT', inst: instance('D', { is: 1e-14, n: 1.2, rs: 5, cjo: 1e-12, tt: 1e-9 }), voltage: [-2, 0.9], state: [-2, 0.9] },
  { label: 'D in breakdown', inst: instance('D', { bv: 3, ibv: 1e-3, cjo: 1e-12, m: 0.3 }), voltage: [-3.6, 0.8], state: [0, 0] },
  { label: 'M NMOS, body effect, overlap', inst: instance('M', { type: 1, vto: 0.7, kp: 5e-5, lambda: 0.02, gamma: 0.4, cgso: 3e-10, cgdo: 3e-10, cgbo: 1e-10, w: 1e-5, l: 1e-6 }, ['a', 'b', 'c', 'd']), voltage: [-1, 3], state: [0, 0] },
  { label: 'M PMOS, bulk junction capacitance', inst: instance('M', { type: -1, vto: -0.8, kp: 2e-5, lambda: 0.05, w: 2e-5, l: 1e-6, cbd: 2e-14, cbs: 3e-14, mj: 0.4 }, ['a', 'b', 'c', 'd']), voltage: [-3, 1], state: [0, 0] },
  { label: 'POLCAP tau(u)', inst: instance('POLCAP', { ctau: 0, taum: 0.05 }), voltage: [-1, 1], state: [-0.5, 0.5] },
];

describe('device Jacobians match finite differences', () => {
  for (const c of cases) {
    it(c.label, () => {
      const definition = defaultRegistry().get(c.inst.kind);
      expect(definition).toBeDefined();
      const device = definition!.create(c.inst);
      const nodes = [...new Set(c.inst.nodes)];
      const sys = new EquationSystem(nodes, [device], { reltol: 1e-3, abstol: 1e-12, vntol: 1e-6 });
      const random = mulberry32(12345);
      for (let trial = 0; trial < 20; trial++) {
        const y = new Float64Array(sys.size);
        for (let i = 1; i <= sys.n; i++) {
          const [lo, hi] = sys.roles[i] === UNKNOWN_NODE ? c.voltage : c.state;
          y[i] = lo + (hi - lo) * random();
        }
        const mismatches = deviceJacobianMismatches(sys, 0, y, 0, true);
        expect(mismatches.map(describeMismatch), `trial ${trial}`).toEqual([]);
        // Every stamp lands where the device's entry table declares it (G or C).
        expect(undeclaredStamps(sys, 0, y, 0, true).map(describeUndeclared), `trial ${trial}`).toEqual([]);
        expect((device.declaredEntries?.() ?? []).length).toBeGreaterThan(0);
      }
    });
  }
});

describe('a load without Jacobian (chord iterations) leaves f, q, b and C as a full load does', () => {
  for (const c of cases) {
    it(c.label, () => {
      const device = defaultRegistry().get(c.inst.kind)!.create(c.inst);
      const sys = new EquationSystem([...new Set(c.inst.nodes)], [device], { reltol: 1e-3, abstol: 1e-12, vntol: 1e-6 });
      const random = mulberry32(777);
      const y = new Float64Array(sys.size);
      for (let trial = 0; trial < 20; trial++) {
        for (let i = 1; i <= sys.n; i++) {
          const [lo, hi] = sys.roles[i] === UNKNOWN_NODE ? c.voltage : c.state;
          y[i] = lo + (hi - lo) * random();
        }
        // With limiting on, consecutive random points make the limited devices move their controlling
        // voltage (f then carries the linear extension from the limited point); the limiting memory must
        // see the same history in both loads, so each is preceded by the same reset and previous point.
        const loadWith = (jacobian: boolean): Float64Array[] => {
          device.reset?.();
          sys.load(y.map((v) => -v), 0, true, 1, true, true);
          sys.load(y, 0, true, 1, true, jacobian);
          return [Float64Array.from(sys.f), Float64Array.from(sys.q), Float64Array.from(sys.b), Float64Array.from(sys.C)];
        };
        const full = loadWith(true);
        const residualOnly = loadWith(false);
        expect(residualOnly).toEqual(full);
      }
    });
  }
});
