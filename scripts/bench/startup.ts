/**
 * The start-up case of `npm run bench`: wall time of a whole `memspice run` process (the built CLI, bin/memspice.js,
 * as a user starts it) on a netlist of three lines after the title, so that the time is almost all start-up: Node,
 * loading the modules, compiling the grammar, writing one CSV. ngspice runs the same file in batch mode when
 * installed, and a bare `node -e 0` shows how much of the time is Node's own (it varies with the machine's load).
 *
 * When the environment sets NODE_EXTRA_CA_CERTS (this workplace's machines do, for their proxy's certificate
 * authority), Node 20 builds its whole root certificate store at start-up, before any JavaScript runs: it parses
 * its ~140 bundled certificates and the file's (144 here; OpenSSL 3 takes about 0.1 s for them on this VM), and every
 * Node process, `node -e 0` included, pays it. memspice makes no TLS connection for `run`, but nothing a script does
 * can skip work done before it starts. So both are measured, alternating: with the caller's environment as it is,
 * and with NODE_EXTRA_CA_CERTS removed, as on a machine without a private certificate authority.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const STARTUP_NETLIST = 'start-up: a source and a resistor\nV1 in 0 DC 1\nR1 in 0 1k\n.op\n';

/** Goal: a small netlist runs in under this, whole process. */
export const STARTUP_GOAL_MS = 150;

export interface StartupMeasurement {
  runs: number;
  memspiceMs: number[];
  nodeMs: number[];
  ngspiceMs?: number[];
  /** The same two without NODE_EXTRA_CA_CERTS, when the environment sets it (see above). */
  withoutExtraCaCerts?: { memspiceMs: number[]; nodeMs: number[] };
}

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/memspice.js');

/** Wall time of one process in ms; throws when it fails (a broken CLI must not pass for a fast one). */
function timeProcess(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): number {
  const t0 = performance.now();
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal}): ${(r.stderr ?? '').trim().split('\n')[0]}`);
  return ms;
}

/** Runs memspice, node and (if given) ngspice in turn, `runs` times each, so that load changes hit all alike. */
export function measureStartup(runs: number, withNgspice: boolean): StartupMeasurement {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'memspice-startup-'));
  try {
    writeFileSync(path.join(dir, 'startup.cir'), STARTUP_NETLIST);
    const m: StartupMeasurement = { runs, memspiceMs: [], nodeMs: [], ngspiceMs: withNgspice ? [] : undefined };
    const { NODE_EXTRA_CA_CERTS: extraCaCerts, ...withoutCa } = process.env;
    const without = extraCaCerts !== undefined ? { memspiceMs: [] as number[], nodeMs: [] as number[] } : undefined;
    m.withoutExtraCaCerts = without;
    const memspiceRun = [bin, 'run', 'startup.cir', '--out', 'out', '--quiet'];
    for (let k = 0; k < runs; k++) {
      m.memspiceMs.push(timeProcess(process.execPath, memspiceRun, dir));
      m.nodeMs.push(timeProcess(process.execPath, ['-e', '0'], dir));
      m.ngspiceMs?.push(timeProcess('ngspice', ['-b', 'startup.cir'], dir));
      without?.memspiceMs.push(timeProcess(process.execPath, memspiceRun, dir, withoutCa));
      without?.nodeMs.push(timeProcess(process.execPath, ['-e', '0'], dir, withoutCa));
    }
    return m;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
