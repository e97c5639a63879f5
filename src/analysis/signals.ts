/**
 * Output signals, resolved once per analysis into evaluators over the unknown vector.
 *
 *   v(n), v(a,b)   node voltages
 *   i(dev)         current into the device's first terminal, through the device: the device's own
 *                  contribution to that terminal's KCL row, f - b + dq/dt (real) or (G + jwC)Y - B (AC).
 *                  The same rule gives a resistor's, a voltage source's or a memristor's current.
 *   z(V)           AC impedance seen by source V: v(n+, n-) / -i(V)
 *   x(dev), x(dev.s)  device state unknowns
 *   q(dev)         any other name: a small-signal quantity the device publishes at the operating point
 *                  (ga(p1), La(p1), ...; real analyses only)
 */
import type { Circuit, PrintSpec, SignalSpec, AnalysisType } from '../circuit/circuit.ts';
import { NetlistError } from '../base/errors.ts';
import type { Device } from '../devices/device.ts';
import type { Simulator } from '../engine/simulator.ts';
import { EquationSystemProbe } from '../engine/system.ts';
import type { DerivativeRule } from './integration.ts';

export type { DerivativeRule };

export interface RealSignal {
  readonly column: string;
  /**
   * Value at the solution y. `rule` is null at DC points (dq/dt = 0). In a transient, call once per
   * accepted time point in order: current signals keep the charge history they need.
   */
  value(y: Float64Array, time: number, dcSources: boolean, rule: DerivativeRule | null): number;
}

export interface ComplexSignal {
  readonly column: string;
  /** Writes [re, im] into out. */
  value(Yre: Float64Array, Yim: Float64Array, omega: number, Bre: Float64Array, Bim: Float64Array, out: Float64Array): void;
}

export function signalName(s: SignalSpec): string {
  return `${s.fn}(${s.args.join(',')})`;
}

/** Signals printed when the netlist has no .print/.probe for this analysis. */
export function defaultSignals(sim: Simulator, circuit: Circuit): SignalSpec[] {
  const loc = { file: '', line: 0, column: 0, text: '' };
  const out: SignalSpec[] = circuit.nodes.map((n) => ({ fn: 'v', args: [n], loc }));
  // Branch currents, as ngspice lists them: voltage sources and inductors, in netlist order.
  for (const d of sim.devices) if (d.kind === 'V' || d.kind === 'L') out.push({ fn: 'i', args: [d.name], loc });
  for (const d of sim.devices) {
    for (const s of d.states?.() ?? []) out.push({ fn: 'x', args: [s.suffix ? `${d.name}.${s.suffix}` : d.name], loc });
  }
  return out;
}

/** What an analysis outputs: the signals it evaluates (`leaves`), and the print lines that chose them. */
export interface PrintPlan {
  leaves: SignalSpec[];
  /** The `.print`/`.probe`/`.save` lines for this analysis; empty: the default signals. */
  prints: PrintSpec[];
}

/** The signals the analysis evaluates: every plain signal, expression operand and `all` expansion of its print lines. */
export function printPlan(sim: Simulator, circuit: Circuit, analysis: AnalysisType): PrintPlan {
  const prints = circuit.prints.filter((p: PrintSpec) => p.analysis === undefined || p.analysis === analysis);
  if (prints.length === 0) return { leaves: defaultSignals(sim, circuit), prints };
  const seen = new Set<string>();
  const leaves: SignalSpec[] = [];
  const add = (s: SignalSpec): void => {
    const key = signalName(s);
    if (!seen.has(key)) {
      seen.add(key);
      leaves.push(s);
    }
  };
  for (const p of prints) {
    for (const o of p.outputs ?? p.signals.map((signal) => ({ kind: 'signal' as const, signal }))) {
      if (o.kind === 'signal') add(o.signal);
      else if (o.kind === 'expr') o.leaves.forEach(add);
      else allSignals(sim, circuit, o.which, o.loc).forEach(add);
    }
  }
  return { leaves, prints };
}

export function requestedSignals(sim: Simulator, circuit: Circuit, analysis: AnalysisType): SignalSpec[] {
  return printPlan(sim, circuit, analysis).leaves;
}

/** `all` (ngspice `.save all`: the default signals), `allv` (node voltages), `alli` (the current of every device). */
export function allSignals(sim: Simulator, circuit: Circuit, which: 'all' | 'allv' | 'alli', loc: SignalSpec['loc']): SignalSpec[] {
  if (which === 'all') return defaultSignals(sim, circuit);
  if (which === 'allv') return circuit.nodes.map((n) => ({ fn: 'v', args: [n], loc }));
  return sim.devices.map((d) => ({ fn: 'i', args: [d.name], loc }));
}

function nodeIndex(sim: Simulator, name: string, spec: SignalSpec): number {
  if (name === '0' || name === 'gnd') return 0;
  const i = sim.system.nodeIndex.get(name);
  if (i === undefined) throw new NetlistError(`unknown node '${name}' in ${signalName(spec)}`, spec.loc);
  return i;
}

function deviceOf(sim: Simulator, name: string, spec: SignalSpec): { device: Device; index: number } {
  const index = sim.deviceIndex.get(name);
  if (index === undefined) throw new NetlistError(`unknown element '${name}' in ${signalName(spec)}`, spec.loc);
  return { device: sim.devices[index], index };
}

function stateUnknown(sim: Simulator, arg: string, spec: SignalSpec): number {
  const found = sim.stateUnknown(arg);
  if (found === undefined) throw new NetlistError(`unknown element in ${signalName(spec)}`, spec.loc);
  if ('unknown' in found) return found.unknown;
  throw new NetlistError(
    found.states.length === 0
      ? `${signalName(spec)}: element '${found.device}' has no state variable`
      : `${signalName(spec)}: unknown state; '${found.device}' has ${found.states.join(', ')}`,
    spec.loc,
  );
}

function expectArgs(spec: SignalSpec, min: number, max: number): void {
  if (spec.args.length < min || spec.args.length > max) {
    throw new NetlistError(`${signalName(spec)}: ${spec.fn}() takes ${min === max ? min : `${min} or ${max}`} argument(s)`, spec.loc);
  }
}

/**
 * Current into a device's terminal row `row`, times `sign`, with its own charge history for transient
 * dq/dt. For the first terminal sign = 1; when the first terminal is ground the current is read at the
 * second terminal with sign = -1 (KCL over the two-terminal device).
 */
class DeviceCurrent implements RealSignal {
  private qPrev = 0;
  private qPrev2 = 0;
  private qdotPrev = 0;
  constructor(
    readonly column: string,
    private readonly probe: EquationSystemProbe,
    private readonly device: Device,
    private readonly index: number,
    private readonly row: number,
    private readonly sign: number,
  ) {}

  value(y: Float64Array, time: number, dcSources: boolean, rule: DerivativeRule | null): number {
    const t = this.row;
    this.probe.load(this.device, this.index, y, time, dcSources);
    const fb = this.probe.f[t] - this.probe.b[t];
    const q = this.probe.q[t];
    this.probe.clear(this.device, this.index);
    let qdot = 0;
    if (rule) qdot = rule.a0 * q + rule.a1 * this.qPrev + rule.a2 * this.qPrev2 + rule.b1 * this.qdotPrev;
    this.qPrev2 = this.qPrev;
    this.qPrev = q;
    this.qdotPrev = qdot;
    return this.sign * (fb + qdot);
  }
}

export function resolveRealSignal(sim: Simulator, spec: SignalSpec): RealSignal {
  const column = signalName(spec);
  switch (spec.fn) {
    case 'v': {
      expectArgs(spec, 1, 2);
      const a = nodeIndex(sim, spec.args[0], spec);
      const c = spec.args.length > 1 ? nodeIndex(sim, spec.args[1], spec) : 0;
      return { column, value: (y) => y[a] - y[c] };
    }
    case 'i': {
      expectArgs(spec, 1, 1);
      const { device, index } = deviceOf(sim, spec.args[0], spec);
      const [t0, t1] = device.terminals;
      if (t0 === 0 && (t1 ?? 0) === 0) return { column, value: () => 0 };
      const probe = new EquationSystemProbe(sim.system);
      return t0 !== 0 ? new DeviceCurrent(column, probe, device, index, t0, 1) : new DeviceCurrent(column, probe, device, index, t1, -1);
    }
    case 'x': {
      expectArgs(spec, 1, 1);
      const u = stateUnknown(sim, spec.args[0], spec);
      return { column, value: (y) => y[u] };
    }
    case 'z':
      throw new NetlistError(`${column}: z() is an AC quantity; use it in .print ac`, spec.loc);
    default: {
      expectArgs(spec, 1, 1);
      const { device } = deviceOf(sim, spec.args[0], spec);
      if (!device.opQuantities) throw new NetlistError(`unknown signal ${column}: ${device.name} publishes no operating-point quantities`, spec.loc);
      const available = Object.keys(device.opQuantities(sim.initialGuess()));
      const key = available.find((k) => k.toLowerCase() === spec.fn);
      if (key === undefined) {
        throw new NetlistError(`unknown signal ${column}: ${device.name} publishes ${available.map((k) => `${k.toLowerCase()}(${device.name})`).join(', ')}`, spec.loc);
      }
      const quantities = device.opQuantities.bind(device);
      return { column, value: (y) => quantities(y)[key] };
    }
  }
}

/** AC current into a device's terminal: sum over its entries in that row of (G + jwC) Y, minus its B. */
function acDeviceCurrent(sim: Simulator, column: string, device: Device, index: number, sign: number, terminal: number, y0: Float64Array): ComplexSignal {
  const sys = sim.system;
  const probe = new EquationSystemProbe(sys);
  probe.load(device, index, y0, 0, true);
  const ids = Array.from(sys.deviceEntries(index)).filter((id) => sys.entryRow[id] === terminal);
  const unique = [...new Set(ids)];
  const cols = Int32Array.from(unique.map((id) => sys.entryCol[id]));
  const g = Float64Array.from(unique.map((id) => probe.G[id]));
  const c = Float64Array.from(unique.map((id) => probe.C[id]));
  probe.clear(device, index);
  const bRe = new Float64Array(sys.size);
  const bIm = new Float64Array(sys.size);
  device.loadAc?.({ bRe, bIm });
  const ownRe = bRe[terminal];
  const ownIm = bIm[terminal];
  return {
    column,
    value(Yre, Yim, omega, _Bre, _Bim, out) {
      let re = -ownRe;
      let im = -ownIm;
      for (let k = 0; k < cols.length; k++) {
        const col = cols[k];
        const wc = omega * c[k];
        re += g[k] * Yre[col] - wc * Yim[col];
        im += g[k] * Yim[col] + wc * Yre[col];
      }
      out[0] = sign * re;
      out[1] = sign * im;
    },
  };
}

export function resolveComplexSignal(sim: Simulator, spec: SignalSpec, y0: Float64Array): ComplexSignal {
  const column = signalName(spec);
  switch (spec.fn) {
    case 'v': {
      expectArgs(spec, 1, 2);
      const a = nodeIndex(sim, spec.args[0], spec);
      const c = spec.args.length > 1 ? nodeIndex(sim, spec.args[1], spec) : 0;
      return {
        column,
        value(Yre, Yim, _w, _br, _bi, out) {
          out[0] = Yre[a] - Yre[c];
          out[1] = Yim[a] - Yim[c];
        },
      };
    }
    case 'i': {
      expectArgs(spec, 1, 1);
      const { device, index } = deviceOf(sim, spec.args[0], spec);
      const [t0, t1] = device.terminals;
      return t0 !== 0 ? acDeviceCurrent(sim, column, device, index, 1, t0, y0) : acDeviceCurrent(sim, column, device, index, -1, t1 ?? 0, y0);
    }
    case 'z': {
      expectArgs(spec, 1, 1);
      const { device, index } = deviceOf(sim, spec.args[0], spec);
      const [p, n] = device.terminals;
      const current = p !== 0 ? acDeviceCurrent(sim, column, device, index, 1, p, y0) : acDeviceCurrent(sim, column, device, index, -1, n, y0);
      const tmp = new Float64Array(2);
      return {
        column,
        value(Yre, Yim, w, br, bi, out) {
          current.value(Yre, Yim, w, br, bi, tmp);
          // z = v / (-i)
          const vr = Yre[p] - Yre[n];
          const vi = Yim[p] - Yim[n];
          const ir = -tmp[0];
          const ii = -tmp[1];
          const d = ir * ir + ii * ii;
          out[0] = (vr * ir + vi * ii) / d;
          out[1] = (vi * ir - vr * ii) / d;
        },
      };
    }
    case 'x': {
      expectArgs(spec, 1, 1);
      const u = stateUnknown(sim, spec.args[0], spec);
      return {
        column,
        value(Yre, Yim, _w, _br, _bi, out) {
          out[0] = Yre[u];
          out[1] = Yim[u];
        },
      };
    }
    default:
      throw new NetlistError(`${column} is not available in .ac (use v, i, z or x)`, spec.loc);
  }
}
