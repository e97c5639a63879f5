/**
 * Every device's analytic Jacobians G = df/dy and C = dq/dy against central finite differences of its
 * own f and q, at random points (seeded). Central differences with step h = 1e-6 (relative) have a
 * truncation error ~h^2 |f'''| (below 1e-6 relative for these smooth models at these scales) and a
 * round-off error ~eps |f| / h; the bound is 1e-6 relative plus 16 eps (|f_i| + sum_j |G_ij y_j|) / h.
 */
import { describe, expect, it } from 'vitest';
import type { ElementInstance } from '../../src/circuit/circuit.ts';
import { defaultRegistry } from '../../src/devices/index.ts';
import { EquationSystem } from '../../src/engine/system.ts';
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
          const [lo, hi] = sys.kinds[i] === 0 ? c.voltage : c.state;
          y[i] = lo + (hi - lo) * random();
        }
        sys.load(y, 0, true, 1, false);
        const G = Float64Array.from(sys.G);
        const C = Float64Array.from(sys.C);
        for (let j = 1; j <= sys.n; j++) {
          const step = 1e-6 * Math.max(1, Math.abs(y[j]));
          const yp = Float64Array.from(y);
          const ym = Float64Array.from(y);
          yp[j] += step;
          ym[j] -= step;
          sys.load(yp, 0, true, 1, false);
          const fp = Float64Array.from(sys.f);
          const qp = Float64Array.from(sys.q);
          sys.load(ym, 0, true, 1, false);
          const fm = Float64Array.from(sys.f);
          const qm = Float64Array.from(sys.q);
          sys.load(y, 0, true, 1, false);
          for (let i = 1; i <= sys.n; i++) {
            const dfdy = (fp[i] - fm[i]) / (2 * step);
            const dqdy = (qp[i] - qm[i]) / (2 * step);
            let g = 0;
            let cc = 0;
            for (let id = 1; id < sys.numEntries; id++) {
              if (sys.entryRow[id] === i && sys.entryCol[id] === j) {
                g += G[id];
                cc += C[id];
              }
            }
            let magF = Math.abs(sys.f[i]);
            let magQ = Math.abs(sys.q[i]);
            for (let id = 1; id < sys.numEntries; id++) {
              if (sys.entryRow[id] !== i) continue;
              magF += Math.abs(G[id] * y[sys.entryCol[id]]);
              magQ += Math.abs(C[id] * y[sys.entryCol[id]]);
            }
            const eps = 2.220446049250313e-16;
            expect(Math.abs(g - dfdy), `G[${sys.labels[i]}, ${sys.labels[j]}] at trial ${trial}`).toBeLessThanOrEqual(
              1e-6 * Math.abs(dfdy) + (16 * eps * magF) / step,
            );
            expect(Math.abs(cc - dqdy), `C[${sys.labels[i]}, ${sys.labels[j]}]`).toBeLessThanOrEqual(1e-6 * Math.abs(dqdy) + (16 * eps * magQ) / step);
          }
        }
      }
    });
  }
});
