/**
 * The ngspice version of a memspice netlist, and running it in batch mode.
 *
 * `toNgspice(text)` translates the netlists the benchmarks generate (R, C, L, V, I lines, `.param`, `.options`,
 * `.op`/`.tran`/`.ac`, `.probe`/`.print`, and MEMDIODE devices) line by line:
 *
 *   YMEMDIODE m a b [model] [p=v ...]   (rate form, gam = 1: the only form the benchmarks use)
 * becomes a behavioural current source and a 1 F-per-tau0 state capacitor on a state node s_m:
 *   Bm   a b   I=(gL+(gH-gL)*v(s_m))*(v(a)-v(b)-E0)                    I = [gL + (gH - gL) x](u - E0)
 *   Cs_m s_m 0 tau0                                                   "charge" tau0*x, as memspice's q = tau0 x
 *   Bs_m 0 s_m I=(1-v(s_m))*exp((v(a)-v(b)-VA)/(nA*Vm)) - v(s_m)*exp(-(v(a)-v(b)-VD)/(nD*Vm))
 * so tau0 dx/dt = tau0 h(u, x) = (1 - x) e^{(u-VA)/(nA Vm)} - x e^{-(u-VD)/(nD Vm)}: the same equations, the same
 * unknowns and the same charge scale for the truncation-error control. (The B source injects its current into
 * s_m: current flows from its n+ = 0 through the source to n- = s_m.)
 *
 * Analyses become `.control` commands (`op`, `tran ...`, `ac ...`), each followed by `wrdata` of the probed
 * signals and `rusage all` (ngspice's own timers). `runNgspice` runs `ngspice -b` in a temporary directory and
 * reads the results back in memspice's result shape (columns, rows; complex signals as re(...), im(...)).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** MEMDIODE defaults (src/devices/memdiode.ts), lower-case names; aliases of Bisquert, Roldán, Miranda, PCCP 2024 mapped below. */
const MEMDIODE_DEFAULTS: Record<string, number> = { gl: 0.1, gh: 1, e0: 0, vm: 0.1, va: 0.3, vd: -0.4, na: 1.5, nd: 2, tau0: 1 };
const MEMDIODE_ALIASES: Record<string, string> = { vs: 'va', vr: 'vd', ns: 'na', nr: 'nd', tauk: 'tau0' };
const SUPPORTED = new Set(Object.keys(MEMDIODE_DEFAULTS));

export interface NgspiceDeck {
  /** The ngspice netlist, with a .control block. */
  text: string;
  /** Analyses in order: type and the control command. */
  analyses: Array<{ type: 'op' | 'tran' | 'ac'; command: string }>;
  /** Probed signals (memspice names: i(vc1), v(out)). */
  probes: string[];
}

/** Join `+` continuation lines; drop inline `;` comments. */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  const lines = text.split(/\r?\n/);
  out.push(lines[0]);
  for (let k = 1; k < lines.length; k++) {
    const raw = lines[k];
    const semi = raw.indexOf(';');
    const line = (semi >= 0 ? raw.slice(0, semi) : raw).trimEnd();
    if (line.trimStart().startsWith('+')) {
      if (out.length > 1) out[out.length - 1] += ' ' + line.trimStart().slice(1).trim();
      continue;
    }
    out.push(line);
  }
  return out;
}

function parseParams(words: string[]): Record<string, string> {
  const p: Record<string, string> = {};
  for (const w of words) {
    const k = w.indexOf('=');
    if (k <= 0) throw new Error(`ngspice translation: expected name=value, got '${w}'`);
    const name = w.slice(0, k).toLowerCase();
    p[MEMDIODE_ALIASES[name] ?? name] = w.slice(k + 1);
  }
  return p;
}

/** Words of a line, with `( , )` treated as separators (`.model m MEMDIODE (a=1, b=2)`). */
function words(line: string): string[] {
  return line
    .replace(/[(),]/g, ' ')
    .replace(/\s*=\s*/g, '=')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
}

/** A parameter value as an ngspice expression operand. */
function operand(v: string): string {
  const x = Number(v);
  if (Number.isFinite(x)) return x < 0 ? `(${v})` : v;
  return v.startsWith('{') ? `(${v.slice(1, -1)})` : v;
}

function memdiodeLines(name: string, a: string, b: string, params: Record<string, string>): string[] {
  for (const k of Object.keys(params)) {
    if (!SUPPORTED.has(k)) throw new Error(`ngspice translation: MEMDIODE ${name}: parameter '${k}' not supported (rate form only)`);
  }
  const p = (k: string): string => operand(params[k] ?? String(MEMDIODE_DEFAULTS[k]));
  const s = `s_${name}`;
  const u = b === '0' ? `v(${a})` : a === '0' ? `(-v(${b}))` : `(v(${a})-v(${b}))`;
  const e0 = Number(params.e0 ?? 0) === 0 ? u : `(${u}-${p('e0')})`;
  const gl = p('gl');
  const gh = p('gh');
  const dg = Number.isFinite(Number(gh)) && Number.isFinite(Number(gl)) ? String(Number(gh) - Number(gl)) : `(${gh}-${gl})`;
  const rateA = `exp((${u}-${p('va')})/(${p('na')}*${p('vm')}))`;
  const rateD = `exp(-(${u}-${p('vd')})/(${p('nd')}*${p('vm')}))`;
  return [
    `B${name} ${a} ${b} I=(${gl}+${dg}*v(${s}))*${e0}`,
    `C${s} ${s} 0 ${p('tau0')}`,
    `B${s} 0 ${s} I=(1-v(${s}))*${rateA}-v(${s})*${rateD}`,
  ];
}

/** Translate a memspice netlist (the subset the benchmarks generate) to an ngspice deck. */
export function toNgspice(text: string, outputPrefix = 'out'): NgspiceDeck {
  const lines = logicalLines(text);
  const models = new Map<string, { type: string; params: Record<string, string> }>();
  // Models first (they may follow their use).
  for (const line of lines.slice(1)) {
    const w = words(line);
    if (w[0]?.toLowerCase() === '.model') models.set(w[1].toLowerCase(), { type: w[2].toUpperCase(), params: parseParams(w.slice(3)) });
  }
  const out: string[] = [lines[0]];
  const analyses: NgspiceDeck['analyses'] = [];
  const probes: string[] = [];
  const options: string[] = [];
  for (const line of lines.slice(1)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('*')) {
      out.push(line);
      continue;
    }
    const w = words(trimmed);
    const head = w[0].toLowerCase();
    if (head === '.model') {
      out.push(`* (memspice ${trimmed})`);
      continue;
    }
    if (head === '.end') continue;
    if (head === '.options' || head === '.option' || head === '.opt') {
      options.push(...w.slice(1));
      continue;
    }
    if (head === '.op') {
      analyses.push({ type: 'op', command: 'op' });
      continue;
    }
    if (head === '.tran' || head === '.ac') {
      analyses.push({ type: head === '.tran' ? 'tran' : 'ac', command: trimmed.slice(1) });
      continue;
    }
    if (head === '.probe' || head === '.print') {
      const sigs = head === '.print' ? w.slice(2) : w.slice(1);
      // words() split v(a,b) on the comma: re-read signals from the text.
      const sigText = trimmed.replace(/^\.\w+\s+/, '').replace(head === '.print' ? /^\w+\s+/ : /^/, '');
      const found = sigText.match(/\w+\([^)]*\)/g) ?? sigs;
      for (const s of found) if (!probes.includes(s.toLowerCase())) probes.push(s.toLowerCase());
      continue;
    }
    if (head.startsWith('.') && head !== '.param' && head !== '.include' && head !== '.subckt' && head !== '.ends') {
      throw new Error(`ngspice translation: unsupported line '${trimmed}'`);
    }
    if (head.startsWith('y')) {
      const type = head.slice(1).toUpperCase();
      if (type !== 'MEMDIODE') throw new Error(`ngspice translation: device ${type} not supported`);
      const [, name, a, b, ...rest] = w;
      let params: Record<string, string> = {};
      if (rest.length > 0 && !rest[0].includes('=')) {
        const model = models.get(rest[0].toLowerCase());
        if (!model) throw new Error(`ngspice translation: unknown model ${rest[0]}`);
        params = { ...model.params };
        rest.shift();
      }
      params = { ...params, ...parseParams(rest) };
      out.push(...memdiodeLines(name.toLowerCase(), a.toLowerCase(), b.toLowerCase(), params));
      continue;
    }
    out.push(line);
  }
  if (options.length > 0) out.push(`.options ${options.join(' ')}`);
  out.push('.control', 'set wr_singlescale', 'set wr_vecnames', 'set noaskquit');
  analyses.forEach((a, k) => {
    out.push(a.command);
    if (probes.length > 0) out.push(`wrdata ${outputPrefix}${k}.txt ${probes.join(' ')}`);
    out.push(`echo "@@analysis ${k}"`, 'rusage all');
  });
  out.push('quit', '.endc', '.end');
  return { text: out.join('\n') + '\n', analyses, probes };
}

export interface NgspiceResult {
  /** Wall time of the ngspice process (parse, setup, every analysis, writing results). */
  wallMs: number;
  /** ngspice's own "Total analysis time" after each analysis, cumulative, in ms (1 ms resolution). */
  analysisMs: number[];
  analyses: Array<{ type: 'op' | 'tran' | 'ac'; columns: string[]; data: number[][] }>;
  stdout: string;
}

let available: boolean | undefined;

/** Whether `ngspice` is on the PATH. */
export function ngspiceAvailable(): boolean {
  if (available === undefined) {
    const r = spawnSync('ngspice', ['--version'], { encoding: 'utf8' });
    available = r.status === 0;
  }
  return available;
}

export function ngspiceVersion(): string {
  const r = spawnSync('ngspice', ['--version'], { encoding: 'utf8' });
  const m = /ngspice-(\S+)/.exec(r.stdout ?? '');
  return m ? m[1] : 'unknown';
}

/** Run a memspice netlist through ngspice in batch mode. */
export function runNgspice(memspiceText: string, keepDir?: string): NgspiceResult {
  const dir = keepDir ?? mkdtempSync(path.join(os.tmpdir(), 'memspice-ng-'));
  try {
    const deck = toNgspice(memspiceText, 'out');
    const file = path.join(dir, 'deck.cir');
    writeFileSync(file, deck.text);
    const t0 = performance.now();
    const r = spawnSync('ngspice', ['-b', 'deck.cir'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
    const wallMs = performance.now() - t0;
    const stdout = (r.stdout ?? '') + (r.stderr ?? '');
    if (r.status !== 0) throw new Error(`ngspice failed (exit ${r.status}):\n${stdout.slice(-3000)}`);
    if (/(singular matrix|timestep too small|no convergence|Error)/i.test(stdout) && !/@@analysis/.test(stdout)) {
      throw new Error(`ngspice reported an error:\n${stdout.slice(-3000)}`);
    }
    const analysisMs: number[] = [];
    for (const m of stdout.matchAll(/Total analysis time \(seconds\) = ([\d.eE+-]+)/g)) analysisMs.push(Number(m[1]) * 1000);
    const analyses = deck.analyses.map((a, k) => {
      const f = path.join(dir, `out${k}.txt`);
      const text = readFileSync(f, 'utf8');
      return { type: a.type, ...readWrdata(text, a.type, deck.probes) };
    });
    return { wallMs, analysisMs, analyses, stdout };
  } finally {
    if (!keepDir) rmSync(dir, { recursive: true, force: true });
  }
}

/** wrdata with wr_singlescale and wr_vecnames: header of names, then rows; complex vectors take two columns. */
function readWrdata(text: string, type: 'op' | 'tran' | 'ac', probes: string[]): { columns: string[]; data: number[][] } {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const rows = lines.slice(1).map((l) => l.trim().split(/\s+/).map(Number));
  const width = rows[0]?.length ?? 0;
  const complex = type === 'ac';
  const expected = 1 + probes.length * (complex ? 2 : 1);
  if (width !== expected) throw new Error(`ngspice wrdata: ${width} columns, expected ${expected}`);
  if (type === 'op') {
    return { columns: probes, data: rows.map((r) => r.slice(1)) };
  }
  const columns = [type === 'tran' ? 'time' : 'freq'];
  for (const p of probes) {
    if (complex) columns.push(`re(${p})`, `im(${p})`);
    else columns.push(p);
  }
  return { columns, data: rows };
}
