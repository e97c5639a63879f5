/**
 * Parameter tables: each device model declares its parameters once (names, defaults, units, constraints), as
 * `const TABLE = [...] as const satisfies readonly ParamSpec[]`. The table drives validation and defaults
 * (src/devices/params.ts, resolveParams), the generated docs, and the types: `ParamsOf<typeof TABLE>` is the
 * resolved record the device and its closed forms read, keyed by the table's canonical names.
 */

/** Parameter table entry: drives validation, defaults and the generated docs. */
export interface ParamSpec {
  name: string;
  /** undefined: required, or optional without default (see `optional`). */
  default?: number;
  unit: string;
  description: string;
  /** Other accepted names (e.g. `Vs` for `VA`, the name of Bisquert, Roldán, Miranda, PCCP 2024). Case-insensitive. */
  aliases?: readonly string[];
  /** Physical constraint checked at elaboration. */
  constraint?: 'positive' | 'nonnegative' | 'probability';
  /** No default and may be absent (e.g. MEMDIODE `VC`, whose absence means gam = 1). */
  optional?: boolean;
}

/** A parameter with a default or without `optional` always has a value after resolveParams. */
type ResolvedValue<S extends ParamSpec> = S extends { default: number }
  ? number
  : S extends { optional: true }
    ? number | undefined
    : number;

/**
 * The resolved record of a parameter table declared `as const satisfies readonly ParamSpec[]`: one field per
 * canonical name, `number` where resolveParams guarantees a value, `number | undefined` for optional ones.
 */
export type ParamsOf<T extends readonly ParamSpec[]> = { [S in T[number] as S['name']]: ResolvedValue<S> };
