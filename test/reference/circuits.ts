/**
 * Right-hand sides of the small circuits of the papers, for the reference integrator (test/reference/ode.ts).
 * Independent of the memspice engine; the device functions come from src/models/closedForms.ts.
 *
 * A drive is `(t, segStart) => value`; a drive that jumps at a breakpoint must use segStart (see `Rhs`).
 */
import {
  chemindFss,
  memdiodeCurrent,
  memdiodeRate,
  type ChemindParams,
  type MemdiodeParams,
} from '../../src/models/closedForms.ts';
import type { Rhs } from './ode.ts';

export type Drive = (t: number, segStart: number) => number;

export interface RefCircuit {
  rhs: Rhs;
  /** Diagonal mass (undefined = identity). */
  mass?: number[];
  /** Names of the state components, in order. */
  names: string[];
  /** Current delivered by the source (into n+ of the device network) at (t, y). */
  current: (t: number, y: Float64Array, segStart: number) => number;
}

/**
 * Voltage source V(t) - [series Rs] - (MEMDIODE || Cm). Without Rs the device sees V(t) and the only state is x
 * (Cm is then ignored: its current is not part of `current`). With Rs the states are (u, x); without Cm, u is an
 * algebraic unknown (mass 0): 0 = (V - u)/Rs - I(u, x) (PCCP 2024 eq 4, Adv. Phys. Res. 2024 eqs 52-53).
 */
export function memdiodeCircuit(p: MemdiodeParams, net: { Rs?: number; Cm?: number }, V: Drive): RefCircuit {
  const Rs = net.Rs;
  if (Rs === undefined) {
    return {
      names: ['x'],
      rhs: (t, y, d, seg) => {
        d[0] = memdiodeRate(p, V(t, seg), y[0]!);
      },
      current: (t, y, seg) => memdiodeCurrent(p, V(t, seg), y[0]!),
    };
  }
  const Cm = net.Cm ?? 0;
  const c: RefCircuit = {
    names: ['u', 'x'],
    rhs: (t, y, d, seg) => {
      const u = y[0]!;
      const x = y[1]!;
      const g = (V(t, seg) - u) / Rs - memdiodeCurrent(p, u, x);
      d[0] = Cm > 0 ? g / Cm : g;
      d[1] = memdiodeRate(p, u, x);
    },
    current: (t, y, seg) => (V(t, seg) - y[0]!) / Rs,
  };
  if (Cm === 0) c.mass = [0, 1];
  return c;
}

/**
 * CHEMIND with parallel Rb, Cm and series Rs driven by a voltage (APL Mach. Learn. 2023 eqs 1-3; JPCL 2022 eqs 1, 10-12):
 * states (u, ic) or, with tauf, (u, ic, f).
 */
export function chemindVoltageCircuit(p: ChemindParams, net: { Rs: number; Rb: number; Cm: number }, V: Drive): RefCircuit {
  const threeD = p.tauf !== undefined;
  return {
    names: threeD ? ['u', 'ic', 'f'] : ['u', 'ic'],
    rhs: (t, y, d, seg) => {
      const u = y[0]!;
      const ic = y[1]!;
      d[0] = ((V(t, seg) - u) / net.Rs - u / net.Rb - ic) / net.Cm;
      chemindStateRates(p, u, y, d);
      void ic;
    },
    current: (t, y, seg) => (V(t, seg) - y[0]!) / net.Rs,
  };
}

/** CHEMIND with parallel Rb, Cm under current clamp I(t) (JPCL 2022 eqs 1, 11-12, Figs 2, 5): states (u, ic[, f]). */
export function chemindClampCircuit(p: ChemindParams, net: { Rb: number; Cm: number }, I: Drive): RefCircuit {
  const threeD = p.tauf !== undefined;
  return {
    names: threeD ? ['u', 'ic', 'f'] : ['u', 'ic'],
    rhs: (t, y, d, seg) => {
      const u = y[0]!;
      d[0] = (I(t, seg) - u / net.Rb - y[1]!) / net.Cm;
      chemindStateRates(p, u, y, d);
    },
    current: (t, _y, seg) => I(t, seg),
  };
}

function chemindStateRates(p: ChemindParams, u: number, y: Float64Array, d: Float64Array): void {
  const ic = y[1]!;
  if (p.tauf === undefined) {
    d[1] = (p.ic0 * chemindFss(p, u) - ic) / p.tau;
    return;
  }
  const f = y[2]!;
  d[1] = (p.ic0 * f - ic) / p.tau;
  d[2] = ((1 - f) - Math.exp(-(u - p.VT) / p.Vm) * f) / p.tauf;
}
