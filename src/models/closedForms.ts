/**
 * Closed-form steady-state and small-signal quantities of the memspice device models, one module per device
 * (./memdiode.ts, ./chemind.ts with the Hopf analysis, ./polcap.ts) and the bisection they share
 * (./rootFinding.ts), gathered here for the tests that compare simulations with the papers. The engine itself
 * does not use them; `zcheck` does, through each DeviceDefinition's `closedForm`.
 */
export type { Cx, NetworkOptions } from './closedForm.ts';
export * from './memdiode.ts';
export * from './chemind.ts';
export * from './polcap.ts';
export { solveMonotone, solveSeries } from './rootFinding.ts';
