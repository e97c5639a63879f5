/**
 * AST -> Circuit, in three stages: parameters (params.ts: scopes, `.step`), flattening (flatten.ts:
 * subcircuits, models, elements), control lines (controls.ts: analyses and outputs, their names checked).
 */
import type { NetlistAst } from '../parse/ast.ts';
import type { Circuit, DeviceCatalog } from './circuit.ts';
import { controlLines } from './controls.ts';
import { flatten } from './flatten.ts';
import { globalScope } from './params.ts';

export { resolveSteps, stepCombinations } from './params.ts';

export interface ElaborateOptions {
  /** The device kinds the netlist may use (`defaultRegistry()` of src/devices/index.ts for the built-in ones). */
  devices: DeviceCatalog;
  /** Parameter values of one `.step` combination (lower-case names), overriding the netlist's `.param`. */
  overrides?: Record<string, number>;
}

/** The circuit for one set of `.step` values, or for the nominal parameters. */
export function elaborate(ast: NetlistAst, { devices, overrides }: ElaborateOptions): Circuit {
  const scope = globalScope(ast, overrides);
  const flat = flatten(ast, scope, devices);
  const { analyses, options, initialConditions, prints, measures, control } = controlLines(ast, scope, flat);
  const circuit: Circuit = { title: ast.title, elements: flat.elements, analyses, options, initialConditions, prints, measures, nodes: flat.nodes, warnings: flat.warnings };
  if (control) circuit.control = control;
  return circuit;
}
