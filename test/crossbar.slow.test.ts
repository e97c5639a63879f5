/**
 * Memory of a 128 x 128 MEMDIODE crossbar (16384 devices and states, 0.01 Ohm wire segments): a DC operating point
 * and a 100-step transient must run in under 2 GB. scripts/bench/crossbar-memory.ts runs in a child process of its
 * own and reports its peak resident set size (getrusage maxrss, node itself included), with every unknown recorded
 * at every time point.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

interface MemoryReport {
  devices: number;
  unknowns: number;
  timeSteps: number;
  tranPoints: number;
  tranColumns: number;
  opColumns: number;
  simulateMs: number;
  peakRssMB: number;
}

describe('128x128 crossbar memory', () => {
  it('runs .op and a 100-step transient with peak RSS under 2 GB', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/crossbar-memory.ts', '--rows', '128', '--cols', '128', '--steps', '100', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout.trim().split('\n').pop() as string) as MemoryReport;
    console.log(`128x128 crossbar: ${JSON.stringify(report)}`);
    expect(report.devices).toBe(16384);
    // 2 x 16384 wire nodes + 16384 states + 128 row + 128 column source currents + 128 row driver nodes + 128 column ends.
    expect(report.unknowns).toBe(3 * 16384 + 4 * 128);
    expect(report.timeSteps).toBeGreaterThanOrEqual(100);
    expect(report.tranPoints).toBe(report.timeSteps + 1);
    expect(report.tranColumns).toBe(1 + report.unknowns);
    expect(report.peakRssMB).toBeLessThan(2048);
  });
});
