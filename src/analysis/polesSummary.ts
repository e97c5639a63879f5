/**
 * The CLI's summary lines of `.poles` and `.stability` (and `.dc` under continuation=arclength): one line per
 * pole, one per bifurcation. No imports beyond the result types, so the CLI's start-up does not load the
 * eigenvalue code.
 */
import type { AnalysisResult } from './results.ts';

const fmt = (x: number): string => x.toPrecision(6);

export function stabilitySummary(a: AnalysisResult): string[] {
  const lines: string[] = [];
  if (a.type === 'poles') {
    for (const [re, im, damping, freq] of a.data) {
      if (re === 0 && im === 0) lines.push('pole 0 (a state with no restoring term: a floating node or an undriven state)');
      else if (im === 0) lines.push(`pole ${fmt(re)} 1/s (real; time constant ${fmt(-1 / re)} s)`);
      else lines.push(`pole ${fmt(re)} ${im > 0 ? '+' : '-'} ${fmt(Math.abs(im))}i 1/s (damping ratio ${fmt(damping)}, ${fmt(freq)} Hz)`);
    }
  }
  for (const b of a.bifurcations ?? []) {
    const swept = a.columns[0];
    if (b.kind === 'hopf') {
      const criticality = b.criticality ? `, ${b.criticality}${b.lyapunov !== undefined ? ` (l1 = ${fmt(b.lyapunov)})` : ''}` : '';
      lines.push(`Hopf at ${swept} = ${b.value}: omega = ${fmt(b.omega ?? NaN)} rad/s (${fmt((b.omega ?? NaN) / (2 * Math.PI))} Hz), ${b.stable_above ? 'stable' : 'unstable'} above${criticality}`);
    } else {
      lines.push(`fold at ${swept} = ${b.value}: the branch turns back; ${b.stable_above ? 'stable' : 'unstable'} after the turn`);
    }
  }
  return lines;
}
