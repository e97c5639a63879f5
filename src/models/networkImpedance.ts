/**
 * The closed-form impedance each AC source sees in a circuit: every element replaced by the small-signal closed
 * form its DeviceDefinition carries (`closedForm`, ./closedForm.ts), evaluated at the element's operating-point
 * terminal voltages, and the resulting complex nodal equations solved. For the memristive devices these are the
 * papers' formulas (Bisquert, Roldán, Miranda, PCCP 2024, eq 18; Bisquert, Bou, Guerrero, Hernández-Balaguera,
 * APL Mach. Learn. 2023, eq 7; Bisquert, Guerrero, JPCL 2022, eqs 14-15; Bisquert, Adv. Phys. Res. 2024,
 * eqs 62-64), independent of the engine's linearisation (the devices' G and C with their state rows), so comparing
 * the two checks the engine against the papers.
 *
 * Voltage sources are ideal branches (AC shorts unless they drive a phasor), current sources inject their phasor.
 * An element whose definition has no closed form is reported by name.
 */
import { Complex } from 'complex.js';
import type { Circuit, ElementInstance } from '../circuit/circuit.ts';
import { NetlistError } from '../base/errors.ts';
import type { ClosedForm, ClosedFormEnvironment } from './closedForm.ts';

/**
 * Where the closed forms come from: the definition of a device kind (a device registry is such a catalog, its
 * DeviceDefinitions carry the closed forms), undefined for an unknown kind. A registry with user-defined devices,
 * or a test's, works the same.
 */
export interface ClosedFormCatalog {
  get(kind: string): { readonly closedForm?: ClosedForm } | undefined;
}

/** The small-signal role of each element, resolved once per operating point. */
type SmallSignalElement =
  | { type: 'admittance'; element: ElementInstance; admittance: (omega: number) => Complex }
  | { type: 'voltage-source'; element: ElementInstance }
  | { type: 'current-source'; element: ElementInstance };

/** The element's closed form; a NetlistError naming the element when its definition has none (or an unusable one). */
function closedFormOf(element: ElementInstance, devices: ClosedFormCatalog): ClosedForm {
  const definition = devices.get(element.kind);
  if (!definition) throw new NetlistError(`unknown device type '${element.kind}'`, element.loc);
  const closedForm = definition.closedForm;
  if (!closedForm) {
    throw new NetlistError(`zcheck: element ${element.name} (${element.kind}) has no closed form to compare with`, element.loc);
  }
  if (element.nodes.length !== 2) {
    throw new NetlistError(`zcheck: element ${element.name} (${element.kind}): closed forms are two-terminal`, element.loc);
  }
  return closedForm;
}

/** Throws, naming the first element without a closed form, unless every element of the circuit has one. */
export function requireClosedForms(circuit: Circuit, devices: ClosedFormCatalog): void {
  for (const element of circuit.elements) closedFormOf(element, devices);
}

function smallSignalElement(element: ElementInstance, bias: (node: string) => number, devices: ClosedFormCatalog, environment: ClosedFormEnvironment): SmallSignalElement {
  const closedForm = closedFormOf(element, devices);
  switch (closedForm.type) {
    case 'admittance':
      return { type: 'admittance', element, admittance: closedForm.at(element, element.nodes.map(bias), environment) };
    case 'voltage-source':
      return { type: 'voltage-source', element };
    case 'current-source':
      return { type: 'current-source', element };
  }
}

/** True when the element is a voltage source in the small-signal network (zcheck's probes). */
export function isVoltageSource(element: ElementInstance, devices: ClosedFormCatalog): boolean {
  return devices.get(element.kind)?.closedForm?.type === 'voltage-source';
}

/**
 * Impedance seen by each AC voltage source at each frequency, from closed forms: every independent source
 * drives its AC phasor (as in the .ac analysis), and z(V) = v(n+, n-) / -i(V). `bias(node)` gives the
 * operating-point voltage of a node (for device biases). Returns, per source name, one value per frequency.
 */
export function closedFormImpedances(
  circuit: Circuit,
  bias: (node: string) => number,
  frequencies: number[],
  devices: ClosedFormCatalog,
): Map<string, Complex[]> {
  const nodes = circuit.nodes;
  const index = new Map(nodes.map((n, k) => [n, k]));
  const at = (node: string): number => (node === '0' || node === 'gnd' ? -1 : (index.get(node) as number));
  const phasor = (e: ElementInstance): Complex => {
    const mag = e.source?.acMag ?? 0;
    const phase = ((e.source?.acPhaseDeg ?? 0) * Math.PI) / 180;
    return new Complex(mag * Math.cos(phase), mag * Math.sin(phase));
  };
  // At the circuit's .temp / .options temp= (tc1, tc2), as the simulator creates its devices.
  const elements = circuit.elements.map((e) => smallSignalElement(e, bias, devices, circuit.options));
  // Unknowns: node voltages, then one current per voltage source.
  const vsources = elements.filter((e) => e.type === 'voltage-source').map((e) => e.element);
  const acSources = vsources.filter((v) => (v.source?.acMag ?? 0) !== 0);
  const size = nodes.length + vsources.length;
  const out = new Map<string, Complex[]>(acSources.map((v) => [v.name, []]));
  for (const f of frequencies) {
    const omega = 2 * Math.PI * f;
    const A: Complex[][] = Array.from({ length: size }, () => Array.from({ length: size }, () => new Complex(0)));
    const rhs: Complex[] = Array.from({ length: size }, () => new Complex(0));
    const add = (r: number, c: number, v: Complex): void => {
      if (r >= 0 && c >= 0) A[r][c] = A[r][c].add(v);
    };
    for (const e of elements) {
      if (e.type === 'voltage-source') continue;
      const [p, n] = e.element.nodes.map(at);
      if (e.type === 'current-source') {
        // Current flows from n+ through the source to n-: it leaves n+ and enters n-.
        const i = phasor(e.element);
        if (p >= 0) rhs[p] = rhs[p].sub(i);
        if (n >= 0) rhs[n] = rhs[n].add(i);
        continue;
      }
      const y = e.admittance(omega);
      add(p, p, y);
      add(n, n, y);
      add(p, n, y.neg());
      add(n, p, y.neg());
    }
    vsources.forEach((v, k) => {
      const row = nodes.length + k;
      const [p, n] = v.nodes.map(at);
      add(p, row, new Complex(1));
      add(n, row, new Complex(-1));
      add(row, p, new Complex(1));
      add(row, n, new Complex(-1));
      rhs[row] = phasor(v);
    });
    const x = solveComplex(A, rhs);
    const voltage = (node: number): Complex => (node >= 0 ? x[node] : new Complex(0));
    for (const v of acSources) {
      const [p, n] = v.nodes.map(at);
      const current = x[nodes.length + vsources.indexOf(v)];
      out.get(v.name)!.push(voltage(p).sub(voltage(n)).div(current.neg()));
    }
  }
  return out;
}

/** Dense complex Gaussian elimination with partial pivoting (small systems, checking tool only). */
function solveComplex(A: Complex[][], b: Complex[]): Complex[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (M[r][c].abs() > M[piv][c].abs()) piv = r;
    if (M[piv][c].abs() === 0) throw new Error('zcheck: singular small-signal network');
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < n; r++) {
      const factor = M[r][c].div(M[c][c]);
      if (factor.abs() === 0) continue;
      for (let k = c; k <= n; k++) M[r][k] = M[r][k].sub(factor.mul(M[c][k]));
    }
  }
  const x: Complex[] = Array.from({ length: n }, () => new Complex(0));
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s = s.sub(M[r][k].mul(x[k]));
    x[r] = s.div(M[r][r]);
  }
  return x;
}
