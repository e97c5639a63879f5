/**
 * The HTML report of a run: one self-contained page (vega and vega-lite inlined, no network) with the netlist,
 * every figure as an interactive vega view (drag to pan, wheel to zoom, hover for values), the .meas results,
 * the .op table, the zcheck comparison, the warnings and the run's statistics. Plain string building from plain
 * data, so the same page can be made by the CLI (`memspice report`) and in the browser.
 */
import type { SimulationResult } from '../analysis/results.ts';
import type { Figure, ImpedanceComparison, VegaLiteSpec } from './figures.ts';

export interface RunStatistics {
  /** Unknowns of the equation system (node voltages, branch currents, device states). */
  unknowns: number;
  newtonIterations: number;
  timeSteps: number;
  rejectedSteps: number;
  /** Wall-clock time of the simulation. */
  seconds: number;
}

export interface ReportInput {
  file: string;
  netlist: string;
  result: SimulationResult;
  figures: readonly Figure[];
  /** zcheck of the netlist's .ac, when it has one (null: it has none; a string: why it could not be made). */
  zcheck: ReadonlyArray<ImpedanceComparison & { maxRelativeDifference: number }> | string | null;
  warnings: readonly string[];
  statistics: RunStatistics;
}

/** The browser builds of the libraries, inlined into the page. */
export interface ReportScripts {
  vega: string;
  vegaLite: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text that may sit inside a <script> element: no `</script` or `<!--` can end or change it. */
function scriptSafe(text: string): string {
  return text.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
}

/** The figure with pan and zoom bound to its scales (every view of a vega-lite layer or stack). */
export function interactive(spec: VegaLiteSpec): VegaLiteSpec {
  const zoom = (view: VegaLiteSpec, k: number): VegaLiteSpec => ({ ...view, params: [{ name: `zoom${k}`, select: 'interval', bind: 'scales' }] });
  if (Array.isArray(spec.vconcat)) return { ...spec, vconcat: (spec.vconcat as VegaLiteSpec[]).map((v, k) => (Array.isArray(v.layer) ? { ...v, layer: [zoom((v.layer as VegaLiteSpec[])[0], k), ...(v.layer as VegaLiteSpec[]).slice(1)] } : zoom(v, k))) };
  if (Array.isArray(spec.layer)) return { ...spec, layer: [zoom((spec.layer as VegaLiteSpec[])[0], 0), ...(spec.layer as VegaLiteSpec[]).slice(1)] };
  return zoom(spec, 0);
}

function table(head: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  // Numbers with every digit a double has (as in the CSV files): a value read off the page is the simulated one.
  const cell = (v: string | number): string => `<td>${escapeHtml(String(v))}</td>`;
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</tbody></table>`;
}

function stepLabel(step: Record<string, number> | undefined): string {
  return step ? Object.entries(step).map(([p, v]) => `${p}=${v}`).join(', ') : '';
}

export function measuresSection(result: SimulationResult): string {
  const rows = result.analyses.flatMap((a) => Object.entries(a.measures ?? {}).map(([name, value]) => [a.type, stepLabel(a.step), name, value] as const));
  return rows.length === 0 ? '' : `<h2>Measurements (.meas)</h2>${table(['analysis', 'step', 'name', 'value'], rows)}`;
}

export function operatingPointSection(result: SimulationResult): string {
  const ops = result.analyses.filter((a) => a.type === 'op');
  if (ops.length === 0) return '';
  const stepped = ops.some((a) => a.step);
  const head = [...(stepped ? ['step'] : []), 'quantity', 'value'];
  const rows = ops.flatMap((a) => a.columns.map((c, k) => [...(stepped ? [stepLabel(a.step)] : []), c, a.data[0]?.[k] ?? NaN]));
  return `<h2>Operating point (.op)</h2>${table(head, rows)}`;
}

export function zcheckSection(zcheck: ReportInput['zcheck']): string {
  if (zcheck === null) return '';
  if (typeof zcheck === 'string') return `<h2>Impedance against the closed form (zcheck)</h2><p>${escapeHtml(zcheck)}</p>`;
  return `<h2>Impedance against the closed form (zcheck)</h2>${zcheck
    .map((c) => {
      const rows = c.rows.map((r) => [r.freq, r.simulated[0], r.simulated[1], r.closedForm[0], r.closedForm[1], Math.hypot(r.simulated[0] - r.closedForm[0], r.simulated[1] - r.closedForm[1]) / Math.hypot(r.closedForm[0], r.closedForm[1])]);
      const title = `z(${c.source})${c.step ? ` [${stepLabel(c.step)}]` : ''}: max relative difference ${c.maxRelativeDifference.toExponential(3)}`;
      return `<details><summary>${escapeHtml(title)}</summary>${table(['freq (Hz)', 're Zsim (Ω)', 'im Zsim (Ω)', 're Zcf (Ω)', 'im Zcf (Ω)', 'rel. diff'], rows)}</details>`;
    })
    .join('')}`;
}

const STYLE = `body{font-family:"DejaVu Sans",system-ui,sans-serif;margin:1.5em auto;max-width:1100px;padding:0 1em;color:#222}
pre{background:#f5f5f5;padding:.8em;overflow:auto;font-size:12px;max-height:30em}
table{border-collapse:collapse;font-size:12px;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#eee}
.figure{margin:1em 0}.warnings li{color:#8a4b00}summary{cursor:pointer;margin:.3em 0}`;

/** The page's own script: every figure compiled (vega-lite) and drawn as an SVG vega view with tooltips. */
const RENDER = `(async () => {
  const figures = JSON.parse(document.getElementById('memspice-figures').textContent);
  for (const f of figures) {
    const view = new vega.View(vega.parse(vegaLite.compile(f.spec).spec), { renderer: 'svg', container: document.getElementById(f.id), hover: true });
    await view.runAsync();
  }
  document.body.dataset.rendered = String(figures.length);
})().catch((err) => { document.body.dataset.renderError = String(err); throw err; });`;

export function reportHtml(input: ReportInput, scripts: ReportScripts): string {
  const { result, statistics } = input;
  const figures = input.figures.map((f, k) => ({ id: `figure-${k + 1}`, name: f.name, spec: interactive(f.spec) }));
  const stats = table(
    ['unknowns', 'analyses', 'time steps', 'rejected steps', 'Newton iterations', 'time (s)'],
    [[statistics.unknowns, result.analyses.length, statistics.timeSteps, statistics.rejectedSteps, statistics.newtonIterations, Number(statistics.seconds.toFixed(3))]],
  );
  const warnings = input.warnings.length === 0 ? '<p>none</p>' : `<ul class="warnings">${input.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(result.title || input.file)} — memspice report</title>
<style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(result.title || input.file)}</h1>
<p>memspice report of <code>${escapeHtml(input.file)}</code>. Figures: drag to pan, wheel to zoom, double-click to reset, hover for values.</p>
<h2>Figures</h2>
${figures.map((f) => `<div class="figure" id="${f.id}" data-name="${escapeHtml(f.name)}"></div>`).join('\n')}
${measuresSection(result)}
${operatingPointSection(result)}
${zcheckSection(input.zcheck)}
<h2>Warnings</h2>${warnings}
<h2>Run statistics</h2>${stats}
<h2>Netlist</h2><pre>${escapeHtml(input.netlist)}</pre>
<script>${scriptSafe(scripts.vega)}</script>
<script>${scriptSafe(scripts.vegaLite)}</script>
<script type="application/json" id="memspice-figures">${scriptSafe(JSON.stringify(figures))}</script>
<script>${RENDER}</script>
</body></html>
`;
}
