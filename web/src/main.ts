/**
 * The web page: a netlist editor (a figure netlist preloaded from the picker), files for `.include`, a Run
 * button that simulates in a Web Worker (worker.ts, the same engine as the CLI), progress, the figures as vega
 * views and the tables of the HTML report; an error is shown with its line marked in the editor.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { interactive, operatingPointSection, measuresSection, zcheckSection, escapeHtml } from '../../src/plot/report.ts';
import type { RunMessage, WorkerReply } from './protocol.ts';
import { NETLISTS, LIBRARIES } from 'memspice:netlists';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const picker = $<HTMLSelectElement>('picker');
const editor = $<HTMLTextAreaElement>('netlist');
const gutter = $<HTMLPreElement>('gutter');
const errorBox = $<HTMLPreElement>('error');
const output = $<HTMLElement>('output');
const progress = $<HTMLProgressElement>('progress');
const status = $<HTMLSpanElement>('status');
/** Files the user added (and the libraries the figure netlists include), by name. */
const added = new Map<string, string>(Object.entries(LIBRARIES));

for (const name of Object.keys(NETLISTS)) picker.add(new Option(name, name));
const initial = new URLSearchParams(location.search).get('netlist') ?? 'pccp2024_fig5_spectra.cir';
picker.value = initial in NETLISTS ? initial : Object.keys(NETLISTS)[0];
editor.value = NETLISTS[picker.value];

function drawGutter(errorLine = 0): void {
  const lines = editor.value.split('\n').length;
  gutter.innerHTML = Array.from({ length: lines }, (_, k) => (k + 1 === errorLine ? `<span class="error-line">${k + 1}</span>` : String(k + 1))).join('\n');
  gutter.scrollTop = editor.scrollTop;
}
editor.addEventListener('input', () => drawGutter());
editor.addEventListener('scroll', () => (gutter.scrollTop = editor.scrollTop));
picker.addEventListener('change', () => {
  editor.value = NETLISTS[picker.value];
  drawGutter();
});
$<HTMLInputElement>('files').addEventListener('change', async (event) => {
  for (const f of (event.target as HTMLInputElement).files ?? []) added.set(f.name, await f.text());
  $('added').textContent = [...added.keys()].filter((k) => !(k in LIBRARIES)).join(', ');
});
drawGutter();

/** Puts the caret on a line of the editor and scrolls it into view. */
function showLine(line: number, column: number): void {
  const lines = editor.value.split('\n');
  const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Math.max(0, column - 1);
  editor.focus();
  editor.setSelectionRange(offset, offset + Math.max(1, (lines[line - 1] ?? '').length - column + 1));
  editor.scrollTop = Math.max(0, (line - 5) * 16);
  drawGutter(line);
}

let worker: Worker | undefined;

/** Runs a netlist in the worker; resolves with the worker's result (the tests and the benchmark call it too). */
function run(file: string, text: string): Promise<Extract<WorkerReply, { type: 'result' }>> {
  worker?.terminate();
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  const w = worker;
  return new Promise((resolve, reject) => {
    const warnings: string[] = [];
    w.onmessage = (event: MessageEvent<WorkerReply>) => {
      const m = event.data;
      if (m.type === 'progress') {
        progress.hidden = false;
        progress.value = m.fraction;
        status.textContent = `.${m.analysis} ${(100 * m.fraction).toFixed(0)} %`;
      } else if (m.type === 'warning') warnings.push(m.message);
      else if (m.type === 'error') reject(Object.assign(new Error(m.message), { line: m.line, column: m.column }));
      else resolve({ ...m, warnings } as Extract<WorkerReply, { type: 'result' }> & { warnings: string[] });
    };
    w.onerror = (e) => reject(new Error(e.message));
    const message: RunMessage = { type: 'run', file, text, files: [...added] };
    w.postMessage(message);
  });
}

async function render(reply: Extract<WorkerReply, { type: 'result' }> & { warnings?: string[] }): Promise<void> {
  const { result, figures, zcheck, seconds } = reply;
  const warnings = reply.warnings ?? [];
  output.innerHTML = `<h2>${escapeHtml(result.title)}</h2>
    ${figures.map((f, k) => `<div class="figure" id="figure-${k + 1}" data-name="${escapeHtml(f.name)}"></div>`).join('')}
    ${measuresSection(result)}${operatingPointSection(result)}${zcheckSection(zcheck)}
    <h2>Warnings</h2>${warnings.length === 0 ? '<p>none</p>' : `<ul class="warnings">${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`}
    <p>simulated in ${seconds.toFixed(3)} s in the browser</p>`;
  // What is on the page, for the browser tests: the result and the figures as drawn.
  Object.assign(window, { memspiceShown: { result, figures } });
  for (const [k, f] of figures.entries()) {
    const view = new vega.View(vega.parse(compile(interactive(f.spec) as unknown as TopLevelSpec).spec), { renderer: 'svg', container: `#figure-${k + 1}`, hover: true });
    await view.runAsync();
  }
}

async function runEditor(): Promise<void> {
  errorBox.hidden = true;
  drawGutter();
  status.textContent = 'running';
  document.body.dataset.state = 'running';
  try {
    const reply = await run(picker.value, editor.value);
    await render(reply);
    status.textContent = 'done';
    document.body.dataset.state = 'done';
  } catch (err) {
    const e = err as Error & { line?: number; column?: number };
    errorBox.hidden = false;
    errorBox.textContent = e.message;
    errorBox.dataset.line = String(e.line ?? 0);
    if (e.line) showLine(e.line, e.column ?? 1);
    status.textContent = 'failed';
    document.body.dataset.state = 'error';
  } finally {
    progress.hidden = true;
  }
}

$<HTMLButtonElement>('run').addEventListener('click', () => void runEditor());
/** For the browser tests and `npm run bench`: run a netlist in the worker, resolve with the result and its time. */
Object.assign(window, { memspiceRun: run });
document.body.dataset.state = 'ready';
