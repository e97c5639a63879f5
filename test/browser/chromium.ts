/**
 * Headless Chromium for the browser tests and the browser benchmark: Debian's `chromium` (apt-get install
 * chromium; .ci/run installs it when it can) driven by playwright-core, which brings no browser of its own.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** The chromium executable: $CHROMIUM, else Debian's; undefined when neither exists. */
export function chromiumPath(): string | undefined {
  return [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => p !== undefined && existsSync(p));
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath, args: ['--no-sandbox'] });
}
