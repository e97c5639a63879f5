/**
 * The package's public entry point (`import { simulate } from 'memspice'`): what a program needs to run a
 * netlist and read its results. Everything else under src/ is internal and may change between versions.
 */
export { simulate, type SimulateOptions } from './simulate.ts';
export type { AnalysisResult, ProgressListener, SimulationResult } from './analysis/results.ts';
export type { AnalysisType, SourceLocation } from './circuit/circuit.ts';
export { NetlistError, SimulationError } from './errors.ts';
export { crossbarNetlist, type CrossbarOptions } from './circuit/crossbar.ts';
export { allDeviceDefinitions } from './devices/index.ts';
