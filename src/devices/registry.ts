/**
 * The device registry: one line per device. Elaboration asks it whether a kind exists and how many
 * terminals it has; the engine asks it to create device instances.
 */
import type { DeviceDefinition } from './device.ts';

const definitions = new Map<string, DeviceDefinition>();

export function registerDevice(definition: DeviceDefinition): void {
  definitions.set(definition.kind.toUpperCase(), definition);
}

export function deviceDefinition(kind: string): DeviceDefinition | undefined {
  return definitions.get(kind.toUpperCase());
}

export function allDeviceDefinitions(): DeviceDefinition[] {
  return [...definitions.values()];
}
