/**
 * The table files of a run written while it runs (a long transient streams its rows here instead of holding
 * them): each under `<final name>.partial` until the CLI renames every file of the run at the end, so a run
 * that fails leaves no half-written table. Rows are formatted exactly as toCsv formats them (one header and row
 * formatter, src/output/csv.ts), so a streamed file equals the in-memory one byte for byte.
 */
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisResult, StreamedTable, TableWriter } from '../analysis/results.ts';
import { csvFileName, tableHeader, tableRow } from '../output/csv.ts';

/** Where the tables go: the output directory and the netlist's base name (as in `<base>-<k>-tran.csv`). */
export interface TableFilesTarget {
  dir: string;
  base: string;
}

/** The final path of table `index` (0-based): where the CLI renames its partial file to. */
export function tableFilePath(target: TableFilesTarget, table: Pick<AnalysisResult, 'type' | 'step' | 'sample' | 'format'>, index: number): string {
  return join(target.dir, csvFileName(target.base, index + 1, table));
}

/** Characters buffered before a write: large enough that writes cost little, small enough to be no memory at all. */
const FLUSH_CHARS = 1 << 16;

export class TableFiles {
  private readonly open = new Set<{ fd: number }>();
  /** The partial files created so far (the CLI removes them if the run fails). */
  readonly partials: string[] = [];

  constructor(
    private readonly target: TableFilesTarget,
    private readonly onCreate?: (partial: string) => void,
  ) {}

  create(table: StreamedTable): TableWriter {
    mkdirSync(this.target.dir, { recursive: true });
    const partial = `${tableFilePath(this.target, table, table.index)}.partial`;
    this.partials.push(partial);
    this.onCreate?.(partial);
    const handle = { fd: openSync(partial, 'w') };
    this.open.add(handle);
    const { format } = table;
    let buffer = tableHeader(table.columns, format) + '\n';
    let rows = 0;
    const flush = (): void => {
      if (buffer.length > 0) writeSync(handle.fd, buffer);
      buffer = '';
    };
    return {
      row: (values) => {
        buffer += tableRow(values, rows++, format) + '\n';
        if (buffer.length >= FLUSH_CHARS) flush();
      },
      close: () => {
        flush();
        closeSync(handle.fd);
        this.open.delete(handle);
      },
    };
  }

  /** After a failure: closes what is open and removes every partial file. */
  discard(): void {
    for (const h of this.open) closeSync(h.fd);
    this.open.clear();
    for (const p of this.partials) rmSync(p, { force: true });
  }
}
