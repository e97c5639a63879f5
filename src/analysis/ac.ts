/**
 * .ac: small-signal analysis at the DC operating point, (G + jwC) Y = B. G and C are the devices' own
 * Jacobians at the operating point, so memristor state dynamics (chemical inductance, conduction
 * capacitance) appear without any device-specific AC code.
 */
import type { AnalysisSpec, Circuit } from '../circuit/circuit.ts';
import { SimulationError } from '../base/errors.ts';
import { SingularMatrixError } from '../engine/linear/solver.ts';
import type { Simulator } from '../engine/simulator.ts';
import { operatingPoint } from './op.ts';
import type { AnalysisResult, ProgressListener } from './results.ts';
import { planMeasures } from './measure/plan.ts';
import { requestedSignals, resolveComplexSignal } from './signals.ts';

export function acFrequencies(spec: Extract<AnalysisSpec, { type: 'ac' }>): number[] {
  const { variation, points, fstart, fstop } = spec;
  const out: number[] = [];
  if (variation === 'lin') {
    if (points === 1) return [fstart];
    for (let k = 0; k < points; k++) out.push(fstart + ((fstop - fstart) * k) / (points - 1));
    return out;
  }
  const base = variation === 'dec' ? 10 : 2;
  const perUnit = points;
  const span = Math.log(fstop / fstart) / Math.log(base);
  const count = Math.floor(span * perUnit + 1e-9);
  for (let k = 0; k <= count; k++) out.push(fstart * Math.pow(base, k / perUnit));
  if (out[out.length - 1] < fstop * (1 - 1e-12)) out.push(fstop);
  return out;
}

export function runAc(
  sim: Simulator,
  circuit: Circuit,
  spec: Extract<AnalysisSpec, { type: 'ac' }>,
  progress?: ProgressListener,
  /** The DC operating point, when the caller has solved it already (zcheck needs it for its closed forms). */
  solvedOperatingPoint?: Float64Array,
  /** The frequencies to solve at: the sweep's own unless a block of it is wanted (runAcBlock). */
  freqs: readonly number[] = acFrequencies(spec),
): AnalysisResult {
  const y = solvedOperatingPoint ?? operatingPoint(sim, '.ac operating point', spec.loc, circuit);
  const sys = sim.system;
  // Linearise at the converged point without limiting, so G and C are the true Jacobians there.
  sys.load(y, 0, true, 1, false);
  const nnz = sys.nnz;
  const gValues = new Float64Array(nnz);
  const cValues = new Float64Array(nnz);
  for (let k = 0; k < nnz; k++) {
    const id = sys.positionEntry[k];
    gValues[k] = sys.G[id];
    cValues[k] = sys.C[id];
  }
  for (let i = 1; i <= sys.n; i++) gValues[sys.diagonalPosition[i]] += sys.diagonalShunt[i];

  const bRe = new Float64Array(sys.size);
  const bIm = new Float64Array(sys.size);
  for (const d of sim.devices) d.loadAc?.({ bRe, bIm });

  const measured = planMeasures(sim, circuit, 'ac', requestedSignals(sim, circuit, 'ac'));
  const signals = measured.signals.map((s) => resolveComplexSignal(sim, s, y));
  const columns = ['freq'];
  for (const s of signals) columns.push(`re(${s.column})`, `im(${s.column})`);

  const solver = sim.solverFactory.complex(sys.pattern);
  // G is the real part at every frequency (the solver only reads it); only the imaginary part wC is formed per point.
  // Two frequencies are factored in one pass where the solver can (factorPair): the same results, less time.
  const imA = new Float64Array(nnz);
  const imB = new Float64Array(nnz);
  const YreA = new Float64Array(sys.size);
  const YimA = new Float64Array(sys.size);
  const YreB = new Float64Array(sys.size);
  const YimB = new Float64Array(sys.size);
  // the solver's unknowns are the system's 1..n (index 0 is ground)
  const [xReA, xImA, xReB, xImB] = [YreA, YimA, YreB, YimB].map((y) => y.subarray(1));
  const pair = new Float64Array(2);
  const data: number[][] = [];
  const singular = (err: unknown, f: number): unknown =>
    err instanceof SingularMatrixError ? new SimulationError(`.ac at f = ${f} Hz: ${sim.explainSingular(err.column + 1)}`, spec.loc) : err;
  const loadRhs = (Yre: Float64Array, Yim: Float64Array): void => {
    Yre.set(bRe);
    Yim.set(bIm);
    Yre[0] = 0;
    Yim[0] = 0;
  };
  const record = (k: number, omega: number, Yre: Float64Array, Yim: Float64Array): void => {
    Yre[0] = 0;
    Yim[0] = 0;
    const row = [freqs[k]];
    for (const s of signals) {
      s.value(Yre, Yim, omega, bRe, bIm, pair);
      row.push(pair[0], pair[1]);
    }
    data.push(row);
    progress?.('ac', (k + 1) / freqs.length);
  };
  for (let k = 0; k < freqs.length; ) {
    const omega = 2 * Math.PI * freqs[k];
    for (let p = 0; p < nnz; p++) imA[p] = omega * cValues[p];
    if (k + 1 < freqs.length && solver.factorPair && solver.solvePair) {
      const omegaB = 2 * Math.PI * freqs[k + 1];
      for (let p = 0; p < nnz; p++) imB[p] = omegaB * cValues[p];
      if (solver.factorPair(gValues, imA, gValues, imB)) {
        loadRhs(YreA, YimA);
        loadRhs(YreB, YimB);
        solver.solvePair(xReA, xImA, xReB, xImB);
        record(k, omega, YreA, YimA);
        record(k + 1, omegaB, YreB, YimB);
        k += 2;
        continue;
      }
    }
    try {
      solver.factor(gValues, imA);
    } catch (err) {
      throw singular(err, freqs[k]);
    }
    loadRhs(YreA, YimA);
    solver.solve(xReA, xImA);
    record(k, omega, YreA, YimA);
    k++;
  }
  return measured.finish({ type: 'ac', columns, data });
}

/**
 * Frequencies [from, to) of the sweep only, for the thread pool's split of one long `.ac` (splitRun in
 * src/simulate.ts); the rows equal those of runAc's whole table bit for bit, on these conditions:
 *
 * - the operating point is recomputed by the same code from the same circuit, so it is the same to the last bit;
 * - the sparse LU chooses its pivot order at its first factorisation and reuses it until a pivot becomes
 *   unacceptable (src/engine/linear/sparse/lu.ts). A block therefore first factors at the sweep's first
 *   frequency, where the whole sweep made its first factorisation, and drops that row. From there its numbers
 *   equal the whole sweep's as long as the whole sweep kept that pivot order up to the block's start, which the
 *   caller checks: every block before the last must have made no pivot search after the first one (by induction
 *   each block then started in the whole sweep's state). The dense LU pivots anew at every factorisation from the
 *   values alone, so it carries no history.
 */
export function runAcBlock(sim: Simulator, circuit: Circuit, spec: Extract<AnalysisSpec, { type: 'ac' }>, from: number, to: number, progress?: ProgressListener): AnalysisResult {
  const freqs = acFrequencies(spec);
  const block = freqs.slice(from, to);
  if (from === 0) return runAc(sim, circuit, spec, progress, undefined, block);
  const table = runAc(sim, circuit, spec, progress, undefined, [freqs[0], ...block]);
  return { ...table, data: table.data.slice(1) };
}
