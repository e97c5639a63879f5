/**
 * What every device file would otherwise repeat: identity from its netlist instance, and the two stamps
 * most devices are built from. Deliberately small: devices stay plain classes implementing `Device`.
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import type { SetupContext } from './device.ts';
import type { SourceLocation } from '../base/errors.ts';

/** Name, location and terminal list of a device created from a netlist instance. */
export abstract class InstanceDevice {
  readonly terminals: number[] = [];
  constructor(readonly instance: ElementInstance) {}
  get name(): string {
    return this.instance.name;
  }
  get loc(): SourceLocation {
    return this.instance.loc;
  }
  /** Resolve the first `count` netlist nodes into `terminals`; returns them. */
  protected bindTerminals(ctx: SetupContext, count = this.instance.nodes.length): number[] {
    for (let k = 0; k < count; k++) this.terminals.push(ctx.node(this.instance.nodes[k]));
    return this.terminals;
  }
}

/** Handles of the 2x2 block between nodes p and n: (p,p), (p,n), (n,p), (n,n). */
export function twoNodeBlock(ctx: SetupContext, p: number, n: number): Int32Array {
  return Int32Array.of(ctx.entry(p, p), ctx.entry(p, n), ctx.entry(n, p), ctx.entry(n, n));
}

/** Add a conductance (or capacitance, into C) g between the block's two nodes. */
export function stampTwoNode(values: Float64Array, block: Int32Array, g: number): void {
  values[block[0]] += g;
  values[block[1]] -= g;
  values[block[2]] -= g;
  values[block[3]] += g;
}

/**
 * Handles of a voltage-defined branch with current unknown b from p to n: KCL (p,b), (n,b) and the branch
 * row's (b,p), (b,n).
 */
export function branchBlock(ctx: SetupContext, p: number, n: number, b: number): Int32Array {
  return Int32Array.of(ctx.entry(p, b), ctx.entry(n, b), ctx.entry(b, p), ctx.entry(b, n));
}

/**
 * The incidence part of a voltage-defined branch (V, L, E): the branch current leaves p and enters n, and
 * the branch row starts with v(p) - v(n). Callers add what defines the branch (b, -L di/dt, -gain v_c).
 */
export function stampBranch(f: Float64Array, G: Float64Array, y: Float64Array, block: Int32Array, p: number, n: number, b: number): void {
  f[p] += y[b];
  f[n] -= y[b];
  f[b] += y[p] - y[n];
  G[block[0]] += 1;
  G[block[1]] -= 1;
  G[block[2]] += 1;
  G[block[3]] -= 1;
}

/**
 * Handles of a two-terminal device with one state s: [0-3] the (p, n) block, [4-5] (p, s) and (n, s),
 * [6-8] the state row (s, s), (s, p), (s, n).
 */
export function oneStateHandles(ctx: SetupContext, p: number, n: number, s: number): Int32Array {
  return Int32Array.of(
    ...twoNodeBlock(ctx, p, n),
    ctx.entry(p, s),
    ctx.entry(n, s),
    ctx.entry(s, s),
    ctx.entry(s, p),
    ctx.entry(s, n),
  );
}
