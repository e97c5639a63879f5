import { describe, expect, it } from 'vitest';
import { resolveSteps } from '../../src/circuit/elaborate.ts';
import { parseNetlist } from '../../src/parse/index.ts';
import { expectCircuitError, expectNetlistError } from '../parse/helpers.ts';

describe('netlist errors name the line, the column and the problem', () => {
  it('syntax error says what was expected and shows the text', () => {
    const err = expectCircuitError('t\nR1 a b 1k\nR2 a b {1k*}\n', 3, 12, /syntax error: unexpected '\}'; expected a name, a number, '\(', '\+', '-' or '!'/);
    expect(err.loc?.text).toBe('R2 a b {1k*}');
    expect(err.format()).toBe("test.cir:3:12: syntax error: unexpected '}'; expected a name, a number, '(', '+', '-' or '!'\n    R2 a b {1k*}");
    expectCircuitError('t\nR2 a b {1k\n', 2, 11, /syntax error: unexpected end of line; expected .*'\}'/);
    expectCircuitError('t\nR2 a b 1k*2\n', 2, 10, /syntax error: unexpected character '\*'/);
    expectCircuitError('t\n.param a=\n', 2, 10, /syntax error: unexpected end of line; expected a name, a number/);
  });

  it('unknown element letter', () => {
    expectCircuitError('t\nR1 a 0 1\n  Q1 c b e qmod\n', 3, 3, /unknown element letter 'Q' in 'Q1'/);
  });

  it('wrong node count', () => {
    expectCircuitError('t\nR1 a 1k\n', 2, 1, /R1 needs 2 nodes and a value or a model name \(R1 n\+ n- value \[model\] \[name=value \.\.\.\]\), got 2 items/);
    expectCircuitError('t\nE1 a 0 b 10\n', 2, 1, /E1 needs 4 nodes and a gain/);
    expectCircuitError('t\nV1 a\n', 2, 1, /V1 needs 2 nodes/);
    expectCircuitError('t\nYTESTDEV p1 a\n', 2, 1, /YTESTDEV p1 needs 2 nodes and an optional model name, got 1 item/);
    expectCircuitError('t\n.subckt s a b\nR1 a b 1\n.ends\nX1 n s\n', 5, 1, /X1 connects 1 node but subcircuit s has 2 ports/);
  });

  it('unknown element name in .dc, i(), z()', () => {
    expectCircuitError('t\nV1 a 0 1\nR1 a 0 1\n.dc vx 0 1 0.1\n', 4, 5, /unknown element 'vx' in \.dc/);
    expectCircuitError('t\nV1 a 0 1\nR1 a 0 1\n.print dc i(r2)\n', 4, 13, /unknown element 'r2' in i\(\.\.\.\)/);
    expectCircuitError('t\nV1 a 0 1\nR1 a 0 1\n.probe z(v9)\n', 4, 10, /unknown element 'v9' in z\(\.\.\.\)/);
  });

  it('unknown node in v() and .ic', () => {
    expectCircuitError('t\nV1 a 0 1\n.print op v(a,b)\n', 3, 15, /unknown node 'b' in v\(\.\.\.\)/);
    expectCircuitError('t\nV1 a 0 1\n.ic v(zz)=1\n', 3, 7, /unknown node 'zz'/);
    expectCircuitError('t\nV1 a 0 1\n.ic x(p9)=1\n', 3, 7, /unknown element 'p9' in x\(\.\.\.\)/);
  });

  it('duplicate element name', () => {
    expectCircuitError('t\nR1 a 0 1\nr1 b 0 2\n', 3, 1, /duplicate element name 'r1' \(first defined at test\.cir:2\)/);
    expectCircuitError('t\nR1 a 0 1\nYTESTDEV r1 a 0\n', 3, 10, /duplicate element name 'r1'/);
  });

  it('undefined parameter', () => {
    expectCircuitError('t\n.param a=1\nR1 a 0 {a + bogus*2}\n', 3, 13, /undefined parameter 'bogus'/);
    expectCircuitError('t\n.param a=rval\n', 2, 10, /undefined parameter 'rval'/);
    expectCircuitError('t\n.subckt s a params: r=1\nR1 a 0 {q}\n.ends\nX1 n s\n', 3, 9, /undefined parameter 'q'/);
  });

  it('parameter cycles', () => {
    expectCircuitError('t\n.param a={b+1}\n.param b={2*a}\n', 2, 8, /parameter cycle: a -> b -> a/);
  });

  it('unknown model and model of the wrong type', () => {
    expectCircuitError('t\nYTESTDEV p1 a 0 nomod\n', 2, 17, /unknown model 'nomod'/);
    expectCircuitError('t\n.model m1 testother (a=1)\nYTESTDEV p1 a 0 m1\n', 3, 17, /model m1 is a TESTOTHER, not a TESTDEV/);
    expectCircuitError('t\nYFROB p1 a 0\n', 2, 1, /unknown device type 'FROB'/);
  });

  it('.ends missing points at the .subckt line', () => {
    expectCircuitError('t\n.subckt outer a b\n.subckt inner a b\nR1 a b 1\n.ends inner\nR2 a b 1\n', 2, 1, /\.subckt outer has no matching \.ends/);
    expectCircuitError('t\nR1 a 0 1\n.ends\n', 3, 1, /\.ends without a matching \.subckt/);
  });

  it('recursive subcircuit names the chain', () => {
    expectCircuitError('t\n.subckt a p\nX1 p b\n.ends\n.subckt b p\nX2 p a\n.ends\nXtop n a\n', 6, 1, /recursive subcircuit: a -> b -> a/);
    expectCircuitError('t\n.subckt a p\nX1 p a\n.ends\nXtop n a\n', 3, 1, /recursive subcircuit: a -> a/);
  });

  it('unknown subcircuit', () => {
    expectCircuitError('t\nX1 a b nosuch\n', 2, 8, /unknown subcircuit 'nosuch'/);
  });

  it('non-numeric value', () => {
    // A word in an R's value position is a model name, as in ngspice.
    expectCircuitError('t\nR1 a 0 abc\n', 2, 8, /unknown model 'abc'/);
    expectCircuitError('t\nE1 a 0 b 0 abc\n', 2, 12, /non-numeric value 'abc' for E1 gain/);
    expectCircuitError('t\nV1 a 0 PULSE(0 one 1n)\n', 2, 16, /non-numeric value 'one' for V1 PULSE/);
    expectCircuitError('t\n.tran 1n stop\n', 2, 10, /non-numeric value 'stop' for \.tran tstop/);
  });

  it('negative tstep, zero or negative tstop, bad tstart', () => {
    expectCircuitError('t\nR1 a 0 1\n.tran -1u 1m\n', 3, 7, /\.tran tstep must not be negative, got -0\.000001/);
    expectCircuitError('t\nR1 a 0 1\n.tran 1n -1m\n', 3, 10, /\.tran tstop must be positive, got -0\.001/);
    expectCircuitError('t\nR1 a 0 1\n.tran 1n 1m 2m\n', 3, 13, /\.tran tstart must be >= 0 and below tstop/);
  });

  it('empty netlist', () => {
    expectNetlistError(() => parseNetlist('', { file: 'test.cir', cwd: '.' }), 1, 1, /empty netlist/);
    expectNetlistError(() => parseNetlist('  \n\n', { file: 'test.cir', cwd: '.' }), 1, 1, /empty netlist/);
    expectNetlistError(() => parseNetlist('just a title\n* and a comment\n', { file: 'test.cir', cwd: '.' }), 1, 1, /empty netlist: nothing after the title line/);
  });

  it('.dc and .ac arguments', () => {
    expectCircuitError('t\nV1 a 0 1\n.dc v1 0 1 0\n', 3, 12, /step must not be zero/);
    expectCircuitError('t\nV1 a 0 1\n.dc v1 1 0 0.1\n', 3, 12, /step must be negative when stop < start/);
    expectCircuitError('t\nV1 a 0 1\n.ac dec 10 0 1k\n', 3, 12, /fstart must be positive/);
    expectCircuitError('t\nV1 a 0 1\n.ac oct 0 1 1k\n', 3, 9, /whole number >= 1/);
    expectCircuitError('t\nV1 a 0 1\n.ac lin 10 1k 1\n', 3, 15, /fstop \(1\) must not be below fstart/);
    expectCircuitError('t\nV1 a 0 1\n.ac log 10 1 1k\n', 3, 5, /expected dec, oct or lin/);
  });

  it('source waveforms', () => {
    expectCircuitError('t\nV1 a 0 PWL(0 0 2m 1 1m 0)\n', 2, 21, /PWL times in V1 must not decrease: 0\.001 after 0\.002/);
    expectCircuitError('t\nV1 a 0 PWL(0 0 1m)\n', 2, 8, /time-value pairs/);
    expectCircuitError('t\nV1 a 0 SIN(0)\n', 2, 8, /SIN in V1 needs at least vo and va/);
    expectCircuitError('t\nV1 a 0 TRNOISE(0 1 1k)\n', 2, 8, /unsupported source function 'TRNOISE'/);
    expectCircuitError('t\nV1 a 0 DC 1 2\n', 2, 13, /unexpected value '2'/);
  });

  it('.options bad values', () => {
    expectCircuitError('t\nR1 a 0 1\n.options reltol=-1\n', 3, 17, /bad value for option reltol/);
    expectCircuitError('t\nR1 a 0 1\n.options method=euler\n', 3, 17, /bad value for option method: expected trap or gear/);
    expectCircuitError('t\nR1 a 0 1\n.options itl1=2.5\n', 3, 15, /whole number/);
    expectCircuitError('t\nR1 a 0 1\n.options abstol=tiny\n', 3, 17, /undefined parameter 'tiny'/);
  });

  it('.step must name a .param', () => {
    expectNetlistError(() => resolveSteps(parseNetlist('t\nR1 a 0 1\n.step param rx list 1 2\n', { file: 'test.cir', cwd: '.' })), 3, 13, /\.step parameter 'rx' is not defined by a \.param/);
    expectNetlistError(() => resolveSteps(parseNetlist('t\n.param r=1\n.step param r 1 2 -1\n', { file: 'test.cir', cwd: '.' })), 3, 19, /step must be positive/);
  });

  it('dot commands', () => {
    expectCircuitError('t\nR1 a 0 1\n.frobnicate 1\n', 3, 1, /unknown dot command '\.frobnicate'/);
    expectCircuitError('t\nR1 a 0 1\n.control\nrun\n', 3, 1, /\.control without a matching \.endc/);
    expectCircuitError('t\nR1 a 0 1\n.op\n.endc\n', 4, 1, /\.endc without a \.control/);
    expectCircuitError('t\nR1 a 0 1\n.noise v(a) v1 dec 10 1 1k\n', 3, 1, /unsupported analysis \.noise/);
    expectCircuitError('t\n.subckt s a\n.tran 1n 1u\n.ends\n', 3, 1, /\.tran is not allowed inside \.subckt s/);
    expectCircuitError('t\n+ R1 a 0 1\n', 2, 1, /continuation line '\+' with no line before it/);
  });

  it('expressions: unknown function, wrong arity, non-finite results', () => {
    expectCircuitError('t\nR1 a 0 {foo(1)}\n', 2, 9, /unknown function 'foo'/);
    expectCircuitError('t\nR1 a 0 {pow(2)}\n', 2, 9, /pow\(\) takes 2 arguments, got 1/);
    expectCircuitError('t\nR1 a 0 {1/0}\n', 2, 8, /R1 value evaluates to Infinity/);
  });

  it('subcircuit parameters must be declared', () => {
    expectCircuitError('t\n.subckt s a params: r=1\nR1 a 0 {r}\n.ends\nX1 n s q=2\n', 5, 8, /subcircuit s has no parameter 'q' \(parameters: r\)/);
  });
});
