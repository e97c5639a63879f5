/** What every CLI command writes to, and how it reads a netlist file. */
import { fstatSync, readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { NetlistError } from '../base/errors.ts';

/** Where a command writes text: the process's standard output or error (standardIo), or a test's capture. */
export interface Output {
  write(text: string): unknown;
  /** Whether it is a terminal (progress lines are drawn only there). */
  readonly isTTY?: boolean;
}

export interface Io {
  stdout: Output;
  stderr: Output;
}

/** Pause between tries of a write the descriptor refused for now (EAGAIN): long enough not to spin a core. */
const RETRY_MS = 1;

/**
 * Standard output or error as a file descriptor written with writeSync, rather than process.stdout / stderr:
 * creating either stream loads Node's stream machinery (for a pipe, its socket code too), 5-10 ms of a small run,
 * several times what the run writes costs. The writes are synchronous, as the streams' are on Linux for files and
 * pipes, so the text stays in order and is out before the process exits.
 */
class DescriptorOutput implements Output {
  /** The reader has gone (EPIPE, as `memspice run x --json | head` makes it): what follows is dropped. */
  private closed = false;

  constructor(private readonly fd: number) {}

  get isTTY(): boolean {
    // node:tty loads the stream and socket code (5-8 ms): only for a character device, which a terminal is (and
    // /dev/null), never for the files and pipes most runs write to.
    try {
      if (!fstatSync(this.fd).isCharacterDevice()) return false;
    } catch {
      return false;
    }
    const tty = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
    return tty.isatty(this.fd);
  }

  write(text: string): boolean {
    const bytes = Buffer.from(text, 'utf8');
    // writeSync may write part of the bytes (a pipe with less room than the text), or none for now (EAGAIN: a
    // descriptor left non-blocking by another process sharing it): go on until all are written.
    for (let offset = 0; offset < bytes.length && !this.closed; ) {
      try {
        offset += writeSync(this.fd, bytes, offset);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') this.closed = true;
        else if (code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RETRY_MS);
        else throw err;
      }
    }
    return true;
  }
}

/** The process's standard output and error (file descriptors 1 and 2). */
export function standardIo(): Io {
  return { stdout: new DescriptorOutput(1), stderr: new DescriptorOutput(2) };
}

export function readNetlist(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new NetlistError(`cannot read netlist file '${file}'`, { file, line: 0, column: 0, text: '' });
  }
}
