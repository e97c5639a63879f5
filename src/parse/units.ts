/**
 * SPICE numbers: `1e-3`, `2.2k`, `1meg`, `10u`, `5n`, `3p`, `1f` (femto), `1g`, `1t`, `1mil`; any letters after
 * the scale factor are ignored (`10uF`, `1kOhm`, `5V`, `2s`), so `1F` is one femto, as in SPICE.
 */

const NUMBER = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?([A-Za-z_][A-Za-z0-9_]*)?$/;

/** Powers of ten of the one-letter scale factors. */
const SCALE_EXP: Record<string, number> = { t: 12, g: 9, k: 3, m: -3, u: -6, n: -9, p: -12, f: -15 };

/**
 * Scale of a unit suffix (`meg`, `k`, `uF`, `Ohm` ...) as a power of ten plus a factor (`mil`):
 * exponent 0 and factor 1 when the suffix does not start with a scale factor.
 */
function scaleOf(suffix: string): { exp: number; factor: number } {
  const s = suffix.toLowerCase();
  if (s.startsWith('meg')) return { exp: 6, factor: 1 };
  if (s.startsWith('mil')) return { exp: 0, factor: 25.4e-6 };
  return { exp: SCALE_EXP[s.charAt(0)] ?? 0, factor: 1 };
}

/**
 * The value of a SPICE number, or undefined when the text is not one. The scale is applied to the decimal
 * exponent (not by multiplication), so `2.2k` is exactly 2200 and `4.7u` exactly 4.7e-6.
 */
export function parseSpiceNumber(text: string): number | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const { exp, factor } = m[3] ? scaleOf(m[3]) : { exp: 0, factor: 1 };
  const value = Number(`${m[1]}e${Number(m[2] ?? '0') + exp}`) * factor;
  return Number.isFinite(value) ? value : undefined;
}
