/**
 * Progress on stderr for long runs: shown only when stderr is a terminal and the run has lasted more
 * than a second; one line, rewritten in place, erased at the end.
 */
import type { AnalysisType } from '../circuit/circuit.ts';

export class ProgressReporter {
  private readonly start = Date.now();
  private lastDraw = 0;
  private shown = false;

  constructor(private readonly stream: { write(text: string): unknown }) {}

  update = (analysis: AnalysisType, fraction: number): void => {
    const now = Date.now();
    if (now - this.start < 1000 || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.shown = true;
    const elapsed = ((now - this.start) / 1000).toFixed(1);
    this.stream.write(`\r${analysis}: ${(100 * fraction).toFixed(1).padStart(5)}%  ${elapsed} s   `);
  };

  finish(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
  }
}
