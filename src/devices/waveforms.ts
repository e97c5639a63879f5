/**
 * Transient waveforms of independent sources, with ngspice's semantics (checked value for value against
 * ngspice 39 by test/compat/waveforms.test.ts). SPICE3 treats a timing that is omitted *or zero* as
 * "use the default": PULSE tr and tf become tstep, pw and per tstop; SIN freq 1/tstop; EXP td1, tau1 and
 * tau2 tstep and td2 td1 + tstep. So `PULSE(0 1 0 0 0 ...)` ramps over tstep rather than jumping.
 * `withDefaults` fills them once tstep and tstop are known.
 */
import type { Waveform } from '../circuit/circuit.ts';
import { SimulationError } from '../base/errors.ts';

export function withDefaults(w: Waveform, omitted: readonly string[] | undefined, tstep: number, tstop: number): Waveform {
  const given = (name: string, value: number): boolean => value !== 0 && !(omitted ?? []).includes(name);
  switch (w.kind) {
    case 'pulse':
      return {
        ...w,
        tr: given('tr', w.tr) ? w.tr : tstep,
        tf: given('tf', w.tf) ? w.tf : tstep,
        pw: given('pw', w.pw) ? w.pw : tstop,
        per: given('per', w.per) ? w.per : tstop,
      };
    case 'sin':
      return { ...w, freq: given('freq', w.freq) ? w.freq : 1 / tstop };
    case 'exp': {
      const td1 = given('td1', w.td1) ? w.td1 : tstep;
      const tau1 = given('tau1', w.tau1) ? w.tau1 : tstep;
      return { ...w, td1, tau1, td2: given('td2', w.td2) ? w.td2 : td1 + tstep, tau2: given('tau2', w.tau2) ? w.tau2 : tstep };
    }
    case 'sffm':
      return { ...w, fc: given('fc', w.fc) ? w.fc : 1 / tstop, fs: given('fs', w.fs) ? w.fs : 1 / tstop };
    case 'am':
      return { ...w, mf: given('mf', w.mf) ? w.mf : 1 / tstop };
    case 'pwl':
      return w;
  }
}

/** A PWL's own clock at time t: td= subtracted, and with r= folded back into the repeated part. */
function pwlTime(w: Extract<Waveform, { kind: 'pwl' }>, t: number): number {
  const local = t - (w.delay ?? 0);
  const last = w.times[w.times.length - 1];
  // As ngspice, the last point itself already belongs to the next repetition (it starts at the r= point).
  if (w.repeatFrom === undefined || local < last) return local;
  const period = last - w.repeatFrom;
  return w.repeatFrom + ((local - w.repeatFrom) % period);
}

export function waveformValue(w: Waveform, t: number): number {
  switch (w.kind) {
    case 'sin': {
      // Before td the sine is frozen at its phase; the damping clock starts at td too.
      if (t <= w.td) return w.vo + w.va * Math.sin((Math.PI * w.phaseDeg) / 180);
      const s = t - w.td;
      return w.vo + w.va * Math.exp(-s * w.theta) * Math.sin(2 * Math.PI * w.freq * s + (Math.PI * w.phaseDeg) / 180);
    }
    case 'pulse': {
      const { v1, v2, td, tr, tf, pw, per } = w;
      // As ngspice: the period wraps only strictly after the first one, so t = td + per still belongs to the
      // first pulse and t = td + k per (k >= 2) to the start (v1) of pulse k + 1.
      let s = t - td;
      if (per > 0 && s > per) s -= per * Math.floor(s / per);
      if (s <= 0 || s >= tr + pw + tf) return v1;
      if (s >= tr && s <= tr + pw) return v2;
      if (s < tr) return v1 + ((v2 - v1) * s) / tr;
      return v2 + ((v1 - v2) * (s - tr - pw)) / tf;
    }
    case 'pwl': {
      const { times, values } = w;
      if (w.delay !== undefined || w.repeatFrom !== undefined) t = pwlTime(w, t);
      const last = times.length - 1;
      if (t <= times[0]) return values[0];
      if (t > times[last]) return values[last];
      // The first point at or after t; at a jump (two points at one time) the earlier value holds at that
      // time, as in ngspice, so the waveform is continuous from the left and the jump starts the next step.
      let lo = 0;
      let hi = last;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (times[mid] < t) lo = mid;
        else hi = mid;
      }
      if (times[hi] === t) {
        while (hi > 0 && times[hi - 1] === t) hi--;
        return values[hi];
      }
      return values[lo] + ((values[hi] - values[lo]) * (t - times[lo])) / (times[hi] - times[lo]);
    }
    case 'exp': {
      const { v1, v2, td1, tau1, td2, tau2 } = w;
      if (t <= td1) return v1;
      let v = v1 + (v2 - v1) * (1 - Math.exp(-(t - td1) / tau1));
      if (t > td2) v += (v1 - v2) * (1 - Math.exp(-(t - td2) / tau2));
      return v;
    }
    case 'sffm': {
      const deg = Math.PI / 180;
      return w.vo + w.va * Math.sin(2 * Math.PI * w.fc * t + w.phasecDeg * deg + w.mdi * Math.sin(2 * Math.PI * w.fs * t + w.phasesDeg * deg));
    }
    case 'am': {
      const s = t - w.td;
      if (s <= 0) return 0;
      // ngspice 39 adds the seventh value (phases) to both sines and reads the sixth (phasec) without using
      // it; followed here so netlists give what they give in ngspice.
      const phase = (w.phasesDeg * Math.PI) / 180;
      return w.va * (w.vo + Math.sin(2 * Math.PI * w.mf * s + phase)) * Math.sin(2 * Math.PI * w.fc * s + phase);
    }
  }
}

/**
 * The period T of a waveform that repeats from t = 0 on (w(t + T) = w(t) for all t >= 0), 'aperiodic' otherwise.
 * Only timings written out count: an omitted or zero one takes a tstep/tstop default (withDefaults), which would
 * make the period depend on the analysis. A delay (td > 0) breaks periodicity from 0: before it the source is
 * frozen at its initial value.
 */
export function waveformPeriod(w: Waveform, omitted: readonly string[] | undefined): number | 'aperiodic' {
  const given = (name: string, value: number): boolean => value !== 0 && !(omitted ?? []).includes(name);
  switch (w.kind) {
    case 'sin':
      return w.theta === 0 && w.td === 0 && given('freq', w.freq) ? 1 / w.freq : 'aperiodic';
    case 'pulse': {
      const timed = given('tr', w.tr) && given('tf', w.tf) && given('pw', w.pw) && given('per', w.per);
      return timed && w.td === 0 && w.tr + w.pw + w.tf <= w.per ? w.per : 'aperiodic';
    }
    case 'pwl': {
      // r=0 with the list starting at t = 0 repeats the whole list; the value at its end must be its start's.
      const last = w.times.length - 1;
      const closed = w.values[last] === w.values[0] && w.times[0] === 0 && w.times[last] > 0;
      return w.repeatFrom === 0 && (w.delay ?? 0) === 0 && closed ? w.times[last] : 'aperiodic';
    }
    default:
      return 'aperiodic';
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
    case 'pwl': {
      const delay = w.delay ?? 0;
      for (const t of w.times) push(t + delay);
      if (w.repeatFrom === undefined) break;
      // Every later copy of the repeated points, up to `to`.
      const last = w.times[w.times.length - 1];
      const period = last - w.repeatFrom;
      const repeated = w.times.filter((t) => t > w.repeatFrom!);
      const first = Math.max(1, Math.floor((from - delay - last) / period));
      for (let k = first; ; k++) {
        const base = delay + k * period;
        if (base + w.repeatFrom > to) break;
        for (const t of repeated) push(base + t);
        if (out.length > 10_000_000) break;
      }
      break;
    }
    case 'sffm':
      break;
    case 'am':
      push(w.td);
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
