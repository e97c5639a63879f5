/**
 * The device registry: which device kinds a simulation knows. Elaboration asks it whether a kind exists
 * and how many terminals it has (through the narrower `DeviceCatalog` of src/circuit/circuit.ts); the
 * engine asks it to create device instances. A registry is an ordinary object passed down, so a test or
 * an embedding program can add its own devices without changing what other simulations see.
 */
import type { DeviceCatalog } from '../circuit/circuit.ts';
import type { DeviceDefinition } from './device.ts';

export class DeviceRegistry implements DeviceCatalog {
  private readonly definitions = new Map<string, DeviceDefinition>();

  constructor(definitions: Iterable<DeviceDefinition> = []) {
    for (const definition of definitions) this.register(definition);
  }

  /** Adds (or replaces) the definition of `definition.kind`; kinds are case-insensitive. */
  register(definition: DeviceDefinition): this {
    this.definitions.set(definition.kind.toUpperCase(), definition);
    return this;
  }

  get(kind: string): DeviceDefinition | undefined {
    return this.definitions.get(kind.toUpperCase());
  }

  /** In registration order. */
  all(): DeviceDefinition[] {
    return [...this.definitions.values()];
  }
}
