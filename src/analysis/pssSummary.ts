/** The CLI's lines about a `.pss` result: period, Floquet multipliers, each signal's range on the orbit. */
import type { PeriodicSteadyState } from './results.ts';

export function pssSummaryLines(p: PeriodicSteadyState): string[] {
  const how = p.autonomous ? `found in ${p.iterations} shooting iteration(s)` : `the sources' period, orbit found in ${p.iterations} shooting iteration(s)`;
  const multipliers = p.floquet.map((m) => (m.im === 0 ? m.re.toPrecision(10) : `${m.re.toPrecision(6)}${m.im < 0 ? '-' : '+'}${Math.abs(m.im).toPrecision(6)}j (|${m.magnitude.toPrecision(6)}|)`));
  // An autonomous orbit's own multiplier 1 says nothing about stability: the largest of the others does.
  const others = p.autonomous ? p.floquet.slice().sort((a, b) => Math.abs(a.magnitude - 1) - Math.abs(b.magnitude - 1)).slice(1) : p.floquet;
  const stable = others.every((m) => m.magnitude < 1);
  return [
    `  period ${p.period} s (${p.frequency} Hz), ${how}`,
    `  Floquet multipliers ${multipliers.join(', ') || '(none)'}: the orbit is ${stable ? 'stable' : 'unstable'}`,
    ...p.ranges.map((r) => `  ${r.signal}: min ${r.min}, max ${r.max}`),
  ];
}
