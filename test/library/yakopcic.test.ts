/**
 * netlists/models/yakopcic.lib (Yakopcic et al., IEEE EDL 2011) against the test's own integration of the Yakopcic
 * equations (test/library/references.ts), with the library's (published) parameters under a 1 V, 1 kHz sine: the
 * state moves from 0.12 to 0.62 in the first cycle (the programming rate of Ap = 4000/s above the 0.65 V threshold).
 */
import { loopSuite } from './loop.ts';
import { yakopcic } from './references.ts';

loopSuite({
  title: 'Yakopcic under a 1 V, 1 kHz sine',
  device: '.include "models/yakopcic.lib"\nYYAKOPCIC m1 a 0',
  probe: { current: 'i(m1)', sign: 1, state: 'x(m1)' },
  reference: yakopcic({ a1: 0.17, a2: 0.17, b: 0.05, vp: 0.65, vn: 0.56, ap: 4000, an: 4000, xp: 0.3, xn: 0.5, alphap: 1, alphan: 5, eta: 1, x0: 1 / (0.17 * 0.05 * 1000) }),
  drive: { amplitude: 1, frequency: 1000 },
  // Between the thresholds the state does not move, so its DC value is undetermined: start from init (x0).
  uic: true,
});
