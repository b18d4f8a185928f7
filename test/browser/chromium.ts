import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: what CI installs (apt-get install -y chromium); the browser tests drive it through playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumPresent = existsSync(CHROMIUM);

if (!chromiumPresent && process.env.RELANCE_REQUIRE_SERVICES === '1')
  throw new Error(`${CHROMIUM} is missing and RELANCE_REQUIRE_SERVICES=1 forbids skipping the browser tests`);
if (!chromiumPresent) console.warn(`${CHROMIUM} is missing: the browser tests skip (apt-get install -y chromium)`);

/** The screenshots in docs/ are refreshed on purpose (RELANCE_SCREENSHOTS=1), never as a side effect of a test run. */
export const SHOTS_ON = process.env.RELANCE_SCREENSHOTS === '1';

/** Where a screenshot goes: docs/screenshots when refreshing them, else a throwaway directory. */
export function shotPath(name: string): string {
  const dir = SHOTS_ON ? 'docs/screenshots' : join(tmpdir(), 'relance-screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/** CI also runs the suite under libfaketime to prove it passes on other dates; Chromium hangs under it, so it keeps real time. */
const browserEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => v !== undefined && k !== 'LD_PRELOAD' && !k.startsWith('FAKETIME')),
  ) as Record<string, string>;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: browserEnv(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}
