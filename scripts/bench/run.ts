/**
 * `npm run bench [-- options]`: the benchmark cases of scripts/bench/cases.ts, run by memspice (in process, through
 * `simulate()`) and, when installed, by ngspice in batch mode; one table row per case, then the performance goals against ngspice.
 *
 *   --all            also the big cases (crossbars 64x64 transient to 256x256, RC ladder 1e5): hours with ngspice
 *   --only A,B       only these cases (ids: startup, ladder1000, xbar32-dc, xbar32-tran, xbar32-ac, ...; xbar32 = all three)
 *   --no-ngspice     memspice only
 *   --repeats N      runs per simulator (median reported); default: 5 below 1 s, 3 below 10 s, else 1; start-up: 21
 *   --tscale S       scale transient stop times (e.g. 0.1 for a quick look; the reference is 1)
 *   --json FILE      also write every measurement as JSON
 *   --keep DIR       keep the ngspice decks and outputs in DIR/<case>/ (implies a fresh ngspice run)
 *   --ng-cache DIR   where ngspice measurements are cached, keyed by the netlist (default: $TMPDIR/memspice-ngspice-cache);
 *                    a cached row is marked * and its measurement date printed
 *   --fresh-ngspice  ignore the cache: run ngspice again
 *   --only browser   the browser engine against Node only (scripts/bench/browser.ts, 16x16 crossbar transient)
 *   --accuracy       transients (not the big ones): also the error of each simulator against a memspice reference at reltol 1e-7 and
 *                    tmax/10 (costs a long extra run per case)
 *   --rss            every case (not only the netlist-op ones): also the peak RSS of each simulator as a whole process
 *
 * Start-up (case `startup`, scripts/bench/startup.ts): median wall time of a whole `memspice run` process (the built
 * CLI; `npm run bench` builds it first) on a three-line netlist, of `ngspice -b` on the same file, and of `node -e 0`;
 * when the environment sets NODE_EXTRA_CA_CERTS, memspice and node again without it (Node's start-up cost of it).
 *
 * Memory (netlist-op cases, or every case with --rss): peak resident set size of one whole process per simulator on
 * the same netlist file, `memspice run FILE` (the built CLI, as a user runs it) and `ngspice -b` on its deck, both read
 * by GNU time (`/usr/bin/time -f %M`, the kernel's ru_maxrss of the child); without /usr/bin/time the column stays empty.
 *
 * Times: memspice = wall time of simulate() (parse, elaborate, every analysis); ngspice = wall time of the
 * `ngspice -b` process (parse, setup, analysis, writing the probed vectors), and in brackets ngspice's own
 * "Total analysis time". Ratio = memspice / ngspice wall time; speedup = its inverse.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseSpiceNumber } from '../../src/parse/units.ts';
import { simulate } from '../../src/simulate.ts';
import type { SimulationResult } from '../../src/analysis/results.ts';
import type { Simulator } from '../../src/engine/simulator.ts';
import { SparseLURealSolver } from '../../src/engine/linear/sparse.ts';
import { allCases, TOLERANCES, type BenchCase } from './cases.ts';
import { compareResults, type Difference } from './compare.ts';
import { ngspiceAvailable, ngspiceVersion, runNgspice, toNgspice, type NgspiceResult } from './ngspice.ts';
import { measureStartup, STARTUP_GOAL_MS, type StartupMeasurement } from './startup.ts';

const { values: args } = parseArgs({
  options: {
    all: { type: 'boolean' },
    only: { type: 'string' },
    'no-ngspice': { type: 'boolean' },
    repeats: { type: 'string' },
    tscale: { type: 'string' },
    json: { type: 'string' },
    keep: { type: 'string' },
    'ng-cache': { type: 'string' },
    'fresh-ngspice': { type: 'boolean' },
    accuracy: { type: 'boolean' },
    rss: { type: 'boolean' },
  },
  strict: true,
});

interface MemspiceRun {
  wallMs: number[];
  unknowns: number;
  nnz: number;
  nnzLU: number;
  newton: number;
  /** Numeric LU factorisations (transient Newton may reuse factors). */
  factors: number;
  steps: number;
  rejected: number;
  result: SimulationResult;
}

interface NgRun {
  wallMs: number[];
  analysisMs: number;
  iterations: number;
  steps: number;
  rejected: number;
  equations: number;
  nnzLU: number;
  fill: number;
}

interface Row {
  id: string;
  family: BenchCase['family'];
  size: number;
  memspice: MemspiceRun & { median: number };
  ngspice?: NgRun & { median: number };
  diff?: Difference;
  /** --accuracy: errors against the tight reference. */
  accuracy?: { memspice: Difference; ngspice?: Difference };
  ngCachedAt?: string;
  error?: string;
  /** Peak RSS in MB of one whole process each (see peakRss). */
  peakRssMB?: { memspice?: number; ngspice?: number };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

function autoRepeats(firstMs: number): number {
  if (args.repeats !== undefined) return Math.max(1, Number(args.repeats));
  return firstMs < 1000 ? 5 : firstMs < 10000 ? 3 : 1;
}

/** Numeric factorisations (NewtonWorkspace.factorizations when the engine counts them, else Newton iterations). */
function factorizationsOf(sim: Simulator): number {
  const counted = (sim.work as unknown as { factorizations?: unknown }).factorizations;
  return typeof counted === 'number' ? counted : sim.stats.newtonIterations;
}

function runMemspice(text: string): MemspiceRun {
  const wallMs: number[] = [];
  let info: Omit<MemspiceRun, 'wallMs' | 'result'> | undefined;
  let result: SimulationResult | undefined;
  const once = (): void => {
    const t0 = performance.now();
    result = simulate(text, {
      onSimulator: (sim) => {
        const solver = sim.solver;
        info = {
          unknowns: sim.system.n,
          nnz: sim.system.nnz,
          nnzLU: solver instanceof SparseLURealSolver ? solver.nnzLU : sim.system.n * sim.system.n,
          newton: sim.stats.newtonIterations,
          factors: factorizationsOf(sim),
          steps: sim.stats.timeSteps,
          rejected: sim.stats.rejectedSteps,
        };
      },
    });
    wallMs.push(performance.now() - t0);
  };
  once();
  const reps = autoRepeats(wallMs[0]);
  for (let k = 1; k < reps; k++) once();
  if (!info || !result) throw new Error('no simulator');
  return { wallMs, ...info, result };
}

function stat(stdout: string, label: string): number {
  const all = [...stdout.matchAll(new RegExp(`${label.replace(/[()]/g, '\\$&')} = ([\\d.eE+-]+)`, 'g'))];
  return all.length > 0 ? Number(all[all.length - 1][1]) : NaN;
}

interface NgMeasured {
  run: NgRun;
  analysis: NgspiceResult['analyses'][number];
  /** When the measurement was made (cached measurements are reused, see --fresh-ngspice). */
  measuredAt: string;
  cached: boolean;
}

/** Cache of ngspice measurements, keyed by the netlist text: ngspice is the slow side and its result does not change. */
function cacheFile(text: string): string {
  const key = createHash('sha256').update(text).digest('hex').slice(0, 24);
  return path.join(args['ng-cache'] ?? path.join(os.tmpdir(), 'memspice-ngspice-cache'), `${key}.json`);
}

function runNg(text: string, kind: BenchCase['kind'], keepDir?: string): NgMeasured {
  const file = cacheFile(text);
  if (!args['fresh-ngspice'] && !keepDir && existsSync(file)) {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as NgMeasured;
    return { ...cached, cached: true };
  }
  const wallMs: number[] = [];
  const analysisMs: number[] = [];
  const first = runNgspice(text, keepDir);
  const total = (r: NgspiceResult): number => stat(r.stdout, 'Total analysis time (seconds)') * 1000;
  wallMs.push(first.wallMs);
  analysisMs.push(total(first));
  const reps = autoRepeats(first.wallMs);
  for (let k = 1; k < reps; k++) {
    const again = runNgspice(text);
    wallMs.push(again.wallMs);
    analysisMs.push(total(again));
  }
  const out = first.stdout;
  const nnzOrig = stat(out, 'Circuit original non-zeroes');
  const fill = stat(out, 'Circuit fill-in non-zeroes');
  const measured: NgMeasured = {
    measuredAt: new Date().toISOString(),
    cached: false,
    analysis: first.analyses[0],
    run: {
      wallMs,
      analysisMs: median(analysisMs),
      iterations: kind === 'tran' ? stat(out, 'Transient iterations') : stat(out, 'Total iterations'),
      steps: kind === 'tran' ? stat(out, 'Transient timepoints') : 0,
      rejected: kind === 'tran' ? stat(out, 'Rejected timepoints') : 0,
      equations: stat(out, 'Circuit Equations'),
      nnzLU: stat(out, 'Circuit total non-zeroes'),
      fill: nnzOrig + fill,
    },
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(measured));
  return measured;
}

/**
 * Reference solution for --accuracy: memspice itself at reltol 1e-7 and a tenth of the .tran tmax (transients only),
 * compared with both simulators' results at the benchmark tolerances.
 */
function reference(text: string): SimulationResult {
  const tight = text
    .replace(/^\.options .*$/m, (line) => line.replace(/reltol=\S+/, 'reltol=1e-7'))
    .replace(/^\.tran (\S+) (\S+) (\S+) (\S+)$/m, (_m, a: string, b: string, c: string, d: string) => `.tran ${a} ${b} ${c} ${(parseSpiceNumber(d) ?? NaN) / 10}`);
  return simulate(tight);
}

const timeCommand = '/usr/bin/time';
const cliBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/memspice.js');

/** Peak RSS (MB) of one process run to completion, by GNU time's %M (ru_maxrss of the child); undefined without it. */
function peakRss(command: string, commandArgs: string[], cwd: string): number | undefined {
  if (!existsSync(timeCommand)) return undefined;
  const r = spawnSync(timeCommand, ['-f', '@@maxrss %M', command, ...commandArgs], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed (exit ${r.status ?? r.signal}): ${(r.stderr ?? '').trim().split('\n').slice(-2).join(' ')}`);
  const m = /@@maxrss (\d+)/.exec(r.stderr);
  return m ? Number(m[1]) / 1024 : undefined;
}

/** Peak RSS of `memspice run` on the case's netlist and of `ngspice -b` on its deck, both from files in one directory. */
function measurePeakRss(text: string, withNgspice: boolean): NonNullable<Row['peakRssMB']> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'memspice-rss-'));
  try {
    writeFileSync(path.join(dir, 'case.cir'), text);
    const out: NonNullable<Row['peakRssMB']> = { memspice: peakRss(process.execPath, [cliBin, 'run', 'case.cir', '--out', 'out', '--quiet'], dir) };
    if (withNgspice) {
      writeFileSync(path.join(dir, 'deck.cir'), toNgspice(text, 'ngout').text);
      out.ngspice = peakRss('ngspice', ['-b', 'deck.cir'], dir);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------- formatting ----------

function fmtTime(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  const s = ms / 1000;
  return s >= 100 ? s.toFixed(0) : s >= 10 ? s.toFixed(1) : s >= 1 ? s.toFixed(2) : s.toFixed(3);
}
function fmtNum(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x)) : '-';
}
function fmtUs(us: number): string {
  if (!Number.isFinite(us)) return '-';
  return us >= 1000 ? us.toFixed(0) : us >= 10 ? us.toFixed(1) : us.toFixed(2);
}
function fmtRatio(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : '-';
}
function fmtSci(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '-' : x.toExponential(1);
}

const HEADER = [
  ['case', 14, true],
  ['unknowns', 9],
  ['nnz', 8],
  ['LU nnz', 8],
  ['Newton', 7],
  ['LU', 6],
  ['steps(rej)', 11],
  ['memspice s', 10],
  ['us/Newton', 10],
  ['ngspice s (analysis)', 21],
  ['ng Newton', 9],
  ['ng us/Newton', 12],
  ['ng steps', 8],
  ['ng LU nnz', 9],
  ['ms/ng', 6],
  ['speedup', 7],
  ['max rel diff', 12],
] as const;

function line(cells: string[]): string {
  return cells.map((c, k) => (HEADER[k][2] ? c.padEnd(HEADER[k][1]) : c.padStart(HEADER[k][1]))).join(' | ');
}

function rowCells(r: Row): string[] {
  const m = r.memspice;
  const ng = r.ngspice;
  const ratio = ng ? m.median / ng.median : NaN;
  return [
    r.id,
    fmtNum(m.unknowns),
    fmtNum(m.nnz),
    fmtNum(m.nnzLU),
    fmtNum(m.newton),
    fmtNum(m.factors),
    m.steps > 0 ? `${m.steps}(${m.rejected})` : '-',
    fmtTime(m.median),
    fmtUs((m.median * 1000) / m.newton),
    ng ? `${r.ngCachedAt ? '*' : ''}${fmtTime(ng.median)} (${fmtTime(ng.analysisMs)})` : r.error ? 'failed' : '-',
    ng ? fmtNum(ng.iterations) : '-',
    ng ? fmtUs((ng.median * 1000) / ng.iterations) : '-',
    ng && ng.steps > 0 ? `${ng.steps}` : '-',
    ng ? fmtNum(ng.nnzLU) : '-',
    fmtRatio(ratio),
    fmtRatio(1 / ratio),
    fmtSci(r.diff?.relative),
  ];
}

// ---------- main ----------

/** The commit measured, and whether src/ differs from it (other work in progress is measured too). */
function sourceState(): string {
  const git = (...a: string[]): string => spawnSync('git', a, { encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('log', '-1', '--format=%h %s');
  if (!head) return 'not a git checkout';
  const dirty = git('status', '--porcelain', '--', 'src').split('\n').filter((l) => l !== '');
  return `commit ${head.slice(0, 80)}${dirty.length > 0 ? `; src/ has ${dirty.length} uncommitted change(s): ${dirty.map((l) => l.slice(3)).join(', ')}` : '; src/ clean'}`;
}

const withNg = !args['no-ngspice'] && ngspiceAvailable();
const tscale = args.tscale !== undefined ? Number(args.tscale) : 1;
const only = args.only?.split(',').map((s) => s.trim()).filter((s) => s !== '');
const every = allCases();
const cases = every.filter((c) => (only ? only.some((o) => c.id === o || c.id.startsWith(`${o}-`)) : args.all || !c.big));
const skipped = every.filter((c) => !cases.includes(c));

const cpus = os.cpus();
const machine = `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, ${os.type()} ${os.release()}`;
console.log(`memspice benchmarks, ${new Date().toISOString()}`);
console.log(`machine: ${machine}`);
console.log(`source: ${sourceState()}`);
console.log(`node ${process.version}; ngspice ${withNg ? ngspiceVersion() : args['no-ngspice'] ? '(skipped: --no-ngspice)' : '(not installed: see scripts/bench/README.md)'}`);
console.log(`load average at start: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (other processes share these cores)`);
console.log(`tolerances (both simulators): ${Object.entries(TOLERANCES).map(([k, v]) => `${k}=${v}`).join(' ')}; method trap; tmax as in each .tran${tscale !== 1 ? `; transients scaled by ${tscale}` : ''}`);
if (skipped.length > 0) console.log(`skipped (use --all${only ? ' or --only' : ''}): ${skipped.map((c) => c.id).join(', ')}`);
console.log('');
let startup: StartupMeasurement | undefined;
if (!only || only.includes('startup')) {
  startup = measureStartup(args.repeats !== undefined ? Number(args.repeats) : 21, withNg);
  const ng = startup.ngspiceMs ? `ngspice -b ${fmtTime(median(startup.ngspiceMs))} s` : 'ngspice -';
  console.log(
    `${'startup'.padEnd(14)} memspice run (whole process, 3-line netlist) ${fmtTime(median(startup.memspiceMs))} s   ${ng}   node -e 0 ${fmtTime(median(startup.nodeMs))} s   (medians of ${startup.runs})`,
  );
  const without = startup.withoutExtraCaCerts;
  if (without) {
    console.log(
      `${''.padEnd(14)} without NODE_EXTRA_CA_CERTS (set here; Node parses those certificates at start-up): memspice run ${fmtTime(median(without.memspiceMs))} s   node -e 0 ${fmtTime(median(without.nodeMs))} s`,
    );
  }
  console.log('');
}

console.log(line(HEADER.map((h) => h[0])));
console.log(line(HEADER.map((h) => '-'.repeat(h[1]))));

const rows: Row[] = [];
for (const c of cases) {
  const text = c.netlist(tscale);
  const m = runMemspice(text);
  const row: Row = { id: c.id, family: c.family, size: c.size, memspice: { ...m, median: median(m.wallMs) } };
  // memspice alone: analyses or devices ngspice does not have (.poles, .stability, .define); the kind test
  // also narrows the type for runNg.
  if (withNg && !c.memspiceOnly && c.kind !== 'poles' && c.kind !== 'stability') {
    try {
      const keep = args.keep ? path.join(args.keep, c.id) : undefined;
      if (keep) mkdirSync(keep, { recursive: true });
      const ng = runNg(text, c.kind, keep);
      row.ngspice = { ...ng.run, median: median(ng.run.wallMs) };
      if (ng.cached) row.ngCachedAt = ng.measuredAt;
      row.diff = compareResults(c.kind, m.result.analyses[0], ng.analysis);
      if (args.accuracy && c.kind === 'tran' && !c.big) {
        const ref = reference(text).analyses[0];
        // The fine reference is interpolated at each result's own time points.
        row.accuracy = { memspice: compareResults('tran', ref, m.result.analyses[0]), ngspice: compareResults('tran', ref, ng.analysis) };
      }
    } catch (e) {
      row.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
    }
  }
  // Results are large for big transients: keep only what the summary needs.
  row.memspice.result = { title: '', analyses: [] };
  rows.push(row);
  console.log(line(rowCells(row)));
  if (c.family === 'netlist-op' || args.rss) {
    row.peakRssMB = measurePeakRss(text, withNg);
    const { memspice: ms, ngspice: ng } = row.peakRssMB;
    const fmt = (mb: number | undefined): string => (mb === undefined ? '-' : `${mb.toFixed(0)} MB`);
    console.log(`  peak RSS (whole process): memspice run ${fmt(ms)}, ngspice -b ${fmt(ng)}, memspice/ngspice ${ms !== undefined && ng !== undefined ? fmtRatio(ms / ng) : '-'}`);
  }
  if (row.error) console.log(`  ngspice: ${row.error}`);
  if (row.ngCachedAt) console.log(`  * ngspice measurement cached from ${row.ngCachedAt} (--fresh-ngspice to rerun)`);
}

for (const c of cases) if (c.note !== undefined) console.log(`  note: ${c.note}`);

// ---------- goals ----------
console.log('');
console.log('Goals (speed-up against ngspice):');
const speed = (r: Row): number => (r.ngspice ? r.ngspice.median / r.memspice.median : NaN);
/**
 * The speed-up each family must reach against ngspice in the same run: small circuits at least as fast as
 * ngspice, crossbar transients 10x, the 32x32 AC sweep 5x (the project's single-core goals); crossbar DC keeps
 * its earlier 3x; the 400,000-element .op must stay within 2x of ngspice's time and memory.
 */
const SPEEDUP_GOAL: Partial<Record<Row['family'], number>> = {
  'rc-ladder': 1,
  'crossbar-dc': 3,
  'crossbar-tran': 10,
  'crossbar-ac': 5,
  'netlist-op': 0.5,
};
for (const r of rows) {
  if (!r.ngspice) continue;
  const s = speed(r);
  const goal = SPEEDUP_GOAL[r.family];
  if (goal === undefined) continue;
  if (goal < 1) {
    console.log(`  ${r.id.padEnd(14)} within ${fmtRatio(1 / goal)}x of ngspice: ${s >= goal ? 'yes' : 'NO'} (memspice/ngspice = ${fmtRatio(1 / s)})`);
  } else {
    console.log(`  ${r.id.padEnd(14)} >= ${goal}x ngspice's speed: ${s >= goal ? 'yes' : 'NO'} (speedup ${fmtRatio(s)})`);
  }
  const rss = r.peakRssMB;
  if (r.family === 'netlist-op' && rss?.memspice !== undefined && rss.ngspice !== undefined) {
    const ratio = rss.memspice / rss.ngspice;
    console.log(`  ${r.id.padEnd(14)} peak RSS within 2x of ngspice: ${ratio <= 2 ? 'yes' : 'NO'} (memspice/ngspice = ${fmtRatio(ratio)})`);
  }
}
for (const c of cases) {
  const r = rows.find((x) => x.id === c.id);
  if (!r || c.goalMs === undefined) continue;
  // The whole simulate() call: parse, set-up, operating point and the analysis.
  console.log(`  ${r.id.padEnd(14)} memspice ${c.kind} under ${fmtTime(c.goalMs)} s: ${r.memspice.median < c.goalMs ? 'yes' : 'NO'} (median ${fmtTime(r.memspice.median)} s)`);
}
if (startup) {
  const ms = median(startup.memspiceMs);
  console.log(`  ${'startup'.padEnd(14)} memspice run under ${fmtTime(STARTUP_GOAL_MS)} s: ${ms < STARTUP_GOAL_MS ? 'yes' : 'NO'} (median ${fmtTime(ms)} s)`);
  const without = startup.withoutExtraCaCerts;
  if (without) {
    const w = median(without.memspiceMs);
    console.log(`  ${'startup'.padEnd(14)} the same without NODE_EXTRA_CA_CERTS: ${w < STARTUP_GOAL_MS ? 'yes' : 'NO'} (median ${fmtTime(w)} s; node -e 0 alone ${fmtTime(median(startup.nodeMs))} s with it)`);
  }
}
const diffs = rows.filter((r) => r.diff);
if (diffs.length > 0) {
  console.log('  agreement to 1e-4 relative (max |memspice - ngspice| / max |ngspice| over the probed signals):');
  for (const r of diffs) {
    const d = r.diff as Difference;
    console.log(`    ${r.id.padEnd(14)} ${d.relative.toExponential(2)} ${d.relative <= 1e-4 ? 'yes' : 'NO'}  (largest at ${d.where}; ${d.points} points)`);
  }
}
const acc = rows.filter((r) => r.accuracy);
if (acc.length > 0) {
  console.log('  accuracy against a memspice reference at reltol 1e-7, tmax/10 (max error / max |reference|):');
  for (const r of acc) {
    const a = r.accuracy as NonNullable<Row['accuracy']>;
    console.log(`    ${r.id.padEnd(14)} memspice ${a.memspice.relative.toExponential(2)}   ngspice ${a.ngspice ? a.ngspice.relative.toExponential(2) : '-'}`);
  }
}
console.log('  cost per time step vs unknowns (exponent p of time/step ~ unknowns^p between consecutive sizes; goal p <= 1.2):');
for (const family of ['rc-ladder', 'crossbar-tran'] as const) {
  const fam = rows.filter((r) => r.family === family && r.memspice.steps > 0).sort((a, b) => a.size - b.size);
  for (let k = 1; k < fam.length; k++) {
    const a = fam[k - 1];
    const b = fam[k];
    const per = (r: Row): number => r.memspice.median / r.memspice.steps;
    const perIt = (r: Row): number => r.memspice.median / r.memspice.newton;
    const p = Math.log(per(b) / per(a)) / Math.log(b.memspice.unknowns / a.memspice.unknowns);
    const pIt = Math.log(perIt(b) / perIt(a)) / Math.log(b.memspice.unknowns / a.memspice.unknowns);
    let ngText = '';
    if (a.ngspice && b.ngspice && a.ngspice.steps > 0 && b.ngspice.steps > 0) {
      const ngPer = (r: Row): number => (r.ngspice as NgRun & { median: number }).median / (r.ngspice as NgRun).steps;
      ngText = `; ngspice p = ${(Math.log(ngPer(b) / ngPer(a)) / Math.log(b.memspice.unknowns / a.memspice.unknowns)).toFixed(2)}`;
    }
    console.log(
      `    ${`${a.id} -> ${b.id}`.padEnd(30)} memspice p = ${p.toFixed(2)} ${p <= 1.2 ? 'yes' : 'NO'} (per Newton iteration ${pIt.toFixed(2)})${ngText}`,
    );
  }
}

const builtIn = rows.find((r) => r.id === 'xbar32-tran');
const defined = rows.find((r) => r.id === 'xbar32-tran-define');
if (builtIn && defined) {
  const ratio = defined.memspice.median / builtIn.memspice.median;
  console.log(
    `  equation-defined MEMDIODE vs built-in, 32x32 crossbar transient: time ratio ${ratio.toFixed(2)} ${ratio <= 1.5 ? 'yes' : 'NO'} (goal <= 1.5; steps ${defined.memspice.steps} vs ${builtIn.memspice.steps})`,
  );
}

if (args.json) {
  writeFileSync(args.json, JSON.stringify({ date: new Date().toISOString(), machine, source: sourceState(), node: process.version, tolerances: TOLERANCES, tscale, startup, rows }, null, 1));
  console.log(`\nwrote ${args.json}`);
}

// The browser engine against Node (scripts/bench/browser.ts); with --only, when `browser` is one of the ids.
if (!only || only.includes('browser')) await (await import('./browser.ts')).benchBrowser();
