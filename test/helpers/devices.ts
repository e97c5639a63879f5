/**
 * Test-only devices: a two-terminal element whose current is a function of its voltage, I(u) from n+ through
 * the device to n-, and the slope it stamps as G. Tests subclass it with the law they need (and a wrong slope
 * where they test the Jacobian check).
 */
import { InstanceDevice, stampTwoNode, TWO_NODE, type EntryHandles } from '../../src/devices/base.ts';
import type { Device, LoadContext, SetupContext } from '../../src/devices/device.ts';

export abstract class TwoTerminalTestDevice extends InstanceDevice implements Device {
  abstract readonly kind: string;
  private block: EntryHandles<keyof typeof TWO_NODE.slot> = new Int32Array(4);

  /** [I(u), the slope stamped as dI/du]. */
  protected abstract current(u: number): [number, number];

  setup(ctx: SetupContext): void {
    const [p, n] = this.bindTerminals(ctx);
    this.block = this.bindEntries(ctx, TWO_NODE, { p, n });
  }

  load(ctx: LoadContext): void {
    const [p, n] = this.terminals;
    const [i, slope] = this.current(ctx.y[p] - ctx.y[n]);
    ctx.f[p] += i;
    ctx.f[n] -= i;
    stampTwoNode(ctx.G, this.block, slope);
  }
}
