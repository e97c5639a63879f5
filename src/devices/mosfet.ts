/**
 * M: MOSFET, SPICE level 1 (Shichman-Hodges, ngspice's mos1 equations and parameter names), the access
 * transistor of 1T1R crossbar cells. `.model NAME NMOS (...)` or `PMOS`; terminals drain, gate, source, bulk.
 *
 * In the polarity frame (voltages times +1 for NMOS, -1 for PMOS), with the drain taken as the terminal
 * at the higher potential (source and drain swap roles for vds < 0):
 *   VT   = VTO + GAMMA (sqrt(PHI - vbs) - sqrt(PHI))      (vbs > 0: linearised as SPICE does)
 *   beta = KP W / (L - 2 LD)
 *   vgs <= VT:               Ids = 0                                       (cutoff)
 *   vds <  vgs - VT:         Ids = beta (1 + LAMBDA vds) vds (vgs - VT - vds/2)   (linear)
 *   vds >= vgs - VT:         Ids = beta/2 (1 + LAMBDA vds) (vgs - VT)^2         (saturation)
 * Bulk junctions as ngspice's: bulk-source and bulk-drain diodes IS (exp(v/Vt) - 1) + GMIN v (for v <= -3 Vt
 * -IS + GMIN v), Vt at 27 C, with depletion charge of CBD (or CJ AD) and CBS (or CJ AS), PB, MJ, FC as the
 * diode's. Gate capacitance: the constant overlap capacitances CGSO W (gate-source), CGDO W (gate-drain)
 * and CGBO (L - 2 LD) (gate-bulk). Not implemented: the Meyer intrinsic gate capacitance (TOX; ngspice
 * integrates Meyer capacitances into a charge that is not a function of the voltages, which the
 * f(y) + dq(y)/dt form has no place for), sidewall capacitance (CJSW), RD/RS; a netlist giving them is
 * rejected, not ignored.
 *
 * Newton limiting: SPICE's fetlim on the gate voltage (vgs, or vgd in reverse mode), limvds on vds and
 * pnjlim on the forward junction (vbs, or vbd in reverse mode); SPICE's current convergence test.
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import { NetlistError } from '../base/errors.ts';
import { entryTable, InstanceDevice, type EntryHandles } from './base.ts';
import type { Device, DeviceDefinition, LoadContext, ParamSpec, SetupContext } from './device.ts';
import { resolveParams, type ParamsOf } from './params.ts';
import { currentConverged, depletion, JUNCTION_GMIN, pnjlim, THERMAL_VOLTAGE, type DepletionCharge } from './diode.ts';

export const MOSFET_PARAMS = [
  { name: 'VTO', default: 0, unit: 'V', description: 'zero-bias threshold voltage (negative for an enhancement PMOS)', aliases: ['VT0'] },
  { name: 'KP', default: 2e-5, unit: 'A/V^2', description: 'transconductance parameter', constraint: 'positive' },
  { name: 'GAMMA', default: 0, unit: 'V^0.5', description: 'body-effect coefficient', constraint: 'nonnegative' },
  { name: 'PHI', default: 0.6, unit: 'V', description: 'surface potential', constraint: 'positive' },
  { name: 'LAMBDA', default: 0, unit: '1/V', description: 'channel-length modulation', constraint: 'nonnegative' },
  { name: 'LD', default: 0, unit: 'm', description: 'lateral diffusion (effective length L - 2 LD)', constraint: 'nonnegative' },
  { name: 'CGSO', default: 0, unit: 'F/m', description: 'gate-source overlap capacitance per channel width', constraint: 'nonnegative' },
  { name: 'CGDO', default: 0, unit: 'F/m', description: 'gate-drain overlap capacitance per channel width', constraint: 'nonnegative' },
  { name: 'CGBO', default: 0, unit: 'F/m', description: 'gate-bulk overlap capacitance per channel length', constraint: 'nonnegative' },
  { name: 'IS', default: 1e-14, unit: 'A', description: 'saturation current of the bulk-drain and bulk-source junctions', constraint: 'nonnegative' },
  { name: 'CBD', unit: 'F', description: 'zero-bias bulk-drain junction capacitance (default CJ AD)', optional: true, constraint: 'nonnegative' },
  { name: 'CBS', unit: 'F', description: 'zero-bias bulk-source junction capacitance (default CJ AS)', optional: true, constraint: 'nonnegative' },
  { name: 'CJ', default: 0, unit: 'F/m^2', description: 'zero-bias bulk junction capacitance per junction area (times AD, AS)', constraint: 'nonnegative' },
  { name: 'PB', default: 0.8, unit: 'V', description: 'bulk junction potential', constraint: 'positive' },
  { name: 'MJ', default: 0.5, unit: '', description: 'bulk junction grading coefficient (< 1)', constraint: 'nonnegative' },
  { name: 'FC', default: 0.5, unit: '', description: 'forward-bias depletion capacitance coefficient (< 1)', constraint: 'nonnegative' },
  { name: 'LEVEL', default: 1, unit: '', description: 'model level (only 1, Shichman-Hodges)' },
  { name: 'W', default: 1e-4, unit: 'm', description: 'channel width (instance)', constraint: 'positive' },
  { name: 'L', default: 1e-4, unit: 'm', description: 'channel length (instance)', constraint: 'positive' },
  { name: 'AD', default: 0, unit: 'm^2', description: 'drain area (instance): CBD = CJ AD unless CBD is given', constraint: 'nonnegative' },
  { name: 'AS', default: 0, unit: 'm^2', description: 'source area (instance): CBS = CJ AS unless CBS is given', constraint: 'nonnegative' },
  { name: 'PD', default: 0, unit: 'm', description: 'drain perimeter (instance; accepted: it scales only CJSW, which memspice does not implement)', constraint: 'nonnegative' },
  { name: 'PS', default: 0, unit: 'm', description: 'source perimeter (instance; accepted, no effect as PD)', constraint: 'nonnegative' },
  { name: 'NRD', default: 0, unit: '', description: 'drain squares (instance; accepted: it scales only RSH, which memspice does not implement)', constraint: 'nonnegative' },
  { name: 'NRS', default: 0, unit: '', description: 'source squares (instance; accepted, no effect as NRD)', constraint: 'nonnegative' },
  { name: 'TYPE', default: 1, unit: '', description: 'polarity, set by the model type: +1 NMOS, -1 PMOS' },
] as const satisfies readonly ParamSpec[];

export type MosfetParams = ParamsOf<typeof MOSFET_PARAMS>;

/** SPICE's fetlim: bounds a Newton step of the gate voltage around the threshold vto (ngspice devsup.c). */
export function fetlim(vNew: number, vOld: number, vto: number): number {
  const vtsthi = Math.abs(2 * (vOld - vto)) + 2;
  const vtstlo = vtsthi / 2 + 2;
  const vtox = vto + 3.5;
  const delv = vNew - vOld;
  if (vOld >= vto) {
    if (vOld >= vtox) {
      if (delv <= 0) {
        if (vNew >= vtox) return -delv > vtstlo ? vOld - vtstlo : vNew;
        return Math.max(vNew, vto + 2);
      }
      return delv >= vtsthi ? vOld + vtsthi : vNew;
    }
    return delv <= 0 ? Math.max(vNew, vto - 0.5) : Math.min(vNew, vto + 4);
  }
  if (delv <= 0) return -delv > vtsthi ? vOld - vtsthi : vNew;
  const vtemp = vto + 0.5;
  if (vNew <= vtemp) return delv > vtstlo ? vOld + vtstlo : vNew;
  return vtemp;
}

/** SPICE's limvds: bounds a Newton step of the drain-source voltage (ngspice devsup.c). */
export function limvds(vNew: number, vOld: number): number {
  if (vOld >= 3.5) {
    if (vNew > vOld) return Math.min(vNew, 3 * vOld + 2);
    if (vNew < 3.5) return Math.max(vNew, 2);
    return vNew;
  }
  return vNew > vOld ? Math.min(vNew, 4) : Math.max(vNew, -0.5);
}

/** Drain current and its slopes in the polarity frame, forward mode (vds >= 0). */
export interface ChannelCurrent {
  ids: number;
  gm: number;
  gds: number;
  gmbs: number;
}

/** Shichman-Hodges drain current for vds >= 0 in the polarity frame, with dI/dvgs, dI/dvds, dI/dvbs. */
export function shichmanHodges(p: { beta: number; vto: number; gamma: number; phi: number; lambda: number }, vgs: number, vds: number, vbs: number, out: ChannelCurrent): void {
  const sqrtPhi = Math.sqrt(p.phi);
  // sarg = sqrt(PHI - vbs), continued by its tangent for vbs > 0 (clamped at 0) as SPICE does; arg is
  // -dVT/dvbs, so dI/dvbs = gm arg. (SPICE uses gamma/(2 sarg) on the tangent too; this is its exact slope.)
  let sarg: number;
  let arg: number;
  if (vbs <= 0) {
    sarg = Math.sqrt(p.phi - vbs);
    arg = p.gamma / (2 * sarg);
  } else {
    sarg = sqrtPhi - vbs / (2 * sqrtPhi);
    arg = p.gamma / (2 * sqrtPhi);
    if (sarg <= 0) {
      sarg = 0;
      arg = 0;
    }
  }
  const von = p.vto + p.gamma * (sarg - sqrtPhi);
  const vgst = vgs - von;
  if (vgst <= 0) {
    out.ids = out.gm = out.gds = out.gmbs = 0;
    return;
  }
  const betap = p.beta * (1 + p.lambda * vds);
  if (vgst <= vds) {
    out.ids = 0.5 * betap * vgst * vgst;
    out.gm = betap * vgst;
    out.gds = 0.5 * p.lambda * p.beta * vgst * vgst;
  } else {
    out.ids = betap * vds * (vgst - 0.5 * vds);
    out.gm = betap * vds;
    out.gds = betap * (vgst - vds) + p.lambda * p.beta * vds * (vgst - 0.5 * vds);
  }
  out.gmbs = out.gm * arg;
}

const MOS_ENTRIES = entryTable({
  dd: { row: 'd', col: 'd', G: 'varying', C: 'varying' },
  dg: { row: 'd', col: 'g', G: 'varying', C: 'constant' },
  ds: { row: 'd', col: 's', G: 'varying' },
  bd: { row: 'b', col: 'd', G: 'varying', C: 'varying' },
  bs: { row: 'b', col: 's', G: 'varying', C: 'varying' },
  db: { row: 'd', col: 'b', G: 'varying', C: 'varying' },
  sd: { row: 's', col: 'd', G: 'varying' },
  sg: { row: 's', col: 'g', G: 'varying', C: 'constant' },
  ss: { row: 's', col: 's', G: 'varying', C: 'varying' },
  sb: { row: 's', col: 'b', G: 'varying', C: 'varying' },
  gd: { row: 'g', col: 'd', C: 'constant' },
  gg: { row: 'g', col: 'g', C: 'constant' },
  gs: { row: 'g', col: 's', C: 'constant' },
  gb: { row: 'g', col: 'b', C: 'constant' },
  bg: { row: 'b', col: 'g', C: 'constant' },
  bb: { row: 'b', col: 'b', G: 'varying', C: 'varying' },
});
const S = MOS_ENTRIES.slot;

class Mosfet extends InstanceDevice implements Device {
  readonly kind = 'M';
  private h: EntryHandles<keyof typeof S> = new Int32Array(MOS_ENTRIES.keys.length);
  private readonly type: number;
  private readonly core: { beta: number; vto: number; gamma: number; phi: number; lambda: number };
  private readonly cgs: number;
  private readonly cgd: number;
  private readonly cgb: number;
  private readonly isat: number;
  private readonly vcrit: number;
  private readonly czbd: number;
  private readonly czbs: number;
  private readonly pb: number;
  private readonly mj: number;
  private readonly fc: number;
  private readonly dep: DepletionCharge = { q: 0, c: 0 };
  private vgsLast = NaN;
  private vdsLast = NaN;
  private vbsLast = NaN;
  /** Drain and bulk currents of the last Newton load and their slopes, for the convergence test. */
  private readonly last = { id: 0, gm: 0, gds: 0, gmbs: 0, ib: 0, gbs: 0, gbd: 0 };
  /** Bulk-source and bulk-drain junction currents (real frame, out of the bulk) and conductances. */
  private ibs = 0;
  private ibd = 0;
  private gbs = 0;
  private gbd = 0;
  private readonly channel: ChannelCurrent = { ids: 0, gm: 0, gds: 0, gmbs: 0 };
  /** Drain current (real frame, into the drain) and its slopes in vgs, vds, vbs after evaluate. */
  private id = 0;
  private gm = 0;
  private gds = 0;
  private gmbs = 0;

  constructor(instance: ElementInstance, p: MosfetParams) {
    super(instance);
    this.type = p.TYPE;
    const leff = p.L - 2 * p.LD;
    this.core = { beta: (p.KP * p.W) / leff, vto: p.TYPE * p.VTO, gamma: p.GAMMA, phi: p.PHI, lambda: p.LAMBDA };
    this.cgs = p.CGSO * p.W;
    this.cgd = p.CGDO * p.W;
    this.cgb = p.CGBO * leff;
    this.isat = p.IS;
    this.czbd = p.CBD ?? p.CJ * p.AD;
    this.czbs = p.CBS ?? p.CJ * p.AS;
    this.pb = p.PB;
    this.mj = p.MJ;
    this.fc = p.FC;
    this.vcrit = p.IS > 0 ? THERMAL_VOLTAGE * Math.log(THERMAL_VOLTAGE / (Math.SQRT2 * p.IS)) : Infinity;
  }

  /** ngspice's bulk junction: current out of the bulk at polarity-frame junction voltage v, and its slope. */
  private junction(v: number): [number, number] {
    const vt = THERMAL_VOLTAGE;
    if (v <= -3 * vt) return [JUNCTION_GMIN * v - this.isat, JUNCTION_GMIN];
    const e = Math.exp(Math.min(v / vt, 700));
    return [this.isat * (e - 1) + JUNCTION_GMIN * v, (this.isat * e) / vt + JUNCTION_GMIN];
  }

  setup(ctx: SetupContext): void {
    const [d, g, s, b] = this.bindTerminals(ctx);
    this.h = this.bindEntries(ctx, MOS_ENTRIES, { d, g, s, b });
  }

  /** Drain current and slopes at real-frame vgs, vds, vbs (the slopes are frame-independent). */
  private evaluate(vgs: number, vds: number, vbs: number): void {
    const t = this.type;
    const c = this.channel;
    const xgs = t * vgs;
    const xds = t * vds;
    const xbs = t * vbs;
    if (xds >= 0) {
      shichmanHodges(this.core, xgs, xds, xbs, c);
      this.id = t * c.ids;
      this.gm = c.gm;
      this.gds = c.gds;
      this.gmbs = c.gmbs;
    } else {
      // Reverse mode: the source acts as the drain; I(vgd, -vds, vbd) flows from source to drain.
      shichmanHodges(this.core, xgs - xds, -xds, xbs - xds, c);
      this.id = -t * c.ids;
      this.gm = -c.gm;
      this.gmbs = -c.gmbs;
      this.gds = c.gm + c.gds + c.gmbs;
    }
    const [cbs, gbs] = this.junction(xbs);
    const [cbd, gbd] = this.junction(xbs - xds);
    this.ibs = t * cbs;
    this.ibd = t * cbd;
    this.gbs = gbs;
    this.gbd = gbd;
  }

  /** fetlim on the gate voltage, limvds on vds, pnjlim on the forward junction, in the polarity frame (mos1load). */
  private limit(vgs: number, vds: number, vbs: number): [number, number, number] {
    const t = this.type;
    let xgs = t * vgs;
    let xds = t * vds;
    let xbs = t * vbs;
    const oldGs = Number.isFinite(this.vgsLast) ? t * this.vgsLast : 0;
    const oldDs = Number.isFinite(this.vdsLast) ? t * this.vdsLast : 0;
    const oldBs = Number.isFinite(this.vbsLast) ? t * this.vbsLast : 0;
    const von = this.core.vto;
    if (oldDs >= 0) {
      xgs = fetlim(xgs, oldGs, von);
      xds = limvds(xds, oldDs);
    } else {
      const xgdRaw = xgs - xds;
      const xgd = fetlim(xgdRaw, oldGs - oldDs, von);
      const xdsLimited = -limvds(-xds, -oldDs);
      // Recombine only when something was limited: (vgs - vds) + vds need not round back to vgs.
      if (xgd !== xgdRaw || xdsLimited !== xds) xgs = xgd + xdsLimited;
      xds = xdsLimited;
    }
    if (xds >= 0) xbs = pnjlim(xbs, oldBs, THERMAL_VOLTAGE, this.vcrit);
    else {
      const xbdRaw = xbs - xds;
      const xbd = pnjlim(xbdRaw, oldBs - oldDs, THERMAL_VOLTAGE, this.vcrit);
      if (xbd !== xbdRaw) xbs = xbd + xds;
    }
    return [t * xgs, t * xds, t * xbs];
  }

  load(ctx: LoadContext): void {
    const [d, g, s, b] = this.terminals;
    const y = ctx.y;
    const vgsRaw = y[g] - y[s];
    const vdsRaw = y[d] - y[s];
    const vbsRaw = y[b] - y[s];
    let vgs = vgsRaw;
    let vds = vdsRaw;
    let vbs = vbsRaw;
    const last = this.last;
    let idPredicted = NaN;
    let ibPredicted = NaN;
    if (ctx.limiting) {
      [vgs, vds, vbs] = this.limit(vgsRaw, vdsRaw, vbsRaw);
      if (vgs !== vgsRaw || vds !== vdsRaw || vbs !== vbsRaw) ctx.nonConverged++;
      if (Number.isFinite(this.vgsLast)) {
        const dgs = vgs - this.vgsLast;
        const dds = vds - this.vdsLast;
        const dbs = vbs - this.vbsLast;
        idPredicted = last.id + last.gm * dgs + last.gds * dds + last.gmbs * dbs;
        ibPredicted = last.ib + last.gbs * dbs + last.gbd * (dbs - dds);
      }
      this.vgsLast = vgs;
      this.vdsLast = vds;
      this.vbsLast = vbs;
    }
    this.evaluate(vgs, vds, vbs);
    const { gm, gds, gmbs, gbs, gbd } = this;
    if (ctx.limiting) {
      if (!currentConverged(this.id - this.ibd, idPredicted) || !currentConverged(this.ibs + this.ibd, ibPredicted)) ctx.nonConverged++;
      last.id = this.id - this.ibd;
      last.gm = gm;
      last.gds = gds + gbd;
      last.gmbs = gmbs - gbd;
      last.ib = this.ibs + this.ibd;
      last.gbs = gbs;
      last.gbd = gbd;
    }
    // Linearisation at the limited point, extended to the actual iterate (exact when not limited).
    const dgs = vgsRaw - vgs;
    const dds = vdsRaw - vds;
    const dbs = vbsRaw - vbs;
    const id = this.id + gm * dgs + gds * dds + gmbs * dbs;
    const ibs = this.ibs + gbs * dbs;
    const ibd = this.ibd + gbd * (dbs - dds);
    // Channel current into the drain, out of the source; junction currents out of the bulk.
    ctx.f[d] += id - ibd;
    ctx.f[s] -= id + ibs;
    ctx.f[b] += ibs + ibd;
    const h = this.h;
    const C = ctx.C;
    const q = ctx.q;
    if (this.cgs !== 0 || this.cgd !== 0 || this.cgb !== 0) {
      const qgs = this.cgs * (y[g] - y[s]);
      const qgd = this.cgd * (y[g] - y[d]);
      const qgb = this.cgb * (y[g] - y[b]);
      q[g] += qgs + qgd + qgb;
      q[s] -= qgs;
      q[d] -= qgd;
      q[b] -= qgb;
      C[h[S.gg]] += this.cgs + this.cgd + this.cgb;
      C[h[S.gs]] -= this.cgs;
      C[h[S.sg]] -= this.cgs;
      C[h[S.ss]] += this.cgs;
      C[h[S.gd]] -= this.cgd;
      C[h[S.dg]] -= this.cgd;
      C[h[S.dd]] += this.cgd;
      C[h[S.gb]] -= this.cgb;
      C[h[S.bg]] -= this.cgb;
      C[h[S.bb]] += this.cgb;
    }
    if (this.czbs !== 0 || this.czbd !== 0) this.loadJunctionCharge(ctx, vbs, vds, vbsRaw - vbs, vdsRaw - vds);
    if (!ctx.jacobian) return;
    const G = ctx.G;
    const gss = gm + gds + gmbs;
    G[h[S.dd]] += gds;
    G[h[S.dg]] += gm;
    G[h[S.db]] += gmbs;
    G[h[S.ds]] -= gss;
    G[h[S.sd]] -= gds;
    G[h[S.sg]] -= gm;
    G[h[S.sb]] -= gmbs;
    G[h[S.ss]] += gss;
    // Junctions: ibs depends on vb - vs, ibd on vb - vd.
    G[h[S.bb]] += gbs + gbd;
    G[h[S.bs]] -= gbs;
    G[h[S.bd]] -= gbd;
    G[h[S.sb]] -= gbs;
    G[h[S.ss]] += gbs;
    G[h[S.db]] -= gbd;
    G[h[S.dd]] += gbd;
  }

  /**
   * Bulk junction depletion charges at the (limited) vbs and vbd = vbs - vds, extended linearly to the iterate
   * by dbs, dds as the currents are; charge on the bulk, minus it on source and drain.
   */
  private loadJunctionCharge(ctx: LoadContext, vbs: number, vds: number, dbs: number, dds: number): void {
    const [d, , s, b] = this.terminals;
    const t = this.type;
    const h = this.h;
    const dep = this.dep;
    const q = ctx.q;
    const C = ctx.C;
    if (this.czbs !== 0) {
      depletion(t * vbs, this.czbs, this.pb, this.mj, this.fc, dep);
      const qbs = t * dep.q + dep.c * dbs;
      q[b] += qbs;
      q[s] -= qbs;
      C[h[S.bb]] += dep.c;
      C[h[S.bs]] -= dep.c;
      C[h[S.sb]] -= dep.c;
      C[h[S.ss]] += dep.c;
    }
    if (this.czbd !== 0) {
      depletion(t * (vbs - vds), this.czbd, this.pb, this.mj, this.fc, dep);
      const qbd = t * dep.q + dep.c * (dbs - dds);
      q[b] += qbd;
      q[d] -= qbd;
      C[h[S.bb]] += dep.c;
      C[h[S.bd]] -= dep.c;
      C[h[S.db]] -= dep.c;
      C[h[S.dd]] += dep.c;
    }
  }

  reset(): void {
    this.vgsLast = NaN;
    this.vdsLast = NaN;
    this.vbsLast = NaN;
  }

  opQuantities(y: Float64Array): Record<string, number> {
    const [d, g, s, b] = this.terminals;
    this.evaluate(y[g] - y[s], y[d] - y[s], y[b] - y[s]);
    return { id: this.id - this.ibd, gm: this.gm, gds: this.gds, gmbs: this.gmbs, gbs: this.gbs, gbd: this.gbd };
  }
}

function resolveMosfet(instance: ElementInstance): MosfetParams {
  const p = resolveParams(MOSFET_PARAMS, instance, 'MOSFET');
  if (p.LEVEL !== 1) throw new NetlistError(`${instance.name}: only MOSFET level 1 (Shichman-Hodges) is implemented, got LEVEL=${p.LEVEL}`, instance.loc);
  if (p.TYPE !== 1 && p.TYPE !== -1) throw new NetlistError(`${instance.name}: MOSFET TYPE must be 1 (NMOS) or -1 (PMOS), got ${p.TYPE}`, instance.loc);
  if (!(p.MJ < 1)) throw new NetlistError(`${instance.name}: parameter 'MJ' must be < 1, got ${p.MJ}`, instance.loc);
  if (!(p.FC < 1)) throw new NetlistError(`${instance.name}: parameter 'FC' must be < 1, got ${p.FC}`, instance.loc);
  if (!(p.L - 2 * p.LD > 0)) throw new NetlistError(`${instance.name}: effective channel length L - 2 LD must be > 0 (L=${p.L}, LD=${p.LD})`, instance.loc);
  return p;
}

export const mosfetDefinition: DeviceDefinition = {
  kind: 'M',
  summary: 'MOSFET, SPICE level 1 (Shichman-Hodges), NMOS/PMOS models: VTO, KP, GAMMA, PHI, LAMBDA, LD, overlap capacitances; terminals d g s b',
  terminals: 4,
  modelTypes: { NMOS: { type: 1 }, PMOS: { type: -1 } },
  params: MOSFET_PARAMS,
  create(instance) {
    return new Mosfet(instance, resolveMosfet(instance));
  },
};
