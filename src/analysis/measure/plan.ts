/**
 * The hook between .meas and the analyses: which signals an analysis must evaluate for its measurements,
 * and, once it has run, the measurements added to its result (syntax.ts reads the lines, evaluate.ts
 * computes the numbers).
 */
import type { AnalysisType, Circuit, MeasureSpec, SignalSpec } from '../../circuit/circuit.ts';
import { NetlistError } from '../../base/errors.ts';
import type { Simulator } from '../../engine/simulator.ts';
import type { AnalysisResult } from '../results.ts';
import { signalName } from '../signals.ts';
import { Data, evaluate } from './evaluate.ts';
import { operandsOf, parseMeasures, type Parsed } from './syntax.ts';

/**
 * Each circuit's .meas lines are read once: checkMeasures reads them before the first analysis, and every
 * analysis then plans from the same result. Keyed by the circuit's measure list, which elaboration creates
 * once per circuit and nothing modifies.
 */
const parsedByCircuit = new WeakMap<readonly MeasureSpec[], Parsed[]>();

function parsedMeasures(circuit: Circuit): Parsed[] {
  let parsed = parsedByCircuit.get(circuit.measures);
  if (!parsed) {
    parsed = parseMeasures(circuit);
    parsedByCircuit.set(circuit.measures, parsed);
  }
  return parsed;
}

/**
 * Checks every .meas line before any analysis runs (syntax errors first, not after a long transient) and warns
 * about measurements whose analysis type the netlist does not run.
 */
export function checkMeasures(sim: Simulator, circuit: Circuit): void {
  const parsed = parsedMeasures(circuit);
  const types = new Set(circuit.analyses.map((a) => a.type));
  for (const p of parsed) {
    if (!types.has(p.spec.analysis)) {
      sim.warnings.push({ message: `.meas ${p.spec.name}: the netlist has no .${p.spec.analysis} analysis; measurement not made`, loc: p.spec.loc });
    }
  }
}

export interface MeasurePlan {
  /** The signals the analysis evaluates: the printed ones first, then those only measurements need. */
  readonly signals: SignalSpec[];
  /** Adds `measures` to the analysis' result and drops the measured-only columns. */
  finish(result: AnalysisResult): AnalysisResult;
}

export function planMeasures(sim: Simulator, circuit: Circuit, type: AnalysisType, printed: SignalSpec[]): MeasurePlan {
  const parsed = parsedMeasures(circuit).filter((p) => p.spec.analysis === type);
  if (parsed.length === 0) return { signals: printed, finish: (r) => r };
  const signals = [...printed];
  const position = new Map<string, number>();
  printed.forEach((s, k) => {
    if (!position.has(signalName(s))) position.set(signalName(s), k);
  });
  for (const p of parsed) {
    for (const o of operandsOf(p.m)) {
      const key = signalName(o.spec);
      if (!position.has(key)) {
        position.set(key, signals.length);
        signals.push(o.spec);
      }
    }
  }
  const extra = signals.length - printed.length;
  const width = type === 'ac' ? 2 : 1;
  return {
    signals,
    finish(result) {
      // Leading non-signal columns: time / freq, the .dc sweep values.
      const lead = type === 'dc' ? result.columns.length - width * signals.length : 1;
      if (type === 'dc' && lead !== 1) {
        const p = parsed[0];
        throw new NetlistError(`.meas ${p.spec.name}: .dc measurements need a single swept source (this .dc has ${lead})`, p.spec.loc);
      }
      const data = new Data(result, lead, width, position);
      const measures: Record<string, number> = {};
      for (const p of parsed) {
        const warn = (message: string): void => {
          sim.warnings.push({ message: `.meas ${p.spec.name}: ${message}`, loc: p.spec.loc });
        };
        evaluate(p, data, measures, warn);
      }
      const cut = lead + width * printed.length;
      const drop = width * extra;
      const keep = <T>(row: T[]): T[] => (drop === 0 ? row : [...row.slice(0, cut), ...row.slice(cut + drop)]);
      return { ...result, columns: keep(result.columns), data: result.data.map((row) => keep(row)), measures };
    },
  };
}
