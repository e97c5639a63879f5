/**
 * Peak memory of a large crossbar: `npx tsx scripts/bench/crossbar-memory.ts [--rows 128] [--cols 128] [--steps 100]
 * [--wire 0.01] [--probe all|columns] [--json]`
 *
 * Builds an N x M MEMDIODE crossbar (0.01 Ohm wire segments, 0.5 V 1 Hz sine rows with DC read voltages), runs a DC
 * operating point and a transient of `steps` steps at tmax = 1 ms (`.tran 1m <steps*1m> 0 1m`), and reports the
 * process's peak resident set size (getrusage maxrss: everything, node and tsx included), the heap after the run,
 * the system size and the statistics. By default every unknown (node voltages, source currents, device states) is
 * recorded at every time point (no .probe): the worst case for memory. test/crossbar.slow.test.ts runs this for
 * 128 x 128 and asserts the peak stays under 2 GB.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { crossbarNetlist, type RowDriver } from '../../src/generators/crossbar.ts';
import { simulate } from '../../src/simulate.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '128' },
    cols: { type: 'string', default: '128' },
    steps: { type: 'string', default: '100' },
    wire: { type: 'string', default: '0.01' },
    probe: { type: 'string', default: 'all' },
    json: { type: 'boolean' },
  },
  strict: true,
});

const rows = Number(values.rows);
const cols = Number(values.cols);
const steps = Number(values.steps);
const wire = Number(values.wire);
const probe = values.probe === 'columns' ? 'columns' : 'all';

const tGen = performance.now();
const text = crossbarNetlist({
  rows,
  cols,
  cell: { kind: 'device', type: 'MEMDIODE' },
  drivers: (i: number): RowDriver => ({ kind: 'sin', amplitude: 0.5, freq: 1, phaseDeg: (360 * (i - 1)) / rows, dc: 0.1 + (0.4 * (i - 1)) / Math.max(1, rows - 1) }),
  rowWireR: wire,
  colWireR: wire,
  analyses: ['.op', `.tran 1m ${steps * 1e-3} 0 1m`],
  probe,
  comments: false,
});
const generateMs = performance.now() - tGen;

const t0 = performance.now();
let info = { unknowns: 0, nnz: 0, newtonIterations: 0, timeSteps: 0, rejectedSteps: 0 };
const result = simulate(text, {
  onSimulator: (sim) => {
    info = { unknowns: sim.system.n, nnz: sim.system.nnz, ...sim.stats };
  },
});
const simulateMs = performance.now() - t0;
const tran = result.analyses.find((a) => a.type === 'tran');
const op = result.analyses.find((a) => a.type === 'op');
const usage = process.resourceUsage();
const mem = process.memoryUsage();
const report = {
  rows,
  cols,
  devices: rows * cols,
  wire,
  probe,
  netlistChars: text.length,
  ...info,
  opColumns: op?.columns.length ?? 0,
  tranPoints: tran?.data.length ?? 0,
  tranColumns: tran?.columns.length ?? 0,
  generateMs: Math.round(generateMs),
  simulateMs: Math.round(simulateMs),
  peakRssMB: Math.round(usage.maxRSS / 1024),
  heapUsedMB: Math.round(mem.heapUsed / 2 ** 20),
  rssMB: Math.round(mem.rss / 2 ** 20),
};
if (values.json) {
  process.stdout.write(JSON.stringify(report) + '\n');
} else {
  console.log(`${rows}x${cols} MEMDIODE crossbar (${rows * cols} devices and states), wire ${wire} Ohm/segment, output: ${probe}`);
  console.log(`  unknowns ${info.unknowns}, nonzeros ${info.nnz}; .op + .tran of ${info.timeSteps} steps (${info.rejectedSteps} rejected), ${info.newtonIterations} Newton iterations`);
  console.log(`  recorded ${report.tranPoints} time points x ${report.tranColumns} columns`);
  console.log(`  simulate ${(simulateMs / 1000).toFixed(1)} s; peak RSS ${report.peakRssMB} MB (limit 2048 MB); heap after run ${report.heapUsedMB} MB`);
}
