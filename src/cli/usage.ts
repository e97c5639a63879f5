/**
 * What the CLI prints without running anything: the usage, each command's help, the version. Apart from src/cli.ts
 * so that the launcher (src/cli/launch.ts) answers --help and --version from this file alone, without loading the
 * CLI bundle and the simulator in it.
 */

export const USAGE = `usage:
  memspice run FILE.cir [--out DIR] [--json] [--quiet]   simulate; CSV per analysis into DIR (default ./out), or JSON on stdout
        [--plot] [--png]                                  also an SVG (and PNG) per .plot line, or per analysis without one
        [--include-path DIR]...                           also let .include/.lib read files under DIR (default: the netlist's directory only)
        [--max-elements N] [--max-steps N]                limits, as .options maxelements= / maxsteps= (these win)
        [--jobs N] [--queue redis://HOST:PORT]            runs of .step/.mc (or a long .ac) on N threads (default: every core), or on queue workers
  memspice worker --queue redis://HOST:PORT [--jobs N]    execute queued runs (each worker with N threads)
  memspice zcheck FILE.cir [--tol T] [--json] [--plot]    .ac impedance seen by the AC source vs the papers' closed forms
  memspice report FILE.cir [-o report.html]               self-contained HTML: figures, .meas, .op, zcheck, warnings, statistics
  memspice serve [--port P]                                the web page (edit, run in the browser, plots) on http://127.0.0.1:P/
  memspice devices                                         list devices and their parameters
  memspice --version | --help | COMMAND --help`;

/** `memspice COMMAND --help`: what the command does and every option it takes. */
export const COMMAND_HELP: Record<string, string> = {
  run: `usage: memspice run FILE.cir [--out DIR] [--json] [--quiet] [--plot] [--png]

Simulates every analysis of the netlist (.op, .dc, .ac, .tran, under .step if given).

  --out DIR, -o DIR   write one CSV per analysis into DIR (default ./out), named <netlist>-<k>-<type>[-<step>].csv;
                      files appear only after every analysis has succeeded; a .tran is written while it runs
                      (into <name>.partial, renamed at the end), so a long one needs no memory for its points
  --json              print the result as JSON on stdout instead (what the library's simulate() returns); write nothing
  --quiet, -q         no progress display and no warnings on stderr
  --include-path DIR, -I DIR
                      also let .include and .lib read files under DIR (default: the netlist's directory only)
  --max-elements N    at most N elements in the flattened circuit, as .options maxelements=N (default 5000000);
                      replaces the netlist's value
  --max-steps N       at most N time steps (accepted and rejected) per .tran, as .options maxsteps=N
                      (default 1e8); replaces the netlist's value
  --plot              also draw one SVG per .plot line into DIR, <netlist>-plot<k>.svg (without .plot lines: one
                      per analysis, <netlist>-tran.svg, <netlist>-ac-nyquist.svg, ...)
  --png               --plot, and a PNG beside each SVG
  --jobs N, -j N      simulate the runs of .step and .mc on N worker threads (default: the number of cores), or
                      the frequencies of a long .ac in N blocks; the result is the serial one bit for bit, in the
                      same order (see docs/scaling.md)
  --queue URL         enqueue the runs on the Redis queue at URL (redis://host:port) for \`memspice worker\`
                      processes, gather their results in order (see docs/scaling.md)

With more than one run, the .meas results of every run are also written to <netlist>-measures.csv (one row per
run) and summarized on stdout (mean, standard deviation, quantiles).

Exit codes: 0 success, 1 netlist or usage error, 2 simulation failure.`,
  worker: `usage: memspice worker --queue redis://HOST:PORT [--jobs N] [--stall-timeout S] [--idle-exit S]

Executes runs that \`memspice run FILE --queue URL\` enqueued, N at a time on worker threads (default: every
core), until stopped (SIGINT or SIGTERM: the runs in progress finish first). A worker that dies loses its runs'
locks; after --stall-timeout seconds (default 30) another worker takes them over. The netlist's .include files
must be at the same paths on every machine.

  --idle-exit S       stop after S seconds without a run (batch jobs); default: never`,
  zcheck: `usage: memspice zcheck FILE.cir [--tol T] [--json] [--plot [--png] [--out DIR]]

Runs the netlist's .ac analysis and prints per frequency the impedance seen by the AC source, as simulated and
from the papers' closed forms (each memristive device replaced by its closed-form admittance at its operating
point), with their relative difference and its maximum.

  --tol T   exit 2 when the maximum relative difference exceeds T
  --json    print the comparison as JSON
  --plot    also draw the simulated impedance (markers) over the closed form (line) as Nyquist and Bode figures,
            <netlist>-zcheck-nyquist.svg and <netlist>-zcheck-bode.svg in DIR (--out DIR, default ./out)
  --png     --plot, and a PNG beside each SVG

Exit codes: 0 success, 1 netlist or usage error, 2 simulation failure or tolerance exceeded.`,
  report: `usage: memspice report FILE.cir [-o report.html]

Simulates the netlist and writes one self-contained HTML file (it needs no network access to open): the netlist,
every figure (as --plot draws them, interactive: drag to pan, wheel to zoom, hover for values), the .meas results,
the .op table, the zcheck comparison when the netlist has an .ac, the warnings and the run's statistics.
Default output: <netlist>-report.html beside the netlist.

Exit codes: 0 success, 1 netlist or usage error, 2 simulation failure.`,
  serve: `usage: memspice serve [--port P]

Serves the web page (built by npm run build:web into web/dist) on http://127.0.0.1:P/ (default 8080), for this
machine only. The page edits a netlist (the papers' figure netlists are in its list), runs it in a Web Worker with
the same engine as the CLI, and shows its figures and tables; nothing is computed by the server.`,
  devices: `usage: memspice devices

Lists every device (element letter, terminals, summary) with its parameter table: name, unit, default, meaning.`,
};

/**
 * The text `argv` asks for when it asks only for help or the version (`--help`, `-h`, `help [COMMAND]`,
 * `COMMAND --help`, `--version`), else undefined. `version` reads it, only when asked.
 */
export function immediateAnswer(argv: readonly string[], version: () => string): string | undefined {
  const [command, ...rest] = argv;
  if (command === undefined) return undefined;
  if (Object.hasOwn(COMMAND_HELP, command) && (rest.includes('--help') || rest.includes('-h'))) return COMMAND_HELP[command] + '\n';
  if (command === '--help' || command === '-h') return USAGE + '\n';
  if (command === 'help') return (rest[0] !== undefined && Object.hasOwn(COMMAND_HELP, rest[0]) ? COMMAND_HELP[rest[0]] : USAGE) + '\n';
  if (command === '--version' || command === '-v' || command === '-V') return `memspice ${version()}\n`;
  return undefined;
}
