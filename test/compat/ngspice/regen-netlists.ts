/**
 * Regenerates the ngspice results of the public netlists in test/compat/netlists/: each netlist is run
 * unchanged by `ngspice -b` except for a `.control` block appended before `.end` that runs the deck's own
 * analyses and writes, with `wrdata` at 16 digits, the vectors the deck's `.print` lines name (for `.op`,
 * every vector any `.print` names). The values are stored beside the netlist as NAME.ngspice.json with the
 * ngspice version.
 *
 * A few netlists are run by ngspice at tight tolerances instead (TIGHT_RUNS): where ngspice at its default
 * tolerances was shown to be farther from the converged solution than the comparison's tolerance while
 * memspice at its defaults is within it (docs/compat.md, "Netlists run by ngspice at tight tolerances").
 * Their `.control` block sets the options and runs the commands listed there instead of `run`; the
 * fixture records them (`control`).
 *
 *   npx tsx test/compat/ngspice/regen-netlists.ts [xyce/NAME.cir ...]   (needs `ngspice` on PATH; all by default)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type CompatAnalysis = 'op' | 'dc' | 'ac' | 'tran';

/** One analysis as ngspice computed it: the sweep (time, frequency, source value; none for .op) and each vector. */
export interface CompatPlot {
  type: CompatAnalysis;
  scale: number[];
  /** Real vectors (op, dc, tran) by lower-case name; for ac the real parts. */
  vectors: Record<string, number[]>;
  /** ac only: the imaginary parts. */
  imag?: Record<string, number[]>;
}

export interface CompatFixture {
  ngspice: string;
  netlist: string;
  /** The `.control` commands that replaced `run`, when the netlist is one of TIGHT_RUNS. */
  control?: string[];
  plots: CompatPlot[];
}

/**
 * Netlists whose reference is ngspice at tight tolerances, and the commands that replace `run`: `option`
 * lines, then one analysis per plot (each followed by its `wrdata`), in the order of `types`.
 */
export const TIGHT_RUNS: Record<string, { commands: string[]; types: CompatAnalysis[] }> = {
  // Newton stopped at reltol = 1e-3 leaves ngspice 1.1e-4 (diodes) and 5.2e-4 (PMOS) of the current
  // from the solution both simulators converge to at reltol = 1e-12; memspice's default is within 2e-9.
  'xyce/PARAMS2-Params_D2.cir': { commands: ['option reltol=1e-12 abstol=1e-18 vntol=1e-15', 'dc v1 0 5 1'], types: ['dc'] },
  'xyce/PMOS1_DC-pmos1.cir': { commands: ['option reltol=1e-12 abstol=1e-18 vntol=1e-15', 'dc vdd 0 5 1'], types: ['dc'] },
  // The same for a level-1 PMOS (5.2e-4 of i(vmon) at ngspice's defaults; memspice's default within 2.4e-11
  // of ngspice at reltol = 1e-12) and a diode carrying 2 A (2.0e-6; memspice 2.9e-10).
  'xyce/BUG_1455-bug_1455.cir': { commands: ['option reltol=1e-12 abstol=1e-18 vntol=1e-15', 'dc vdd 0 5 1'], types: ['dc'] },
  'xyce/BUG_352-BUG_352a.cir': { commands: ['option reltol=1e-12 abstol=1e-18 vntol=1e-15', 'dc vin 0 5 .5'], types: ['dc'] },
  // A diode swept to 50 V (8.5e-4 of v(3) at ngspice's defaults, memspice 1.8e-8 from ngspice at reltol =
  // 1e-12) and a level-1 NMOS at vds = 1 mV (4.0e-6 of i(vdrain); memspice 6.8e-16).
  'xyce/BUG_658-diode.cir': { commands: ['option reltol=1e-12 abstol=1e-18 vntol=1e-15', 'dc vin 5 50 1'], types: ['dc'] },
  'xyce/BUG_754_SON-dcsweep_nopar.cir': { commands: ['option reltol=1e-12 abstol=1e-18 vntol=1e-15', 'dc vdrain 0 1 0.001'], types: ['dc'] },
  // Coupled inductors with a 0.25 us mode: ngspice's default first step (1 us) leaves it 5 % off in the
  // first 2 us. Reference: reltol = 1e-9 and steps of at most 1 ns over the first 5 us (then 10 ns),
  // linearized onto 20 ns and 100 us grids (linear interpolation of 1 ns steps: ~1e-6 of the signal).
  'xyce/BUG_1957-mutindlin_odd_s3f5.cir': {
    commands: ['option reltol=1e-9', 'tran 20ns 5us 0 1ns', 'linearize', 'tran 100us 25ms 0 10ns', 'linearize'],
    types: ['tran', 'tran'],
  },
};

/**
 * Decks that print nothing (ngspice's self-checking tests run `op` in their .control block and test a
 * vector there): the node voltages compared, by analysis. The names are memspice's default outputs for
 * the deck (every node voltage); the values stored are ngspice's.
 */
export const PRINTED: Record<string, Partial<Record<CompatAnalysis, string[]>>> = {
  'ngspice/regression-lib-processing-ex1a.cir': { op: ['v(9)', 'v(check0)'] },
  'ngspice/regression-lib-processing-ex1b.cir': { op: ['v(9)', 'v(check0)'] },
  'ngspice/regression-lib-processing-ex2a.cir': { op: ['v(7)', 'v(check1)', 'v(9)', 'v(check2)'] },
  'ngspice/regression-lib-processing-ex3a.cir': { op: ['v(7)', 'v(check1)', 'v(9)', 'v(check2)'] },
  'ngspice/regression-lib-processing-scope-1.cir': { op: ['v(n1001_t)', 'v(n1001_g)', 'v(n1002_t)', 'v(n1002_g)'] },
  'ngspice/regression-lib-processing-scope-2.cir': { op: ['v(n1001_t)', 'v(n1001_g)', 'v(n1002_t)', 'v(n1002_g)', 'v(n1003_t)', 'v(n1003_g)'] },
  'ngspice/regression-lib-processing-scope-3.cir': { op: ['v(n1001_t)', 'v(n1001_g)', 'v(n1002_t)', 'v(n1002_g)', 'v(n1003_t)', 'v(n1003_g)'] },
  'ngspice/regression-misc-alter-vec.cir': { op: ['v(1)'] },
  'ngspice/regression-misc-bugs-2.cir': { dc: ['v(1)'] },
  'ngspice/regression-model-instance-defaults.cir': { op: ['v(1)'] },
  'ngspice/regression-model-special-names-1.cir': { op: ['v(1)', 'v(t1)', 'v(t2)', 'v(t3)', 'v(t4)'] },
  'ngspice/regression-subckt-processing-global-1.cir': { op: ['v(n1001_t)', 'v(n1002_t)', 'v(n1003_t)', 'v(n1)', 'v(n1001_g)', 'v(n1002_g)', 'v(n1003_g)'] },
  'ngspice/regression-subckt-processing-model-scope-5.cir': { op: ['v(n1001_t)', 'v(n1002_t)', 'v(n1003_t)', 'v(n1004_t)', 'v(n1005_t)', 'v(n1006_t)', 'v(n1007_t)', 'v(n1001_g)', 'v(n1002_g)', 'v(n1003_g)', 'v(n1004_g)', 'v(n1005_g)', 'v(n1006_g)', 'v(n1007_g)'] },
};

export const NETLIST_DIR = fileURLToPath(new URL('../netlists/', import.meta.url));

/** Every netlist of the collection, as paths relative to NETLIST_DIR (one folder per source corpus). */
export function compatNetlists(): string[] {
  const out: string[] = [];
  for (const corpus of readdirSync(NETLIST_DIR, { withFileTypes: true })) {
    if (!corpus.isDirectory()) continue;
    for (const f of readdirSync(path.join(NETLIST_DIR, corpus.name)).sort()) if (/\.(cir|sp|spice|net|ckt)$/i.test(f)) out.push(`${corpus.name}/${f}`);
  }
  return out;
}

export function fixturePath(netlist: string): string {
  return path.join(NETLIST_DIR, netlist.replace(/\.[^.]+$/, '.ngspice.json'));
}

/** The vectors `.print TYPE v(a) i(vx) ...` (or `.plot`) asks for, per analysis type (continuation lines joined). */
export function printedVectors(text: string): Map<CompatAnalysis, string[]> {
  const joined = text.replace(/\r/g, '').replace(/\n\+/g, ' ');
  const out = new Map<CompatAnalysis, string[]>();
  for (const line of joined.split('\n')) {
    const m = /^\s*\.(?:print|plot)\s+(op|dc|ac|tran)\b(.*)$/i.exec(line);
    if (!m) continue;
    const type = m[1].toLowerCase() as CompatAnalysis;
    const vectors = [...m[2].matchAll(/\b([vi])\(\s*([^()\s,]+)\s*\)/gi)].map((v) => `${v[1].toLowerCase()}(${v[2].toLowerCase()})`);
    out.set(type, [...new Set([...(out.get(type) ?? []), ...vectors])]);
  }
  return out;
}

/** The analyses the deck runs, in the order of their plots (ngspice names them op1, dc1, ac1, tran1). */
function analysesOf(text: string): CompatAnalysis[] {
  const found = new Set<CompatAnalysis>();
  for (const m of text.matchAll(/^\s*\.(op|dc|ac|tran)\b/gim)) found.add(m[1].toLowerCase() as CompatAnalysis);
  return [...found];
}

/** The analyses a deck's .control block runs (`op`, `dc ...`, `ac ...`, `tran ...` lines), as TIGHT_RUNS commands. */
function controlAnalyses(text: string): { commands: string[]; types: CompatAnalysis[] } {
  const block = /^\s*\.control\b([\s\S]*?)^\s*\.endc\b/im.exec(text)?.[1] ?? '';
  const commands = block.split(/\r?\n/).map((l) => l.trim()).filter((l) => /^(op|dc|ac|tran)\b/i.test(l));
  return { commands, types: commands.map((c) => c.split(/\s+/)[0].toLowerCase() as CompatAnalysis) };
}

function ngspiceVersion(): string {
  const out = spawnSync('ngspice', ['-v'], { encoding: 'utf8' }).stdout;
  const m = /ngspice-(\S+)/.exec(out);
  if (!m) throw new Error(`cannot read the ngspice version from: ${out}`);
  return `ngspice-${m[1]}`;
}

function readColumns(file: string): number[][] {
  const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1); // first line: the vector names
  return rows.map((l) => l.trim().split(/\s+/).map(Number));
}

/**
 * Runs the netlist at `source` (any path: the collection's or a corpus file; the files beside it are copied
 * with it, so its includes resolve) through `ngspice -b` with the `.control` block described above, and
 * returns the plots it wrote. `tightRun` replaces `run` (TIGHT_RUNS); `vectors`, for a deck that prints
 * nothing, names what to write instead of its `.print` lines (PRINTED).
 */
export function runNgspice(source: string, tightRun?: { commands: string[]; types: CompatAnalysis[] }, vectors?: Map<CompatAnalysis, string[]>): CompatPlot[] {
  const netlist = path.basename(source);
  const text = readFileSync(source, 'latin1');
  const printed = vectors ?? printedVectors(text);
  const allPrinted = [...new Set([...printed.values()].flat())];
  // A deck with its own .control block (ngspice's self-checking tests: `op`, a check, `quit`) has it
  // replaced, for ngspice only, by the analyses it runs, each followed by its wrdata.
  const ownControl = /^\s*\.control\b[\s\S]*?^\s*\.endc\b.*$/im;
  const tight = tightRun ?? (ownControl.test(text) ? controlAnalyses(text) : undefined);
  // One entry per analysis run, in order (a tight run's k-th analysis writes the k-th); those with nothing to write are dropped after.
  const runs = (tight ? tight.types : analysesOf(text)).map((type, k) => ({ type, file: `${type}${k}.txt`, vectors: type === 'op' ? allPrinted : (printed.get(type) ?? []) }));
  const plots = runs.filter((p) => p.vectors.length > 0);
  const control = ['.control', 'set wr_singlescale', 'set wr_vecnames', 'set numdgt=16'];
  if (tight) {
    // Each analysis (or linearize) makes the current plot; write it before the next one.
    let next = 0;
    tight.commands.forEach((command, k) => {
      control.push(command);
      const makesPlot = /^(op|dc|ac|tran)\b/.test(command) && tight.commands[k + 1] !== 'linearize';
      if (makesPlot || command === 'linearize') {
        const p = runs[next++];
        if (p && p.vectors.length > 0) control.push(`wrdata ${p.file} ${p.vectors.join(' ')}`);
      }
    });
  } else {
    control.push('run');
    for (const p of plots) control.push(`setplot ${p.type}1`, `wrdata ${p.file} ${p.vectors.join(' ')}`);
  }
  control.push('.endc');
  const lines = text.replace(ownControl, '').split(/\r?\n/);
  const endAt = lines.findIndex((l) => /^\s*\.end\s*$/i.test(l));
  const deck = [...(endAt < 0 ? lines : lines.slice(0, endAt)), ...control, '.end', ''].join('\n');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'memspice-compat-'));
  try {
    writeFileSync(path.join(dir, 'deck.cir'), deck);
    for (const f of readdirSync(path.dirname(source), { withFileTypes: true })) {
      if (f.isFile() && !/\.(json)$/.test(f.name)) copyFileSync(path.join(path.dirname(source), f.name), path.join(dir, f.name === netlist ? `orig-${f.name}` : f.name));
    }
    // A deck's .print output can be large; a corpus deck that makes ngspice loop is given up after ten minutes (a tight-tolerance run of the collection takes minutes on a loaded machine).
    const run = spawnSync('ngspice', ['-b', 'deck.cir'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 600_000 });
    return plots.map((p) => {
      const file = path.join(dir, p.file);
      if (run.error || !existsSync(file)) throw new Error(`ngspice wrote no ${p.type} data for ${netlist}:\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`);
      const rows = readColumns(file);
      const plot: CompatPlot = { type: p.type, scale: p.type === 'op' ? [] : rows.map((r) => r[0]), vectors: {} };
      // With wr_singlescale the first column is the scale; ac vectors are complex: (re, im) column pairs.
      if (p.type === 'ac') {
        plot.imag = {};
        p.vectors.forEach((v, k) => {
          plot.vectors[v] = rows.map((r) => r[1 + 2 * k]);
          plot.imag![v] = rows.map((r) => r[2 + 2 * k]);
        });
      } else {
        p.vectors.forEach((v, k) => (plot.vectors[v] = rows.map((r) => r[1 + k])));
      }
      return plot;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The vectors a collection netlist is compared on when they are not its own `.print` lines (PRINTED). */
export function printedBy(netlist: string): Map<CompatAnalysis, string[]> | undefined {
  const named = PRINTED[netlist];
  return named ? new Map(Object.entries(named) as Array<[CompatAnalysis, string[]]>) : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const version = ngspiceVersion();
  for (const netlist of compatNetlists()) {
    const only = process.argv.slice(2);
    if (only.length > 0 && !only.includes(netlist)) continue;
    const fixture: CompatFixture = { ngspice: version, netlist, ...(TIGHT_RUNS[netlist] ? { control: TIGHT_RUNS[netlist].commands } : {}), plots: runNgspice(path.join(NETLIST_DIR, netlist), TIGHT_RUNS[netlist], printedBy(netlist)) };
    writeFileSync(fixturePath(netlist), JSON.stringify(fixture) + '\n');
    console.log(`${netlist}: ${fixture.plots.map((p) => `${p.type} ${Object.keys(p.vectors).join(' ')} (${Math.max(1, p.scale.length)} points)`).join('; ')}`);
  }
}
