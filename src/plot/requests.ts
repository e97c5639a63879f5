/**
 * The `.plot` lines of a netlist as plain data for the result (what is to be drawn, not how), and the output
 * requests they make: like SPICE's `.plot`, a line also asks for its signals, so a figure never lacks a column.
 * No plotting library is imported here: simulate() uses this module on every run.
 */
import type { PlotRequest } from '../analysis/results.ts';
import type { NetlistAst, PrintItemAst, SignalAst, Statement } from '../parse/ast.ts';

type PlotStatement = Extract<Statement, { type: 'plot' }>;

/** A signal's column name, as src/analysis/signals.ts names it (`v(a)`, `x(p1.f)`, `z(v1)`). */
function columnName(s: SignalAst): string {
  return `${s.fn}(${s.args.map((a) => a.name).join(',')})`;
}

export function plotRequests(ast: NetlistAst): PlotRequest[] {
  return ast.statements
    .filter((s): s is PlotStatement => s.type === 'plot')
    .map((st) => {
      const request: PlotRequest = { analysis: st.analysis, kind: st.kind, signals: st.signals.map(columnName), xlog: st.xlog, ylog: st.ylog, loc: st.loc };
      if (st.measure) request.measure = st.measure.name;
      return request;
    });
}

/**
 * The netlist with one `.print` line per `.plot` line, so that the plotted signals are in the analysis' table.
 * When no `.print` names that analysis, the added line starts with `all`: the table keeps its default columns
 * (a `.plot` must not take columns away from the CSV) and gains the plotted ones.
 */
export function withPlotOutputs(ast: NetlistAst): NetlistAst {
  const plots = ast.statements.filter((s): s is PlotStatement => s.type === 'plot' && s.signals.length > 0);
  if (plots.length === 0) return ast;
  const printed = (analysis: PlotStatement['analysis']): boolean => ast.statements.some((s) => s.type === 'print' && (s.analysis === undefined || s.analysis === analysis));
  const added: Statement[] = plots.map((p) => {
    const items: PrintItemAst[] = p.signals.map((signal) => ({ kind: 'signal', signal }));
    if (!printed(p.analysis)) items.unshift({ kind: 'all', which: 'all', loc: p.loc });
    // Only .tran, .dc and .ac plots name signals (the parser allows none for poles and stability).
    return { type: 'print', analysis: p.analysis as 'tran' | 'dc' | 'ac', items, loc: p.loc };
  });
  return { ...ast, statements: [...ast.statements, ...added] };
}
