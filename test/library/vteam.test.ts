/**
 * netlists/models/vteam.lib (VTEAM, Kvatinsky et al., IEEE TCAS-II 2015) against the test's own integration of the
 * VTEAM equations (test/library/references.ts), with the library's default parameters under a 1 V, 1 Hz sine.
 */
import { loopSuite } from './loop.ts';
import { vteam } from './references.ts';

loopSuite({
  title: 'VTEAM under a 1 V, 1 Hz sine',
  device: '.include "models/vteam.lib"\nYVTEAM m1 a 0',
  probe: { current: 'i(m1)', sign: 1, state: 'x(m1)' },
  reference: vteam({ ron: 1e3, roff: 50e3, won: 0, woff: 3e-9, koff: 0.3e-9, kon: -0.3e-9, aoff: 3, aon: 3, voff: 0.3, von: -0.3, woffw: 3e-9, wonw: 0, wc: 10e-12, x0: 0.5 }),
  drive: { amplitude: 1, frequency: 1 },
  // Between the thresholds the state does not move, so its DC value is undetermined: start from init (x0 = 0.5).
  uic: true,
});
