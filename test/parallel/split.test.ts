/**
 * `--jobs N` on a single run: a long `.ac` is split into blocks of frequencies (runAcBlock in src/analysis/ac.ts),
 * and the joined blocks must be the serial result bit for bit. Checked in this process with 2, 3 and 5 parts
 * (simulateRun of each part, mergeParts), and through the built CLI with --jobs 1, 2 and 3, whose JSON is
 * compared as text (every digit of every double). A nested `.dc` is never split (each inner sweep continues
 * from the previous one).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeParts, mergeRuns, planRuns, simulate, simulateRun, splitRun, type RunOutput } from '../../src/simulate.ts';
import { crossbarCase } from '../../scripts/bench/cases.ts';

const bin = new URL('../../bin/memspice.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'memspice-split-'));

/** The benchmark's crossbar (MEMDIODE cells, resistive wires) with `analysis` instead of its own. */
function crossbar(n: number, analysis: string): string {
  return crossbarCase(n, 'ac').replace(/^\.ac [^\n]*$/m, analysis);
}

const AC = crossbar(4, '.ac dec 20 1m 100');
/** An .ac followed by analyses that part 0 runs after its block (the .ac leaves the circuit as it found it). */
const AC_THEN_MORE = crossbar(4, '.ac dec 20 1m 100\n.op\n.dc vr1 0 0.5 0.1');
/** Long enough to be split on 2 and 3 threads (8x8: 208 element lines; 16001 points; 251 x 11 points). */
const BIG_AC = crossbar(8, '.ac dec 2000 1m 100k');
const BIG_DC = crossbar(8, '.dc vr1 0 0.5 0.002 vr2 0 0.5 0.05');

/** The run of a one-run netlist as `parts` blocks executed one by one here, joined. */
function inParts(text: string, parts: number): { json: string; outputs: RunOutput[] } {
  const plan = planRuns(text);
  const loc = plan.ast?.statements.find((s) => s.type === 'ac')?.loc;
  if (!loc) throw new Error('no .ac');
  const outputs = Array.from({ length: parts }, (_, at) => simulateRun(plan, 0, {}, false, 0, { loc, at, of: parts }));
  const joined = mergeParts(outputs);
  if (!joined) throw new Error('a part re-pivoted');
  expect(joined.warnings).toEqual([]);
  return { json: JSON.stringify(mergeRuns(plan, [joined.output])), outputs };
}

describe('an .ac split into blocks of frequencies', () => {
  it.each([
    ['.ac', AC],
    ['.ac, .op and .dc', AC_THEN_MORE],
  ])('%s: 2, 3 and 5 blocks joined are simulate() to the last bit', (_, text) => {
    const serial = JSON.stringify(simulate(text));
    for (const parts of [2, 3, 5]) {
      const { json, outputs } = inParts(text, parts);
      expect(json === serial, `${parts} parts`).toBe(true);
      // Every block kept the first point's pivot order (else the merge would have asked for the whole run).
      for (const o of outputs) expect(o.part?.repivots).toBe(0);
      // Part 0 carries the run's every analysis, the later parts only their block.
      expect(outputs.slice(1).every((o) => o.analyses.length === 1)).toBe(true);
    }
  });

  it('a block that re-pivoted before the last one makes the merge refuse (the run is then repeated whole)', () => {
    const { outputs } = inParts(AC, 3);
    const marked = (k: number): RunOutput[] => outputs.map((o, j) => (j === k && o.part ? { ...o, part: { ...o.part, repivots: 1 } } : o));
    expect(mergeParts(marked(0))).toBeUndefined();
    expect(mergeParts(marked(1))).toBeUndefined();
    // The last block's pivot searches change no later block.
    expect(mergeParts(marked(2))).toBeDefined();
  });

  it('the rule: long .ac sweeps of large circuits are split; small ones, measured ones, sweeps under .step and any .dc are not', () => {
    const plan = (text: string): ReturnType<typeof planRuns> => planRuns(text);
    const bigAc = BIG_AC;
    expect(splitRun(plan(bigAc), 2)?.parts).toBe(2);
    expect(splitRun(plan(bigAc), 3)?.parts).toBe(3);
    expect(splitRun(plan(bigAc), 1)).toBeUndefined();
    // 8x8: about 210 element lines; 21 points x 210 is far below SPLIT_MIN_WORK.
    expect(splitRun(plan(crossbar(8, '.ac dec 10 1 100')), 2)).toBeUndefined();
    expect(splitRun(plan(bigAc.replace('.end', '.meas ac g1 find i(vc1) at=1\n.end')), 2)).toBeUndefined();
    expect(splitRun(plan(bigAc.replace('.end', '.param k=1\n.step param k list 1 2\n.end')), 2)).toBeUndefined();
    // Only the netlist's first analysis is split: an earlier one may leave a state the .ac would start from.
    expect(splitRun(plan(crossbar(8, '.op\n.ac dec 400 1m 100k')), 2)).toBeUndefined();
    expect(splitRun(plan(BIG_DC), 2)).toBeUndefined();
    expect(splitRun(plan(crossbar(8, '.dc vr1 0 0.5 0.0001')), 2)).toBeUndefined();
    // The work threshold itself: 8x8's 208 element lines at 12001 points are just under 2.5e6.
    expect(splitRun(plan(crossbar(8, '.ac dec 1500 1m 100k')), 2)).toBeUndefined();
  });

  it.each([
    ['ac', BIG_AC],
    ['dc', BIG_DC],
  ])('the built CLI: %s split over --jobs 2 and 3 gives the --jobs 1 JSON byte for byte', (name, text) => {
    const file = join(dir, `${name}.cir`);
    writeFileSync(file, text);
    const outs = [1, 2, 3].map((jobs) => spawnSync(process.execPath, [bin, 'run', file, '--json', '--jobs', String(jobs)], { encoding: 'utf8', maxBuffer: 1 << 28 }));
    for (const o of outs) {
      expect(o.stderr).toBe('');
      expect(o.status).toBe(0);
    }
    expect(outs[1].stdout === outs[0].stdout).toBe(true);
    expect(outs[2].stdout === outs[0].stdout).toBe(true);
  });
});
