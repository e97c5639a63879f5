/**
 * The worker thread's entry point in the built CLI (dist/simulationWorker.js): the simulator bundle, compiled from
 * its code cache (compiled.ts). Its top level serves the one request the CLI posts (src/simulationWorker.ts).
 */
import { loadCompiledSimulator } from './compiled.ts';

loadCompiledSimulator(new URL('./simulator.cjs', import.meta.url));
