/** Text of a `.control` block's outputs: `wrdata` files in ngspice's layout, `print` as ngspice shows it. */
import type { ControlOutput } from '../analysis/results.ts';
import { formatNumber } from './csv.ts';

/** ngspice's `% .8e `: a blank where a minus sign would go, 8 decimals, a two-digit exponent, a trailing blank. */
function ngspiceNumber(v: number): string {
  if (!Number.isFinite(v)) return ` ${formatNumber(v)} `;
  const [mantissa, exponent] = v.toExponential(8).split('e');
  const e = Number(exponent);
  const text = `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return `${v < 0 || Object.is(v, -0) ? '' : ' '}${text} `;
}

/** A wrdata file: one line per point, for every vector its scale and value (re and im in .ac), no header. */
export function wrdataText(output: ControlOutput): string {
  const lines = output.data.map((row) => row.map(ngspiceNumber).join(''));
  if (output.vectorNames) {
    // `set wr_vecnames`: names in the numbers' 16-character slots; a complex vector's name over both its columns.
    // ngspice calls the .ac scale 'frequency'.
    const names = output.columns.map((c) => (/^(re|im)\(.*\)$/.test(c) ? c.slice(3, -1) : c === 'freq' ? 'frequency' : c));
    lines.unshift((' ' + names.map((n) => n.padEnd(16)).join('')).slice(0, 16 * names.length));
  }
  return lines.join('\n') + '\n';
}

/** `print`: `name = value` for a single point (`re,im` in .ac), else a table with ngspice's Index column. */
export function printText(output: ControlOutput): string {
  if (output.data.length === 1) {
    const row = output.data[0];
    const lines: string[] = [];
    const complexPairs = output.columns.slice(1).every((c, k) => (k % 2 === 0 ? c.startsWith('re(') : c.startsWith('im(')));
    if (complexPairs && output.columns.length > 1) {
      for (let k = 1; k < output.columns.length; k += 2) lines.push(`${output.columns[k].slice(3, -1)} = ${formatNumber(row[k])},${formatNumber(row[k + 1])}`);
    } else {
      for (let k = 1; k < output.columns.length; k++) lines.push(`${output.columns[k]} = ${formatNumber(row[k])}`);
    }
    return lines.join('\n') + '\n';
  }
  const lines = [['Index', ...output.columns].join('\t')];
  output.data.forEach((row, k) => lines.push([String(k), ...row.map(formatNumber)].join('\t')));
  return lines.join('\n') + '\n';
}
