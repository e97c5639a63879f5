/**
 * A small deterministic netlist mutator for the fuzz tests: the same seed gives the same mutants on every
 * machine. Mutations: delete, duplicate or swap tokens and lines, replace a number by an extreme value,
 * insert a bracket.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const NETLIST_DIR = new URL('../../netlists/', import.meta.url).pathname;

/**
 * Netlists mutated. crossbar_32x32.cir is left out by construction: its elaboration alone takes a third of
 * a second, a hundred times the per-mutant budget, and the 4x4 crossbar covers the same statements.
 */
const EXCLUDED = new Set(['crossbar_32x32.cir']);

export interface BaseNetlist {
  file: string;
  text: string;
}

export function baseNetlists(): BaseNetlist[] {
  return readdirSync(NETLIST_DIR)
    .filter((f) => f.endsWith('.cir') && !EXCLUDED.has(f))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(NETLIST_DIR, file), 'utf8') }));
}

/** mulberry32: a tiny, well-mixed 32-bit generator; `next()` is uniform in [0, 1). */
export function random(seed: number): { next(): number; int(n: number): number; pick<T>(items: readonly T[]): T } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (items) => items[Math.floor(next() * items.length)] };
}

const EXTREME_NUMBERS = ['0', '-1', '1e300', '-1e300', '1e-300', 'NaN', '1e308k', '-0', '1e-320', 'inf'] as const;
const BRACKETS = ['(', ')', '{', '}'] as const;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[A-Za-z]*$/;

export type MutationKind = 'delete token' | 'duplicate token' | 'swap tokens' | 'delete line' | 'duplicate line' | 'swap lines' | 'extreme number' | 'insert bracket';
const KINDS: readonly MutationKind[] = ['delete token', 'duplicate token', 'swap tokens', 'delete line', 'duplicate line', 'swap lines', 'extreme number', 'insert bracket'];

/** Tokens of a line with the blanks between them kept, so a mutated line joins back as it was written. */
function tokens(line: string): string[] {
  return line.split(/(\s+|[(){}=,])/).filter((t) => t !== '');
}

const isBlank = (t: string): boolean => /^\s+$/.test(t);

/** Applies one mutation in place; returns what it did (for the report of a failing mutant). */
function mutateOnce(lines: string[], rng: ReturnType<typeof random>): string {
  const kind = rng.pick(KINDS);
  // The title line (index 0) is free text: mutate the body only.
  const bodyLine = (): number => 1 + rng.int(Math.max(1, lines.length - 1));
  if (lines.length < 2) return 'none (too short)';
  switch (kind) {
    case 'delete line': {
      const k = bodyLine();
      lines.splice(k, 1);
      return `${kind} ${k + 1}`;
    }
    case 'duplicate line': {
      const k = bodyLine();
      lines.splice(k, 0, lines[k]);
      return `${kind} ${k + 1}`;
    }
    case 'swap lines': {
      const k = bodyLine();
      const j = bodyLine();
      [lines[k], lines[j]] = [lines[j], lines[k]];
      return `${kind} ${k + 1} ${j + 1}`;
    }
    default: {
      const k = bodyLine();
      const toks = tokens(lines[k]);
      const words = toks.map((t, i) => (isBlank(t) ? -1 : i)).filter((i) => i >= 0);
      if (words.length === 0) return 'none (blank line)';
      const w = rng.pick(words);
      if (kind === 'delete token') toks.splice(w, 1);
      else if (kind === 'duplicate token') toks.splice(w, 0, toks[w], ' ');
      else if (kind === 'swap tokens') {
        const v = rng.pick(words);
        [toks[w], toks[v]] = [toks[v], toks[w]];
      } else if (kind === 'extreme number') {
        const numbers = words.filter((i) => NUMBER.test(toks[i]));
        toks[numbers.length > 0 ? rng.pick(numbers) : w] = rng.pick(EXTREME_NUMBERS);
      } else toks.splice(w + rng.int(2), 0, rng.pick(BRACKETS));
      lines[k] = toks.join('');
      return `${kind} on line ${k + 1}`;
    }
  }
}

export interface Mutant {
  base: string;
  text: string;
  /** What was done, for the report of a failing mutant. */
  mutations: string[];
}

/** Mutant number `index` of the run with `seed`: one to three mutations of one base netlist. */
export function mutant(bases: readonly BaseNetlist[], seed: number, index: number): Mutant {
  const rng = random((seed * 0x9e3779b1 + index * 0x85ebca6b) >>> 0);
  const base = rng.pick(bases);
  const lines = base.text.split('\n');
  const count = 1 + rng.int(3);
  const mutations: string[] = [];
  for (let k = 0; k < count; k++) mutations.push(mutateOnce(lines, rng));
  return { base: base.file, text: lines.join('\n'), mutations };
}
