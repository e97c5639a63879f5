/**
 * The command line, kept thin: argument parsing, files in and out, exit codes. Everything else is the
 * library (src/simulate.ts).
 *
 * Exit codes: 0 success, 1 netlist or usage error, 2 simulation failure.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { NetlistError, SimulationError } from './base/errors.ts';
import { csvFileName, toCsv } from './output/csv.ts';
import { ProgressReporter } from './output/progress.ts';
import { readNetlist, type Io } from './cli/io.ts';

const USAGE = `usage:
  memspice run FILE.cir [--out DIR] [--json] [--quiet]   simulate; CSV per analysis into DIR (default ./out), or JSON on stdout
        [--include-path DIR]...                           also let .include/.lib read files under DIR (default: the netlist's directory only)
  memspice zcheck FILE.cir [--tol T] [--json]             .ac impedance seen by the AC source vs the papers' closed forms
  memspice devices                                         list devices and their parameters
  memspice --version | --help | COMMAND --help`;

/** `memspice COMMAND --help`: what the command does and every option it takes. */
const COMMAND_HELP: Record<string, string> = {
  run: `usage: memspice run FILE.cir [--out DIR] [--json] [--quiet]

Simulates every analysis of the netlist (.op, .dc, .ac, .tran, under .step if given).

  --out DIR, -o DIR   write one CSV per analysis into DIR (default ./out), named <netlist>-<k>-<type>[-<step>].csv;
                      files appear only after every analysis has succeeded
  --json              print the result as JSON on stdout instead (what the library's simulate() returns); write nothing
  --quiet, -q         no progress display and no warnings on stderr

Exit codes: 0 success, 1 netlist or usage error, 2 simulation failure.`,
  zcheck: `usage: memspice zcheck FILE.cir [--tol T] [--json]

Runs the netlist's .ac analysis and prints per frequency the impedance seen by the AC source, as simulated and
from the papers' closed forms (each memristive device replaced by its closed-form admittance at its operating
point), with their relative difference and its maximum.

  --tol T   exit 2 when the maximum relative difference exceeds T
  --json    print the comparison as JSON

Exit codes: 0 success, 1 netlist or usage error, 2 simulation failure or tolerance exceeded.`,
  devices: `usage: memspice devices

Lists every device (element letter, terminals, summary) with its parameter table: name, unit, default, meaning.`,
};

/** The version in package.json, one directory above this module both in src/ and in the built dist/. */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return String(pkg.version);
}

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command !== undefined && COMMAND_HELP[command] && (rest.includes('--help') || rest.includes('-h'))) {
      io.stdout.write(COMMAND_HELP[command] + '\n');
      return 0;
    }
    switch (command) {
      case 'run':
        return await runCommand(rest, io);
      case 'zcheck': {
        const { zcheckCommand } = await import('./cli/zcheck.ts');
        return zcheckCommand(rest, io);
      }
      case 'devices':
        return await devicesCommand(io);
      case '--help':
      case '-h':
        io.stdout.write(USAGE + '\n');
        return 0;
      case 'help': {
        const topic = rest[0];
        io.stdout.write((topic !== undefined && COMMAND_HELP[topic] ? COMMAND_HELP[topic] : USAGE) + '\n');
        return 0;
      }
      case '--version':
      case '-v':
      case '-V':
        io.stdout.write(`memspice ${packageVersion()}\n`);
        return 0;
      default:
        io.stderr.write(`memspice: ${command ? `unknown command '${command}'` : 'no command given'}\n${USAGE}\n`);
        return 1;
    }
  } catch (err) {
    return reportError(err, io);
  }
}

export function reportError(err: unknown, io: Io): number {
  if (err instanceof NetlistError) {
    io.stderr.write(`${err.format()}\n`);
    return 1;
  }
  if (err instanceof SimulationError) {
    io.stderr.write(`${err.format()}\n`);
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`memspice: internal error: ${message}\n`);
  if (process.env.MEMSPICE_DEBUG && err instanceof Error) io.stderr.write(`${err.stack}\n`);
  return 2;
}

interface RunArgs {
  file: string;
  out: string;
  json: boolean;
  quiet: boolean;
  includePath: string[];
}

export function parseRunArgs(args: string[], io: Io): RunArgs | null {
  let file: string | undefined;
  let out = 'out';
  let json = false;
  let quiet = false;
  const includePath: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--json') json = true;
    else if (a === '--include-path' || a === '-I') {
      const v = args[++k];
      if (v === undefined) {
        io.stderr.write('memspice: --include-path needs a directory\n');
        return null;
      }
      includePath.push(resolve(v));
    } else if (a.startsWith('--include-path=')) includePath.push(resolve(a.slice('--include-path='.length)));
    else if (a === '--quiet' || a === '-q') quiet = true;
    else if (a === '--out' || a === '-o') {
      const v = args[++k];
      if (v === undefined) {
        io.stderr.write('memspice: --out needs a directory\n');
        return null;
      }
      out = v;
    } else if (a.startsWith('--out=')) out = a.slice(6);
    else if (a.startsWith('-')) {
      io.stderr.write(`memspice: unknown option '${a}'\n${USAGE}\n`);
      return null;
    } else if (file === undefined) file = a;
    else {
      io.stderr.write(`memspice: more than one netlist given ('${file}', '${a}')\n`);
      return null;
    }
  }
  if (file === undefined) {
    io.stderr.write(`memspice: no netlist given\n${USAGE}\n`);
    return null;
  }
  return { file, out, json, quiet, includePath };
}

// The simulator is imported where a command needs it, so that --help and --version start as fast as Node does.
async function runCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseRunArgs(args, io);
  if (!parsed) return 1;
  const { simulate } = await import('./simulate.ts');
  const text = readNetlist(parsed.file);
  const progress = !parsed.quiet && io.stderr.isTTY ? new ProgressReporter(io.stderr) : undefined;
  let result;
  try {
    result = simulate(text, {
      file: parsed.file,
      cwd: dirname(resolve(parsed.file)),
      includePath: parsed.includePath,
      onProgress: progress?.update,
      onWarning: parsed.quiet ? undefined : (m) => io.stderr.write(`${m}\n`),
    });
  } finally {
    progress?.finish();
  }
  if (parsed.json) {
    io.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  }
  // Write every file under a temporary name first, then rename: a failure leaves no partial output.
  mkdirSync(parsed.out, { recursive: true });
  const base = basename(parsed.file, extname(parsed.file));
  const written: Array<{ tmp: string; final: string }> = [];
  try {
    result.analyses.forEach((a, k) => {
      const final = join(parsed.out, csvFileName(base, k + 1, a));
      const tmp = `${final}.partial`;
      writeFileSync(tmp, toCsv(a));
      written.push({ tmp, final });
    });
    for (const w of written) renameSync(w.tmp, w.final);
  } catch (err) {
    for (const w of written) rmSync(w.tmp, { force: true });
    throw err;
  }
  result.analyses.forEach((a, k) => {
    const step = a.step ? ` [${Object.entries(a.step).map(([p, v]) => `${p}=${v}`).join(', ')}]` : '';
    const measures = a.measures
      ? '  ' + Object.entries(a.measures).map(([m, v]) => `${m}=${v}`).join(' ')
      : '';
    io.stdout.write(`${a.type}${step}: ${a.data.length} point(s) x ${a.columns.length} column(s) -> ${written[k].final}${measures}\n`);
  });
  return 0;
}

async function devicesCommand(io: Io): Promise<number> {
  const { BUILT_IN_DEVICES } = await import('./devices/index.ts');
  for (const d of BUILT_IN_DEVICES) {
    io.stdout.write(`${d.kind}  (${d.terminals} terminals)  ${d.summary}\n`);
    for (const p of d.params) {
      const def = p.default !== undefined ? `default ${p.default}` : p.optional ? 'optional' : 'required';
      const aliases = p.aliases?.length ? ` (alias ${p.aliases.join(', ')})` : '';
      io.stdout.write(`    ${p.name.padEnd(10)} ${p.unit.padEnd(6)} ${def.padEnd(16)} ${p.description}${aliases}\n`);
    }
  }
  return 0;
}
