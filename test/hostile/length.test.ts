/**
 * Time and memory linear in the input: a 200,000-point PWL is one logical line of 400,000 items.
 * Time is asserted as a scaling ratio (the second test), not as seconds of wall time, which the machine's
 * load decides; scripts/hostile-input.ts reports the figures (about 0.5 s and 120 MB on an idle machine).
 * The heap bound is coarse: the quadratic parser this replaced needed 4.2 GB for a tenth of these points.
 */
import { describe, expect, it } from 'vitest';
import { parseNetlist } from '../../src/parse/index.ts';
import { bigPwlNetlist } from '../helpers/netlists.ts';

describe('huge input', () => {
  it('a 200,000-point PWL parses whole in under 600 MB of heap', () => {
    const points = 200_000;
    const text = bigPwlNetlist(points);
    const heapBefore = process.memoryUsage().heapUsed;
    const ast = parseNetlist(text, { file: 'big.cir', cwd: process.cwd() });
    const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    expect(heapMB).toBeLessThan(600);
    const v1 = ast.statements[0];
    if (v1.type !== 'source' || !v1.wave) throw new Error('V1 is not a source with a waveform');
    expect(v1.wave.kind).toBe('pwl');
    expect(v1.wave.args).toHaveLength(2 * points);
    // The last pair is t = 199999 µs, value 1 (199999 is odd), on the last continuation line.
    const last = v1.wave.args[2 * points - 2];
    expect(last.kind === 'num' && last.value).toBeCloseTo(199_999e-6, 15);
    const lastValue = v1.wave.args[2 * points - 1];
    expect(lastValue.kind === 'num' && lastValue.value).toBe(1);
    expect(last.loc.line).toBe(2 + points / 10);
  });

  it('time grows linearly: 10x the points takes far less than 100x the time', () => {
    const time = (points: number): number => {
      const text = bigPwlNetlist(points);
      const t0 = performance.now();
      parseNetlist(text, { file: 'big.cir', cwd: process.cwd() });
      return performance.now() - t0;
    };
    time(2_000); // warm up the JIT
    const small = Math.min(time(10_000), time(10_000));
    const large = time(100_000);
    // Linear: ratio ~10; the quadratic parser this replaced gave ~100. 40 leaves room for GC and load.
    expect(large / small).toBeLessThan(40);
  });
});
