/**
 * netlists/models/hp_biolek.lib (HP linear drift, Strukov et al., Nature 2008, with the Biolek window) against the test's own
 * integration of the same equations (test/library/references.ts), with the library's parameters (Biolek, Biolek,
 * Biolkova, Radioengineering 2009, Fig 5(a): Ron = 100 ohm, Roff = 16 kohm, Rinit = 11 kohm, p = 10) under their
 * 1.2 V, 1 Hz sine: the state runs from 0.31 to ~0.99, into the window's edge.
 */
import { loopSuite } from './loop.ts';
import { hp } from './references.ts';

loopSuite({
  title: 'HP memristor with the Biolek window under a 1.2 V, 1 Hz sine',
  device: '.include "models/hp_biolek.lib"\nYHPBIOLEK m1 a 0',
  probe: { current: 'i(m1)', sign: 1, state: 'x(m1)' },
  reference: hp({ ron: 100, roff: 16e3, rinit: 11e3, d: 10e-9, uv: 1e-14, p: 10 }, 'biolek'),
  drive: { amplitude: 1.2, frequency: 1 },
  // At V = 0 the state does not move (dx/dt is proportional to the current), so its DC value is undetermined:
  // start from init, x0 = (Roff - Rinit)/(Roff - Ron).
  uic: true,
});
