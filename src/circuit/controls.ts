/**
 * Control lines: analyses, `.print`/`.probe`, `.meas`, `.ic`, `.nodeset` and `.options`, with every node and element
 * name they refer to checked against the flattened circuit.
 */
import { NetlistError, type SourceLocation } from '../base/errors.ts';
import type { Name, NetlistAst, SignalAst, Statement } from '../parse/ast.ts';
import { CONSTANTS, type Expr } from '../parse/expr.ts';
import { DERIVED_SIGNALS } from '../parse/outputExpr.ts';
import {
  DEFAULT_OPTIONS,
  type AnalysisSpec,
  type Circuit,
  type ControlCommand,
  type DcSweepSpec,
  type InitialCondition,
  type MeasureSpec,
  type PrintOutput,
  type PrintSpec,
  type SignalSpec,
  type SimOptions,
} from './circuit.ts';
import type { Flattened } from './flatten.ts';
import { checkStepDirection, num, numberOf, type ParamScope, type Stmt } from './params.ts';

/** Most points a .dc or .ac sweep may have: more is a typo (a step of 1e-300), and its list alone would exhaust memory. */
const MAX_SWEEP_POINTS = 1e6;

const NUMERIC_OPTIONS: ReadonlyArray<keyof SimOptions> = ['reltol', 'abstol', 'vntol', 'gmin', 'itl1', 'itl4', 'maxord', 'chgtol', 'trtol', 'maxsteps'];
const INTEGER_OPTIONS: ReadonlyArray<keyof SimOptions> = ['itl1', 'itl4', 'maxord', 'maxsteps'];

function options(sts: Array<Stmt<'options'>>, scope: ParamScope, warn: Flattened['warn']): SimOptions {
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
      if (key === 'continuation') {
        const v = e.value;
        const word = v?.kind === 'word' ? v.name : undefined;
        if (word === 'natural' || word === 'arclength') o.continuation = word;
        // Xyce's `.options nonlin continuation=N` picks a homotopy by number (its own solver's business): ignored, as
        // other solver-only options are; a misspelt word is still an error.
        else if (v?.kind !== 'word') warn(`option continuation=${v ? 'N' : ''} (Xyce's homotopy selection) ignored: memspice takes continuation=natural or arclength`, e.loc);
        else throw new NetlistError(`bad value for option continuation: expected natural or arclength`, v.loc);
        continue;
      }
      if (key === 'testjac') {
        if (e.value) throw new NetlistError(`option testjac is a flag and takes no value`, e.value.loc);
        o.testjac = true;
        continue;
      }
      if (key === 'temp' || key === 'tnom') {
        if (!e.value) throw new NetlistError(`option ${key} needs a value (${key}=...)`, e.loc);
        const celsius = numberOf(e.value, scope, `option ${key}`, true);
        if (celsius <= -273.15) throw new NetlistError(`bad value for option ${key}: ${celsius} °C is at or below absolute zero`, e.value.loc);
        o[key] = celsius;
        continue;
      }
      // Read before flattening (flatten.ts), which it limits.
      if (key === 'maxelements') continue;
      if (!(NUMERIC_OPTIONS as readonly string[]).includes(key)) {
        warn(`unknown option '${e.key.text}' ignored`, e.loc);
        continue;
      }
      if (!e.value) throw new NetlistError(`option ${key} needs a value (${key}=...)`, e.loc);
      const x = numberOf(e.value, scope, `option ${key}`, true);
      const k = key as Exclude<keyof SimOptions, 'method' | 'testjac' | 'continuation'>;
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
  nodes: { has(name: string): boolean };
  names: { has(name: string): boolean };
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
        const count = start === stop ? 1 : Math.floor((stop - start) / step + 1e-9) + 1;
        if (!(count <= MAX_SWEEP_POINTS)) {
          throw new NetlistError(`.dc ${source} would make ${count} points, more than ${MAX_SWEEP_POINTS}: use a larger step`, s.step.loc);
        }
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
      const count = st.variation === 'lin' ? points : (points * Math.log(fstop / fstart)) / Math.log(st.variation === 'dec' ? 10 : 2);
      if (!(count <= MAX_SWEEP_POINTS)) {
        throw new NetlistError(`.ac would make ${Math.ceil(count)} frequencies, more than ${MAX_SWEEP_POINTS}: use fewer points`, st.points.loc);
      }
      return { type: 'ac', variation: st.variation, points, fstart, fstop, loc: st.loc };
    }
    case 'tran': {
      const givenStep = st.tstep ? num(st.tstep, scope, '.tran tstep') : 0;
      if (st.tstep && givenStep < 0) throw new NetlistError(`.tran tstep must not be negative, got ${givenStep}`, st.tstep.loc);
      const tstop = num(st.tstop, scope, '.tran tstop');
      if (tstop <= 0) throw new NetlistError(`.tran tstop must be positive, got ${tstop}`, st.tstop.loc);
      const tstart = st.tstart ? num(st.tstart, scope, '.tran tstart') : 0;
      if (st.tstart && (tstart < 0 || tstart >= tstop)) {
        throw new NetlistError(`.tran tstart must be >= 0 and below tstop (${tstop}), got ${tstart}`, st.tstart.loc);
      }
      // `.tran 0 tstop` (LTspice, Xyce) and `.tran tstop` leave the step to the simulator. ngspice refuses
      // tstep 0; we take (tstop - tstart)/50, ngspice's own fallback for the largest step, so tmax and the
      // waveform defaults that read tstep (PULSE tr, tf) have a definite value.
      const tstep = givenStep > 0 ? givenStep : (tstop - tstart) / 50;
      const spec: AnalysisSpec = { type: 'tran', tstep, tstop, tstart, uic: st.uic, loc: st.loc };
      if (st.tmax) {
        const tmax = num(st.tmax, scope, '.tran tmax');
        if (tmax <= 0) throw new NetlistError(`.tran tmax must be positive, got ${tmax}`, st.tmax.loc);
        spec.tmax = tmax;
      }
      return spec;
    }
    case 'pss': {
      const spec: AnalysisSpec = { type: 'pss', loc: st.loc };
      if (st.tguess) {
        spec.tguess = num(st.tguess, scope, '.pss tguess');
        if (!(spec.tguess > 0)) throw new NetlistError(`.pss tguess (the expected period) must be positive, got ${spec.tguess}`, st.tguess.loc);
      }
      if (st.tsettle) {
        spec.tsettle = num(st.tsettle, scope, '.pss tsettle');
        if (!(spec.tsettle > 0)) throw new NetlistError(`.pss tsettle (the warm-up length) must be positive, got ${spec.tsettle}`, st.tsettle.loc);
      }
      return spec;
    }
    case 'poles': {
      if (st.max === undefined) return { type: 'poles', loc: st.loc };
      return { type: 'poles', max: maxPoles(num(st.max, scope, '.poles max'), st.max.loc, '.poles'), loc: st.loc };
    }
    case 'stability': {
      // A swept .param must be one the sweep can override: a top-level `.param` (or a `.step` one).
      if (st.param && !scope.has(st.source.name)) throw new NetlistError(`unknown parameter '${st.source.name}' in .stability param (no top-level .param defines it)`, st.source.loc);
      const source = st.param ? st.source.name : checkElement(st.source, lk, '.stability (no such source)');
      const start = num(st.start, scope, '.stability start');
      const stop = num(st.stop, scope, '.stability stop');
      const step = num(st.step, scope, '.stability step');
      checkStepDirection(start, stop, step, st.step.loc, `.stability ${source}`);
      const count = start === stop ? 1 : Math.floor((stop - start) / step + 1e-9) + 1;
      if (!(count <= MAX_SWEEP_POINTS)) {
        throw new NetlistError(`.stability ${source} would make ${count} points, more than ${MAX_SWEEP_POINTS}: use a larger step`, st.step.loc);
      }
      // Six rightmost poles by default: enough to see a pair cross and the next one behind it.
      const max = st.max === undefined ? 6 : maxPoles(num(st.max, scope, '.stability max'), st.max.loc, '.stability');
      return { type: 'stability', sweep: { source, start, stop, step }, ...(st.param ? { param: true as const } : {}), max, loc: st.loc };
    }
    default:
      return undefined;
  }
}

function maxPoles(max: number, loc: SourceLocation, what: string): number {
  if (!Number.isInteger(max) || max < 1) throw new NetlistError(`${what} max must be a whole number >= 1, got ${max}`, loc);
  return max;
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

/** The control lines, every name they refer to checked against the flattened circuit. */
export function controlLines(ast: NetlistAst, scope: ParamScope, flat: Flattened): Pick<Circuit, 'analyses' | 'prints' | 'measures' | 'initialConditions' | 'options' | 'nodesets' | 'control'> {
  // The element names are collected only when a line names an element: most large netlists probe nodes only.
  let elementNames: Set<string> | undefined;
  const lk: Lookup = {
    nodes: flat.nodeIndex,
    names: { has: (name) => (elementNames ??= new Set(flat.elements.map((e) => e.name))).has(name) },
  };

  const analyses: AnalysisSpec[] = [];
  const prints: PrintSpec[] = [];
  const measures: MeasureSpec[] = [];
  const initialConditions: InitialCondition[] = [];
  let control: ControlCommand[] | undefined;
  const nodesets: InitialCondition[] = [];
  for (const st of ast.statements) {
    const a = analysis(st, scope, lk);
    if (a) analyses.push(a);
    else if (st.type === 'print') prints.push(printLine(st, scope, lk));
    else if (st.type === 'control') {
      control ??= [];
      for (const c of st.commands) {
        if (c.kind === 'run') control.push(c);
        else if (c.kind === 'analysis') control.push({ kind: 'analysis', spec: analysis(c.statement, scope, lk) as AnalysisSpec, loc: c.loc });
        else {
          const cmd: ControlCommand = { kind: c.kind, vectors: c.vectors.map((v) => signal(v, lk)), all: c.all, loc: c.loc };
          if (c.file !== undefined) cmd.file = c.file;
          if (c.options && cmd.kind === 'wrdata') cmd.options = c.options;
          control.push(cmd);
        }
      }
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
    } else if (st.type === 'nodeset') {
      for (const e of st.entries) {
        if (e.signal.args.length !== 1) throw new NetlistError('.nodeset v() takes one node: v(node)=value', e.signal.loc);
        if (e.signal.args[0].name === '0' || e.signal.args[0].name === 'gnd') throw new NetlistError('.nodeset can not set the ground node', e.signal.args[0].loc);
        const sig = signal(e.signal, lk);
        nodesets.push({ signal: sig, value: num(e.value, scope, `.nodeset v(${sig.args[0]})`), loc: e.loc });
      }
    }
  }
  const opts = options(
    ast.statements.filter((s): s is Stmt<'options'> => s.type === 'options'),
    scope,
    (message, loc) => flat.warn(message, loc),
  );
  const lines: Pick<Circuit, 'analyses' | 'prints' | 'measures' | 'initialConditions' | 'options' | 'nodesets' | 'control'> = { analyses, prints, measures, initialConditions, options: opts };
  if (nodesets.length > 0) lines.nodesets = nodesets;
  if (control) lines.control = control;
  return lines;
}

/**
 * A `.print`/`.probe`/`.save` line. `vdb(out)` and the other shorthands become expressions over v() or i();
 * an expression's parameters become numbers, its signals are checked like any other.
 */
function printLine(st: Stmt<'print'>, scope: ParamScope, lk: Lookup): PrintSpec {
  const signals: SignalSpec[] = [];
  const outputs: PrintOutput[] = [];
  let plain = true;
  const derivedLeaf = (s: SignalAst): { leaf: SignalSpec; fn?: string } => {
    const d = Object.hasOwn(DERIVED_SIGNALS, s.fn) ? DERIVED_SIGNALS[s.fn] : undefined;
    return d ? { leaf: signal({ ...s, fn: d.base }, lk), fn: d.fn } : { leaf: signal(s, lk) };
  };
  for (const item of st.items) {
    if (item.kind === 'signal') {
      const { leaf, fn } = derivedLeaf(item.signal);
      if (fn === undefined) {
        signals.push(leaf);
        outputs.push({ kind: 'signal', signal: leaf });
      } else {
        plain = false;
        const loc = item.signal.loc;
        const column = `${item.signal.fn}(${item.signal.args.map((a) => a.name).join(',')})`;
        outputs.push({ kind: 'expr', column, expr: { t: 'call', fn, args: [{ t: 'ref', name: '#0', loc }], loc }, leaves: [leaf], loc });
      }
    } else if (item.kind === 'all') {
      plain = false;
      outputs.push(item);
    } else {
      plain = false;
      const resolved = item.signals.map(derivedLeaf);
      const substitute = (e: Expr): Expr => {
        switch (e.t) {
          case 'num':
            return e;
          case 'ref': {
            if (e.name.startsWith('#')) {
              const fn = resolved[Number(e.name.slice(1))].fn;
              return fn ? { t: 'call', fn, args: [e], loc: e.loc } : e;
            }
            const v = scope.lookup(e.name) ?? (Object.hasOwn(CONSTANTS, e.name) ? CONSTANTS[e.name] : undefined);
            if (v === undefined) throw new NetlistError(`undefined parameter '${e.name}' in the output expression {${item.text}}`, e.loc);
            return { t: 'num', value: v, loc: e.loc };
          }
          case 'neg':
            return { ...e, arg: substitute(e.arg) };
          case 'bin':
            return { ...e, left: substitute(e.left), right: substitute(e.right) };
          case 'call':
            return { ...e, args: e.args.map(substitute) };
        }
      };
      outputs.push({ kind: 'expr', column: item.text, expr: substitute(item.expr), leaves: resolved.map((r) => r.leaf), loc: item.loc });
    }
  }
  const p: PrintSpec = { signals, loc: st.loc };
  if (st.analysis) p.analysis = st.analysis;
  if (!plain) p.outputs = outputs;
  if (st.format) p.format = st.format;
  return p;
}
