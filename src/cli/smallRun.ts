/**
 * Which netlists `memspice run` may simulate in its own thread rather than in the worker (src/simulationWorker.ts).
 *
 * The worker exists so that a run that exhausts the JavaScript heap ends as one line, `memspice: internal error:
 * out of memory`, instead of V8 aborting the process. Starting it costs a second Node environment: on a 2-core
 * machine most of the start-up of a small netlist. A netlist whose run can not come near the heap limit needs no
 * such guard, and this is a test a few kilobytes of text can pass by construction, before anything is parsed:
 *
 * - at most SMALL_NETLIST_CHARS characters, every line of it in the file itself (no `.include`, `.lib`);
 * - no subcircuit instance or definition (a fan-out of a few lines expands to millions of elements), no `.func`
 *   or `.define` (a call nested in a call grows the expanded expression), no `{...}` or quoted expression at all,
 *   no behavioural source (B, nor E/G/F/H with a parenthesised form, whose equations are differentiated
 *   symbolically), no `.control`, `.step`, `.mc` (several runs);
 * - `.op` as the only analysis: a sweep or a transient stores points up to its limits (1e7 sweep points, 1e8
 *   steps), far beyond the heap, while an operating point holds one solution.
 *
 * Then the memory is proportional to the elements, a few kB each, so a few MB at most: within any heap Node
 * starts with. Everything else runs in the worker. A netlist rejected here is no less correct, only started
 * more slowly; the rule is deliberately narrow.
 */

/** Largest netlist (characters) simulated without the worker: about 500 element lines. */
export const SMALL_NETLIST_CHARS = 16384;

/** Dot lines that neither add elements nor runs nor stored points. */
const HARMLESS_DOT_LINES = new Set(['.op', '.end', '.options', '.option', '.opt', '.param', '.model', '.print', '.probe', '.save', '.temp', '.ic', '.nodeset', '.global', '.title']);

/** Element letters allowed (X: subcircuit instances and B: behavioural sources are not). */
const PLAIN_ELEMENTS = /^[rclvidkyegfhmsw]/;

/** Whether `text` may run in this thread (see above): true only when the whole run is bounded by its text. */
export function fitsInThisThread(text: string): boolean {
  if (text.length > SMALL_NETLIST_CHARS || text.includes('{') || text.includes("'")) return false;
  const lines = text.split(/\r?\n|\r/);
  let analyses = 0;
  // First letter of the line a `+` line continues.
  let continued = '';
  // The first line is the title, whatever it says.
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k].trim().toLowerCase();
    if (line === '' || line.startsWith('*') || line.startsWith(';')) continue;
    if (line.startsWith('+')) {
      // More items of a line already allowed (a long PWL stays bounded by the text); E/G/F/H as on their first line.
      if ('egfh'.includes(continued) && line.includes('(')) return false;
      continue;
    }
    if (line.startsWith('.')) {
      const command = line.split(/[\s(]/, 1)[0];
      if (command === '.end') break;
      if (!HARMLESS_DOT_LINES.has(command)) return false;
      if (command === '.op') analyses++;
    } else if (!PLAIN_ELEMENTS.test(line) || ('egfh'.includes(line[0]) && line.includes('('))) return false;
    continued = line[0];
  }
  return analyses === 1;
}
