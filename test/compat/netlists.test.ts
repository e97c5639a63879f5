/**
 * Public netlists from the ngspice and Xyce test suites, run unmodified by memspice and compared with what
 * ngspice computed for them (stored beside each netlist by test/compat/ngspice/regen-netlists.ts, with the
 * ngspice version). Sources and licences: test/compat/netlists/README.md.
 *
 * Tolerances, relative to the largest magnitude of the vector in ngspice's result:
 * - .op, .dc, .ac: 1e-6. These netlists are linear, so both simulators solve the same linear system to
 *   rounding; 1e-6 leaves room only for Newton stopping one iteration apart (reltol 1e-3 on an update that is
 *   already ~1e-9 for a linear circuit).
 * - .tran: memspice is interpolated linearly onto ngspice's time points. Both integrate with their own
 *   truncation-error step control (reltol 1e-3, trtol 7), so each may differ from the exact waveform by up to
 *   ~reltol of the signal; 2e-3 of the signal's maximum is the sum of the two allowances. On top of that
 *   comes the error of the linear interpolation itself, |f''|/2 (t - a)(b - t) on memspice's step [a, b],
 *   with f'' bounded by the second divided differences of ngspice's own points around that step (an
 *   independent estimate; at a corner of the input, where the derivative jumps, it is large and the point
 *   says little). A wrong source value, sign, coupling or topology is off by tens of percent.
 *
 * Three fixtures hold ngspice run at tight tolerances, not its defaults (their `control` field, and
 * TIGHT_RUNS in regen-netlists.ts say how): Xyce's Params_D2 and pmos1 (.dc; ngspice's default Newton
 * stop leaves it 1.1e-4 and 5.2e-4 from the solution both simulators reach at reltol = 1e-12, memspice's
 * default 2e-9) and mutindlin_odd_s3f5 (.tran; ngspice's default 1 us first step leaves it 5 % off in the
 * first 2 us, memspice 4e-4, against ngspice at reltol = 1e-9 with 1 ns steps, which agrees with memspice
 * at reltol = 1e-9 to 6e-8). The tolerances above are unchanged for them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate.ts';
import type { AnalysisResult } from '../../src/analysis/results.ts';
import { compatNetlists, fixturePath, NETLIST_DIR, type CompatFixture } from './ngspice/regen-netlists.ts';

const TOLERANCE = { op: 1e-6, dc: 1e-6, ac: 1e-6, tran: 2e-3 } as const;

/**
 * Transient netlists compared only at the time points both simulators have (same time to 1e-9 of the
 * run), not by interpolation: their signal jumps at the input's corners (Xyce's inductor.cir: v = L di/dt
 * steps between 0 and -50 V at each corner of a current ramp), and a step of one simulator that spans a
 * jump says nothing about the value in between. Both place their points on the corners and on the
 * tstep grid, so most points are shared; at least MIN_SHARED of ngspice's must be, or the test fails.
 */
const SHARED_POINTS_ONLY = new Set(['xyce/INDUCTOR-inductor.cir']);
const MIN_SHARED = 0.4;

/** Indices [reference k, actual j] of the times both lists hold (ascending lists; equal within `within`). */
function sharedTimes(reference: number[], actual: number[], within: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let j = 0;
  reference.forEach((t, k) => {
    while (j < actual.length && actual[j] < t - within) j++;
    if (j < actual.length && Math.abs(actual[j] - t) <= within) out.push([k, j]);
  });
  return out;
}

function column(result: AnalysisResult, name: string): number[] {
  const k = result.columns.indexOf(name);
  if (k < 0) throw new Error(`memspice has no column ${name} (has ${result.columns.join(', ')})`);
  return result.data.map((row) => row[k]);
}

/** Linear interpolation of (xs, ys) at x; xs ascending (a repeated x, a breakpoint, takes the later value). */
function interpolate(xs: number[], ys: number[], x: number): number {
  if (x <= xs[0]) return ys[0];
  let lo = 0;
  let hi = xs.length - 1;
  if (x >= xs[hi]) return ys[hi];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  return xs[hi] === xs[lo] ? ys[hi] : ys[lo] + ((ys[hi] - ys[lo]) * (x - xs[lo])) / (xs[hi] - xs[lo]);
}

/**
 * Bound of linear interpolation's error at each reference time: |f''|max / 2 * (t - a)(b - t) on the step
 * [a, b] of `steps` that holds t, with |f''| from the reference's second divided differences at the points
 * in [a, b] and one neighbour on each side.
 */
function interpolationAllowance(times: number[], values: number[], steps: number[]): number[] {
  const curvature = times.map((_, k) => {
    if (k === 0 || k === times.length - 1) return 0;
    const right = (values[k + 1] - values[k]) / (times[k + 1] - times[k]);
    const left = (values[k] - values[k - 1]) / (times[k] - times[k - 1]);
    const span = times[k + 1] - times[k - 1];
    return span > 0 ? Math.abs((2 * (right - left)) / span) : 0;
  });
  return times.map((t) => {
    const hi = steps.findIndex((s) => s >= t);
    if (hi <= 0) return 0;
    const a = steps[hi - 1];
    const b = steps[hi];
    let fpp = 0;
    for (let k = 0; k < times.length; k++) {
      const inside = times[k] >= a && times[k] <= b;
      const neighbour = (k + 1 < times.length && times[k + 1] >= a && times[k] < a) || (k > 0 && times[k - 1] <= b && times[k] > b);
      if (inside || neighbour) fpp = Math.max(fpp, curvature[k]);
    }
    return (fpp / 2) * (t - a) * (b - t);
  });
}

/** The worst deviation of memspice from ngspice beyond `allowance`, relative to the largest |ngspice value|, and where. */
function worstDeviation(reference: number[], actual: number[], allowance?: number[]): { relative: number; at: number } {
  const scale = Math.max(...reference.map(Math.abs));
  let worst = { relative: 0, at: 0 };
  reference.forEach((r, k) => {
    const excess = Math.max(0, Math.abs(actual[k] - r) - (allowance?.[k] ?? 0));
    const relative = excess / (scale > 0 ? scale : 1);
    if (relative > worst.relative) worst = { relative, at: k };
  });
  return worst;
}

for (const netlist of compatNetlists()) {
  const fixture = JSON.parse(readFileSync(fixturePath(netlist), 'utf8')) as CompatFixture;
  describe(`${netlist} agrees with ${fixture.ngspice}`, () => {
    const file = path.join(NETLIST_DIR, netlist);
    const result = simulate(readFileSync(file, 'latin1'), { file: path.basename(file), cwd: path.dirname(file) });
    for (const plot of fixture.plots) {
      const mine = result.analyses.find((a) => a.type === plot.type);
      // Several plots of one analysis (a fine grid early, a coarse one over the run): named by their span.
      const span = fixture.plots.filter((p) => p.type === plot.type).length > 1 ? ` on ${plot.scale[0]}..${plot.scale[plot.scale.length - 1]}` : '';
      for (const [name, reference] of Object.entries(plot.vectors)) {
        it(`.${plot.type} ${name}${span}`, () => {
          expect(mine, `memspice ran no .${plot.type}`).toBeDefined();
          const checks: Array<{ part: string; reference: number[]; actual: number[]; allowance?: number[] }> = [];
          if (plot.type === 'op') {
            checks.push({ part: '', reference, actual: [column(mine!, name)[0]] });
          } else if (plot.type === 'tran' && SHARED_POINTS_ONLY.has(netlist)) {
            const time = column(mine!, 'time');
            const values = column(mine!, name);
            const shared = sharedTimes(plot.scale, time, 1e-9 * plot.scale[plot.scale.length - 1]);
            expect(shared.length, 'time points shared with ngspice').toBeGreaterThanOrEqual(MIN_SHARED * plot.scale.length);
            checks.push({ part: '', reference: shared.map(([k]) => reference[k]), actual: shared.map(([, j]) => values[j]) });
          } else if (plot.type === 'tran') {
            const time = column(mine!, 'time');
            const values = column(mine!, name);
            const allowance = interpolationAllowance(plot.scale, reference, time);
            checks.push({ part: '', reference, actual: plot.scale.map((t) => interpolate(time, values, t)), allowance });
          } else if (plot.type === 'ac') {
            // Same frequency grid (dec/oct/lin points are a closed form): compare point by point.
            expect(column(mine!, 'freq').length).toBe(plot.scale.length);
            checks.push({ part: 're ', reference, actual: column(mine!, `re(${name})`) });
            checks.push({ part: 'im ', reference: plot.imag![name], actual: column(mine!, `im(${name})`) });
          } else {
            expect(mine!.data.length).toBe(plot.scale.length);
            checks.push({ part: '', reference, actual: column(mine!, name) });
          }
          for (const c of checks) {
            const w = worstDeviation(c.reference, c.actual, c.allowance);
            const where = plot.scale.length > 0 ? ` at ${plot.scale[w.at]}` : '';
            expect(w.relative, `${c.part}${name}${where}: memspice ${c.actual[w.at]}, ngspice ${c.reference[w.at]}`).toBeLessThan(TOLERANCE[plot.type]);
          }
        });
      }
    }
  });
}
