/**
 * AST -> Circuit: resolves parameters (lazily, with cycle detection, lexically scoped through subcircuits),
 * flattens subcircuit instances (`x1.n`, `x1.r2`), merges models under instance parameters, and checks every
 * name an analysis or output refers to.
 */
import '../devices/index.ts';
import { allDeviceDefinitions, deviceDefinition } from '../devices/registry.ts';
import { NetlistError } from '../errors.ts';
import type { AssignAst, Name, NetlistAst, NumericAst, SignalAst, Statement, ValueAst } from '../parse/ast.ts';
import {
  DEFAULT_OPTIONS,
  type AnalysisSpec,
  type Circuit,
  type DcSweepSpec,
  type ElementInstance,
  type InitialCondition,
  type MeasureSpec,
  type PrintSpec,
  type SignalSpec,
  type SimOptions,
  type SourceLocation,
  type SourceSpec,
  type StepSpec,
  type Waveform,
} from './circuit.ts';
import { CONSTANTS, evaluate } from './expr.ts';

type Stmt<T extends Statement['type']> = Extract<Statement, { type: T }>;

// ---------------------------------------------------------------------------------------------------------
// Parameters

interface ParamDef {
  value: ValueAst;
  loc: SourceLocation;
}

/** One scope of parameters: fixed values (step overrides, instance arguments) over definitions, then the parent. */
class ParamScope {
  private readonly cache = new Map<string, number>();
  private readonly resolving: string[] = [];

  constructor(
    private readonly defs: Map<string, ParamDef>,
    private readonly parent?: ParamScope,
    private readonly fixed: Map<string, number> = new Map(),
  ) {}

  has(name: string): boolean {
    return this.fixed.has(name) || this.defs.has(name);
  }

  lookup(name: string): number | undefined {
    const f = this.fixed.get(name);
    if (f !== undefined) return f;
    if (this.defs.has(name)) return this.resolve(name);
    return this.parent?.lookup(name);
  }

  /** Evaluates every definition (so errors in unused parameters are reported too). */
  resolveAll(): void {
    for (const name of this.defs.keys()) if (!this.fixed.has(name)) this.resolve(name);
  }

  private resolve(name: string): number {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    const def = this.defs.get(name);
    if (!def) throw new Error(`internal: parameter ${name} not defined here`);
    const at = this.resolving.indexOf(name);
    if (at >= 0) {
      const chain = [...this.resolving.slice(at), name].join(' -> ');
      throw new NetlistError(`parameter cycle: ${chain}`, def.loc);
    }
    this.resolving.push(name);
    try {
      const v = numberOf(def.value, this, `parameter ${name}`, true);
      this.cache.set(name, v);
      return v;
    } finally {
      this.resolving.pop();
    }
  }
}

/**
 * The number a value stands for. Bare words are parameter references when `wordIsRef` (parameter
 * assignments), an error otherwise.
 */
function numberOf(v: ValueAst, scope: ParamScope, what: string, wordIsRef: boolean): number {
  let x: number;
  switch (v.kind) {
    case 'num':
      return v.value;
    case 'expr':
      x = evaluate(v.expr, (name) => scope.lookup(name));
      break;
    case 'word': {
      if (!wordIsRef) throw new NetlistError(`non-numeric value '${v.text}' for ${what} (expected a number or {expression})`, v.loc);
      const p = scope.lookup(v.name) ?? (Object.hasOwn(CONSTANTS, v.name) ? CONSTANTS[v.name] : undefined);
      if (p === undefined) throw new NetlistError(`undefined parameter '${v.name}'`, v.loc);
      x = p;
      break;
    }
    case 'signal':
      throw new NetlistError(`non-numeric value '${v.signal.fn}(...)' for ${what} (expected a number or {expression})`, v.loc);
    case 'str':
      throw new NetlistError(`non-numeric value "${v.text}" for ${what} (expected a number or {expression})`, v.loc);
  }
  if (!Number.isFinite(x)) throw new NetlistError(`${what} evaluates to ${x}`, v.loc);
  return x;
}

function num(v: NumericAst, scope: ParamScope, what: string): number {
  return numberOf(v, scope, what, false);
}

function paramDefs(assigns: Iterable<AssignAst>, into = new Map<string, ParamDef>()): Map<string, ParamDef> {
  for (const a of assigns) {
    const prev = into.get(a.key.name);
    if (prev) throw new NetlistError(`parameter '${a.key.name}' already defined (line ${prev.loc.line})`, a.key.loc);
    into.set(a.key.name, { value: a.value, loc: a.key.loc });
  }
  return into;
}

function globalScope(ast: NetlistAst, overrides?: Record<string, number>): ParamScope {
  const defs = new Map<string, ParamDef>();
  for (const st of ast.statements) if (st.type === 'param') paramDefs(st.assigns, defs);
  const fixed = new Map<string, number>();
  for (const [k, v] of Object.entries(overrides ?? {})) fixed.set(k.toLowerCase(), v);
  return new ParamScope(defs, undefined, fixed);
}

// ---------------------------------------------------------------------------------------------------------
// .step

/** Values of every `.step` line, in order (the first line is the outer loop). */
export function resolveSteps(ast: NetlistAst): StepSpec[] {
  const scope = globalScope(ast);
  const defined = new Set<string>();
  for (const st of ast.statements) if (st.type === 'param') for (const a of st.assigns) defined.add(a.key.name);
  const steps: StepSpec[] = [];
  for (const st of ast.statements) {
    if (st.type !== 'step') continue;
    const p = st.param;
    if (!defined.has(p.name)) throw new NetlistError(`.step parameter '${p.name}' is not defined by a .param line`, p.loc);
    if (steps.some((s) => s.param === p.name)) throw new NetlistError(`parameter '${p.name}' is stepped twice`, p.loc);
    const v = st.values.map((x) => num(x, scope, `.step ${p.name}`));
    steps.push({ param: p.name, values: stepValues(st, v), loc: st.loc });
  }
  return steps;
}

/** Rounds away the float noise of start + k*step (0.1 + 2*0.1 -> 0.3). */
function clean(x: number): number {
  return Number(x.toPrecision(14));
}

function stepValues(st: Stmt<'step'>, v: number[]): number[] {
  if (st.mode === 'list') return v;
  const [start, stop, inc] = v;
  const [, , incAst] = st.values;
  if (st.mode === 'lin') {
    checkStepDirection(start, stop, inc, incAst.loc, `.step ${st.param.name}`);
    const n = start === stop ? 0 : Math.floor((stop - start) / inc + 1e-9);
    if (n > 1e6) throw new NetlistError(`.step ${st.param.name} would make ${n + 1} values`, st.loc);
    return Array.from({ length: n + 1 }, (_, k) => clean(start + k * inc));
  }
  if (!(start > 0) || !(stop > 0)) throw new NetlistError(`.step ${st.mode} needs positive start and stop`, st.values[0].loc);
  if (!(inc >= 1) || !Number.isInteger(inc)) throw new NetlistError(`.step ${st.mode} needs a whole number of points >= 1`, incAst.loc);
  const base = st.mode === 'dec' ? 10 : 2;
  const out: number[] = [];
  const dir = stop >= start ? 1 : -1;
  for (let k = 0; ; k++) {
    const x = start * Math.pow(base, (dir * k) / inc);
    if (dir > 0 ? x > stop * (1 + 1e-9) : x < stop * (1 - 1e-9)) break;
    out.push(clean(x));
    if (out.length > 1e6) break;
  }
  return out;
}

function checkStepDirection(start: number, stop: number, step: number, loc: SourceLocation, what: string): void {
  if (step === 0) throw new NetlistError(`${what} step must not be zero`, loc);
  if (stop > start && step < 0) throw new NetlistError(`${what} step must be positive when stop > start (got ${step})`, loc);
  if (stop < start && step > 0) throw new NetlistError(`${what} step must be negative when stop < start (got ${step})`, loc);
}

// ---------------------------------------------------------------------------------------------------------
// Flattening

interface ModelEntry {
  st: Stmt<'model'>;
  ctx: Ctx;
  values?: Record<string, number>;
}

/** One block being elaborated: the top level, or one instance of a subcircuit. */
interface Ctx {
  scope: ParamScope;
  subckts: Map<string, Stmt<'subckt'>>;
  models: Map<string, ModelEntry>;
  /** Lexically enclosing block (where names not defined here are looked up). */
  parent?: Ctx;
  /** Hierarchical prefix, e.g. 'x1.x2.'. */
  prefix: string;
  /** Port name -> caller's node. */
  ports: Map<string, string>;
  /** Subcircuits being instantiated, outermost first (recursion detection). */
  chain: Array<{ def: Stmt<'subckt'>; inst: string }>;
}

class Elaborator {
  readonly elements: ElementInstance[] = [];
  readonly nodes: string[] = [];
  private readonly nodeSet = new Set<string>();
  /** Flattened element and instance names -> where defined. */
  readonly names = new Map<string, SourceLocation>();
  readonly warnings: Circuit['warnings'] = [];
  private readonly warned = new Set<string>();

  warn(message: string, loc: SourceLocation): void {
    const key = `${loc.file}:${loc.line}:${loc.column}:${message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push({ message, loc });
  }

  block(body: Statement[], ctx: Ctx): void {
    for (const st of body) {
      if (st.type === 'subckt') {
        if (ctx.subckts.has(st.name.name)) {
          const prev = ctx.subckts.get(st.name.name);
          throw new NetlistError(`subcircuit '${st.name.name}' already defined (line ${prev?.loc.line})`, st.name.loc);
        }
        ctx.subckts.set(st.name.name, st);
      } else if (st.type === 'model') {
        const prev = ctx.models.get(st.name.name);
        if (prev) throw new NetlistError(`model '${st.name.name}' already defined (line ${prev.st.loc.line})`, st.name.loc);
        if (!deviceDefinition(st.mtype.name)) {
          this.warn(`model '${st.name.name}' has type ${st.mtype.text.toUpperCase()}, which is not a memspice device type; it can not be used`, st.mtype.loc);
        }
        ctx.models.set(st.name.name, { st, ctx });
      }
    }
    ctx.scope.resolveAll();
    for (const st of body) {
      switch (st.type) {
        case 'element':
          this.element(st, ctx);
          break;
        case 'source':
          this.source(st, ctx);
          break;
        case 'ydevice':
          this.ydevice(st, ctx);
          break;
        case 'instance':
          this.instance(st, ctx);
          break;
        default:
          break;
      }
    }
  }

  node(n: Name, ctx: Ctx): string {
    if (n.name === '0' || n.name === 'gnd') return '0';
    const mapped = ctx.ports.get(n.name) ?? ctx.prefix + n.name;
    if (mapped !== '0' && !this.nodeSet.has(mapped)) {
      this.nodeSet.add(mapped);
      this.nodes.push(mapped);
    }
    return mapped;
  }

  declare(name: string, loc: SourceLocation): void {
    const prev = this.names.get(name);
    if (prev) throw new NetlistError(`duplicate element name '${name}' (first defined at ${prev.file}:${prev.line})`, loc);
    this.names.set(name, loc);
  }

  params(assigns: AssignAst[], scope: ParamScope, owner: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const a of assigns) out[a.key.name] = numberOf(a.value, scope, `${owner} ${a.key.name}`, true);
    return out;
  }

  element(st: Stmt<'element'>, ctx: Ctx): void {
    const name = ctx.prefix + st.name.name;
    this.declare(name, st.name.loc);
    const key = st.letter === 'E' ? 'gain' : st.letter === 'G' ? 'gm' : 'value';
    const params: Record<string, number> = { [key]: num(st.value, ctx.scope, `${st.name.text} ${key}`), ...this.params(st.params, ctx.scope, st.name.text) };
    this.elements.push({ name, kind: st.letter, nodes: st.nodes.map((n) => this.node(n, ctx)), params, loc: st.loc });
  }

  source(st: Stmt<'source'>, ctx: Ctx): void {
    const name = ctx.prefix + st.name.name;
    this.declare(name, st.name.loc);
    const what = st.name.text;
    const spec: SourceSpec = {
      dc: st.dc ? num(st.dc, ctx.scope, `${what} DC value`) : 0,
      hasDc: st.dc !== undefined,
      acMag: st.ac ? (st.ac.mag ? num(st.ac.mag, ctx.scope, `${what} AC magnitude`) : 1) : 0,
      acPhaseDeg: st.ac?.phase ? num(st.ac.phase, ctx.scope, `${what} AC phase`) : 0,
    };
    if (st.wave) {
      const { tran, omitted } = waveform(st.wave, ctx.scope, what);
      spec.tran = tran;
      if (omitted.length > 0) spec.omitted = omitted;
    }
    this.elements.push({ name, kind: st.letter, nodes: st.nodes.map((n) => this.node(n, ctx)), params: {}, source: spec, loc: st.loc });
  }

  ydevice(st: Stmt<'ydevice'>, ctx: Ctx): void {
    const def = deviceDefinition(st.kind);
    if (!def) {
      const known = allDeviceDefinitions()
        .map((d) => d.kind)
        .filter((k) => k.length > 1);
      throw new NetlistError(`unknown device type '${st.kind}' in 'Y${st.kind}'${known.length ? ` (known: ${known.join(', ')})` : ''}`, st.kindLoc);
    }
    const t = def.terminals;
    const label = `Y${st.kind} ${st.name.text}`;
    if (st.words.length < t || st.words.length > t + 1) {
      throw new NetlistError(`${label} needs ${t} node${t === 1 ? '' : 's'} and an optional model name, got ${st.words.length} item${st.words.length === 1 ? '' : 's'}`, st.loc);
    }
    const name = ctx.prefix + st.name.name;
    this.declare(name, st.name.loc);
    const nodes = st.words.slice(0, t).map((n) => this.node(n, ctx));
    let params: Record<string, number> = {};
    let model: string | undefined;
    if (st.words.length === t + 1) {
      const m = st.words[t];
      const entry = this.findModel(m, ctx);
      if (entry.st.mtype.name.toUpperCase() !== st.kind) {
        throw new NetlistError(`model ${m.name} is a ${entry.st.mtype.name.toUpperCase()}, not a ${st.kind}`, m.loc);
      }
      entry.values ??= this.params(entry.st.params, entry.ctx.scope, `model ${entry.st.name.name}`);
      params = { ...entry.values };
      model = m.name;
    }
    Object.assign(params, this.params(st.params, ctx.scope, st.name.text));
    const inst: ElementInstance = { name, kind: st.kind, nodes, params, loc: st.loc };
    if (model !== undefined) inst.model = model;
    this.elements.push(inst);
  }

  findModel(m: Name, ctx: Ctx): ModelEntry {
    for (let c: Ctx | undefined = ctx; c; c = c.parent) {
      const e = c.models.get(m.name);
      if (e) return e;
    }
    throw new NetlistError(`unknown model '${m.name}'`, m.loc);
  }

  instance(st: Stmt<'instance'>, ctx: Ctx): void {
    const inst = ctx.prefix + st.name.name;
    this.declare(inst, st.name.loc);
    let def: Stmt<'subckt'> | undefined;
    let defCtx: Ctx | undefined;
    for (let c: Ctx | undefined = ctx; c && !def; c = c.parent) {
      def = c.subckts.get(st.subckt.name);
      defCtx = c;
    }
    if (!def || !defCtx) throw new NetlistError(`unknown subcircuit '${st.subckt.name}'`, st.subckt.loc);
    const active = ctx.chain.findIndex((c) => c.def === def);
    if (active >= 0) {
      const chain = [...ctx.chain.slice(active).map((c) => c.def.name.name), def.name.name].join(' -> ');
      throw new NetlistError(`recursive subcircuit: ${chain} (instance ${inst})`, st.loc);
    }
    if (st.nodes.length !== def.ports.length) {
      throw new NetlistError(
        `${st.name.text} connects ${st.nodes.length} node${st.nodes.length === 1 ? '' : 's'} but subcircuit ${def.name.name} has ${def.ports.length} port${def.ports.length === 1 ? '' : 's'} (line ${def.loc.line})`,
        st.loc,
      );
    }
    // Instance arguments are evaluated in the caller's scope and fix the subcircuit's parameters.
    const declared = new Set(def.params.map((a) => a.key.name));
    const fixed = new Map<string, number>();
    for (const a of st.params) {
      if (!declared.has(a.key.name)) {
        throw new NetlistError(`subcircuit ${def.name.name} has no parameter '${a.key.name}'${declared.size ? ` (parameters: ${[...declared].join(', ')})` : ''}`, a.key.loc);
      }
      fixed.set(a.key.name, numberOf(a.value, ctx.scope, `${st.name.text} ${a.key.name}`, true));
    }
    const defs = paramDefs(def.params);
    for (const s of def.body) if (s.type === 'param') paramDefs(s.assigns, defs);
    const ports = new Map<string, string>();
    def.ports.forEach((p, k) => {
      ports.set(p.name, this.node(st.nodes[k], ctx));
    });
    const child: Ctx = {
      scope: new ParamScope(defs, defCtx.scope, fixed),
      subckts: new Map(),
      models: new Map(),
      parent: defCtx,
      prefix: `${inst}.`,
      ports,
      chain: [...ctx.chain, { def, inst }],
    };
    this.block(def.body, child);
  }
}

const WAVE_ARGS: Record<Waveform['kind'], string[]> = {
  sin: ['vo', 'va', 'freq', 'td', 'theta', 'phase'],
  pulse: ['v1', 'v2', 'td', 'tr', 'tf', 'pw', 'per'],
  exp: ['v1', 'v2', 'td1', 'tau1', 'td2', 'tau2'],
  pwl: [],
};

function waveform(w: NonNullable<Stmt<'source'>['wave']>, scope: ParamScope, owner: string): { tran: Waveform; omitted: string[] } {
  const up = w.kind.toUpperCase();
  const v = w.args.map((a, k) => num(a, scope, `${owner} ${up} ${WAVE_ARGS[w.kind][k] ?? 'value'}`));
  if (w.kind === 'pwl') {
    if (v.length < 2 || v.length % 2 !== 0) throw new NetlistError(`PWL in ${owner} needs time-value pairs (t1 v1 t2 v2 ...), got ${v.length} values`, w.loc);
    const times: number[] = [];
    const values: number[] = [];
    for (let k = 0; k < v.length; k += 2) {
      if (times.length > 0 && v[k] < times[times.length - 1]) {
        throw new NetlistError(`PWL times in ${owner} must not decrease: ${v[k]} after ${times[times.length - 1]}`, w.args[k].loc);
      }
      times.push(v[k]);
      values.push(v[k + 1]);
    }
    return { tran: { kind: 'pwl', times, values }, omitted: [] };
  }
  const names = WAVE_ARGS[w.kind];
  if (v.length < 2) throw new NetlistError(`${up} in ${owner} needs at least ${names[0]} and ${names[1]}`, w.loc);
  if (v.length > names.length) throw new NetlistError(`${up} in ${owner} takes at most ${names.length} values (${names.join(' ')}), got ${v.length}`, w.args[names.length].loc);
  const a = (k: number): number => v[k] ?? 0;
  const omitted = names.slice(v.length);
  switch (w.kind) {
    case 'sin':
      return { tran: { kind: 'sin', vo: a(0), va: a(1), freq: a(2), td: a(3), theta: a(4), phaseDeg: a(5) }, omitted };
    case 'pulse':
      return { tran: { kind: 'pulse', v1: a(0), v2: a(1), td: a(2), tr: a(3), tf: a(4), pw: a(5), per: a(6) }, omitted };
    case 'exp':
      return { tran: { kind: 'exp', v1: a(0), v2: a(1), td1: a(2), tau1: a(3), td2: a(4), tau2: a(5) }, omitted };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Control lines

const NUMERIC_OPTIONS: ReadonlyArray<keyof SimOptions> = ['reltol', 'abstol', 'vntol', 'gmin', 'itl1', 'itl4', 'maxord', 'chgtol', 'trtol'];
const INTEGER_OPTIONS: ReadonlyArray<keyof SimOptions> = ['itl1', 'itl4', 'maxord'];

function options(sts: Array<Stmt<'options'>>, scope: ParamScope, el: Elaborator): SimOptions {
  const o: SimOptions = { ...DEFAULT_OPTIONS };
  for (const st of sts) {
    for (const e of st.entries) {
      const key = e.key.name;
      if (key === 'method') {
        const v = e.value;
        const word = v?.kind === 'word' ? v.name : undefined;
        if (word === 'trap' || word === 'trapezoidal') o.method = 'trap';
        else if (word === 'gear') o.method = 'gear';
        else throw new NetlistError(`bad value for option method: expected trap or gear`, v?.loc ?? e.loc);
        continue;
      }
      if (key === 'testjac') {
        if (e.value) throw new NetlistError(`option testjac is a flag and takes no value`, e.value.loc);
        o.testjac = true;
        continue;
      }
      if (!(NUMERIC_OPTIONS as readonly string[]).includes(key)) {
        el.warn(`unknown option '${e.key.text}' ignored`, e.loc);
        continue;
      }
      if (!e.value) throw new NetlistError(`option ${key} needs a value (${key}=...)`, e.loc);
      const x = numberOf(e.value, scope, `option ${key}`, true);
      const k = key as Exclude<keyof SimOptions, 'method' | 'testjac'>;
      if ((INTEGER_OPTIONS as readonly string[]).includes(key)) {
        if (!Number.isInteger(x) || x < 1) throw new NetlistError(`bad value for option ${key}: expected a whole number >= 1, got ${x}`, e.value.loc);
        if (key === 'maxord' && x > 2) {
          throw new NetlistError(`bad value for option maxord: supported orders are 1 (backward Euler) and 2 (trap or gear), got ${x}`, e.value.loc);
        }
      } else if (key === 'gmin' ? x < 0 : x <= 0) {
        throw new NetlistError(`bad value for option ${key}: expected a ${key === 'gmin' ? 'non-negative' : 'positive'} number, got ${x}`, e.value.loc);
      }
      o[k] = x;
    }
  }
  return o;
}

interface Lookup {
  nodes: Set<string>;
  names: Map<string, SourceLocation>;
}

function checkNode(n: Name, lk: Lookup, fn: string): string {
  if (n.name === '0' || n.name === 'gnd') return '0';
  if (!lk.nodes.has(n.name)) throw new NetlistError(`unknown node '${n.name}' in ${fn}(...)`, n.loc);
  return n.name;
}

function checkElement(n: Name, lk: Lookup, what: string): string {
  if (!lk.names.has(n.name)) throw new NetlistError(`unknown element '${n.name}' in ${what}`, n.loc);
  return n.name;
}

function signal(s: SignalAst, lk: Lookup): SignalSpec {
  const args = s.args.map((a) => a.name);
  switch (s.fn) {
    case 'v':
      if (s.args.length > 2) throw new NetlistError('v() takes one or two nodes: v(n) or v(n+,n-)', s.loc);
      return { fn: 'v', args: s.args.map((a) => checkNode(a, lk, 'v')), loc: s.loc };
    case 'i':
    case 'z':
      if (s.args.length !== 1) throw new NetlistError(`${s.fn}() takes one element name`, s.loc);
      checkElement(s.args[0], lk, `${s.fn}(...)`);
      return { fn: s.fn, args, loc: s.loc };
    default:
      return { fn: s.fn, args, loc: s.loc };
  }
}

/** x(dev) or x(dev.state): dev must be an element. */
function checkStateSignal(s: SignalAst, lk: Lookup): void {
  if (s.args.length !== 1) throw new NetlistError('x() takes one device name: x(dev) or x(dev.state)', s.loc);
  const a = s.args[0];
  if (lk.names.has(a.name)) return;
  const dot = a.name.lastIndexOf('.');
  if (dot > 0 && lk.names.has(a.name.slice(0, dot))) return;
  throw new NetlistError(`unknown element '${dot > 0 ? a.name.slice(0, dot) : a.name}' in x(...)`, a.loc);
}

function analysis(st: Statement, scope: ParamScope, lk: Lookup): AnalysisSpec | undefined {
  switch (st.type) {
    case 'op':
      return { type: 'op', loc: st.loc };
    case 'dc': {
      const sweeps: DcSweepSpec[] = st.sweeps.map((s) => {
        const source = checkElement(s.source, lk, '.dc (no such source)');
        const start = num(s.start, scope, '.dc start');
        const stop = num(s.stop, scope, '.dc stop');
        const step = num(s.step, scope, '.dc step');
        checkStepDirection(start, stop, step, s.step.loc, `.dc ${source}`);
        return { source, start, stop, step };
      });
      return { type: 'dc', sweeps, loc: st.loc };
    }
    case 'ac': {
      const points = num(st.points, scope, '.ac points');
      if (!Number.isInteger(points) || points < 1) throw new NetlistError(`.ac number of points must be a whole number >= 1, got ${points}`, st.points.loc);
      const fstart = num(st.fstart, scope, '.ac fstart');
      const fstop = num(st.fstop, scope, '.ac fstop');
      if (st.variation !== 'lin' ? fstart <= 0 : fstart < 0) {
        throw new NetlistError(`.ac fstart must be ${st.variation === 'lin' ? 'non-negative' : 'positive for dec and oct'}, got ${fstart}`, st.fstart.loc);
      }
      if (fstop < fstart) throw new NetlistError(`.ac fstop (${fstop}) must not be below fstart (${fstart})`, st.fstop.loc);
      return { type: 'ac', variation: st.variation, points, fstart, fstop, loc: st.loc };
    }
    case 'tran': {
      const tstep = num(st.tstep, scope, '.tran tstep');
      if (tstep <= 0) throw new NetlistError(`.tran tstep must be positive, got ${tstep}`, st.tstep.loc);
      const tstop = num(st.tstop, scope, '.tran tstop');
      if (tstop <= 0) throw new NetlistError(`.tran tstop must be positive, got ${tstop}`, st.tstop.loc);
      const tstart = st.tstart ? num(st.tstart, scope, '.tran tstart') : 0;
      if (st.tstart && (tstart < 0 || tstart >= tstop)) {
        throw new NetlistError(`.tran tstart must be >= 0 and below tstop (${tstop}), got ${tstart}`, st.tstart.loc);
      }
      const spec: AnalysisSpec = { type: 'tran', tstep, tstop, tstart, uic: st.uic, loc: st.loc };
      if (st.tmax) {
        const tmax = num(st.tmax, scope, '.tran tmax');
        if (tmax <= 0) throw new NetlistError(`.tran tmax must be positive, got ${tmax}`, st.tmax.loc);
        spec.tmax = tmax;
      }
      return spec;
    }
    default:
      return undefined;
  }
}

function measure(st: Stmt<'meas'>, scope: ParamScope, lk: Lookup): MeasureSpec {
  const tokens: MeasureSpec['tokens'] = st.tokens.map((t) => {
    switch (t.kind) {
      case 'word':
        return { kind: 'word', value: t.name.name };
      case 'value':
        return { kind: 'number', value: num(t.value, scope, `.meas ${st.name.name}`) };
      case 'signal':
        return { kind: 'signal', signal: signal(t.signal, lk) };
      case 'assign': {
        const v = t.value;
        let value: number | SignalSpec | string;
        if (v.kind === 'word') value = v.name;
        else if (v.kind === 'str') value = v.text;
        else if (v.kind === 'signal') value = signal(v.signal, lk);
        else value = num(v, scope, `.meas ${st.name.name} ${t.key.name}`);
        const tok: MeasureSpec['tokens'][number] = { kind: 'assign', key: t.key.name, value };
        if (t.keySignal) tok.keySignal = signal(t.keySignal, lk);
        return tok;
      }
    }
  });
  return { analysis: st.analysis, name: st.name.name, tokens, loc: st.loc };
}

// ---------------------------------------------------------------------------------------------------------

/** The circuit for one set of `.step` values (`overrides`, lower-case names) or none. */
export function elaborate(ast: NetlistAst, overrides?: Record<string, number>): Circuit {
  const scope = globalScope(ast, overrides);
  const el = new Elaborator();
  for (const w of ast.warnings) el.warn(w.message, w.loc);
  const top: Ctx = { scope, subckts: new Map(), models: new Map(), prefix: '', ports: new Map(), chain: [] };
  el.block(ast.statements, top);

  const lk: Lookup = { nodes: new Set(el.nodes), names: new Map() };
  for (const e of el.elements) lk.names.set(e.name, e.loc);

  const analyses: AnalysisSpec[] = [];
  const prints: PrintSpec[] = [];
  const measures: MeasureSpec[] = [];
  const initialConditions: InitialCondition[] = [];
  for (const st of ast.statements) {
    const a = analysis(st, scope, lk);
    if (a) analyses.push(a);
    else if (st.type === 'print') {
      const p: PrintSpec = { signals: st.signals.map((s) => signal(s, lk)), loc: st.loc };
      if (st.analysis) p.analysis = st.analysis;
      prints.push(p);
    } else if (st.type === 'meas') measures.push(measure(st, scope, lk));
    else if (st.type === 'ic') {
      for (const e of st.entries) {
        if (e.signal.fn === 'v') {
          if (e.signal.args.length !== 1) throw new NetlistError('.ic v() takes one node: v(node)=value', e.signal.loc);
          if (e.signal.args[0].name === '0' || e.signal.args[0].name === 'gnd') throw new NetlistError('.ic can not set the ground node', e.signal.args[0].loc);
        } else if (e.signal.fn === 'x') checkStateSignal(e.signal, lk);
        else throw new NetlistError(`.ic accepts v(node)=value and x(device)=value, not ${e.signal.fn}(...)`, e.signal.loc);
        const sig = signal(e.signal, lk);
        initialConditions.push({ signal: sig, value: num(e.value, scope, `.ic ${e.signal.fn}(${sig.args.join(',')})`), loc: e.loc });
      }
    }
  }
  const opts = options(
    ast.statements.filter((s): s is Stmt<'options'> => s.type === 'options'),
    scope,
    el,
  );
  return {
    title: ast.title,
    elements: el.elements,
    analyses,
    options: opts,
    initialConditions,
    prints,
    measures,
    nodes: el.nodes,
    warnings: el.warnings,
  };
}
