/** The repository's netlists/ folder as tests read it: load a netlist, add control lines, pick .step runs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisResult } from '../../src/analysis/results.ts';

/** netlists/ (where .include/.lib paths of the figure netlists resolve). */
export const NETLISTS = join(import.meta.dirname, '..', '..', 'netlists');

/** Text of netlists/<name>. */
export function netlist(name: string): string {
  return readFileSync(join(NETLISTS, name), 'utf8');
}

/** The netlist with extra lines (e.g. .options) inserted before `.end`. */
export function withLines(text: string, lines: string): string {
  return text.replace(/^\.end\s*$/im, `${lines}\n.end`);
}

/** Analyses of a .step run keyed by the value of one stepped parameter. */
export function byStep(analyses: AnalysisResult[], type: string, param: string): Map<number, AnalysisResult> {
  const out = new Map<number, AnalysisResult>();
  for (const a of analyses) if (a.type === type && a.step) out.set(a.step[param]!, a);
  return out;
}

/** A PWL source with `points` time-value pairs (t = k µs, value k mod 2), ten pairs per continuation line. */
export function bigPwlNetlist(points: number): string {
  const lines = ['big pwl', 'V1 a 0 PWL('];
  for (let k = 0; k < points; k += 10) {
    const pairs: string[] = [];
    for (let j = k; j < Math.min(points, k + 10); j++) pairs.push(`${j}u ${j % 2}`);
    lines.push(`+ ${pairs.join(' ')}`);
  }
  lines.push('+ )', 'R1 a 0 1k', '.op', '.end');
  return lines.join('\n');
}
