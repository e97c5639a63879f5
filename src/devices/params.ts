/**
 * Parameter tables drive validation, defaults and docs. `resolveParams` turns an instance's raw
 * `name=value` map into a complete, checked record keyed by canonical (lower-case) names.
 */
import type { ElementInstance } from '../circuit/circuit.ts';
import { NetlistError } from '../base/errors.ts';
import type { ParamSpec } from './device.ts';

export type ResolvedParams = Record<string, number | undefined>;

export function resolveParams(
  specs: readonly ParamSpec[],
  instance: ElementInstance,
  typeName: string,
): ResolvedParams {
  const byName = new Map<string, ParamSpec>();
  for (const spec of specs) {
    byName.set(spec.name.toLowerCase(), spec);
    for (const alias of spec.aliases ?? []) byName.set(alias.toLowerCase(), spec);
  }
  const out: ResolvedParams = {};
  const givenAs = new Map<string, string>();
  for (const [rawName, value] of Object.entries(instance.params)) {
    const spec = byName.get(rawName.toLowerCase());
    if (!spec) {
      const known = specs.map((s) => s.name).join(', ');
      throw new NetlistError(`${instance.name}: unknown ${typeName} parameter '${rawName}' (known: ${known})`, instance.loc);
    }
    const key = spec.name.toLowerCase();
    const previous = givenAs.get(key);
    if (previous !== undefined && previous !== rawName.toLowerCase() && !instance.model) {
      throw new NetlistError(`${instance.name}: parameter '${spec.name}' given twice (as '${previous}' and '${rawName}')`, instance.loc);
    }
    givenAs.set(key, rawName.toLowerCase());
    if (!Number.isFinite(value)) {
      throw new NetlistError(`${instance.name}: parameter '${rawName}' is not a finite number (${value})`, instance.loc);
    }
    out[key] = value;
  }
  for (const spec of specs) {
    const key = spec.name.toLowerCase();
    let value = out[key];
    if (value === undefined) {
      if (spec.default !== undefined) value = spec.default;
      else if (!spec.optional) {
        throw new NetlistError(`${instance.name}: missing required ${typeName} parameter '${spec.name}' (${spec.description})`, instance.loc);
      }
      out[key] = value;
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
  return out;
}

/** A required parameter after resolveParams (throws only on a table/code mismatch). */
export function required(params: ResolvedParams, name: string): number {
  const v = params[name];
  if (v === undefined) throw new Error(`internal: parameter ${name} has no value`);
  return v;
}
