/**
 * Before any test: build the bundles bin/memspice.js runs (dist/, about a second), so that the tests that start the
 * CLI as a process test the current sources, also in a focused `npx vitest run test/<file>`.
 */
import { buildJavaScript } from '../scripts/build.ts';

export default async function setup(): Promise<void> {
  await buildJavaScript();
}
