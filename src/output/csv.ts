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
  const lines = [tableHeader(result.columns, result.format)];
  result.data.forEach((row, k) => lines.push(tableRow(row, k, result.format)));
  return lines.join('\n') + '\n';
}

/** The header line of a table file (no newline): what toCsv and a streamed table (src/cli/tableFiles.ts) both write. */
export function tableHeader(columns: readonly string[], format: AnalysisResult['format']): string {
  if (format === 'std') return ['Index', ...columns].join(' ');
  return columns.join(format === 'noindex' ? ' ' : ',');
}

/** Row `index` (0-based) of a table file, without its newline. */
export function tableRow(row: readonly number[], index: number, format: AnalysisResult['format']): string {
  if (format === 'std') return [String(index), ...row.map(formatNumber)].join(' ');
  return row.map(formatNumber).join(format === 'noindex' ? ' ' : ',');
}

/** File name of the k-th analysis (1-based) of a netlist: `rc_lowpass-1-tran.csv`, `x-2-ac-r=1000.csv` with .step. */
export function csvFileName(base: string, index: number, result: Pick<AnalysisResult, 'type' | 'step' | 'sample' | 'format'>): string {
  const step = result.step
    ? '-' + Object.entries(result.step).map(([k, v]) => `${safePiece(k)}=${formatNumber(v)}`).join('-')
    : '';
  const extension = result.format === 'std' || result.format === 'noindex' ? 'prn' : 'csv';
  const sample = result.sample !== undefined ? `-mc${result.sample}` : '';
  return `${safePiece(base)}-${index}-${result.type}${step}${sample}.${extension}`;
}

/**
 * A piece of a file name that can not leave the output directory: netlist words (a `.step` name such as
 * `../x` or `nmos:vto`) keep letters, digits and `_ . + -`; every other character becomes `_`, and runs of
 * dots shrink to one so no `..` survives.
 */
export function safePiece(text: string): string {
  const piece = text.replace(/[^A-Za-z0-9_.+-]/g, '_').replace(/\.{2,}/g, '.');
  return piece === '' || piece === '.' ? '_' : piece;
}
