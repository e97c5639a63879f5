/**
 * The package's public entry point (`import { simulate } from 'memspice'`): what a program needs to run a
 * netlist and read its results. Everything else under src/ is internal and may change between versions.
 */
export { simulate, type SimulateOptions } from './simulate.ts';
export type { AnalysisResult, ProgressListener, SimulationResult } from './analysis/results.ts';
export type { AnalysisType } from './circuit/circuit.ts';
export { NetlistError, SimulationError, type SourceLocation } from './base/errors.ts';
export { crossbarNetlist, type CrossbarOptions } from './generators/crossbar.ts';
export { BUILT_IN_DEVICES, defaultRegistry, DeviceRegistry } from './devices/index.ts';
