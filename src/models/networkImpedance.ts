/**
 * The closed-form impedance each AC source sees in a circuit: every memristive device replaced by its
 * closed-form small-signal admittance at its operating-point bias (MODELS.md; seed 000 eq 18, seed 001
 * eq 7, seed 002 eqs 14-15, seed 003 eqs 62-64), every R, C, L by its own, and the resulting complex
 * nodal equations solved. This is independent of the engine's linearisation (which comes from the
 * devices' G and C with their state rows), so comparing the two checks the engine against the papers.
 *
 * Supported elements: R, C, L, V (other voltage sources are AC shorts), I (AC open), MEMDIODE, CHEMIND,
 * POLCAP. Anything else is reported.
 */
import { Complex } from 'complex.js';
import type { Circuit, ElementInstance } from '../circuit/circuit.ts';
import { defaultRegistry } from '../devices/index.ts';
import { resolveParams } from '../devices/params.ts';
import { NetlistError } from '../base/errors.ts';
import { chemindBranchZ, memdiodeY, polcapY, type ChemindParams, type MemdiodeParams, type PolcapParams } from './closedForms.ts';

type Params = Record<string, number | undefined>;

/** The closed forms exist for the built-in devices only, so their parameter tables are the built-in ones. */
const builtInDevices = defaultRegistry();

function resolved(element: ElementInstance): Params {
  const definition = builtInDevices.get(element.kind);
  if (!definition) throw new NetlistError(`unknown device type '${element.kind}'`, element.loc);
  return resolveParams(definition.params, element, element.kind);
}

function num(p: Params, key: string): number {
  const v = p[key];
  if (v === undefined) throw new Error(`internal: parameter ${key} missing`);
  return v;
}

export function memdiodeParamsOf(p: Params): MemdiodeParams {
  return {
    gL: num(p, 'gl'),
    gH: num(p, 'gh'),
    E0: num(p, 'e0'),
    Vm: num(p, 'vm'),
    tau0: num(p, 'tau0'),
    VA: num(p, 'va'),
    VD: num(p, 'vd'),
    nA: num(p, 'na'),
    nD: num(p, 'nd'),
    VB: p.vb,
    tauM: p.taum,
    VC: p.vc,
    ctau: num(p, 'ctau'),
  };
}

export function chemindParamsOf(p: Params): ChemindParams {
  return { ic0: num(p, 'ic0'), VT: num(p, 'vt'), Vm: num(p, 'vm'), tau: num(p, 'tau'), tauf: p.tauf };
}

export function polcapParamsOf(p: Params): PolcapParams {
  return {
    gL: num(p, 'gl'),
    E0: num(p, 'e0'),
    Q0: num(p, 'q0'),
    Vm: num(p, 'vm'),
    VB: num(p, 'vb'),
    pm: num(p, 'pm'),
    tau0: num(p, 'tau0'),
    VA: num(p, 'va'),
    VD: num(p, 'vd'),
    nA: num(p, 'na'),
    nD: num(p, 'nd'),
    tauM: p.taum,
    ctau: num(p, 'ctau'),
  };
}

/** Closed-form admittance of one two-terminal element at bias u (volts across it) and angular frequency w. */
export function elementAdmittance(element: ElementInstance, u: number, omega: number): Complex {
  const s = new Complex(0, omega);
  switch (element.kind) {
    case 'R':
      return new Complex(1 / num(element.params, 'value'));
    case 'C':
      return s.mul(num(element.params, 'value'));
    case 'L':
      return s.mul(num(element.params, 'value')).inverse();
    case 'MEMDIODE':
      return memdiodeY(memdiodeParamsOf(resolved(element)), u, omega);
    case 'CHEMIND':
      return chemindBranchZ(chemindParamsOf(resolved(element)), u, omega).inverse();
    case 'POLCAP':
      return polcapY(polcapParamsOf(resolved(element)), u, omega);
    default:
      throw new NetlistError(`zcheck: no closed form for element ${element.name} (${element.kind})`, element.loc);
  }
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
): Map<string, Complex[]> {
  const nodes = circuit.nodes;
  const index = new Map(nodes.map((n, k) => [n, k]));
  const at = (node: string): number => (node === '0' || node === 'gnd' ? -1 : (index.get(node) as number));
  const phasor = (e: ElementInstance): Complex => {
    const mag = e.source?.acMag ?? 0;
    const phase = ((e.source?.acPhaseDeg ?? 0) * Math.PI) / 180;
    return new Complex(mag * Math.cos(phase), mag * Math.sin(phase));
  };
  // Unknowns: node voltages, then one current per voltage source.
  const vsources = circuit.elements.filter((e) => e.kind === 'V');
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
    for (const e of circuit.elements) {
      if (e.kind === 'V') continue;
      if (e.kind === 'I') {
        // Current flows from n+ through the source to n-: it leaves n+ and enters n-.
        const [p, n] = e.nodes.map(at);
        const i = phasor(e);
        if (p >= 0) rhs[p] = rhs[p].sub(i);
        if (n >= 0) rhs[n] = rhs[n].add(i);
        continue;
      }
      if (e.nodes.length !== 2) throw new NetlistError(`zcheck: no closed form for element ${e.name} (${e.kind})`, e.loc);
      const [p, n] = e.nodes.map(at);
      const u = bias(e.nodes[0]) - bias(e.nodes[1]);
      const y = elementAdmittance(e, u, omega);
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
