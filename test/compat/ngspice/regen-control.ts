/**
 * Prints what ngspice writes for the .control block of test/compat/control.test.ts (CONTROL_NETLIST there):
 * the wrdata files and the `print` line (and those of WRDATA_OPTIONS_NETLIST), to paste into the test's stored values.
 *
 *   npx tsx test/compat/ngspice/regen-control.ts        (needs `ngspice` on PATH)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONTROL_NETLIST, WRDATA_OPTIONS_NETLIST } from '../control-netlist.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'memspice-ngspice-control-'));
try {
  writeFileSync(path.join(dir, 'control.cir'), CONTROL_NETLIST);
  const r = spawnSync('ngspice', ['-b', 'control.cir'], { cwd: dir, encoding: 'utf8' });
  // ngspice -b exits 1 after a .control block when the netlist has no .print ("no simulations run"): not a failure.
  if (r.error) throw r.error;
  const version = spawnSync('ngspice', ['--version'], { encoding: 'utf8' }).stdout.split('\n').find((l) => /ngspice-\d+/.test(l));
  process.stdout.write(`// ${version?.trim()}\n`);
  process.stdout.write(`wrdata acw.txt:\n${readFileSync(path.join(dir, 'acw.txt'), 'utf8')}`);
  process.stdout.write(`print:\n${r.stdout.split('\n').filter((l) => /^[^ ]+ = /.test(l)).join('\n')}\n`);
  writeFileSync(path.join(dir, 'options.cir'), WRDATA_OPTIONS_NETLIST);
  const o = spawnSync('ngspice', ['-b', 'options.cir'], { cwd: dir, encoding: 'utf8' });
  if (o.error) throw o.error;
  for (const f of ['a1.txt', 'a2.txt']) process.stdout.write(`wrdata ${f}:\n${readFileSync(path.join(dir, f), 'utf8')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
