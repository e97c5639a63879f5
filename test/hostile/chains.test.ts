/** Elaboration-side depth: chains of parameters and of subcircuit instances end in a located message. */
import { describe, expect, it } from 'vitest';
import { circuit, expectCircuitError } from '../parse/helpers.ts';

/** `.param a1={a2+1}` ... `a{n}=1`: a1 = n, resolved through n - 1 references. */
function backwardChain(n: number): string {
  let text = 't\n';
  for (let k = 1; k < n; k++) text += `.param a${k}={a${k + 1}+1}\n`;
  return `${text}.param a${n}=1\nR1 x 0 {a1}\nV1 x 0 1\n.op\n`;
}

/** Subcircuit s0 instantiates s1 ... s{n-1} holds the resistor: n levels of instances. */
function subcircuitChain(n: number): string {
  let text = 't\n';
  for (let k = 0; k < n; k++) text += `.subckt s${k} a b\n${k + 1 < n ? `X1 a b s${k + 1}` : 'R1 a b 1k'}\n.ends\n`;
  return `${text}X0 x 0 s0\nV1 x 0 1\n.op\n`;
}

describe('chains', () => {
  it('a 1000-parameter chain resolves', () => {
    const r1 = circuit(backwardChain(1000)).elements.find((e) => e.name === 'r1');
    expect(r1?.params.value).toBe(1000);
  });

  it('a 10,000-parameter chain is a located message, not a stack overflow', () => {
    // The first definition that is reached too deep is a1001, on line 1001 + 1 (the title is line 1).
    expectCircuitError(backwardChain(10_000), 1002, 8, /parameter a1 depends on a chain of more than 1000 parameters \(a1 -> a2 -> \.\.\. -> a1001\)/);
  });

  it('1000 nested subcircuit instances elaborate', () => {
    const c = circuit(subcircuitChain(1000));
    const r = c.elements.find((e) => e.kind === 'R');
    expect(r?.name).toBe(`x0.${'x1.'.repeat(999)}r1`);
  });

  it('10,000 nested subcircuit instances are a located message', () => {
    // s_k is defined on lines 2+3k..4+3k; the instance of the 1001st level is X1 of s1000 in s999's body,
    // line 3 + 3 * 999.
    expectCircuitError(subcircuitChain(10_000), 3000, 1, /subcircuit instances nested more than 1000 deep \(s0 -> \.\.\. -> s999 -> s1000\)/);
  });
});
