/**
 * Figures as vega-lite specifications, from a simulation's result tables: one per `.plot` line, or a default
 * per analysis when the netlist has none. Only data and declarations are built here; vega draws the axes,
 * ticks and legends (src/plot/render.ts renders a figure to SVG/PNG, the HTML report and the web page embed the
 * same specifications). Nothing here imports a plotting library, so the specifications can be built anywhere.
 *
 * Where a figure must know its pixel geometry (a Nyquist plot's equal scales, the arrows that show the
 * direction of time in an xy loop), the scale domains are set here explicitly (no "nice" rounding), so that
 * one data unit is a known number of pixels.
 */
import type { AnalysisResult, PlotRequest, SimulationResult } from '../analysis/results.ts';
import type { PlotKind } from '../parse/ast.ts';

/** A vega-lite specification (a JSON object; vega-lite's own types are imported only where it is compiled). */
export type VegaLiteSpec = Record<string, unknown>;

export interface Figure {
  /** File-name part: `plot1`, `plot2`, ... for `.plot` lines, `tran`, `ac-nyquist`, ... for defaults. */
  name: string;
  kind: PlotKind;
  title: string;
  spec: VegaLiteSpec;
}

/** The plotting area of every figure, in pixels (a Bode figure stacks two of them). */
export const PLOT_WIDTH = 480;
export const PLOT_HEIGHT = 320;

/** Units of the signal functions (docs/netlist.md, "Output signals"), for axis titles. */
const UNITS: Readonly<Record<string, string>> = {
  v: 'V', i: 'A', x: '1', z: 'Ω', p: 'W', ga: 'S', gb: 'S', g0: 'S', la: 'H', ca: 'F', tau_t: 's', vdb: 'dB', vp: '°', vm: 'V',
};

function unitOf(signal: string): string | undefined {
  const fn = /^([a-z_0-9]+)\(/.exec(signal)?.[1];
  return fn === undefined ? undefined : UNITS[fn];
}

/** `v(a) (V)`; `x(p1)` is dimensionless and gets no unit. */
function titled(label: string, unit: string | undefined): string {
  return unit && unit !== '1' ? `${label} (${unit})` : label;
}

/** The common unit of several signals, or none when they differ. */
function commonUnit(signals: readonly string[]): string | undefined {
  const units = new Set(signals.map(unitOf));
  return units.size === 1 ? [...units][0] : undefined;
}

/** One row of a figure's data: abscissa, ordinate, the series it belongs to, its point index (time order). */
export interface Point {
  x: number;
  y: number;
  series: string;
  order: number;
  /** Nyquist: the frequency of the point. */
  freq?: number;
}

/** The results of one analysis type, each with the label of its `.step` values (`vb=0.2`) or run number. */
function runsOf(result: SimulationResult, type: string): Array<{ run: AnalysisResult; label: string }> {
  const runs = result.analyses.filter((a) => ranAs(a, type));
  return runs.map((run, k) => ({
    run,
    label: run.step ? Object.entries(run.step).map(([p, v]) => `${p}=${formatNumber(v)}`).join(', ') : runs.length > 1 ? `run ${k + 1}` : '',
  }));
}

function formatNumber(v: number): string {
  return Number(v.toPrecision(6)).toString();
}

function seriesLabel(signal: string, run: string, signalCount: number): string {
  if (run === '') return signal;
  return signalCount > 1 ? `${signal}, ${run}` : run;
}

/** Column index by name; a missing column is an internal error (the .plot line asked for it as output). */
function column(run: AnalysisResult, name: string): number {
  const k = run.columns.indexOf(name);
  if (k < 0) throw new Error(`column '${name}' is not in the ${run.type} table (columns: ${run.columns.join(', ')})`);
  return k;
}

/** A real signal's values, or an .ac signal's re/im pair. */
function values(run: AnalysisResult, signal: string): number[] {
  const k = column(run, signal);
  return run.data.map((row) => row[k]);
}

function complexValues(run: AnalysisResult, signal: string): Array<{ re: number; im: number }> {
  const re = column(run, `re(${signal})`);
  const im = column(run, `im(${signal})`);
  return run.data.map((row) => ({ re: row[re], im: row[im] }));
}

/** The analysis' own axis: time, frequency, or the swept source (first column of the table). */
function axisTitle(run: AnalysisResult): string {
  if (run.type === 'tran') return 'time (s)';
  if (run.type === 'ac') return 'frequency (Hz)';
  const swept = run.columns[0];
  const letter = swept[0];
  return titled(swept, letter === 'v' ? 'V' : letter === 'i' ? 'A' : undefined);
}

/**
 * Whether a result is of an analysis type. A string comparison: `.poles` and `.stability` results (type 'poles',
 * 'stability') come from src/analysis/poles.ts and stability.ts, whose types extend AnalysisResult['type'].
 */
function ranAs(run: AnalysisResult, type: string): boolean {
  const own: string = run.type;
  return own === type;
}

const FINITE = (p: Point): boolean => Number.isFinite(p.x) && Number.isFinite(p.y);

interface Domain {
  x: [number, number];
  y: [number, number];
}

/** The data's bounding box, widened by 4 % on each side (a degenerate range by ±1 or ±|value|/2). */
function boundingBox(points: readonly Point[]): Domain {
  const range = (pick: (p: Point) => number): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of points) {
      lo = Math.min(lo, pick(p));
      hi = Math.max(hi, pick(p));
    }
    if (!(hi >= lo)) return [0, 1];
    if (hi === lo) {
      const half = lo === 0 ? 1 : Math.abs(lo) / 2;
      return [lo - half, hi + half];
    }
    const pad = 0.04 * (hi - lo);
    return [lo - pad, hi + pad];
  };
  return { x: range((p) => p.x), y: range((p) => p.y) };
}

/**
 * Widens one of the two ranges so that a data unit is the same length on both axes of a width x height area
 * (Nyquist plots: a semicircle must look like one).
 */
export function equalAspect(domain: Domain, width: number, height: number): Domain {
  const perPixel = Math.max((domain.x[1] - domain.x[0]) / width, (domain.y[1] - domain.y[0]) / height);
  const widen = ([lo, hi]: [number, number], pixels: number): [number, number] => {
    const mid = (lo + hi) / 2;
    return [mid - (perPixel * pixels) / 2, mid + (perPixel * pixels) / 2];
  };
  return { x: widen(domain.x, width), y: widen(domain.y, height) };
}

/** Colour by series with a legend (titled by the step parameters) only when there is more than one series. */
function colourEncoding(points: readonly Point[], legendTitle: string): Record<string, unknown> {
  const series = [...new Set(points.map((p) => p.series))];
  return { field: 'series', type: 'nominal', sort: series, title: legendTitle, legend: series.length > 1 ? {} : null };
}

function legendTitleOf(runs: ReadonlyArray<{ label: string }>, signals: readonly string[]): string {
  return runs.some((r) => r.label !== '') && signals.length <= 1 ? 'step' : 'signal';
}

function scale(type: 'linear' | 'log', domain?: [number, number]): Record<string, unknown> {
  // vega-lite drops `zero` on log scales with a warning: set it only on linear ones.
  const zero = type === 'linear' ? { zero: false } : {};
  return domain ? { type, domain, nice: false, ...zero } : { type, ...zero };
}

/** Signals against the analysis' axis (.ac: their magnitude), one line per signal and step. */
function signalsFigure(name: string, title: string, request: Pick<PlotRequest, 'analysis' | 'signals' | 'xlog' | 'ylog'>, result: SimulationResult): Figure {
  const runs = runsOf(result, request.analysis);
  const points: Point[] = [];
  for (const { run, label } of runs) {
    const xs = values(run, run.columns[0]);
    for (const signal of request.signals) {
      // An .ac signal is complex (re/im columns) unless it is a real shorthand such as vdb(out), drawn as it is.
      const complex = request.analysis === 'ac' && !run.columns.includes(signal);
      const ys = complex ? complexValues(run, signal).map((z) => Math.hypot(z.re, z.im)) : values(run, signal);
      const series = seriesLabel(signal, label, request.signals.length);
      xs.forEach((x, k) => points.push({ x, y: ys[k], series, order: k }));
    }
  }
  const kept = points.filter(FINITE);
  const xlog = request.xlog || request.analysis === 'ac';
  const yLabel = request.signals.length === 1 ? request.signals[0] : request.signals.join(', ');
  const magnitude = request.analysis === 'ac' && request.signals.some((sig) => !runs[0].run.columns.includes(sig));
  const yTitle = titled(magnitude ? `|${yLabel}|` : yLabel, commonUnit(request.signals));
  const spec: VegaLiteSpec = {
    ...frame(title),
    data: { values: kept },
    mark: { type: 'line', clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: axisTitle(runs[0].run), scale: scale(xlog ? 'log' : 'linear') },
      y: { field: 'y', type: 'quantitative', title: yTitle, scale: scale(request.ylog ? 'log' : 'linear') },
      color: colourEncoding(kept, legendTitleOf(runs, request.signals)),
      order: { field: 'order', type: 'quantitative' },
      tooltip: tooltips(axisTitle(runs[0].run), yTitle),
    },
  };
  return { name, kind: 'signals', title, spec };
}

/** Parametric: the first signal on x, the others on y, in time order, with arrowheads along each curve. */
function xyFigure(name: string, title: string, request: PlotRequest, result: SimulationResult): Figure {
  const runs = runsOf(result, request.analysis);
  const [xSignal, ...ySignals] = request.signals;
  const points: Point[] = [];
  for (const { run, label } of runs) {
    const xs = request.analysis === 'ac' ? complexValues(run, xSignal).map((z) => z.re) : values(run, xSignal);
    for (const signal of ySignals) {
      const ys = request.analysis === 'ac' ? complexValues(run, signal).map((z) => z.re) : values(run, signal);
      const series = seriesLabel(signal, label, ySignals.length);
      xs.forEach((x, k) => points.push({ x, y: ys[k], series, order: k }));
    }
  }
  const kept = points.filter(FINITE);
  const domain = boundingBox(kept);
  const xTitle = titled(xSignal, unitOf(xSignal));
  const yTitle = titled(ySignals.join(', '), commonUnit(ySignals));
  const x = { field: 'x', type: 'quantitative', title: xTitle, scale: scale(request.xlog ? 'log' : 'linear', request.xlog ? undefined : domain.x) };
  const y = { field: 'y', type: 'quantitative', title: yTitle, scale: scale(request.ylog ? 'log' : 'linear', request.ylog ? undefined : domain.y) };
  const color = colourEncoding(kept, legendTitleOf(runs, ySignals));
  const layers: VegaLiteSpec[] = [
    { mark: { type: 'line', clip: true }, encoding: { x, y, color, order: { field: 'order', type: 'quantitative' }, tooltip: tooltips(xTitle, yTitle) } },
  ];
  // Arrowheads need pixel directions, known only on linear axes with the fixed domains above.
  if (!request.xlog && !request.ylog) {
    layers.push({
      data: { values: arrowheads(kept, domain, PLOT_WIDTH, PLOT_HEIGHT) },
      mark: { type: 'point', shape: 'triangle-up', filled: true, size: 70, clip: true },
      encoding: { x, y, color, angle: { field: 'angle', type: 'quantitative', scale: null }, tooltip: null },
    });
  }
  const spec: VegaLiteSpec = { ...frame(title), data: { values: kept }, layer: layers, description: 'arrowheads point in the direction of increasing time' };
  return { name, kind: 'xy', title, spec };
}

/** Arrowheads every 1/8 of each series' points, rotated (degrees clockwise from up) along the curve on screen. */
function arrowheads(points: readonly Point[], domain: Domain, width: number, height: number): Array<Point & { angle: number }> {
  const bySeries = new Map<string, Point[]>();
  for (const p of points) bySeries.set(p.series, [...(bySeries.get(p.series) ?? []), p]);
  const out: Array<Point & { angle: number }> = [];
  const sx = width / (domain.x[1] - domain.x[0]);
  const sy = height / (domain.y[1] - domain.y[0]);
  for (const series of bySeries.values()) {
    const n = series.length;
    for (let j = 1; j < 8; j++) {
      const k = Math.floor((j * n) / 8);
      if (k < 1 || k >= n) continue;
      const dx = (series[k].x - series[k - 1].x) * sx;
      // Screen y grows downwards.
      const dy = -(series[k].y - series[k - 1].y) * sy;
      if (dx === 0 && dy === 0) continue;
      out.push({ ...series[k], angle: (Math.atan2(dx, -dy) * 180) / Math.PI });
    }
  }
  return out;
}

/** `-Im Z` against `Re Z` on equal scales, one curve per signal and step, labels at the decades of frequency. */
function nyquistFigure(name: string, title: string, request: Pick<PlotRequest, 'signals'>, result: SimulationResult): Figure {
  const runs = runsOf(result, 'ac');
  const points: Point[] = [];
  for (const { run, label } of runs) {
    const freqs = values(run, run.columns[0]);
    for (const signal of request.signals) {
      const series = seriesLabel(signal, label, request.signals.length);
      complexValues(run, signal).forEach((z, k) => points.push({ x: z.re, y: -z.im, series, order: k, freq: freqs[k] }));
    }
  }
  return nyquistSpec(name, title, points.filter(FINITE), request.signals, legendTitleOf(runs, request.signals));
}

/** The Nyquist specification of a set of points (also used by `zcheck --plot` for its two data sets). */
export function nyquistSpec(name: string, title: string, points: readonly Point[], signals: readonly string[], legendTitle: string, markers?: readonly Point[]): Figure {
  const domain = equalAspect(boundingBox([...points, ...(markers ?? [])]), PLOT_WIDTH, PLOT_HEIGHT);
  // An impedance is Z on the axes; another .ac signal keeps its name.
  const label = signals.length === 1 && !/^z(\(|$)/.test(signals[0]) ? signals[0] : 'Z';
  const xTitle = `Re ${label} (Ω)`;
  const yTitle = `−Im ${label} (Ω)`;
  const x = { field: 'x', type: 'quantitative', title: xTitle, scale: scale('linear', domain.x) };
  const y = { field: 'y', type: 'quantitative', title: yTitle, scale: scale('linear', domain.y) };
  const color = colourEncoding([...points, ...(markers ?? [])], legendTitle);
  const tooltip = [...tooltips(xTitle, yTitle), { field: 'freq', type: 'quantitative', title: 'frequency (Hz)', format: '.4~g' }];
  const decades = spacedOut(
    points.filter((p) => p.freq !== undefined && p.freq > 0 && Math.abs(Math.log10(p.freq) - Math.round(Math.log10(p.freq))) < 1e-9),
    domain,
  );
  const layers: VegaLiteSpec[] = [
    { mark: { type: 'line', clip: true }, encoding: { x, y, color, order: { field: 'order', type: 'quantitative' }, tooltip } },
    {
      data: { values: decades.map((p) => ({ ...p, label: `10^${Math.round(Math.log10(p.freq as number))} Hz` })) },
      mark: { type: 'point', size: 18, filled: true, clip: true },
      encoding: { x, y, color, tooltip },
    },
    {
      data: { values: decades.map((p) => ({ ...p, label: decadeLabel(p.freq as number) })) },
      mark: { type: 'text', dx: 4, dy: -6, align: 'left', fontSize: 9, clip: true },
      encoding: { x, y, text: { field: 'label' }, color: { value: '#444' } },
    },
  ];
  if (markers) layers.push({ data: { values: markers }, mark: { type: 'point', size: 30, clip: true }, encoding: { x, y, color, tooltip } });
  const spec: VegaLiteSpec = { ...frame(title), data: { values: points }, layer: layers };
  return { name, kind: 'nyquist', title, spec };
}

/** Decade labels at least 30 px from every label kept before them (a small arc would otherwise be a smudge of text). */
function spacedOut(points: readonly Point[], domain: Domain): Point[] {
  const sx = PLOT_WIDTH / (domain.x[1] - domain.x[0]);
  const sy = PLOT_HEIGHT / (domain.y[1] - domain.y[0]);
  const kept: Point[] = [];
  for (const p of points) if (kept.every((q) => Math.hypot((p.x - q.x) * sx, (p.y - q.y) * sy) >= 30)) kept.push(p);
  return kept;
}

/** A netlist title cut to what fits above a figure. */
function short(title: string): string {
  return title.length > 60 ? `${title.slice(0, 57).trimEnd()}...` : title;
}

function decadeLabel(freq: number): string {
  const e = Math.round(Math.log10(freq));
  return e >= -2 && e <= 3 ? `${formatNumber(10 ** e)} Hz` : `1e${e} Hz`;
}

/** Magnitude (log) and phase (degrees) against log frequency, stacked; one curve per signal and step. */
function bodeFigure(name: string, title: string, request: Pick<PlotRequest, 'signals'>, result: SimulationResult): Figure {
  const runs = runsOf(result, 'ac');
  const points: Array<Point & { phase: number }> = [];
  for (const { run, label } of runs) {
    const freqs = values(run, run.columns[0]);
    for (const signal of request.signals) {
      const series = seriesLabel(signal, label, request.signals.length);
      complexValues(run, signal).forEach((z, k) => points.push({ x: freqs[k], y: Math.hypot(z.re, z.im), phase: (Math.atan2(z.im, z.re) * 180) / Math.PI, series, order: k }));
    }
  }
  return bodeSpec(name, title, points.filter(FINITE), request.signals, legendTitleOf(runs, request.signals));
}

export function bodeSpec(name: string, title: string, points: ReadonlyArray<Point & { phase: number }>, signals: readonly string[], legendTitle: string, markers?: ReadonlyArray<Point & { phase: number }>): Figure {
  const unit = commonUnit(signals);
  const label = signals.length === 1 ? signals[0] : 'Z';
  const x = { field: 'x', type: 'quantitative', title: 'frequency (Hz)', scale: scale('log') };
  const color = colourEncoding([...points, ...(markers ?? [])], legendTitle);
  const panel = (field: 'y' | 'phase', yTitle: string, yScale: 'log' | 'linear'): VegaLiteSpec => {
    const y = { field, type: 'quantitative', title: yTitle, scale: scale(yScale) };
    const layers: VegaLiteSpec[] = [{ mark: { type: 'line', clip: true }, encoding: { x, y, color, order: { field: 'order', type: 'quantitative' }, tooltip: tooltips('frequency (Hz)', yTitle, field) } }];
    if (markers) layers.push({ data: { values: markers }, mark: { type: 'point', size: 30, clip: true }, encoding: { x, y, color } });
    return { width: PLOT_WIDTH, height: PLOT_HEIGHT / 2, layer: layers };
  };
  const spec: VegaLiteSpec = {
    $schema: SCHEMA,
    title,
    data: { values: points },
    vconcat: [panel('y', titled(`|${label}|`, unit), 'log'), panel('phase', `phase of ${label} (°)`, 'linear')],
    resolve: { scale: { color: 'shared' } },
    config: CONFIG,
  };
  return { name, kind: 'bode', title, spec };
}

/** `.meas tran NAME PULSES`: the readings NAME_1 ... NAME_N against the pulse number, one series per step. */
function pulsesFigure(name: string, title: string, request: PlotRequest, result: SimulationResult): Figure {
  const measure = request.measure as string;
  const runs = runsOf(result, 'tran');
  const points: Point[] = [];
  for (const { run, label } of runs) {
    const m = run.measures ?? {};
    const count = m[measure];
    if (count === undefined) throw new Error(`no .meas tran ${measure} in the result`);
    for (let k = 1; k <= count; k++) points.push({ x: k, y: m[`${measure}_${k}`], series: label || measure, order: k });
  }
  const kept = points.filter(FINITE);
  const yTitle = `${measure} at the end of each pulse (signal / drive)`;
  const spec: VegaLiteSpec = {
    ...frame(title),
    data: { values: kept },
    mark: { type: 'line', point: true, clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'pulse number', scale: scale('linear'), axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'y', type: 'quantitative', title: yTitle, scale: scale(request.ylog ? 'log' : 'linear') },
      color: colourEncoding(kept, 'step'),
      order: { field: 'order', type: 'quantitative' },
      tooltip: tooltips('pulse number', yTitle),
    },
  };
  return { name, kind: 'pulses', title, spec };
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** A fixed font family that resvg finds on a plain Linux system (DejaVu), and no background transparency in PNGs. */
const CONFIG = { font: 'DejaVu Sans, sans-serif', background: 'white', view: { stroke: '#888' } };

function frame(title: string): VegaLiteSpec {
  return { $schema: SCHEMA, title, width: PLOT_WIDTH, height: PLOT_HEIGHT, config: CONFIG };
}

function tooltips(xTitle: string, yTitle: string, yField = 'y'): VegaLiteSpec[] {
  return [
    { field: 'series', type: 'nominal', title: 'series' },
    { field: 'x', type: 'quantitative', title: xTitle, format: '.6~g' },
    { field: yField, type: 'quantitative', title: yTitle, format: '.6~g' },
  ];
}

/** One figure per `.plot` line, or a default per analysis type that has a table worth drawing. */
export function figures(result: SimulationResult, onWarning?: (message: string) => void): Figure[] {
  if (!result.plots || result.plots.length === 0) return defaultFigures(result);
  const out: Figure[] = [];
  result.plots.forEach((p, k) => {
    // A SPICE deck may keep a .plot line for an analysis it does not run (ngspice draws nothing either).
    if (result.analyses.some((a) => a.type === p.analysis)) out.push(requestedFigure(p, k + 1, result));
    else onWarning?.(`${p.loc.file}:${p.loc.line}:${p.loc.column}: warning: .plot ${p.analysis} not drawn: the netlist runs no .${p.analysis}`);
  });
  return out;
}

function requestedFigure(request: PlotRequest, index: number, result: SimulationResult): Figure {
  const name = `plot${index}`;
  const what = request.kind === 'pulses' ? `${request.measure} PULSES` : request.signals.join(' ');
  const title = `.plot ${request.analysis}${request.kind === 'signals' || request.kind === 'pulses' ? '' : ` ${request.kind}`} ${what} (line ${request.loc.line})`;
  switch (request.kind) {
    case 'signals':
      return signalsFigure(name, title, request, result);
    case 'xy':
      return xyFigure(name, title, request, result);
    case 'nyquist':
      return nyquistFigure(name, title, request, result);
    case 'bode':
      return bodeFigure(name, title, request, result);
    case 'pulses':
      return pulsesFigure(name, title, request, result);
    case 'poles':
      return polesFigure(name, title, result);
    case 'stability':
      return stabilityFigure(name, title, result);
  }
}

/**
 * The pole map of `.poles` (table columns re, im, damping, freq: src/analysis/poles.ts): Im p against Re p, one
 * cross per pole and a colour per step, the imaginary axis drawn. Poles of a stiff circuit span many decades:
 * the axes are symmetric-log (linear within 1/s of zero, logarithmic outside) when they do.
 */
function polesFigure(name: string, title: string, result: SimulationResult): Figure {
  const runs = runsOf(result, 'poles');
  const points: Point[] = [];
  for (const { run, label } of runs) {
    const re = column(run, 're');
    const im = column(run, 'im');
    run.data.forEach((row, k) => points.push({ x: row[re], y: row[im], series: label || 'poles', order: k }));
  }
  const kept = points.filter(FINITE);
  const spread = (pick: (p: Point) => number): boolean => {
    const magnitudes = kept.map((p) => Math.abs(pick(p))).filter((v) => v > 0);
    return magnitudes.length > 1 && Math.max(...magnitudes) / Math.min(...magnitudes) > 1e3;
  };
  const axisScale = (wide: boolean): Record<string, unknown> => (wide ? { type: 'symlog', constant: 1 } : { type: 'linear', zero: true });
  const xTitle = 'Re p (1/s)';
  const yTitle = 'Im p (rad/s)';
  const x = { field: 'x', type: 'quantitative', title: xTitle, scale: axisScale(spread((p) => p.x)) };
  const y = { field: 'y', type: 'quantitative', title: yTitle, scale: axisScale(spread((p) => p.y)) };
  const spec: VegaLiteSpec = {
    ...frame(title),
    data: { values: kept },
    layer: [
      { data: { values: [{ x: 0 }] }, mark: { type: 'rule', color: '#999', strokeDash: [4, 3] }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      { mark: { type: 'point', shape: 'cross', filled: true, size: 80, clip: true }, encoding: { x, y, color: colourEncoding(kept, 'step'), tooltip: tooltips(xTitle, yTitle) } },
    ],
  };
  return { name, kind: 'poles', title, spec };
}

/** A bifurcation of `.stability` (src/analysis/results.ts on the stability analysis' side: kind, value, omega). */
interface BifurcationMark {
  kind: string;
  value: number;
  omega?: number;
}

/**
 * `.stability` (columns: the swept source, then re(p1), im(p1), ... re(pk), im(pk) of the k rightmost poles at
 * each point; `bifurcations` beside them): the real parts against the swept value, a line per pole rank, zero
 * marked, and a vertical rule with its name at every Hopf point and fold.
 */
function stabilityFigure(name: string, title: string, result: SimulationResult): Figure {
  const runs = runsOf(result, 'stability');
  const points: Point[] = [];
  const marks: Array<BifurcationMark & { series: string; label: string }> = [];
  for (const { run, label } of runs) {
    const ranks = run.columns.filter((c) => /^re\(p\d+\)$/.test(c));
    for (const rank of ranks) {
      const k = column(run, rank);
      const series = seriesLabel(rank, label, ranks.length);
      run.data.forEach((row, i) => points.push({ x: row[0], y: row[k], series, order: i }));
    }
    const bifurcations = (run as AnalysisResult & { bifurcations?: BifurcationMark[] }).bifurcations ?? [];
    for (const b of bifurcations) {
      const what = b.kind === 'hopf' ? `Hopf${b.omega !== undefined ? `, ω = ${formatNumber(b.omega)} rad/s` : ''}` : b.kind;
      marks.push({ ...b, series: label, label: `${what} at ${formatNumber(b.value)}` });
    }
  }
  const kept = points.filter(FINITE);
  const xTitle = axisTitle(runs[0].run);
  const yTitle = 'Re p (1/s)';
  const x = { field: 'x', type: 'quantitative', title: xTitle, scale: scale('linear') };
  const layers: VegaLiteSpec[] = [
    { data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: '#999', strokeDash: [4, 3] }, encoding: { y: { field: 'y', type: 'quantitative' } } },
    { mark: { type: 'line', clip: true }, encoding: { x, y: { field: 'y', type: 'quantitative', title: yTitle, scale: scale('linear') }, color: colourEncoding(kept, 'pole'), order: { field: 'order', type: 'quantitative' }, tooltip: tooltips(xTitle, yTitle) } },
  ];
  if (marks.length > 0) {
    layers.push(
      { data: { values: marks }, mark: { type: 'rule', color: '#c00' }, encoding: { x: { field: 'value', type: 'quantitative' }, tooltip: [{ field: 'label', title: 'bifurcation' }] } },
      { data: { values: marks }, mark: { type: 'text', angle: 270, align: 'right', baseline: 'bottom', dx: -4, dy: -3, fontSize: 10, color: '#c00' }, encoding: { x: { field: 'value', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } },
    );
  }
  const spec: VegaLiteSpec = { ...frame(title), data: { values: kept }, layer: layers };
  return { name, kind: 'stability', title, spec };
}

/**
 * Without `.plot`: .tran and .dc draw every column against their axis; .ac draws the Nyquist and Bode plots
 * of the impedances in the table (`z(...)`), else the magnitudes of its signals; .poles its pole map, .stability
 * its rightmost poles against the sweep. .op is a table, not a figure.
 */
function defaultFigures(result: SimulationResult): Figure[] {
  const out: Figure[] = [];
  if (result.analyses.some((a) => ranAs(a, 'poles') && a.data.length > 0)) out.push(polesFigure('poles', `${short(result.title)}: pole map`, result));
  if (result.analyses.some((a) => ranAs(a, 'stability') && a.data.length > 1)) out.push(stabilityFigure('stability', `${short(result.title)}: rightmost poles`, result));
  for (const type of ['dc', 'tran', 'ac'] as const) {
    const first = result.analyses.find((a) => a.type === type);
    if (!first || first.data.length < 2) continue;
    if (type === 'ac') {
      const signals = first.columns.filter((c) => c.startsWith('re(')).map((c) => c.slice(3, -1));
      const impedances = signals.filter((s) => s.startsWith('z('));
      if (impedances.length > 0) {
        out.push(nyquistFigure('ac-nyquist', `${short(result.title)}: Nyquist plot`, { signals: impedances }, result));
        out.push(bodeFigure('ac-bode', `${short(result.title)}: Bode plot`, { signals: impedances }, result));
      } else out.push(signalsFigure('ac', `${short(result.title)}: .ac`, { analysis: 'ac', signals, xlog: true, ylog: false }, result));
    } else {
      out.push(signalsFigure(type, `${short(result.title)}: .${type}`, { analysis: type, signals: first.columns.slice(1), xlog: false, ylog: false }, result));
    }
  }
  return out;
}

/** One zcheck comparison (src/analysis/zcheck.ts ZcheckResult, as plain data): per frequency, Z simulated and closed-form. */
export interface ImpedanceComparison {
  source: string;
  step?: Record<string, number>;
  rows: ReadonlyArray<{ freq: number; simulated: readonly [number, number]; closedForm: readonly [number, number] }>;
}

/**
 * `memspice zcheck --plot`: the closed form as a line and the simulated impedance as markers on it, as a Nyquist
 * and a Bode figure (one colour per source and step).
 */
export function zcheckFigures(comparisons: readonly ImpedanceComparison[]): Figure[] {
  const line: Array<Point & { phase: number }> = [];
  const markers: Array<Point & { phase: number }> = [];
  for (const c of comparisons) {
    const step = c.step ? Object.entries(c.step).map(([p, v]) => `${p}=${formatNumber(v)}`).join(', ') : '';
    const many = comparisons.some((d) => d.source !== c.source);
    const series = step === '' ? `z(${c.source})` : many ? `z(${c.source}), ${step}` : step;
    c.rows.forEach((r, k) => {
      const at = (z: readonly [number, number]): Point & { phase: number } => ({ x: z[0], y: -z[1], series, order: k, freq: r.freq, phase: (Math.atan2(z[1], z[0]) * 180) / Math.PI });
      line.push(at(r.closedForm));
      markers.push(at(r.simulated));
    });
  }
  const legend = comparisons.some((c) => c.step) ? 'step' : 'source';
  const title = 'simulated (markers) and closed-form (line) impedance';
  const nyquist = nyquistSpec('zcheck-nyquist', title, line.filter(FINITE), ['z'], legend, markers.filter(FINITE));
  const bodeOf = (points: ReadonlyArray<Point & { phase: number }>): Array<Point & { phase: number }> => points.map((p) => ({ ...p, x: p.freq as number, y: Math.hypot(p.x, p.y) })).filter(FINITE);
  const bode = bodeSpec('zcheck-bode', title, bodeOf(line), ['z'], legend, bodeOf(markers));
  return [nyquist, bode];
}
