/**
 * What R, C and L share beyond their value, with ngspice's meaning: a model (`R1 a b rmod`, `.model rmod R
 * (r=1k tc1=1e-3)`) may give the value, temperature coefficients scale it with the device temperature
 * relative to tnom, `scale=` multiplies it and `m=` puts m devices in parallel:
 *
 *     value(T) = value (1 + tc1 (T - tnom) + tc2 (T - tnom)^2) scale,   T = temp, or T_circuit + dtemp
 *
 * then R / m, C m, L / m. T_circuit is the circuit temperature (`.temp`, `.options temp=`, `.step temp`;
 * 27 degC by default) and tnom defaults to the circuit's (`.options tnom=`, 27), as in ngspice 39;
 * `temp=` and `dtemp=` on the instance set the device's own.
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import { NetlistError } from '../base/errors.ts';
import type { DeviceEnvironment, ParamSpec } from './device.ts';

/** SPICE's default circuit temperature and tnom, degC. */
export const CIRCUIT_TEMPERATURE = 27;

/** The environment of a device created outside a circuit (closed forms): SPICE's nominal 27 degC. */
const NOMINAL_ENVIRONMENT: DeviceEnvironment = { temp: CIRCUIT_TEMPERATURE, tnom: CIRCUIT_TEMPERATURE };

export const PASSIVE_PARAMS = [
  { name: 'tc1', unit: '1/K', description: 'first-order temperature coefficient of the value', default: 0 },
  { name: 'tc2', unit: '1/K^2', description: 'second-order temperature coefficient of the value', default: 0 },
  { name: 'tnom', unit: 'degC', description: 'temperature at which the value is given (default: the circuit tnom, 27)', optional: true },
  { name: 'temp', unit: 'degC', description: 'device temperature (default: the circuit temperature, 27, plus dtemp)', optional: true },
  { name: 'dtemp', unit: 'K', description: 'device temperature above the circuit temperature', default: 0 },
  { name: 'scale', unit: '1', description: 'factor on the value', default: 1, constraint: 'positive' },
  { name: 'm', unit: '1', description: 'multiplier: m identical devices in parallel', default: 1, constraint: 'positive' },
] as const satisfies readonly ParamSpec[];

interface PassiveParams {
  value: number | undefined;
  tc1: number;
  tc2: number;
  tnom: number | undefined;
  temp: number | undefined;
  dtemp: number;
  scale: number;
  m: number;
}

/**
 * The value a device of kind R, C or L uses: its own value, else the model's (`modelValue`), at its
 * temperature, scaled, and combined for m in parallel.
 */
export function passiveValue(
  p: PassiveParams,
  modelValue: number | undefined,
  instance: ElementInstance,
  what: string,
  environment: DeviceEnvironment = NOMINAL_ENVIRONMENT,
): number {
  const nominal = p.value ?? modelValue;
  if (nominal === undefined) throw new NetlistError(`${instance.name}: no ${what} given (write it after the nodes, or give the model one)`, instance.loc);
  const dt = (p.temp ?? environment.temp + p.dtemp) - (p.tnom ?? environment.tnom);
  const atTemperature = nominal * (1 + p.tc1 * dt + p.tc2 * dt * dt) * p.scale;
  return instance.kind === 'C' ? atTemperature * p.m : atTemperature / p.m;
}
