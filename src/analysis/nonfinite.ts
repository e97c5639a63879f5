/**
 * Values that are not finite (a quantity infinite at a point, such as La = tau_t/ga of a MEMDIODE where ga = 0,
 * or NaN from an undefined expression) are kept in the results as they are, but never silently: one warning per
 * signal and analysis names the signal, the first point where it happens and why such a value arises.
 */
import type { SourceLocation } from '../base/errors.ts';
import type { AnalysisResult } from './results.ts';

export interface NonFiniteWarning {
  message: string;
  loc: SourceLocation;
}

/** Warnings for the non-finite columns of `result` (the analysis defined at `loc`). */
export function nonFiniteWarnings(result: AnalysisResult, loc: SourceLocation): NonFiniteWarning[] {
  const warnings: NonFiniteWarning[] = [];
  const { columns, data } = result;
  // .op has no sweep column; the others put the sweep variable (time, freq, the swept source) first.
  const swept = result.type !== 'op';
  for (let c = swept ? 1 : 0; c < columns.length; c++) {
    for (let r = 0; r < data.length; r++) {
      const v = data[r][c];
      if (Number.isFinite(v)) continue;
      const at = swept ? `at ${columns[0]} = ${data[r][0]}` : 'at the operating point';
      const what = Number.isNaN(v)
        ? 'NaN (undefined: 0/0, inf - inf or a NaN parameter in its formula there)'
        : `${v > 0 ? '+' : '-'}infinite (its formula divides by zero or overflows there)`;
      const count = data.reduce((n, row) => n + (Number.isFinite(row[c]) ? 0 : 1), 0);
      const more = count > 1 ? `; ${count} of ${data.length} points are not finite` : '';
      warnings.push({ message: `.${result.type}: ${columns[c]} is ${what} first ${at}${more}`, loc });
      break;
    }
  }
  return warnings;
}
