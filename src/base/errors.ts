/**
 * The lowest layer: what every other layer may report. A problem is either in the netlist the user wrote
 * (NetlistError) or in running a well-formed circuit (SimulationError); both point at the source line.
 */

/** Where a construct came from, for error messages `file:line:col: message`. */
export interface SourceLocation {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
  /** The offending source line (or the part of it that matters), shown under the message. */
  text: string;
}

/** An error that points at the netlist line it concerns (when it has one). */
abstract class LocatedError extends Error {
  constructor(
    message: string,
    readonly loc?: SourceLocation,
  ) {
    super(message);
  }

  /** `file:line:col: message` followed by the offending text, as the CLI prints it; the bare message without a location. */
  format(): string {
    if (!this.loc) return this.message;
    const { file, line, column, text } = this.loc;
    const head = `${file}:${line}:${column}: ${this.message}`;
    return text ? `${head}\n    ${text}` : head;
  }
}

/** A problem with the netlist the user wrote: exit code 1, reported as `file:line:col: message`. */
export class NetlistError extends LocatedError {
  override readonly name = 'NetlistError';
}

/** A well-formed circuit that could not be simulated (no convergence, singular matrix): exit code 2. */
export class SimulationError extends LocatedError {
  override readonly name = 'SimulationError';
}
