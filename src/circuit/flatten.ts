/**
 * Flattening: subcircuit instances expanded into hierarchically named elements and nodes (`x1.r2`, `x1.n`),
 * models merged under instance parameters, source values and waveforms evaluated. Device kinds are checked
 * against the `DeviceCatalog` the caller gives.
 */
import { NetlistError, type SourceLocation } from '../base/errors.ts';
import type { AssignAst, Name, NetlistAst, Statement } from '../parse/ast.ts';
import { CONSTANTS, type Expr } from '../parse/expr.ts';
import type { Circuit, DeviceCatalog, ElementInstance, SourceSpec, Waveform } from './circuit.ts';
import { MAX_CHAIN, num, numberOf, paramDefs, ParamScope, type Stmt } from './params.ts';

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

/** Collects the flat elements and nodes while walking the netlist's blocks. */
class Elaborator {
  constructor(
    private readonly devices: DeviceCatalog,
    /** `.step MODEL:PARAM` values: model name -> parameter -> value, over the `.model` line's own. */
    private readonly modelSteps: ReadonlyMap<string, Record<string, number>> = new Map(),
    /** `.global` nodes: the same node in every instance (a port of the same name still maps to the caller's node). */
    private readonly globals: ReadonlySet<string> = new Set(),
    /** Most elements the flat circuit may have (`.options maxelements`): a fan-out of subcircuits can multiply without bound. */
    private readonly maxElements: number = DEFAULT_MAX_ELEMENTS,
  ) {}

  /** Elements one instance of a subcircuit expands to, by definition (names resolve lexically, so per definition suffices). */
  private readonly expandedSizes = new Map<Stmt<'subckt'>, number>();

  readonly elements: ElementInstance[] = [];
  readonly nodes: string[] = [];
  /**
   * Each node's position in `nodes`, from 1 (its unknown's index: ground is 0). Built once here and reused by
   * the control lines and the engine: in a 400k-element netlist every Map of all names costs about a second.
   */
  readonly nodeIndex = new Map<string, number>();
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
        if (prev) {
          // ngspice 39 keeps the first card of a name and ignores the later ones, silently (a KiCad netlist
          // repeats the cards of its included library inline); memspice does the same, but says so.
          this.warn(`model '${st.name.name}' already defined (line ${prev.st.loc.line}); this card is ignored, as ngspice ignores it`, st.name.loc);
          continue;
        }
        const mtype = st.mtype.name.toUpperCase();
        if (!this.devices.get(mtype) && !SWITCH_MODEL_TYPES.has(mtype) && !this.devices.all().some((d) => d.modelTypes?.[mtype])) {
          this.warn(`model '${st.name.name}' has type ${st.mtype.text.toUpperCase()}, which is not a memspice device type; it can not be used`, st.mtype.loc);
        }
        ctx.models.set(st.name.name, { st, ctx });
      }
    }
    ctx.scope.resolveAll();
    for (const st of body) {
      if ((st.type === 'element' || st.type === 'source' || st.type === 'ydevice' || st.type === 'behavioural') && this.elements.length >= this.maxElements) {
        throw new NetlistError(`the circuit has more than ${this.maxElements} elements, the limit (.options maxelements=N raises it)`, st.loc);
      }
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
        case 'behavioural':
          this.behavioural(st, ctx);
          break;
        case 'instance':
          this.instance(st, ctx);
          break;
        case 'unsupported':
          throw new NetlistError(st.message, st.loc);
        default:
          break;
      }
    }
  }

  node(n: Name, ctx: Ctx): string {
    if (n.name === '0' || n.name === 'gnd') return '0';
    const mapped = ctx.ports.get(n.name) ?? (this.globals.has(n.name) ? n.name : ctx.prefix + n.name);
    if (mapped !== '0' && !this.nodeIndex.has(mapped)) {
      this.nodes.push(mapped);
      this.nodeIndex.set(mapped, this.nodes.length);
    }
    return mapped;
  }

  declare(name: string, loc: SourceLocation): void {
    const prev = this.names.get(name);
    if (prev) throw new NetlistError(`duplicate element name '${name}' (first defined at ${prev.file}:${prev.line})`, loc);
    this.names.set(name, loc);
  }

  /**
   * A used model's parameters less a text `version=3.3.0` (BSIM cards), which no memspice device reads: ignored
   * with a warning, as ngspice ignores a model parameter its device does not have.
   */
  withoutVersion(st: Stmt<'model'>): AssignAst[] {
    return st.params.filter((a) => {
      if (a.key.name !== 'version' || a.value.kind !== 'str') return true;
      this.warn(`model '${st.name.name}': version=${a.value.text} ignored (text, which no memspice device reads)`, a.loc);
      return false;
    });
  }

  params(assigns: AssignAst[], scope: ParamScope, owner: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const a of assigns) out[a.key.name] = numberOf(a.value, scope, `${owner} ${a.key.name}`, true);
    return out;
  }

  element(st: Stmt<'element'>, ctx: Ctx): void {
    const name = ctx.prefix + st.name.name;
    this.declare(name, st.name.loc);
    const key = VALUE_KEY[st.letter];
    const params: Record<string, number> = {};
    let model: string | undefined;
    if (st.model) {
      // `R1 a b rmod` / `C1 a b 1p cmod`: the model's parameters, under the instance's own.
      const entry = this.findModel(st.model, ctx);
      const type = MODEL_TYPE[st.letter] ?? st.letter;
      if (entry.st.mtype.name.toUpperCase() !== type) {
        throw new NetlistError(`model ${st.model.name} is a ${entry.st.mtype.name.toUpperCase()}, not an ${type} model`, st.model.loc);
      }
      entry.values ??= this.params(entry.st.params, entry.ctx.scope, `model ${entry.st.name.name}`);
      Object.assign(params, entry.values);
      model = st.model.name;
    }
    if (st.value) params[key] = num(st.value, ctx.scope, `${st.name.text} ${key}`);
    Object.assign(params, this.params(st.params, ctx.scope, st.name.text));
    const inst: ElementInstance = { name, kind: st.letter, nodes: st.nodes.map((n) => this.node(n, ctx)), params, loc: st.loc };
    if (model !== undefined) inst.model = model;
    if (st.refs) {
      inst.refs = st.refs.map((r) => ctx.prefix + r.name);
      this.referring.push({ inst, refs: st.refs });
    }
    this.elements.push(inst);
  }

  /** F, H and K name other elements, possibly defined later in their block: resolved once all are flat. */
  readonly referring: Array<{ inst: ElementInstance; refs: Name[] }> = [];

  resolveReferences(): void {
    if (this.referring.length === 0) return;
    const byName = new Map(this.elements.map((e) => [e.name, e]));
    for (const { inst, refs } of this.referring) {
      const need = inst.kind === 'K' ? 'L' : 'V';
      inst.refElements = (inst.refs ?? []).map((full, k) => {
        const target = byName.get(full);
        const what = need === 'L' ? 'an inductor' : 'a voltage source';
        if (!target) throw new NetlistError(`${refs[k].text}: no such element (${inst.kind} ${inst.name} needs ${what})`, refs[k].loc);
        if (target.kind !== need) throw new NetlistError(`${refs[k].text} is not ${what} (${inst.kind} ${inst.name} needs ${what})`, refs[k].loc);
        return target;
      });
    }
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
    const def = this.devices.get(st.kind);
    if (!def) {
      const known = this.devices
        .all()
        .map((d) => d.kind)
        .filter((k) => k.length > 1);
      throw new NetlistError(`unknown device type '${st.kind}' in 'Y${st.kind}'${known.length ? ` (known: ${known.join(', ')})` : ''}`, st.kindLoc);
    }
    const t = def.terminals;
    // D and M lines are named by the element itself; Y lines by the word after the type.
    const label = st.kind.length === 1 ? st.name.text : `Y${st.kind} ${st.name.text}`;
    if (st.words.length < t || st.words.length > t + 1) {
      throw new NetlistError(`${label} needs ${t} node${t === 1 ? '' : 's'} and an optional model name, got ${st.words.length} item${st.words.length === 1 ? '' : 's'}`, st.loc);
    }
    // `D1 3 DMOD` with a model DMOD in scope: a node is missing, not a diode to a new node named dmod.
    const last = st.words[st.words.length - 1];
    if (st.words.length === t && t > 1 && this.hasModel(last, ctx)) {
      throw new NetlistError(`${label} needs ${t} nodes before its model name: '${last.text}' is a model, so only ${t - 1} node${t === 2 ? ' is' : 's are'} given`, last.loc);
    }
    const name = ctx.prefix + st.name.name;
    this.declare(name, st.name.loc);
    const nodes = st.words.slice(0, t).map((n) => this.node(n, ctx));
    let params: Record<string, number> = {};
    let model: string | undefined;
    if (st.words.length === t + 1) {
      const m = st.words[t];
      const entry = this.findModel(m, ctx);
      const mtype = entry.st.mtype.name.toUpperCase();
      // A model type other than the kind itself (NMOS, PMOS for M) implies parameters of its own.
      const implied = def.modelTypes ? def.modelTypes[mtype] : mtype === st.kind ? {} : undefined;
      if (!implied) {
        const accepted = def.modelTypes ? Object.keys(def.modelTypes).join(' or ') : `a ${st.kind}`;
        throw new NetlistError(`model ${m.name} is a ${mtype}, not ${accepted}`, m.loc);
      }
      entry.values ??= { ...this.params(this.withoutVersion(entry.st), entry.ctx.scope, `model ${entry.st.name.name}`), ...this.modelSteps.get(entry.st.name.name) };
      params = { ...implied, ...entry.values };
      model = m.name;
    }
    Object.assign(params, this.params(st.params, ctx.scope, st.name.text));
    const inst: ElementInstance = { name, kind: st.kind, nodes, params, loc: st.loc };
    if (model !== undefined) inst.model = model;
    this.elements.push(inst);
  }

  /**
   * A behavioural source: parameters become numbers, `v(a)`, `v(a,b)` and `i(vname)` become refs `#k` to the
   * instance's signals (nodes flattened as the element's own, `i()` names as F/H controls are), `time` and
   * `temp` stay names for the device.
   */
  behavioural(st: Stmt<'behavioural'>, ctx: Ctx): void {
    const name = ctx.prefix + st.name.name;
    this.declare(name, st.name.loc);
    const nodes = st.nodes.map((n) => this.node(n, ctx));
    const refs: string[] = [];
    const signals: NonNullable<ElementInstance['behaviour']>['signals'] = [];
    const nodeIndex = (e: Expr): number => {
      // A node name reads as a ref, or as a number (`v(2)`): its text as written.
      const text = e.t === 'ref' ? e.name : e.t === 'num' ? (/^[\w.#+\-]+/.exec(e.loc.text.slice(e.loc.column - 1))?.[0] ?? '') : '';
      if (text === '') throw new NetlistError(`v() takes node names in ${st.name.text}`, e.loc);
      const flat = this.node({ name: text.toLowerCase(), text, loc: e.loc }, ctx);
      if (flat === '0') return -1;
      const k = nodes.indexOf(flat);
      if (k >= 0) return k;
      nodes.push(flat);
      return nodes.length - 1;
    };
    const convert = (e: Expr): Expr => {
      switch (e.t) {
        case 'num':
          return e;
        case 'ref': {
          if (e.name === 'time' || e.name === 'temp') return e;
          const v = ctx.scope.lookup(e.name) ?? (Object.hasOwn(CONSTANTS, e.name) ? CONSTANTS[e.name] : undefined);
          if (v === undefined) throw new NetlistError(`undefined parameter '${e.name}' in ${st.name.text}`, e.loc);
          return { t: 'num', value: v, loc: e.loc };
        }
        case 'neg':
          return { ...e, arg: convert(e.arg) };
        case 'bin':
          return { ...e, left: convert(e.left), right: convert(e.right) };
        case 'call': {
          if (e.fn === 'v' && (e.args.length === 1 || e.args.length === 2)) {
            signals.push({ fn: 'v', a: nodeIndex(e.args[0]), b: e.args.length === 2 ? nodeIndex(e.args[1]) : -1 });
            return { t: 'ref', name: `#${signals.length - 1}`, loc: e.loc };
          }
          if (e.fn === 'i' && e.args.length === 1 && e.args[0].t === 'ref') {
            const full = ctx.prefix + e.args[0].name;
            let k = refs.indexOf(full);
            if (k < 0) k = refs.push(full) - 1;
            signals.push({ fn: 'i', ref: k });
            return { t: 'ref', name: `#${signals.length - 1}`, loc: e.loc };
          }
          return { ...e, args: e.args.map(convert) };
        }
      }
    };
    const expr = convert(st.expr);
    const inst: ElementInstance = { name, kind: 'B', nodes, params: {}, behaviour: { mode: st.mode, expr, signals }, loc: st.loc };
    if (refs.length > 0) inst.refs = refs;
    this.elements.push(inst);
  }

  /**
   * Elements in one instance of `def`, nested instances included; `outer` finds subcircuits visible where `def`
   * is defined. Recursive or unknown subcircuits count nothing here: expanding them reports the error.
   */
  private expandedSize(def: Stmt<'subckt'>, outer: (name: string) => Stmt<'subckt'> | undefined, active = new Set<Stmt<'subckt'>>()): number {
    const known = this.expandedSizes.get(def);
    if (known !== undefined) return known;
    if (active.has(def) || active.size >= MAX_CHAIN) return 0;
    active.add(def);
    const local = new Map<string, Stmt<'subckt'>>();
    for (const st of def.body) if (st.type === 'subckt') local.set(st.name.name, st);
    const lookup = (name: string): Stmt<'subckt'> | undefined => local.get(name) ?? outer(name);
    let size = 0;
    for (const st of def.body) {
      if (st.type === 'element' || st.type === 'source' || st.type === 'ydevice' || st.type === 'behavioural') size += 1;
      else if (st.type === 'instance') {
        const inner = lookup(st.subckt.name);
        if (inner) size += this.expandedSize(inner, lookup, active);
      }
    }
    active.delete(def);
    this.expandedSizes.set(def, size);
    return size;
  }

  hasModel(m: Name, ctx: Ctx): boolean {
    for (let c: Ctx | undefined = ctx; c; c = c.parent) if (c.models.has(m.name)) return true;
    return false;
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
    if (ctx.chain.length >= MAX_CHAIN) {
      throw new NetlistError(
        `subcircuit instances nested more than ${MAX_CHAIN} deep (${ctx.chain[0].def.name.name} -> ... -> ${ctx.chain[ctx.chain.length - 1].def.name.name} -> ${def.name.name})`,
        st.loc,
      );
    }
    // Counted before building, so a fan-out of 2^24 elements fails at once instead of after filling memory.
    const size = this.expandedSize(def, (name) => {
      for (let c: Ctx | undefined = ctx; c; c = c.parent) {
        const found = c.subckts.get(name);
        if (found) return found;
      }
      return undefined;
    });
    if (this.elements.length + size > this.maxElements) {
      throw new NetlistError(
        `${st.name.text} expands to ${size.toPrecision(3).replace(/\.?0+(e|$)/, '$1')} elements${this.elements.length ? ` (with ${this.elements.length} already in the circuit)` : ''}, more than the limit of ${this.maxElements} (.options maxelements=N raises it)`,
        st.loc,
      );
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

/** Model types whose name is not their element letter: switches (ngspice SW, CSW). */
const MODEL_TYPE: Partial<Record<Stmt<'element'>['letter'], string>> = { S: 'SW', W: 'CSW' };
const SWITCH_MODEL_TYPES = new Set(Object.values(MODEL_TYPE));

/** Where an element's positional value goes in its parameters. */
const VALUE_KEY: Record<Stmt<'element'>['letter'], string> = { R: 'value', C: 'value', L: 'value', E: 'gain', G: 'gm', F: 'gain', H: 'transresistance', K: 'k', S: '', W: '' };

const WAVE_ARGS: Record<Waveform['kind'], string[]> = {
  sin: ['vo', 'va', 'freq', 'td', 'theta', 'phase'],
  pulse: ['v1', 'v2', 'td', 'tr', 'tf', 'pw', 'per'],
  exp: ['v1', 'v2', 'td1', 'tau1', 'td2', 'tau2'],
  sffm: ['vo', 'va', 'fc', 'mdi', 'fs', 'phasec', 'phases'],
  am: ['va', 'vo', 'mf', 'fc', 'td', 'phasec', 'phases'],
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
    const tran: Waveform = { kind: 'pwl', times, values };
    if (w.delay) tran.delay = num(w.delay, scope, `${owner} PWL td`);
    if (w.repeat) {
      const from = num(w.repeat, scope, `${owner} PWL r`);
      // ngspice repeats from a time that is one of the list's points, before its last.
      if (!times.slice(0, -1).includes(from)) {
        throw new NetlistError(`PWL r=${from} in ${owner} must be one of the PWL times before the last (${times.slice(0, -1).join(', ')})`, w.repeat.loc);
      }
      tran.repeatFrom = from;
    }
    return { tran, omitted: [] };
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
    case 'sffm':
      return { tran: { kind: 'sffm', vo: a(0), va: a(1), fc: a(2), mdi: a(3), fs: a(4), phasecDeg: a(5), phasesDeg: a(6) }, omitted };
    case 'am':
      return { tran: { kind: 'am', va: a(0), vo: a(1), mf: a(2), fc: a(3), td: a(4), phasecDeg: a(5), phasesDeg: a(6) }, omitted };
  }
}

/** What flattening produces, and the warnings sink the later stages of elaboration add to. */
export interface Flattened {
  elements: ElementInstance[];
  nodes: string[];
  /** Position of each node in `nodes`, from 1. */
  nodeIndex: ReadonlyMap<string, number>;
  warnings: Circuit['warnings'];
  warn(message: string, loc: SourceLocation): void;
}

/** The netlist's elements, flat; the reader's warnings come first, then those of elaboration in source order. */
export function flatten(
  ast: NetlistAst,
  scope: ParamScope,
  devices: DeviceCatalog,
  modelSteps?: ReadonlyMap<string, Record<string, number>>,
  /** Replaces `.options maxelements=` when given (still checked there). */
  maxElements?: number,
): Flattened {
  const fromNetlist = maxElementsOption(ast.statements, scope);
  const el = new Elaborator(devices, modelSteps, globalNodes(ast.statements), maxElements ?? fromNetlist);
  for (const w of ast.warnings) el.warn(w.message, w.loc);
  el.block(ast.statements, { scope, subckts: new Map(), models: new Map(), prefix: '', ports: new Map(), chain: [] });
  el.resolveReferences();
  return el;
}

/**
 * Default limit on the flat circuit's elements. A resistor costs about 1 kB through elaboration, setup and the
 * sparse matrix, so 5 million fit well within a 24 GB machine (and Node's heap), while a typo'd fan-out of
 * subcircuits (2^24 and more) is refused before any is built.
 */
export const DEFAULT_MAX_ELEMENTS = 5_000_000;

/** `.options maxelements=N` (top-level lines; the last one wins), needed before flattening, so read here. */
function maxElementsOption(body: readonly Statement[], scope: ParamScope): number {
  let max = DEFAULT_MAX_ELEMENTS;
  for (const st of body) {
    if (st.type !== 'options') continue;
    for (const e of st.entries) {
      if (e.key.name !== 'maxelements') continue;
      if (!e.value) throw new NetlistError('option maxelements needs a value (maxelements=...)', e.loc);
      const x = numberOf(e.value, scope, 'option maxelements', true);
      if (!Number.isInteger(x) || x < 1) throw new NetlistError(`bad value for option maxelements: expected a whole number >= 1, got ${x}`, e.value.loc);
      max = x;
    }
  }
  return max;
}

/** The nodes of every `.global` line, wherever it stands; ground stays ground. */
function globalNodes(body: readonly Statement[], into = new Set<string>()): Set<string> {
  for (const st of body) {
    if (st.type === 'global') for (const n of st.nodes) if (n.name !== '0' && n.name !== 'gnd') into.add(n.name);
    if (st.type === 'subckt') globalNodes(st.body, into);
  }
  return into;
}
