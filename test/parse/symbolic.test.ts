/**
 * The expression language's new operators and functions, exact symbolic derivatives (against central
 * differences the test computes, and closed forms), the compiler's output, and that hostile names in
 * expressions reach nothing but numbers.
 */
import { describe, expect, it } from 'vitest';
import { NetlistError } from '../../src/base/errors.ts';
import { equationType } from '../../src/devices/equation.ts';
import { compileGraph } from '../../src/parse/compile.ts';
import type { DefineAst } from '../../src/parse/define.ts';
import { evaluate, exprOf, type Expr } from '../../src/parse/expr.ts';
import { parseBraceExpression } from '../../src/parse/grammar.ts';
import { parseNetlist } from '../../src/parse/index.ts';
import { lowerExpr } from '../../src/parse/lower.ts';
import { SymGraph } from '../../src/parse/symbolic.ts';
import { run } from '../helpers.ts';

const locate = (text: string) => (offset: number) => ({ file: 't', line: 1, column: offset + 1, text });

function parse(text: string): Expr {
  const braced = `{${text}}`;
  return exprOf(parseBraceExpression(braced, 0, locate(braced)).expr, locate(braced));
}

function value(text: string, vars: Record<string, number> = {}): number {
  return evaluate(parse(text), (name) => vars[name]);
}

describe('expression language', () => {
  it('comparisons, logic and the ternary follow C precedence', () => {
    expect(value('1 + 2 < 4')).toBe(1);
    expect(value('2 * 3 >= 7')).toBe(0);
    expect(value('1 < 2 == 2 < 3')).toBe(1);
    expect(value('0 || 1 && 0')).toBe(0);
    expect(value('1 || 0 && 0')).toBe(1);
    expect(value('!0 + !5')).toBe(1);
    expect(value('1 != 1 ? 10 : 2 > 1 ? 20 : 30')).toBe(20);
    expect(value('x > 0 ? x : -x', { x: -3 })).toBe(3);
    expect(value('if(x <= 1, 5, 6)', { x: 1 })).toBe(5);
    expect(value('-2^2')).toBe(-4);
  });

  it('model functions have their defined values', () => {
    expect(value('step(0)')).toBe(0);
    expect(value('u(1e-300)')).toBe(1);
    expect(value('sgn(-2)')).toBe(-1);
    expect(value('limit(5, 0, 2)')).toBe(2);
    expect(value('limit(-5, 0, 2)')).toBe(0);
    expect(value('min(3, 1, 2) + max(3, 1, 2)')).toBe(4);
    expect(value('pow(2, 0.5)')).toBe(Math.SQRT2);
    expect(value('pwr(-8, 1/3)')).toBeCloseTo(2, 15);
    expect(value('pwrs(-8, 1/3)')).toBeCloseTo(-2, 15);
    expect(value('atan2(1, -1)')).toBe((3 * Math.PI) / 4);
    expect(value('asin(1) + acos(1)')).toBe(Math.PI / 2);
    // smoothstep: 3t^2 - 2t^3 with t = (x - e0)/(e1 - e0) clamped.
    expect(value('smoothstep(0, 2, 0.5)')).toBeCloseTo(3 * 0.0625 - 2 * 0.015625, 15);
    expect(value('smoothstep(0, 2, 3)')).toBe(1);
    expect(value('sigmoid(0)')).toBe(0.5);
    expect(value('softplus(1000)')).toBe(1000);
  });
});

/** A graph of `text` over inputs a (0) and b (1). */
function graphOf(text: string): { g: SymGraph; root: number } {
  const g = new SymGraph();
  const root = lowerExpr(parse(text), {
    graph: g,
    resolve: (name) => {
      if (name === 'a') return g.input(0);
      if (name === 'b') return g.input(1);
      throw new Error(`unexpected ${name}`);
    },
  });
  return { g, root };
}

describe('symbolic derivatives', () => {
  const expressions = [
    'a*b + exp(a/b) - log(b)',
    'pow(a, 3.5) * sqrt(b) / (1 + a*a)',
    'a^b',
    'pwr(a - 2, 1.7) + pwrs(a - 2, 2.3)',
    'atan2(a, b) + asin(a/4) + acos(b/4) + atan(a*b)',
    'sinh(a) * cosh(b) + tanh(a - b) + sin(a)*cos(b) + tan(b)',
    'a > b ? a*a*b : b*b*a',
    'limit(a*b, 1, 2.5) + min(a, b) + max(a, 2*b) + abs(a - b)',
    'smoothstep(0, 4, a*b)',
    'sigmoid(a - b) + softplus(b - a) + log10(a)',
    'step(a - 1) * b + sgn(a - b) * a',
  ];
  // Points away from the kinks of limit/min/max/abs/step and inside asin/acos's domain.
  const points: Array<[number, number]> = [
    [1.3, 0.7],
    [2.6, 1.9],
    [0.45, 1.15],
  ];
  for (const text of expressions) {
    it(`d/da, d/db of ${text} match central differences`, () => {
      const { g, root } = graphOf(text);
      const da = g.derivative(root, 0);
      const db = g.derivative(root, 1);
      const f = compileGraph(g, [root, da, db], () => false);
      const out = new Float64Array(3);
      const s = new Float64Array(f.staticSlots);
      for (const [a, b] of points) {
        const x = Float64Array.of(a, b);
        f.evaluate(x, s, out);
        // The compiled value is the interpreter's.
        expect(out[0]).toBe(evaluate(parse(text), (name) => (name === 'a' ? a : b)));
        // Central differences with h = 1e-6 have truncation error ~ h^2 f''' ~ 1e-12 and round-off
        // ~ eps |f| / h ~ 1e-10 |f|: a relative 1e-7 bound is well clear of both.
        const h = 1e-6;
        const F = (p: number, q: number): number => g.evaluate(root, [p, q]);
        const fda = (F(a + h, b) - F(a - h, b)) / (2 * h);
        const fdb = (F(a, b + h) - F(a, b - h)) / (2 * h);
        expect(Math.abs(out[1] - fda)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(fda)));
        expect(Math.abs(out[2] - fdb)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(fdb)));
      }
    });
  }

  it('closed forms: d(a^b)/db = a^b ln a, d(a/b)/db = -a/b^2, and a structurally zero derivative is the constant 0', () => {
    const { g, root } = graphOf('a^b');
    expect(g.evaluate(g.derivative(root, 1), [2, 3])).toBe(8 * Math.log(2));
    const q = graphOf('a/b');
    expect(q.g.evaluate(q.g.derivative(q.root, 1), [3, 2])).toBe(-0.75);
    const c = graphOf('exp(a) + 1');
    expect(c.g.valueOf(c.g.derivative(c.root, 1))).toBe(0);
  });

  it('shared subexpressions are one node: exp(a*b) appears once among the value and both partials', () => {
    const { g, root } = graphOf('exp(a*b) * a + exp(a*b) * b');
    const f = compileGraph(g, [root, g.derivative(root, 0), g.derivative(root, 1)], () => false);
    expect(f.source.match(/m\d+\(/g)?.length).toBe(1);
  });
});

/** The DefineAst of a netlist's first `.define`. */
function defineOf(netlist: string): DefineAst {
  const st = parseNetlist(netlist).statements.find((s) => s.type === 'define');
  if (st?.type !== 'define') throw new Error('no .define');
  return st.define;
}

describe('generated code reaches nothing but numbers', () => {
  const hostile = ['constructor', '__proto__', 'process', 'globalthis', 'require', 'prototype', 'tostring', 'eval', 'function'];
  const netlist = [
    't',
    `.define evil p n states=${hostile[0]} params: ${hostile.slice(1).map((h, k) => `${h}=${k + 1}`).join(' ')}`,
    `+ let this = { ${hostile.slice(1).join(' + ')} }`,
    `+ I = { this * V * ${hostile[0]} }`,
    `+ ddt(${hostile[0]}) = { process - ${hostile[0]} }`,
    'V1 a 0 2',
    'YEVIL e1 a 0',
    '.op',
    `.print op i(e1) x(e1)`,
    '.end',
  ].join('\n');

  it('hostile names are ordinary parameter, state and let names', () => {
    const r = run(netlist);
    // States at g = 0: constructor = process = 2; I = (1 + ... + 8) * V * constructor = 36 * 2 * 2. The
    // operating point's gmin (1e-12) shunts every unknown, which moves the state by 1e-12 relative.
    const [i, x] = r.analyses[0].data[0];
    expect(Math.abs(i - 144) / 144).toBeLessThan(1e-11);
    expect(Math.abs(x - 2) / 2).toBeLessThan(1e-11);
  });

  it('the generated source is made of numbers, indices, temporaries, operators and the function table only', () => {
    const type = equationType(defineOf(netlist));
    for (const source of [type.compiled.source, type.perInstance.source]) {
      // Every identifier is a keyword of the template or a generated name; numbers are literals.
      const withoutNumbers = source.replace(/\b\d+(?:\.\d+)?(?:e[+-]\d+)?\b/g, '0');
      const identifiers = new Set(withoutNumbers.match(/[A-Za-z_$][\w$]*/g));
      for (const id of identifiers) expect(id).toMatch(/^(?:use|strict|const|return|function|if|jac|time|[xsyUHfqGCM]|out|[mtu]\d+)$/);
      // No string, template or regular-expression literal besides the strict-mode directive.
      expect(source.replace('"use strict"', '')).not.toMatch(/["'`\\]/);
      // (`function` is the template's own keyword.)
      for (const name of hostile.filter((h) => h !== 'function')) expect(source.toLowerCase().includes(name)).toBe(false);
    }
  });

  it('text that is not an expression never gets as far as the compiler', () => {
    const attempt = (body: string): NetlistError => {
      try {
        run(`t\n.define evil p n\n+ I = { ${body} }\nV1 a 0 1\nYEVIL e1 a 0\n.op\n.end\n`);
      } catch (e) {
        if (e instanceof NetlistError) return e;
        throw e;
      }
      throw new Error('accepted');
    };
    expect(attempt("});require('fs')//").message).toMatch(/syntax error/);
    expect(attempt('globalThis.process').message).toMatch(/syntax error|unexpected character/);
    expect(attempt('constructor').message).toMatch(/undefined name 'constructor'/);
    expect(attempt('__proto__(1)').message).toMatch(/unknown function '__proto__'/);
    expect(attempt('tostring').message).toMatch(/undefined name 'tostring'/);
  });
});
