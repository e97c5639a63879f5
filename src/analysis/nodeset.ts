/**
 * `.nodeset v(n)=x`, as ngspice treats it: a first DC solve with the nodeset nodes held at their values,
 * then the nodes are released and the operating point is solved from there. Unlike `.ic`, the final point
 * does not keep the values; they only choose where Newton starts, which picks one of several operating
 * points of a multistable circuit or helps a hard one converge.
 */
import { NetlistError, SimulationError } from '../base/errors.ts';
import type { Circuit } from '../circuit/circuit.ts';
import type { DcSolveRequest, Simulator } from '../engine/simulator.ts';

/** Moves `y` to the held nodeset solution; without nodesets nothing changes. `pins` (`.ic`) stay held too and win over a nodeset. */
export function applyNodesets(sim: Simulator, circuit: Circuit, y: Float64Array, request: DcSolveRequest): void {
  if (!circuit.nodesets?.length) return;
  const icPinned = new Set((request.pins ?? []).map(([u]) => u));
  const held: Array<[number, number]> = [];
  for (const ns of circuit.nodesets) {
    const node = sim.system.nodeIndex.get(ns.signal.args[0]);
    if (node === undefined) throw new NetlistError(`.nodeset: unknown node '${ns.signal.args[0]}'`, ns.loc);
    if (!icPinned.has(node)) held.push([node, ns.value]);
  }
  for (const [u, v] of held) y[u] = v;
  const start = Float64Array.from(y);
  try {
    sim.solveDc(y, { ...request, what: `${request.what} (first pass, .nodeset held)`, pins: [...(request.pins ?? []), ...held] });
  } catch (err) {
    // A held pass that does not converge still leaves its values as the starting point (ngspice goes on too).
    if (!(err instanceof SimulationError)) throw err;
    y.set(start);
  }
  sim.resetDevices();
}
