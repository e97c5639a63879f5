/**
 * Netlists of a small MEMDIODE crossbar with ideal wires for the Monte Carlo and parallel tests: row i driven at
 * V_i, every column held at 0 V by a source whose current is the column current, one device per crossing.
 */
export const ROW_VOLTS = [0.1, 0.2, 0.3, 0.4];
export const CELL = { gL: 0.1, gH: 1, VA: 0.3, VD: -0.4, Vm: 0.1, nA: 1.5, nD: 2, tau0: 1 };

/** `gH` is the value written on every device line (an expression in braces, or a number). */
export function crossbarNetlist(gH: string, tail: string[], cols = 4): string {
  const lines = ['MEMDIODE crossbar with ideal wires', `.model cell MEMDIODE (${Object.entries(CELL).map(([k, v]) => `${k}=${v}`).join(' ')})`];
  ROW_VOLTS.forEach((v, i) => lines.push(`vr${i + 1} r${i + 1} 0 DC ${v}`));
  for (let j = 1; j <= cols; j++) lines.push(`vc${j} c${j} 0 0`);
  for (let i = 1; i <= ROW_VOLTS.length; i++) for (let j = 1; j <= cols; j++) lines.push(`YMEMDIODE m${i}_${j} r${i} c${j} cell gH=${gH}`);
  // A one-point .dc at the nominal drive: .meas needs a swept analysis (.meas op is not one).
  lines.push(`.dc vr1 ${ROW_VOLTS[0]} ${ROW_VOLTS[0]} 1`);
  for (let j = 1; j <= cols; j++) lines.push(`.meas dc ic${j} find i(vc${j}) at=${ROW_VOLTS[0]}`);
  lines.push(...tail, '.end');
  return lines.join('\n') + '\n';
}
