import type { SourceLocation } from './circuit/circuit.ts';

/** A problem with the netlist the user wrote: exit code 1, reported as `file:line:col: message`. */
export class NetlistError extends Error {
  constructor(
    message: string,
    readonly loc?: SourceLocation,
  ) {
    super(message);
    this.name = 'NetlistError';
  }

  /** `file:line:col: message` followed by the offending text, as printed by the CLI. */
  format(): string {
    if (!this.loc) return this.message;
    const { file, line, column, text } = this.loc;
    const head = `${file}:${line}:${column}: ${this.message}`;
    return text ? `${head}\n    ${text}` : head;
  }
}

/** A well-formed circuit that could not be simulated (no convergence, singular matrix): exit code 2. */
export class SimulationError extends Error {
  constructor(
    message: string,
    readonly loc?: SourceLocation,
  ) {
    super(message);
    this.name = 'SimulationError';
  }

  format(): string {
    if (!this.loc) return this.message;
    const { file, line, column, text } = this.loc;
    const head = `${file}:${line}:${column}: ${this.message}`;
    return text ? `${head}\n    ${text}` : head;
  }
}
