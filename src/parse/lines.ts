/**
 * Preprocessor: netlist text -> logical lines. Removes `*` comment lines and inline `;` / `$ ` comments,
 * joins `+` continuation lines, and keeps for every logical line a map from its columns back to the
 * original file, line and column, so messages point into the text the user wrote.
 */
import { NetlistError, type SourceLocation } from '../base/errors.ts';

/** A stretch of a logical line copied from one physical line. */
interface Segment {
  /** Offset of the stretch in the logical line. */
  start: number;
  /** Physical line (1-based) and column (1-based) of the first character of the stretch. */
  line: number;
  column: number;
  /** The whole physical line without trailing blanks, for messages (trimmed once: every item is located). */
  text: string;
}

export class LogicalLine {
  constructor(
    readonly file: string,
    public text: string,
    readonly segments: Segment[],
  ) {}

  /** Original location of the character at `offset` (0-based) of the logical line; past the end: just after the last character. */
  locate(offset: number): SourceLocation {
    // Binary search for the last segment starting at or before `offset`: a long PWL may span thousands of
    // continuation lines and every item is located.
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segments[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    const seg = this.segments[lo];
    return { file: this.file, line: seg.line, column: seg.column + Math.max(0, offset - seg.start), text: seg.text };
  }

  /** Location of the first non-blank character. */
  get loc(): SourceLocation {
    const lead = this.text.length - this.text.trimStart().length;
    return this.locate(lead);
  }
}

export interface SplitResult {
  /** First physical line, when the file has a title (the main netlist). */
  title?: { text: string; loc: SourceLocation };
  lines: LogicalLine[];
}

/** Cuts an inline comment (`;` anywhere, `$` followed by blank or end of line), outside double quotes. */
function stripInlineComment(line: string): string {
  // Most lines have neither character: no scan, no copy.
  if (!line.includes(';') && !line.includes('$')) return line;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ';' || (c === '$' && (i + 1 === line.length || line[i + 1] === ' ' || line[i + 1] === '\t')))) {
      return line.slice(0, i);
    }
  }
  return line;
}

export function splitLines(text: string, file: string, hasTitle: boolean): SplitResult {
  const physical = text.split(/\r?\n|\r/);
  const result: SplitResult = { lines: [] };
  let first = 0;
  if (hasTitle) {
    if (text.trim() === '') {
      throw new NetlistError('empty netlist: the first line must be a title, followed by elements and analyses', {
        file,
        line: 1,
        column: 1,
        text: '',
      });
    }
    result.title = { text: physical[0].trim(), loc: { file, line: 1, column: 1, text: physical[0] } };
    first = 1;
  }
  let current: LogicalLine | undefined;
  for (let i = first; i < physical.length; i++) {
    const raw = physical[i];
    const lineNo = i + 1;
    // Offsets rather than trimmed copies: a 400k-line netlist made a million short-lived strings here.
    const first = raw.search(/\S/);
    if (first < 0 || raw[first] === '*') continue;
    const body = stripInlineComment(raw).trimEnd();
    if (body === '') continue;
    const lead = first;
    if (body[lead] === '+') {
      if (!current) {
        throw new NetlistError("continuation line '+' with no line before it to continue", {
          file,
          line: lineNo,
          column: lead + 1,
          text: raw,
        });
      }
      // The '+' becomes a blank separating the continued text from what came before.
      current.segments.push({ start: current.text.length, line: lineNo, column: lead + 1, text: raw.trimEnd() });
      current.text += ' ' + body.slice(lead + 1);
      continue;
    }
    current = new LogicalLine(file, body, [{ start: 0, line: lineNo, column: 1, text: raw.trimEnd() }]);
    result.lines.push(current);
  }
  return result;
}
