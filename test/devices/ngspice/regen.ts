/**
 * Regenerates semis.json: ngspice's results for the D and M decks below (DC sweeps and transients), which
 * test/devices/semis-ngspice.test.ts compares memspice with. `wrdata` with numdgt=16 keeps full precision.
 *
 *   npx tsx test/devices/ngspice/regen.ts        (needs `ngspice` on PATH; records its version)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SemisDeck {
  name: string;
  /** Circuit lines, identical for both simulators. */
  circuit: string[];
  /** One analysis line (`.dc ...` or `.tran ...`), given to ngspice as a control command without the dot. */
  analysis: string;
  /** Signals compared, as both simulators name them. */
  signals: string[];
}

/**
 * Newton tolerances far below the defaults, for both simulators: at the defaults each stops within
 * reltol 1e-3 of the solution in its own way, and the comparison would measure their stopping rules.
 */
const TIGHT = '.options reltol=1e-7 abstol=1e-16 vntol=1e-10';

export const DECKS: SemisDeck[] = [
  {
    name: 'diode I-V from breakdown to forward bias, through a 1k resistor',
    circuit: ['V1 in 0 0', 'R1 in a 1k', 'D1 a 0 dsel', '.model dsel D(IS=1e-14 N=1.5 RS=10 BV=5 IBV=1m CJO=1p)', TIGHT],
    analysis: '.dc V1 -8 3 0.05',
    signals: ['v(a)', 'i(v1)'],
  },
  {
    name: 'diode with area factor 3, IS=2n N=1.2, forward sweep',
    circuit: ['V1 in 0 0', 'R1 in a 100', 'D1 a 0 dsel area=3', '.model dsel D(IS=2n N=1.2 RS=5)', TIGHT],
    analysis: '.dc V1 0 2 0.02',
    signals: ['v(a)', 'i(v1)'],
  },
  {
    name: 'NMOS output characteristics with body bias, every region',
    circuit: ['VD d 0 0', 'VG g 0 0', 'VB b 0 -1', 'M1 d g 0 b nch W=10u L=2u', '.model nch NMOS(VTO=0.7 KP=50u LAMBDA=0.02 GAMMA=0.4 PHI=0.65)', TIGHT],
    analysis: '.dc VD -0.5 3 0.05 VG 0 3 0.5',
    signals: ['i(vd)'],
  },
  {
    name: 'PMOS output characteristics, every region',
    circuit: ['VD d 0 0', 'VG g 0 0', 'M1 d g 0 0 pch W=20u L=1u', '.model pch PMOS(VTO=-0.8 KP=20u LAMBDA=0.05)', TIGHT],
    analysis: '.dc VD -3 0.5 0.05 VG -3 0 0.5',
    signals: ['i(vd)'],
  },
  {
    name: 'CMOS inverter transfer curve',
    circuit: [
      'VDD vdd 0 3',
      'VIN in 0 0',
      'MP out in vdd vdd pch W=20u L=1u',
      'MN out in 0 0 nch W=10u L=1u',
      '.model nch NMOS(VTO=0.7 KP=50u LAMBDA=0.02)',
      '.model pch PMOS(VTO=-0.8 KP=20u LAMBDA=0.05)',
      TIGHT,
    ],
    analysis: '.dc VIN 0 3 0.02',
    signals: ['v(out)', 'i(vdd)'],
  },
  {
    name: 'CMOS inverter driving 1p, overlap capacitances, pulse input',
    circuit: [
      'VDD vdd 0 3',
      'VIN in 0 PULSE(0 3 2n 1n 1n 10n 30n)',
      'MP out in vdd vdd pch W=20u L=1u',
      'MN out in 0 0 nch W=10u L=1u',
      'CL out 0 1p',
      '.model nch NMOS(VTO=0.7 KP=50u LAMBDA=0.02 CGSO=0.3n CGDO=0.3n)',
      '.model pch PMOS(VTO=-0.8 KP=20u LAMBDA=0.05 CGSO=0.3n CGDO=0.3n)',
      '.options reltol=1e-5 abstol=1e-15 vntol=1e-9',
    ],
    analysis: '.tran 0.05n 40n 0 0.05n',
    signals: ['v(out)'],
  },
  {
    name: 'CMOS inverter with bulk junction capacitances (CJ AD, CBD/CBS), pulse input',
    circuit: [
      'VDD vdd 0 3',
      'VIN in 0 PULSE(0 3 2n 1n 1n 10n 30n)',
      'MP out in vdd vdd pch W=20u L=1u AD=40p AS=40p',
      'MN out in 0 0 nch W=10u L=1u',
      // A load comparable to the junctions keeps the edges ~1 ns long, as the tolerance assumes.
      'CL out 0 0.2p',
      '.model nch NMOS(VTO=0.7 KP=50u LAMBDA=0.02 CBD=50f CBS=50f PB=0.8 MJ=0.4 FC=0.5)',
      '.model pch PMOS(VTO=-0.8 KP=20u LAMBDA=0.05 CJ=1e-3 PB=0.9 MJ=0.5)',
      '.options reltol=1e-5 abstol=1e-15 vntol=1e-9',
    ],
    analysis: '.tran 0.05n 40n 0 0.05n',
    signals: ['v(out)'],
  },
  {
    name: 'diode charge: reverse recovery through 1k (CJO, TT), pulse drive',
    circuit: [
      'V1 in 0 PULSE(1 -1 5n 0.5n 0.5n 20n 60n)',
      'R1 in a 1k',
      'D1 a 0 dchg',
      '.model dchg D(IS=1e-14 CJO=2p VJ=0.8 M=0.4 FC=0.5 TT=5n)',
      '.options reltol=1e-5 abstol=1e-15 vntol=1e-9',
    ],
    analysis: '.tran 0.05n 40n 0 0.05n',
    signals: ['v(a)'],
  },
];

export interface SemisFixture {
  ngspice: string;
  decks: Array<{ name: string; scale: number[]; values: Record<string, number[]> }>;
}

function ngspiceVersion(): string {
  const out = spawnSync('ngspice', ['-v'], { encoding: 'utf8' }).stdout;
  const m = /ngspice-(\S+)/.exec(out);
  if (!m) throw new Error(`cannot read the ngspice version from: ${out}`);
  return `ngspice-${m[1]}`;
}

function runDeck(deck: SemisDeck): SemisFixture['decks'][number] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'memspice-ngspice-'));
  try {
    const lines = [deck.name, ...deck.circuit, '.control', 'set wr_singlescale', 'set numdgt=16', deck.analysis.slice(1), `wrdata out.txt ${deck.signals.join(' ')}`, '.endc', '.end'];
    writeFileSync(path.join(dir, 'deck.cir'), lines.join('\n') + '\n');
    const run = spawnSync('ngspice', ['-b', 'deck.cir'], { cwd: dir, encoding: 'utf8' });
    if (run.error || !existsSync(path.join(dir, 'out.txt'))) throw new Error(`ngspice failed:\n${run.stdout}\n${run.stderr}`);
    const rows = readFileSync(path.join(dir, 'out.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/).map(Number));
    const values: Record<string, number[]> = {};
    deck.signals.forEach((s, k) => (values[s] = rows.map((r) => r[k + 1])));
    return { name: deck.name, scale: rows.map((r) => r[0]), values };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fixture: SemisFixture = { ngspice: ngspiceVersion(), decks: DECKS.map(runDeck) };
  const target = path.join(path.dirname(fileURLToPath(import.meta.url)), 'semis.json');
  writeFileSync(target, JSON.stringify(fixture) + '\n');
  console.log(`${target}: ${fixture.ngspice}, ${fixture.decks.length} decks, ${fixture.decks.map((d) => d.scale.length).join('/')} points`);
}
