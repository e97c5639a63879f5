/** What every CLI command writes to, and how it reads a netlist file. */
import { readFileSync } from 'node:fs';
import { NetlistError } from '../base/errors.ts';

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export function readNetlist(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new NetlistError(`cannot read netlist file '${file}'`, { file, line: 0, column: 0, text: '' });
  }
}
