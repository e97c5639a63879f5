/**
 * Parameter tables drive validation, defaults and docs. `resolveParams` turns an instance's raw
 * `name=value` map (any case, aliases allowed) into a complete, checked record keyed by the canonical names
 * the table defines, typed from the table itself: `ParamsOf<typeof TABLE>`.
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import { NetlistError } from '../base/errors.ts';
import type { ParamSpec, ParamsOf } from '../models/params.ts';

export type { ParamsOf } from '../models/params.ts';

export function resolveParams<const T extends readonly ParamSpec[]>(
  specs: T,
  instance: ElementInstance,
  typeName: string,
): ParamsOf<T> {
  const byName = lookupOf(specs);
  const out: Record<string, number | undefined> = {};
  for (const rawName in instance.params) {
    const value = instance.params[rawName];
    const lower = rawName.toLowerCase();
    const spec = byName.get(lower);
    if (!spec) {
      const known = specs.map((s) => s.name).join(', ');
      throw new NetlistError(`${instance.name}: unknown ${typeName} parameter '${rawName}' (known: ${known})`, instance.loc);
    }
    if (out[spec.name] !== undefined && !instance.model) {
      const previous = previousSpelling(instance.params, rawName, spec, byName);
      if (previous !== lower) throw new NetlistError(`${instance.name}: parameter '${spec.name}' given twice (as '${previous}' and '${rawName}')`, instance.loc);
    }
    if (!Number.isFinite(value)) {
      throw new NetlistError(`${instance.name}: parameter '${rawName}' is not a finite number (${value})`, instance.loc);
    }
    out[spec.name] = value;
  }
  for (const spec of specs) {
    let value = out[spec.name];
    if (value === undefined) {
      if (spec.default !== undefined) value = spec.default;
      else if (!spec.optional) {
        throw new NetlistError(`${instance.name}: missing required ${typeName} parameter '${spec.name}' (${spec.description})`, instance.loc);
      }
      out[spec.name] = value;
    }
    if (value === undefined || spec.constraint === undefined) continue;
    const bad =
      (spec.constraint === 'positive' && !(value > 0)) ||
      (spec.constraint === 'nonnegative' && !(value >= 0)) ||
      (spec.constraint === 'probability' && !(value >= 0 && value <= 1));
    if (bad) {
      const need = spec.constraint === 'positive' ? '> 0' : spec.constraint === 'nonnegative' ? '>= 0' : 'in [0, 1]';
      throw new NetlistError(`${instance.name}: parameter '${spec.name}' must be ${need}, got ${value}`, instance.loc);
    }
  }
  // The loop above gave every non-optional name of the table a number, which is what ParamsOf<T> states.
  return out as ParamsOf<T>;
}

/** Lower-case names and aliases of a table, built once per table (a device kind resolves every instance). */
const lookups = new WeakMap<readonly ParamSpec[], Map<string, ParamSpec>>();

function lookupOf(specs: readonly ParamSpec[]): Map<string, ParamSpec> {
  let byName = lookups.get(specs);
  if (byName === undefined) {
    byName = new Map<string, ParamSpec>();
    for (const spec of specs) {
      byName.set(spec.name.toLowerCase(), spec);
      for (const alias of spec.aliases ?? []) byName.set(alias.toLowerCase(), spec);
    }
    lookups.set(specs, byName);
  }
  return byName;
}

/** The lower-case name under which `spec` was last given before `rawName` (only asked when it was given twice). */
function previousSpelling(params: Record<string, number>, rawName: string, spec: ParamSpec, byName: Map<string, ParamSpec>): string | undefined {
  let previous: string | undefined;
  for (const name in params) {
    if (name === rawName) break;
    if (byName.get(name.toLowerCase()) === spec) previous = name.toLowerCase();
  }
  return previous;
}
