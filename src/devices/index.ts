/** Every built-in device, in the order `memspice devices` and docs/devices.md list them. */
import { behaviouralDefinition } from './behavioural.ts';
import { capacitorDefinition } from './capacitor.ts';
import { vccsDefinition, vcvsDefinition } from './controlled.ts';
import { chemindDefinition } from './chemind.ts';
import { cccsDefinition, ccvsDefinition } from './currentControlled.ts';
import type { DeviceDefinition } from './device.ts';
import { diodeDefinition } from './diode.ts';
import { inductorDefinition } from './inductor.ts';
import { memdiodeDefinition } from './memdiode.ts';
import { mosfetDefinition } from './mosfet.ts';
import { mutualDefinition } from './mutual.ts';
import { polcapDefinition } from './polcap.ts';
import { DeviceRegistry } from './registry.ts';
import { resistorDefinition } from './resistor.ts';
import { currentSourceDefinition, voltageSourceDefinition } from './sources.ts';
import { currentSwitchDefinition, voltageSwitchDefinition } from './switch.ts';

export const BUILT_IN_DEVICES: readonly DeviceDefinition[] = [
  resistorDefinition,
  capacitorDefinition,
  inductorDefinition,
  mutualDefinition,
  voltageSourceDefinition,
  currentSourceDefinition,
  vcvsDefinition,
  vccsDefinition,
  cccsDefinition,
  ccvsDefinition,
  behaviouralDefinition,
  voltageSwitchDefinition,
  currentSwitchDefinition,
  diodeDefinition,
  mosfetDefinition,
  memdiodeDefinition,
  chemindDefinition,
  polcapDefinition,
];

/** A new registry holding the built-in devices; callers may register more without affecting anyone else. */
export function defaultRegistry(): DeviceRegistry {
  return new DeviceRegistry(BUILT_IN_DEVICES);
}

export { DeviceRegistry } from './registry.ts';
