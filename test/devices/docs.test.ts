/** docs/devices.md is generated from the parameter tables; this fails when a table changed without it. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { deviceReferenceMarkdown } from '../../src/devices/docs.ts';

it('docs/devices.md matches the parameter tables (run npm run docs:devices)', () => {
  expect(readFileSync('docs/devices.md', 'utf8')).toBe(deviceReferenceMarkdown());
});
