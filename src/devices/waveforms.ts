/**
 * Transient waveforms of independent sources, SPICE semantics (ngspice manual §4.1). Parameters SPICE
 * leaves to default from the analysis (PULSE tr/tf/pw/per, SIN freq, EXP timings) are filled by
 * `withDefaults` once tstep and tstop are known.
 */
import type { Waveform } from '../circuit/circuit.ts';
import { SimulationError } from '../base/errors.ts';

export function withDefaults(w: Waveform, omitted: readonly string[] | undefined, tstep: number, tstop: number): Waveform {
  if (!omitted || omitted.length === 0) return w;
  const has = (name: string): boolean => !omitted.includes(name);
  switch (w.kind) {
    case 'pulse':
      return {
        ...w,
        tr: has('tr') ? w.tr : tstep,
        tf: has('tf') ? w.tf : tstep,
        pw: has('pw') ? w.pw : tstop,
        per: has('per') ? w.per : tstop,
      };
    case 'sin':
      return { ...w, freq: has('freq') ? w.freq : 1 / tstop };
    case 'exp': {
      const td1 = has('td1') ? w.td1 : 0;
      const tau1 = has('tau1') ? w.tau1 : tstep;
      return { ...w, td1, tau1, td2: has('td2') ? w.td2 : td1 + tstep, tau2: has('tau2') ? w.tau2 : tstep };
    }
    case 'pwl':
      return w;
  }
}

export function waveformValue(w: Waveform, t: number): number {
  switch (w.kind) {
    case 'sin': {
      if (t < w.td) return w.vo + w.va * Math.sin((Math.PI * w.phaseDeg) / 180);
      const s = t - w.td;
      return w.vo + w.va * Math.exp(-s * w.theta) * Math.sin(2 * Math.PI * w.freq * s + (Math.PI * w.phaseDeg) / 180);
    }
    case 'pulse': {
      const { v1, v2, td, tr, tf, pw, per } = w;
      if (t <= td) return v1;
      let s = t - td;
      if (per > 0 && s >= per) s -= Math.floor(s / per) * per;
      if (s < tr) return tr > 0 ? v1 + ((v2 - v1) * s) / tr : v2;
      if (s <= tr + pw) return v2;
      if (s < tr + pw + tf) return tf > 0 ? v2 + ((v1 - v2) * (s - tr - pw)) / tf : v1;
      return v1;
    }
    case 'pwl': {
      const { times, values } = w;
      if (t <= times[0]) return values[0];
      const last = times.length - 1;
      if (t >= times[last]) return values[last];
      // binary search for the segment
      let lo = 0;
      let hi = last;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (times[mid] <= t) lo = mid;
        else hi = mid;
      }
      const dt = times[hi] - times[lo];
      return dt > 0 ? values[lo] + ((values[hi] - values[lo]) * (t - times[lo])) / dt : values[hi];
    }
    case 'exp': {
      const { v1, v2, td1, tau1, td2, tau2 } = w;
      if (t <= td1) return v1;
      let v = v1 + (v2 - v1) * (1 - Math.exp(-(t - td1) / tau1));
      if (t > td2) v += (v1 - v2) * (1 - Math.exp(-(t - td2) / tau2));
      return v;
    }
  }
}

/** Most PULSE periods a transient may span (each needs several time steps). */
const MAX_PULSE_PERIODS = 1e7;

/** Corners of the waveform in [from, to]: where its derivative jumps, so the step control lands on them. */
export function waveformBreakpoints(w: Waveform, from: number, to: number): number[] {
  const out: number[] = [];
  const push = (t: number): void => {
    if (t >= from && t <= to) out.push(t);
  };
  switch (w.kind) {
    case 'pulse': {
      const { td, tr, tf, pw, per } = w;
      const corners = [0, tr, tr + pw, tr + pw + tf];
      if (per > 0 && per < Infinity) {
        // Every period is at least four time steps: beyond this many the run cannot finish, and merely
        // listing the corners would take minutes and gigabytes (`.tran 10u 1e300` with a 20 ms period).
        const periods = (to - Math.max(from, td)) / per;
        if (periods > MAX_PULSE_PERIODS) {
          throw new SimulationError(
            `PULSE period ${per} s repeats ${periods.toExponential(1)} times before ${to} s, more than ${MAX_PULSE_PERIODS.toExponential(0)}: lengthen the period or shorten the .tran`,
          );
        }
        const first = Math.max(0, Math.floor((from - td) / per) - 1);
        for (let k = first; ; k++) {
          const base = td + k * per;
          if (base > to) break;
          for (const c of corners) push(base + c);
        }
      } else {
        for (const c of corners) push(td + c);
      }
      break;
    }
    case 'pwl':
      for (const t of w.times) push(t);
      break;
    case 'sin':
      push(w.td);
      break;
    case 'exp':
      push(w.td1);
      push(w.td2);
      break;
  }
  return out;
}
