/**
 * Table writers: one file per analysis, full double precision, header = column names. CSV by default; Xyce's
 * `.print ... FORMAT=STD` (blank-separated, an Index column first) and `FORMAT=NOINDEX` (without it) as `.prn`.
 */
import type { AnalysisResult } from '../analysis/results.ts';

export function formatNumber(v: number): string {
  // Shortest round-trip representation: what was computed is what is read back.
  return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
}

export function toCsv(result: AnalysisResult): string {
  if (result.format === 'std' || result.format === 'noindex') {
    const index = result.format === 'std';
    const lines = [(index ? ['Index', ...result.columns] : result.columns).join(' ')];
    result.data.forEach((row, k) => lines.push((index ? [String(k), ...row.map(formatNumber)] : row.map(formatNumber)).join(' ')));
    return lines.join('\n') + '\n';
  }
  const lines = [result.columns.join(',')];
  for (const row of result.data) lines.push(row.map(formatNumber).join(','));
  return lines.join('\n') + '\n';
}

/** File name of the k-th analysis (1-based) of a netlist: `rc_lowpass-1-tran.csv`, `x-2-ac-r=1000.csv` with .step. */
export function csvFileName(base: string, index: number, result: AnalysisResult): string {
  const step = result.step
    ? '-' + Object.entries(result.step).map(([k, v]) => `${k}=${formatNumber(v)}`).join('-')
    : '';
  const extension = result.format === 'std' || result.format === 'noindex' ? 'prn' : 'csv';
  return `${base}-${index}-${result.type}${step}.${extension}`;
}
