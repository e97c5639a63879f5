/**
 * Reading a rendered figure back: the axes' scales from their tick labels (value written, pixel position), the
 * line marks' vertices, the text of titles and legends. Independent of src/plot: only the SVG vega wrote.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface Node {
  tag: string;
  attributes: Record<string, string>;
  children: Node[];
  text: string;
}

export function isWellFormed(svg: string): true | string {
  const r = XMLValidator.validate(svg);
  return r === true ? true : `${r.err.msg} at line ${r.err.line}`;
}

export function parseSvg(svg: string): Node {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, trimValues: false });
  const convert = (entry: Record<string, unknown>): Node | null => {
    const tag = Object.keys(entry).find((k) => k !== ':@');
    if (tag === undefined || tag === '#text') return null;
    const attributes = (entry[':@'] ?? {}) as Record<string, string>;
    const body = entry[tag] as Array<Record<string, unknown>>;
    const children = body.map(convert).filter((n): n is Node => n !== null);
    const text = body.filter((b) => '#text' in b).map((b) => String(b['#text'])).join('');
    return { tag, attributes, children, text };
  };
  const roots = (parser.parse(svg) as Array<Record<string, unknown>>).map(convert).filter((n): n is Node => n !== null);
  return roots[0];
}

export function findAll(node: Node, pick: (n: Node) => boolean, out: Node[] = []): Node[] {
  if (pick(node)) out.push(node);
  for (const c of node.children) findAll(c, pick, out);
  return out;
}

export const hasClass = (name: string) => (n: Node): boolean => (n.attributes.class ?? '').split(/\s+/).includes(name);

function translate(n: Node): [number, number] {
  const m = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(n.attributes.transform ?? '');
  if (!m) throw new Error(`no translate in ${n.attributes.transform}`);
  return [Number(m[1]), Number(m[2])];
}

/** A tick label as a number: vega writes U+2212 for minus and groups thousands with commas. */
function labelValue(text: string): number {
  return Number(text.replace(/\u2212/g, '-').replace(/,/g, ''));
}

/** pixel = a + b value, fitted by least squares to the tick labels of one axis. */
export interface LinearScale {
  a: number;
  b: number;
  ticks: number;
}

function fit(pairs: Array<[number, number]>): LinearScale {
  const n = pairs.length;
  const mv = pairs.reduce((s, p) => s + p[0], 0) / n;
  const mp = pairs.reduce((s, p) => s + p[1], 0) / n;
  const b = pairs.reduce((s, p) => s + (p[0] - mv) * (p[1] - mp), 0) / pairs.reduce((s, p) => s + (p[0] - mv) ** 2, 0);
  return { a: mp - b * mv, b, ticks: n };
}

/**
 * The x and y scales of a single-view figure from its two axes' labels: the horizontal axis' labels share one
 * y offset, the vertical axis' one x offset.
 */
export function axisScales(root: Node): { x: LinearScale; y: LinearScale } {
  const groups = findAll(root, hasClass('role-axis-label'));
  let x: LinearScale | undefined;
  let y: LinearScale | undefined;
  for (const g of groups) {
    // A vertical axis' labels are centred on their tick by vega's `middle` baseline, which its SVG renderer writes
    // as the text's origin 0.3 em below the tick (vega-scenegraph, util/text.js): undone here.
    const labels = g.children.filter((c) => c.tag === 'text').map((t) => ({ at: translate(t), value: labelValue(t.text), em: parseFloat(t.attributes['font-size'] ?? '10') }));
    if (labels.length < 2) continue;
    if (labels.every((l) => l.at[1] === labels[0].at[1])) x = fit(labels.map((l) => [l.value, l.at[0]]));
    else if (labels.every((l) => l.at[0] === labels[0].at[0])) y = fit(labels.map((l) => [l.value, l.at[1] - 0.3 * l.em]));
  }
  if (!x || !y) throw new Error('figure has no horizontal and vertical axis with labels');
  return { x, y };
}

/** The vertices of every line mark's path (`M x,y L x,y ...`), in the plotting area's pixels. */
export function linePaths(root: Node): Array<Array<[number, number]>> {
  const lines = findAll(root, hasClass('role-mark')).filter((g) => hasClass('mark-line')(g));
  return lines.flatMap((g) =>
    g.children
      .filter((c) => c.tag === 'path')
      .map((p) => [...(p.attributes.d ?? '').matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((m): [number, number] => [Number(m[1]), Number(m[2])])),
  );
}

export function texts(root: Node): string[] {
  return findAll(root, (n) => n.tag === 'text').map((t) => t.text);
}
