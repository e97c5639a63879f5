/**
 * Statistical functions of netlist expressions, for Monte Carlo runs (`.mc N seed=S`).
 *
 * Semantics follow HSPICE (the dialect whose `gauss(nominal, rel, sigma)` signature these are):
 *   gauss(nom, rel, sigma)   nom * (1 + rel/sigma * z)     z standard normal
 *   agauss(nom, abs, sigma)  nom + abs/sigma * z
 *   unif(nom, rel)           nom * (1 + rel * u)           u uniform in [-1, 1]
 *   aunif(nom, abs)          nom + abs * u
 * plus LTspice's `flat(x)` (uniform in [-x, x]) and `mc(x, tol)` (x * (1 + tol * u)).
 *
 * Per-run against per-instance variation is decided, as in HSPICE, by where the call stands, not by the
 * function: a `.param` is evaluated once per run (ParamScope caches it), so `.param gh=gauss(1m, 0.1, 1)`
 * gives every device that uses `gh` the same value in one sample (global, run-to-run variation); a call in
 * an element or subcircuit-instance parameter is evaluated for each element, so `gH={gauss(1m, 0.1, 1)}`
 * gives each device its own value (local, device-to-device variation).
 *
 * Outside a Monte Carlo sample (no `.mc`, or a nominal run) every function returns its nominal value
 * (`flat` 0), as HSPICE does outside `monte=`. HSPICE's two-argument `limit(nom, abs)` is not provided: the
 * name is already ngspice's and Xyce's clamp `limit(x, lo, hi)`.
 *
 * The draws of one sample come from one stream seeded by (seed, sample index) only, and elaboration visits
 * the netlist in a fixed order, so sample k has the same values whichever thread or machine runs it and
 * whatever `.step` point it is combined with (common random numbers across a step sweep).
 */

/** A source of standard normal and uniform [-1, 1] draws. */
export interface Sampler {
  normal(): number;
  uniform(): number;
}

/** The sampler of the Monte Carlo sample being elaborated; undefined: nominal values. */
let active: Sampler | undefined;

/** Runs `f` with the statistical functions drawing from `sampler` (nominal values when undefined). */
export function withSampler<T>(sampler: Sampler | undefined, f: () => T): T {
  const previous = active;
  active = sampler;
  try {
    return f();
  } finally {
    active = previous;
  }
}

/** splitmix32 finaliser: decorrelates the 32-bit words that seed the stream. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * xoshiro128** (Blackman and Vigna): 128 bits of state, period 2^128 - 1, 32-bit outputs. Seeded from the
 * run seed and the sample index through splitmix32, so neighbouring samples are unrelated streams.
 */
export class SampleStream implements Sampler {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** The second Box-Muller value, kept for the next normal() call. */
  private spare: number | undefined;

  constructor(seed: number, sample: number) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    this.s0 = mix32(lo ^ 0x9e3779b9);
    this.s1 = mix32(hi ^ mix32(sample + 0x6a09e667));
    this.s2 = mix32(sample ^ 0xbb67ae85);
    this.s3 = mix32(this.s0 ^ this.s2 ^ 0x3c6ef372);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit output as an unsigned integer. */
  private next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in (0, 1) with 53 random bits, never 0 (the logarithm of Box-Muller needs u > 0). */
  private open01(): number {
    const a = this.next() >>> 5;
    const b = this.next() >>> 6;
    return (a * 67108864 + b + 0.5) / 9007199254740992;
  }

  uniform(): number {
    return 2 * this.open01() - 1;
  }

  /** Box-Muller: two independent standard normals from two uniforms; the second is kept for the next call. */
  normal(): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.open01()));
    const phi = 2 * Math.PI * this.open01();
    this.spare = r * Math.sin(phi);
    return r * Math.cos(phi);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

interface RandomFunction {
  arity: number;
  apply(args: number[]): number;
}

const normal = (): number => (active ? active.normal() : 0);
const uniform = (): number => (active ? active.uniform() : 0);

/** The statistical functions, merged into the expression language's function table (expr.ts). */
export const RANDOM_FUNCTIONS: Readonly<Record<string, RandomFunction>> = {
  gauss: { arity: 3, apply: ([nom, rel, sigma]) => nom * (1 + (rel / sigma) * normal()) },
  agauss: { arity: 3, apply: ([nom, abs, sigma]) => nom + (abs / sigma) * normal() },
  unif: { arity: 2, apply: ([nom, rel]) => nom * (1 + rel * uniform()) },
  aunif: { arity: 2, apply: ([nom, abs]) => nom + abs * uniform() },
  flat: { arity: 1, apply: ([x]) => x * uniform() },
  mc: { arity: 2, apply: ([x, tol]) => x * (1 + tol * uniform()) },
};
