/**
 * Parse time and heap of hostile netlists: a 200,000-point PWL (one logical line over continuation lines)
 * and deeply nested or very long expressions. Run: npx tsx --expose-gc scripts/hostile-input.ts
 * (`--expose-gc` makes the heap figures exact; without it they include garbage not yet collected).
 */
import { parseNetlist } from '../src/parse/index.ts';
import { simulate } from '../src/simulate.ts';
import { bigPwlNetlist } from '../test/helpers/netlists.ts';

const gc = (globalThis as { gc?: () => void }).gc;

function measure(label: string, work: () => unknown): void {
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  let outcome = 'ok';
  let keep: unknown;
  try {
    keep = work();
  } catch (e) {
    outcome = `${(e as Error).name}: ${(e as Error).message.slice(0, 100)}`;
  }
  const ms = performance.now() - t0;
  const heap = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const rss = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms  heap +${heap.toFixed(0)} MB  rss +${rss.toFixed(0)} MB  ${outcome}`);
  void keep;
}

const text = bigPwlNetlist(200_000);
console.log(`200k-point PWL netlist: ${(text.length / 2 ** 20).toFixed(1)} MB of text`);
measure('parse 200,000-point PWL', () => parseNetlist(text));
measure('simulate .op of it', () => simulate(text));
const deep = (open: string, close: string, n: number): string => `t\n.param a={${open.repeat(n)}1${close.repeat(n)}}\nR1 x 0 {a}\n.op\n`;
measure('10,000 nested parentheses', () => simulate(deep('(', ')', 10_000)));
measure('1,000 nested parentheses', () => simulate(deep('(', ')', 1000)));
measure('10,000 nested abs()', () => simulate(deep('abs(', ')', 10_000)));
measure('10,000-term sum', () => simulate(`t\n.param a={${Array(10_000).fill('1').join('+')}}\nR1 x 0 {a}\n.op\n`));
measure('1,000,000-term sum', () => simulate(`t\n.param a={${Array(1_000_000).fill('1').join('+')}}\nR1 x 0 {a}\n.op\n`));
