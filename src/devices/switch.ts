/**
 * Voltage- and current-controlled switches as ngspice defines them (SW and CSW models): a resistance
 * ron when on, roff when off. The switch turns on when the control exceeds vt + vh (it + ih for W), off
 * when it falls below vt - vh (it - ih); in between it keeps the state it had at the last accepted point
 * (hysteresis), which is why the switch remembers a state: `acceptPoint` fixes it once a DC point or a
 * time step is accepted, so Newton iterations and rejected steps never change it. The state at the start
 * is the instance's `on` / `off` keyword (default off).
 *
 * S: `S1 n+ n- nc+ nc- model [on|off]`, control v(nc+) - v(nc-).
 * W: `W1 n+ n- vname model [on|off]`, control the current of voltage source vname.
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import { NetlistError } from '../base/errors.ts';
import { InstanceDevice, stampTwoNode, TWO_NODE, type EntryHandles } from './base.ts';
import type { Device, DeviceDefinition, LoadContext, ParamSpec, SetupContext } from './device.ts';
import { resolveParams } from './params.ts';

const SHARED = [
  { name: 'ron', unit: 'Ohm', description: 'on resistance', default: 1, constraint: 'positive' },
  { name: 'roff', unit: 'Ohm', description: 'off resistance (ngspice: 1/gmin)', default: 1e12, constraint: 'positive' },
  { name: 'on', unit: '1', description: 'initial state: 1 (the `on` keyword) or 0 (`off`, the default)', default: 0 },
] as const satisfies readonly ParamSpec[];

const SW_PARAMS = [
  { name: 'vt', unit: 'V', description: 'threshold voltage', default: 0 },
  { name: 'vh', unit: 'V', description: 'hysteresis voltage (half the width of the band)', default: 0, constraint: 'nonnegative' },
  ...SHARED,
] as const satisfies readonly ParamSpec[];

const CSW_PARAMS = [
  { name: 'it', unit: 'A', description: 'threshold current', default: 0 },
  { name: 'ih', unit: 'A', description: 'hysteresis current (half the width of the band)', default: 0, constraint: 'nonnegative' },
  ...SHARED,
] as const satisfies readonly ParamSpec[];

abstract class Switch extends InstanceDevice implements Device {
  abstract readonly kind: string;
  readonly linear = false;
  private block: EntryHandles<keyof typeof TWO_NODE.slot> = new Int32Array(4);
  /** State at the last accepted point. */
  private accepted: boolean;
  /** State the last load used. */
  private used: boolean;

  constructor(
    instance: ElementInstance,
    private readonly threshold: number,
    private readonly hysteresis: number,
    private readonly gOn: number,
    private readonly gOff: number,
    private readonly initiallyOn: boolean,
  ) {
    super(instance);
    this.accepted = this.used = initiallyOn;
  }

  abstract setup(ctx: SetupContext): void;

  /** The control value (voltage or current) at y. */
  protected abstract control(y: Float64Array): number;

  protected bindBlock(ctx: SetupContext, p: number, n: number): void {
    this.block = this.bindEntries(ctx, TWO_NODE, { p, n });
  }

  private stateAt(y: Float64Array): boolean {
    const c = this.control(y);
    if (c > this.threshold + this.hysteresis) return true;
    if (c < this.threshold - this.hysteresis) return false;
    return this.accepted;
  }

  load(ctx: LoadContext): void {
    const on = this.stateAt(ctx.y);
    // A state other than the one the last iteration used: this iterate is not converged yet (ngspice too).
    if (on !== this.used) ctx.nonConverged++;
    this.used = on;
    const g = on ? this.gOn : this.gOff;
    const [p, n] = this.terminals;
    const i = g * (ctx.y[p] - ctx.y[n]);
    ctx.f[p] += i;
    ctx.f[n] -= i;
    stampTwoNode(ctx.G, this.block, g);
  }

  acceptPoint(y: Float64Array): void {
    this.accepted = this.used = this.stateAt(y);
  }

  reset(): void {
    this.accepted = this.used = this.initiallyOn;
  }
}

class VoltageSwitch extends Switch {
  readonly kind = 'S';

  setup(ctx: SetupContext): void {
    const [p, n] = this.bindTerminals(ctx);
    this.bindBlock(ctx, p, n);
  }

  protected control(y: Float64Array): number {
    return y[this.terminals[2]] - y[this.terminals[3]];
  }
}

class CurrentSwitch extends Switch {
  readonly kind = 'W';
  readonly setupAfterBranches = true;
  private controlBranch = 0;

  setup(ctx: SetupContext): void {
    const [p, n] = this.bindTerminals(ctx);
    const source = this.instance.refs?.[0] ?? '';
    const branch = ctx.branchCurrent(`i(${source})`);
    if (branch === undefined) throw new NetlistError(`${this.name}: controlling voltage source '${source}' has no branch current`, this.loc);
    this.controlBranch = branch;
    this.bindBlock(ctx, p, n);
  }

  protected control(y: Float64Array): number {
    return y[this.controlBranch];
  }
}

export const voltageSwitchDefinition: DeviceDefinition = {
  kind: 'S',
  summary: 'Voltage-controlled switch (model SW: vt, vh, ron, roff), with hysteresis',
  terminals: 4,
  params: SW_PARAMS,
  create(instance) {
    const p = resolveParams(SW_PARAMS, instance, 'switch');
    return new VoltageSwitch(instance, p.vt, p.vh, 1 / p.ron, 1 / p.roff, p.on !== 0);
  },
};

export const currentSwitchDefinition: DeviceDefinition = {
  kind: 'W',
  summary: 'Current-controlled switch (model CSW: it, ih, ron, roff), controlled by a voltage source current, with hysteresis',
  terminals: 2,
  params: CSW_PARAMS,
  create(instance) {
    const p = resolveParams(CSW_PARAMS, instance, 'current switch');
    return new CurrentSwitch(instance, p.it, p.ih, 1 / p.ron, 1 / p.roff, p.on !== 0);
  },
};
