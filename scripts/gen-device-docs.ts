/** Writes docs/devices.md from the device parameter tables. */
import { writeFileSync } from 'node:fs';
import { deviceReferenceMarkdown } from '../src/devices/docs.ts';

writeFileSync(new URL('../docs/devices.md', import.meta.url), deviceReferenceMarkdown());
