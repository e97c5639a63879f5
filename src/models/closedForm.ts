/**
 * The closed-form registry's interface: a DeviceDefinition may carry a `closedForm`, the small-signal model
 * of the device at an operating point that is independent of the device's own G and C (its `load`). `zcheck`
 * builds the closed-form network of a circuit from these and compares it with the .ac analysis, so it never
 * asks which device it has; a device defined elsewhere (e.g. by equations in a netlist) plugs in by giving
 * its definition a `closedForm` object.
 */
// The named import: under NodeNext the default import of complex.js is typed as the module namespace (its d.ts is
// read as CommonJS), although at run time both resolve to the same class.
import { Complex } from 'complex.js';
import type { ElementInstance } from '../circuit/circuit.ts';

/** `Complex` instance type of complex.js. */
export type Cx = Complex;

export const cx = (re: number, im = 0): Cx => new Complex(re, im);

/** 1 / (1 + exp(-z)), evaluated without overflow for any z. */
export function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * The circuit's temperature and the parameters' nominal temperature in °C (`.temp` / `.options temp=`, `tnom=`),
 * which temperature-dependent values (tc1, tc2 of R, C, L) are evaluated at, as the simulated device is.
 */
export interface ClosedFormEnvironment {
  temp: number;
  tnom: number;
}

/**
 * A two-terminal element's admittance Y(i omega) = I/V, with I flowing from n+ through the element to n-,
 * at the operating point where its terminals have the voltages `terminalVoltages` (netlist order), at the
 * circuit's temperature. `at` does the bias-dependent work once; the returned function is called per frequency.
 */
export interface AdmittanceClosedForm {
  readonly type: 'admittance';
  at(instance: ElementInstance, terminalVoltages: readonly number[], environment: ClosedFormEnvironment): (omega: number) => Cx;
}

/**
 * An independent source in the small-signal network: a voltage source is an ideal branch (an AC short unless
 * it drives an AC phasor), a current source an open circuit (with its AC phasor injected).
 */
export interface SourceClosedForm {
  readonly type: 'voltage-source' | 'current-source';
}

export type ClosedForm = AdmittanceClosedForm | SourceClosedForm;

/**
 * An admittance closed form over a device's typed parameter record: `resolve` reads the instance's
 * parameters (normally resolveParams with the device's table) at the circuit's temperature, the same function
 * the device's `create` uses, and `admittance` gets them with the bias.
 */
export function admittanceClosedForm<P>(
  resolve: (instance: ElementInstance, environment: ClosedFormEnvironment) => P,
  admittance: (params: P, terminalVoltages: readonly number[]) => (omega: number) => Cx,
): AdmittanceClosedForm {
  return { type: 'admittance', at: (instance, terminalVoltages, environment) => admittance(resolve(instance, environment), terminalVoltages) };
}

/** Linear elements around a memristive device in the papers' equivalent circuits. */
export interface NetworkOptions {
  /** Capacitance in parallel with the device (Bisquert, Roldán, Miranda, PCCP 2024, Fig 8; Bisquert, Adv. Phys. Res. 2024, eq 53). */
  Cm?: number;
  /** Series resistance (Bisquert, Roldán, Miranda, PCCP 2024, eq 4; Bisquert, Adv. Phys. Res. 2024, eq 52 with Rs = 1/gs). */
  Rs?: number;
}

/** Y with Cm in parallel, then Rs in series (either absent or zero: left out). */
export function withNetwork(Y: Cx, omega: number, net: NetworkOptions): Cx {
  let out = Y;
  if (net.Cm) out = out.add(cx(0, omega).mul(net.Cm));
  if (net.Rs) out = out.inverse().add(net.Rs).inverse();
  return out;
}
