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
  const scan = new NonFiniteScan(result.type, result.columns);
  for (const row of result.data) scan.row(row);
  return scan.warnings(loc);
}

/**
 * The same warnings from the rows one at a time (a streamed table, which is not kept): per column the first
 * non-finite point and the count.
 */
export class NonFiniteScan {
  private rows = 0;
  private readonly firstAt: Array<number | undefined>;
  private readonly firstValue: number[];
  private readonly counts: number[];
  // .op has no sweep column; the others put the sweep variable (time, freq, the swept source) first.
  private readonly swept: boolean;

  constructor(
    private readonly type: AnalysisResult['type'],
    private readonly columns: readonly string[],
  ) {
    this.swept = type !== 'op';
    this.firstAt = new Array<number | undefined>(columns.length).fill(undefined);
    this.firstValue = new Array<number>(columns.length).fill(0);
    this.counts = new Array<number>(columns.length).fill(0);
  }

  row(values: readonly number[]): void {
    this.rows++;
    for (let c = this.swept ? 1 : 0; c < this.columns.length; c++) {
      const v = values[c];
      if (Number.isFinite(v)) continue;
      if (this.counts[c]++ === 0) {
        this.firstAt[c] = values[0];
        this.firstValue[c] = v;
      }
    }
  }

  warnings(loc: SourceLocation): NonFiniteWarning[] {
    const warnings: NonFiniteWarning[] = [];
    const { columns } = this;
    for (let c = this.swept ? 1 : 0; c < columns.length; c++) {
      const count = this.counts[c];
      if (count === 0) continue;
      const v = this.firstValue[c];
      const at = this.swept ? `at ${columns[0]} = ${this.firstAt[c]}` : 'at the operating point';
      const what = Number.isNaN(v)
        ? 'NaN (undefined: 0/0, inf - inf or a NaN parameter in its formula there)'
        : `${v > 0 ? '+' : '-'}infinite (its formula divides by zero or overflows there)`;
      const more = count > 1 ? `; ${count} of ${this.rows} points are not finite` : '';
      warnings.push({ message: `.${this.type}: ${columns[c]} is ${what} first ${at}${more}`, loc });
    }
    return warnings;
  }
}
