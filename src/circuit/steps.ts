/**
 * What a `.step` line varies besides a `.param`: an element's value (`.step V1 0 1 0.1`, `.step R1 1k 5k 1k`:
 * a source's DC value, R/C/L's value, E's gain, G's gm), a model parameter (Xyce `.step NMOS:VTO ...`,
 * LTspice `.step NMOS MOD(VTO) ...`), or the temperature (`.step temp ...`). A `.param` of the same name
 * wins, as in LTspice, where `.step param X` and `.step X` are the same line.
 */
import { NetlistError, type SourceLocation } from '../base/errors.ts';
import type { NetlistAst, Statement } from '../parse/ast.ts';
import type { ElementInstance } from './circuit.ts';
import type { Stmt } from './params.ts';

export type StepTarget =
  | { kind: 'param'; name: string }
  | { kind: 'element'; name: string; loc: SourceLocation }
  | { kind: 'model'; model: string; param: string; loc: SourceLocation }
  | { kind: 'temp' };

/** The key of a `.step` line in step combinations, results and file names: `rload`, `v1`, `nmos:vto`, `temp`. */
export function stepKey(st: Stmt<'step'>): string {
  return st.model ? `${st.model.name}:${st.param.name}` : st.param.name;
}

/** Names that `.step NAME` may refer to besides parameters: top-level elements, sources and devices; instances. */
function topLevelNames(ast: NetlistAst): { elements: Set<string>; instances: Set<string> } {
  const elements = new Set<string>();
  const instances = new Set<string>();
  for (const st of ast.statements) {
    if (st.type === 'element' || st.type === 'source' || st.type === 'ydevice') elements.add(st.name.name);
    else if (st.type === 'instance') instances.add(st.name.name);
  }
  return { elements, instances };
}

function modelNames(body: readonly Statement[], into = new Set<string>()): Set<string> {
  for (const st of body) {
    if (st.type === 'model') into.add(st.name.name);
    else if (st.type === 'subckt') modelNames(st.body, into);
  }
  return into;
}

/** What one `.step` line varies; an error at the name when it is none of them. */
export function stepTarget(st: Stmt<'step'>, ast: NetlistAst, params: ReadonlySet<string>): StepTarget {
  const p = st.param;
  if (st.model) {
    if (!modelNames(ast.statements).has(st.model.name)) throw new NetlistError(`.step: unknown model '${st.model.name}'`, st.model.loc);
    return { kind: 'model', model: st.model.name, param: p.name, loc: p.loc };
  }
  if (params.has(p.name)) return { kind: 'param', name: p.name };
  if (p.name === 'temp') return { kind: 'temp' };
  const names = topLevelNames(ast);
  // x1.r2: an element inside instance x1; checked against the flattened circuit once it exists.
  const dot = p.name.indexOf('.');
  if (names.elements.has(p.name) || (dot > 0 && names.instances.has(p.name.slice(0, dot)))) return { kind: 'element', name: p.name, loc: p.loc };
  throw new NetlistError(`.step parameter '${p.name}' is not defined by a .param line and is not an element, a MODEL:PARAM or temp`, p.loc);
}

/** Every `.step` line's key and target. */
export function stepTargets(ast: NetlistAst): Map<string, StepTarget> {
  const params = new Set<string>();
  for (const st of ast.statements) if (st.type === 'param') for (const a of st.assigns) params.add(a.key.name);
  const out = new Map<string, StepTarget>();
  for (const st of ast.statements) if (st.type === 'step') out.set(stepKey(st), stepTarget(st, ast, params));
  return out;
}

/** One step combination split by target: parameter overrides, element values, model parameters, temperature. */
export interface StepOverrides {
  params: Record<string, number>;
  elements: Map<string, { value: number; loc: SourceLocation }>;
  /** model name -> parameter -> value. */
  models: Map<string, Record<string, number>>;
  temp?: number;
}

export function splitOverrides(ast: NetlistAst, combo: Record<string, number> | undefined): StepOverrides {
  const out: StepOverrides = { params: {}, elements: new Map(), models: new Map() };
  if (!combo) return out;
  const targets = stepTargets(ast);
  for (const [key, value] of Object.entries(combo)) {
    const t = targets.get(key.toLowerCase()) ?? { kind: 'param', name: key.toLowerCase() };
    switch (t.kind) {
      case 'param':
        out.params[t.name] = value;
        break;
      case 'element':
        out.elements.set(t.name, { value, loc: t.loc });
        break;
      case 'model': {
        const m = out.models.get(t.model) ?? {};
        m[t.param] = value;
        out.models.set(t.model, m);
        break;
      }
      case 'temp':
        out.temp = value;
        break;
    }
  }
  return out;
}

/** Sets the stepped value of each named element: a source's DC value, R/C/L's value, E's gain, G's gm. */
export function applyElementSteps(elements: ElementInstance[], steps: StepOverrides['elements']): void {
  for (const [name, { value, loc }] of steps) {
    const e = elements.find((x) => x.name === name);
    if (!e) throw new NetlistError(`.step: no element '${name}' in the circuit`, loc);
    if (e.source) {
      e.source.dc = value;
      e.source.hasDc = true;
    } else if (e.kind === 'R' || e.kind === 'C' || e.kind === 'L') e.params.value = value;
    else if (e.kind === 'E') e.params.gain = value;
    else if (e.kind === 'G') e.params.gm = value;
    else throw new NetlistError(`.step ${name}: a ${e.kind} has no single value to step (step one of its parameters with .param, or its model with MODEL:PARAM)`, loc);
  }
}
