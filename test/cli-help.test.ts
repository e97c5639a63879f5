/** The CLI's --version and help texts: every command documents every option it accepts. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve('bin/memspice.js');
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

function memspice(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('memspice --version and --help', () => {
  it('--version prints the version in package.json', () => {
    for (const flag of ['--version', '-V']) {
      const r = memspice([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`memspice ${version}\n`);
    }
  });

  it('--help lists every command', () => {
    const r = memspice(['--help']);
    expect(r.status).toBe(0);
    for (const command of ['run', 'zcheck', 'devices']) expect(r.stdout).toContain(`memspice ${command} `);
  });

  it.each([
    ['run', ['--out', '--json', '--quiet']],
    ['zcheck', ['--tol', '--json']],
    ['devices', []],
  ])('%s --help describes the command and its options, exit 0, nothing run', (command, options) => {
    for (const args of [[command, '--help'], [command, '-h'], ['help', command]]) {
      const r = memspice(args);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.startsWith(`usage: memspice ${command}`)).toBe(true);
      for (const o of options) expect(r.stdout).toContain(o);
    }
  });
});
