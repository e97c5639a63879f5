/**
 * Each device's analytic Jacobians G = df/dy and C = dq/dy against central finite differences of its own f
 * and q, loaded alone (EquationSystemProbe) at a given point. One implementation serves the test suite and
 * `.options testjac`, which lets authors of new devices check their load() on their own circuits.
 *
 * Central differences with step h = 1e-6 max(1, |y_j|) have a truncation error ~h^2 |f'''| (below 1e-6
 * relative for smooth models at circuit scales) and a round-off error ~eps |f| / h; an entry is a mismatch
 * when |analytic - fd| > 1e-6 |fd| + 16 eps (|f_i| + sum_j |G_ij y_j|) / h.
 */
import { EquationSystemProbe, type EquationSystem } from './system.ts';

export interface JacobianMismatch {
  device: string;
  matrix: 'G' | 'C';
  /** Labels of the row and column unknowns, e.g. 'v(a)', 'x(p1)'. */
  row: string;
  col: string;
  analytic: number;
  finiteDifference: number;
  /** |analytic - fd| / max(|fd|, |analytic|), 1 when one of them is zero. */
  relativeError: number;
  /** How far beyond the allowed difference: |analytic - fd| / bound (> 1 for every reported entry). */
  excess: number;
}

const RELATIVE_STEP = 1e-6;
const EPS = Number.EPSILON;

/**
 * Mismatching entries of device `index` at point y, worst first. Loads without Newton limiting, so the
 * derivative of what the device loads is the derivative of its true f and q. Every column the device can
 * depend on (its terminals, its own unknowns, the columns of its entries) is perturbed, so a dependence
 * the device forgot to declare an entry for is found too.
 */
export function deviceJacobianMismatches(
  system: EquationSystem,
  index: number,
  y: Float64Array,
  time: number,
  dcSources: boolean,
  probe: EquationSystemProbe = new EquationSystemProbe(system),
): JacobianMismatch[] {
  const device = system.devices[index];
  const entryIds = [...new Set(system.deviceEntries(index))].filter((id) => id > 0);
  const touched = new Set<number>([...device.terminals, ...system.deviceUnknowns(index)]);
  const rows = new Set<number>(touched);
  const cols = new Set<number>(touched);
  for (const id of entryIds) {
    rows.add(system.entryRow[id]);
    cols.add(system.entryCol[id]);
  }
  rows.delete(0);
  cols.delete(0);
  const rowList = [...rows];

  probe.load(device, index, y, time, dcSources);
  const f0 = rowList.map((i) => probe.f[i]);
  const q0 = rowList.map((i) => probe.q[i]);
  // Analytic G and C by (row, col); an entry requested twice shares one id, so each id is read once.
  const analyticG = new Map<number, number>();
  const analyticC = new Map<number, number>();
  const key = (row: number, col: number): number => row * system.size + col;
  for (const id of entryIds) {
    const k = key(system.entryRow[id], system.entryCol[id]);
    analyticG.set(k, (analyticG.get(k) ?? 0) + probe.G[id]);
    analyticC.set(k, (analyticC.get(k) ?? 0) + probe.C[id]);
  }
  // Sizes for the round-off bound: |f_i| + sum_j |G_ij y_j| (and the same for q).
  const magF = f0.map(Math.abs);
  const magQ = q0.map(Math.abs);
  for (const id of entryIds) {
    const r = rowList.indexOf(system.entryRow[id]);
    if (r < 0) continue;
    const v = Math.abs(y[system.entryCol[id]]);
    magF[r] += Math.abs(probe.G[id]) * v;
    magQ[r] += Math.abs(probe.C[id]) * v;
  }
  probe.clear(device, index);

  const out: JacobianMismatch[] = [];
  const shifted = Float64Array.from(y);
  for (const j of cols) {
    const step = RELATIVE_STEP * Math.max(1, Math.abs(y[j]));
    shifted[j] = y[j] + step;
    probe.load(device, index, shifted, time, dcSources);
    const fPlus = rowList.map((i) => probe.f[i]);
    const qPlus = rowList.map((i) => probe.q[i]);
    probe.clear(device, index);
    shifted[j] = y[j] - step;
    probe.load(device, index, shifted, time, dcSources);
    const fMinus = rowList.map((i) => probe.f[i]);
    const qMinus = rowList.map((i) => probe.q[i]);
    probe.clear(device, index);
    shifted[j] = y[j];
    rowList.forEach((i, r) => {
      const compare = (matrix: 'G' | 'C', analytic: number, plus: number, minus: number, magnitude: number): void => {
        const fd = (plus - minus) / (2 * step);
        const bound = RELATIVE_STEP * Math.abs(fd) + (16 * EPS * magnitude) / step;
        const diff = Math.abs(analytic - fd);
        if (!(diff <= bound)) {
          const scale = Math.max(Math.abs(fd), Math.abs(analytic));
          out.push({
            device: device.name,
            matrix,
            row: system.labels[i],
            col: system.labels[j],
            analytic,
            finiteDifference: fd,
            relativeError: scale > 0 ? diff / scale : 1,
            excess: bound > 0 ? diff / bound : Infinity,
          });
        }
      };
      compare('G', analyticG.get(key(i, j)) ?? 0, fPlus[r], fMinus[r], magF[r]);
      compare('C', analyticC.get(key(i, j)) ?? 0, qPlus[r], qMinus[r], magQ[r]);
    });
  }
  return out.sort((a, b) => b.excess - a.excess);
}

/** A value a device stamped into G or C at an entry whose declaration (entryTable) leaves that matrix out. */
export interface UndeclaredStamp {
  device: string;
  matrix: 'G' | 'C';
  /** The declared entry's name in the device's table, and its row and column labels. */
  entry: string;
  row: string;
  col: string;
  value: number;
}

/**
 * Stamps of device `index` at y that its declared entries do not allow (none for a device that declares
 * nothing). Several declared entries may share a handle (the same row and column): the handle may carry G
 * (or C) if any of them declares it.
 */
export function undeclaredStamps(
  system: EquationSystem,
  index: number,
  y: Float64Array,
  time: number,
  dcSources: boolean,
  probe: EquationSystemProbe = new EquationSystemProbe(system),
): UndeclaredStamp[] {
  const device = system.devices[index];
  const declared = device.declaredEntries?.() ?? [];
  if (declared.length === 0) return [];
  const allowsG = new Set<number>();
  const allowsC = new Set<number>();
  for (const e of declared) {
    if (e.G !== undefined) allowsG.add(e.handle);
    if (e.C !== undefined) allowsC.add(e.handle);
  }
  probe.load(device, index, y, time, dcSources);
  const out: UndeclaredStamp[] = [];
  const seen = new Set<number>();
  for (const e of declared) {
    if (e.handle === 0 || seen.has(e.handle)) continue; // handle 0: the (ground, ground) trash slot
    seen.add(e.handle);
    const where = { device: device.name, entry: e.name, row: system.labels[system.entryRow[e.handle]], col: system.labels[system.entryCol[e.handle]] };
    if (!allowsG.has(e.handle) && probe.G[e.handle] !== 0) out.push({ ...where, matrix: 'G', value: probe.G[e.handle] });
    if (!allowsC.has(e.handle) && probe.C[e.handle] !== 0) out.push({ ...where, matrix: 'C', value: probe.C[e.handle] });
  }
  probe.clear(device, index);
  return out;
}

/** Six significant digits, in exponential form outside [1e-3, 1e6) where fixed notation gets long. */
function formatValue(v: number): string {
  const a = Math.abs(v);
  return a === 0 || (a >= 1e-3 && a < 1e6) ? v.toPrecision(6) : v.toExponential(5);
}

export function describeUndeclared(u: UndeclaredStamp): string {
  return `${u.device}: ${u.matrix}[${u.row}, ${u.col}] = ${formatValue(u.value)} stamped, but entry '${u.entry}' declares no ${u.matrix}`;
}

/** Mismatches of every device of the system at y, worst first within each device. */
export function jacobianMismatches(system: EquationSystem, y: Float64Array, time: number, dcSources: boolean): JacobianMismatch[] {
  const probe = new EquationSystemProbe(system);
  const out: JacobianMismatch[] = [];
  system.devices.forEach((_, index) => out.push(...deviceJacobianMismatches(system, index, y, time, dcSources, probe)));
  return out;
}

/** One line per mismatch: device, matrix entry by row/column label, both values and the relative error. */
export function describeMismatch(m: JacobianMismatch): string {
  return (
    `${m.device}: ${m.matrix}[${m.row}, ${m.col}] analytic ${formatValue(m.analytic)} vs finite difference ` +
    `${formatValue(m.finiteDifference)} (relative error ${m.relativeError.toPrecision(2)})`
  );
}
