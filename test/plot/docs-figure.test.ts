/** The README's figure is what `npm run docs:plot` draws from the current sources. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_FIGURE, readmeFigure } from '../../scripts/docs-plot.ts';

describe('README figure', () => {
  it('is current (regenerate with npm run docs:plot)', async () => {
    expect(readFileSync(README_FIGURE, 'utf8') === (await readmeFigure()), `${README_FIGURE} is stale: run npm run docs:plot`).toBe(true);
  });
});
