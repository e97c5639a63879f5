/**
 * Independent sources. A source's excitation is its b(t): its DC value in DC analyses, its waveform in
 * transient (the transient operating point included: SPICE evaluates the waveform at t = 0), its phasor in AC.
 *
 * V: branch current i (from n+ through the source to n-) is an unknown; KCL rows +i / -i,
 *    branch row v+ - v- = V.
 * I: current I flows from n+ through the source to n-: it leaves node n+, so b[n+] -= I, b[n-] += I.
 */
import type { ElementInstance, SourceSpec } from '../circuit/circuit.ts';
import { BRANCH, InstanceDevice, stampBranch, type EntryHandles } from './base.ts';
import type { AcLoadContext, Device, DeviceDefinition, LoadContext, SetupContext } from './device.ts';
import { resolveParams } from './params.ts';
import { waveformBreakpoints, waveformPeriod, waveformValue, withDefaults } from './waveforms.ts';

abstract class IndependentSource extends InstanceDevice implements Device {
  abstract readonly kind: string;
  readonly linear = true;
  protected dcValue: number;
  private waveform: SourceSpec['tran'];
  readonly sweepValue = {
    get: (): number => this.dcValue,
    set: (v: number): void => {
      this.dcValue = v;
    },
  };

  constructor(
    instance: ElementInstance,
    protected readonly spec: SourceSpec,
  ) {
    super(instance);
    this.dcValue = spec.dc;
    this.waveform = spec.tran;
  }

  abstract setup(ctx: SetupContext): void;
  abstract load(ctx: LoadContext): void;
  abstract loadAc(ctx: AcLoadContext): void;

  /** SPICE fills omitted PULSE/SIN/EXP timings from the transient's tstep and tstop. */
  beginTransient(tstep: number, tstop: number): void {
    if (this.spec.tran) this.waveform = withDefaults(this.spec.tran, this.spec.omitted, tstep, tstop);
  }

  protected value(ctx: LoadContext): number {
    const v = ctx.dcSources || !this.waveform ? this.dcValue : waveformValue(this.waveform, ctx.time);
    return v * ctx.sourceScale;
  }

  protected phasor(): [number, number] {
    const phase = (this.spec.acPhaseDeg * Math.PI) / 180;
    return [this.spec.acMag * Math.cos(phase), this.spec.acMag * Math.sin(phase)];
  }

  breakpoints(from: number, to: number): number[] {
    return this.waveform ? waveformBreakpoints(this.waveform, from, to) : [];
  }

  excitationPeriod(): number | 'constant' | 'aperiodic' {
    return this.spec.tran ? waveformPeriod(this.spec.tran, this.spec.omitted) : 'constant';
  }
}

class VoltageSource extends IndependentSource {
  readonly kind = 'V';
  private branch = 0;
  private block: EntryHandles<keyof typeof BRANCH.slot> = new Int32Array(4);

  setup(ctx: SetupContext): void {
    const [p, n] = this.bindTerminals(ctx);
    const b = (this.branch = ctx.addBranchCurrent(`i(${this.name})`));
    this.block = this.bindEntries(ctx, BRANCH, { p, n, b });
  }

  load(ctx: LoadContext): void {
    const [p, n] = this.terminals;
    stampBranch(ctx.f, ctx.G, ctx.y, this.block, p, n, this.branch);
    ctx.b[this.branch] += this.value(ctx);
  }

  loadAc(ctx: AcLoadContext): void {
    const [re, im] = this.phasor();
    ctx.bRe[this.branch] += re;
    ctx.bIm[this.branch] += im;
  }
}

class CurrentSource extends IndependentSource {
  readonly kind = 'I';

  setup(ctx: SetupContext): void {
    this.bindTerminals(ctx);
  }

  load(ctx: LoadContext): void {
    const [p, n] = this.terminals;
    const i = this.value(ctx);
    ctx.b[p] -= i;
    ctx.b[n] += i;
  }

  loadAc(ctx: AcLoadContext): void {
    const [p, n] = this.terminals;
    const [re, im] = this.phasor();
    ctx.bRe[p] -= re;
    ctx.bIm[p] -= im;
    ctx.bRe[n] += re;
    ctx.bIm[n] += im;
  }
}

function sourceSpecOf(instance: ElementInstance): SourceSpec {
  return instance.source ?? { dc: 0, hasDc: false, acMag: 0, acPhaseDeg: 0 };
}

export const voltageSourceDefinition: DeviceDefinition = {
  kind: 'V',
  summary: 'Independent voltage source: DC, AC phasor, SIN / PULSE / PWL / EXP transient',
  terminals: 2,
  params: [],
  create(instance) {
    resolveParams(this.params, instance, 'voltage source');
    return new VoltageSource(instance, sourceSpecOf(instance));
  },
  closedForm: { type: 'voltage-source' },
};

export const currentSourceDefinition: DeviceDefinition = {
  kind: 'I',
  summary: 'Independent current source (current flows from n+ through the source to n-)',
  terminals: 2,
  params: [],
  create(instance) {
    resolveParams(this.params, instance, 'current source');
    return new CurrentSource(instance, sourceSpecOf(instance));
  },
  closedForm: { type: 'current-source' },
};
