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
  const byName = new Map<string, ParamSpec>();
  for (const spec of specs) {
    byName.set(spec.name.toLowerCase(), spec);
    for (const alias of spec.aliases ?? []) byName.set(alias.toLowerCase(), spec);
  }
  const out: Record<string, number | undefined> = {};
  const givenAs = new Map<string, string>();
  for (const [rawName, value] of Object.entries(instance.params)) {
    const spec = byName.get(rawName.toLowerCase());
    if (!spec) {
      const known = specs.map((s) => s.name).join(', ');
      throw new NetlistError(`${instance.name}: unknown ${typeName} parameter '${rawName}' (known: ${known})`, instance.loc);
    }
    const previous = givenAs.get(spec.name);
    if (previous !== undefined && previous !== rawName.toLowerCase() && !instance.model) {
      throw new NetlistError(`${instance.name}: parameter '${spec.name}' given twice (as '${previous}' and '${rawName}')`, instance.loc);
    }
    givenAs.set(spec.name, rawName.toLowerCase());
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
