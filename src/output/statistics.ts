/**
 * Summary statistics of `.meas` results over the runs of a sweep or Monte Carlo analysis, and their CSV
 * (one row per run).
 */
import type { SimulationResult } from '../analysis/results.ts';
import { formatNumber, safePiece } from './csv.ts';

export interface Summary {
  /** Runs with a finite value (the statistics are over these). */
  count: number;
  /** Runs whose value is NaN or infinite (the measure failed in them). */
  failed: number;
  mean: number;
  /** Sample standard deviation (divisor n - 1); NaN for fewer than two values. */
  std: number;
  min: number;
  q05: number;
  median: number;
  q95: number;
  max: number;
}

/** Quantile p of sorted values, linear between order statistics (R's type 7, numpy's default). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function summarize(values: readonly number[]): Summary {
  const finite = values.filter(Number.isFinite);
  const n = finite.length;
  const mean = finite.reduce((s, x) => s + x, 0) / n;
  // Two passes (mean first): the one-pass sum of squares loses the digits of a small spread around a large mean.
  const std = n > 1 ? Math.sqrt(finite.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  return { count: n, failed: values.length - n, mean, std, min: sorted[0] ?? NaN, q05: quantile(sorted, 0.05), median: quantile(sorted, 0.5), q95: quantile(sorted, 0.95), max: sorted[n - 1] ?? NaN };
}

/** One line per measure for the terminal: `name: n=100 mean=... std=... min=... q05=... median=... q95=... max=...`. */
export function summaryLines(result: SimulationResult): string[] {
  const over = result.measureRuns;
  if (!over) return [];
  return Object.entries(over.values).map(([name, values]) => {
    const s = summarize(values);
    const failed = s.failed > 0 ? ` failed=${s.failed}` : '';
    const g = (x: number): string => (Number.isFinite(x) ? x.toPrecision(6) : formatNumber(x));
    return `${name}: n=${s.count}${failed} mean=${g(s.mean)} std=${g(s.std)} min=${g(s.min)} q05=${g(s.q05)} median=${g(s.median)} q95=${g(s.q95)} max=${g(s.max)}`;
  });
}

/** The measures over runs as CSV: a column per stepped parameter, `sample` under .mc, then one per measure. */
export function measureRunsCsv(result: SimulationResult): string | undefined {
  const over = result.measureRuns;
  if (!over) return undefined;
  const stepKeys = Object.keys(over.runs[0]?.step ?? {});
  const hasSample = over.runs.some((r) => r.sample !== undefined);
  const names = Object.keys(over.values);
  const lines = [['run', ...stepKeys, ...(hasSample ? ['sample'] : []), ...names].join(',')];
  over.runs.forEach((r, k) => {
    const row = [String(k), ...stepKeys.map((p) => formatNumber(r.step?.[p] ?? NaN)), ...(hasSample ? [String(r.sample ?? '')] : []), ...names.map((m) => formatNumber(over.values[m][k]))];
    lines.push(row.join(','));
  });
  return lines.join('\n') + '\n';
}

/** File name of the measures CSV: `<netlist>-measures.csv`. */
export function measureRunsFileName(base: string): string {
  return `${safePiece(base)}-measures.csv`;
}
