/**
 * AST -> Circuit, in three stages: parameters (params.ts: scopes, `.step`), flattening (flatten.ts:
 * subcircuits, models, elements), control lines (controls.ts: analyses and outputs, their names checked).
 */
import type { NetlistAst } from '../parse/ast.ts';
import type { Circuit, DeviceCatalog } from './circuit.ts';
import { controlLines } from './controls.ts';
import { flatten } from './flatten.ts';
import { globalScope } from './params.ts';
import { applyElementSteps, splitOverrides } from './steps.ts';
import { indefiniteCouplings } from './couplings.ts';

export { resolveSteps, stepCombinations } from './params.ts';

export interface ElaborateOptions {
  /** The device kinds the netlist may use (`defaultRegistry()` of src/devices/index.ts for the built-in ones). */
  devices: DeviceCatalog;
  /**
   * Values of one `.step` combination (lower-case keys): `.param` names override the netlist's `.param`,
   * element names their value, `model:param` that model parameter, `temp` the temperature (steps.ts).
   */
  overrides?: Record<string, number>;
  /** Replace `.options maxelements=` and `maxsteps=` (the same limits, given by the caller). */
  maxElements?: number;
  maxSteps?: number;
}

/** The circuit for one set of `.step` values, or for the nominal parameters. */
export function elaborate(ast: NetlistAst, { devices, overrides, maxElements, maxSteps }: ElaborateOptions): Circuit {
  const stepped = splitOverrides(ast, overrides);
  const scope = globalScope(ast, stepped.params);
  const flat = flatten(ast, scope, devices, stepped.models, maxElements);
  applyElementSteps(flat.elements, stepped.elements);
  for (const g of indefiniteCouplings(flat.elements)) {
    const message = `the K couplings of ${g.inductors.join(', ')} make their inductance matrix indefinite (smallest eigenvalue of the coupling matrix ${g.eigenvalue.toPrecision(3)} < 0): a mode grows without bound, as ngspice warns too`;
    flat.warnings.push({ message, loc: g.loc });
  }
  const { analyses, options, initialConditions, nodesets, prints, measures, control } = controlLines(ast, scope, flat);
  if (stepped.temp !== undefined) options.temp = stepped.temp;
  if (maxSteps !== undefined) options.maxsteps = maxSteps;
  const circuit: Circuit = { title: ast.title, elements: flat.elements, analyses, options, initialConditions, prints, measures, nodes: flat.nodes, nodeIndex: flat.nodeIndex, warnings: flat.warnings };
  if (nodesets) circuit.nodesets = nodesets;
  if (control) circuit.control = control;
  return circuit;
}
