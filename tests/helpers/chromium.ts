/**
 * Launches Debian's Chromium with playwright-core. Locally, a missing browser skips the browser
 * tests with a loud banner; under CI (CI=true) it is an error, since CI must run them.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CAIRN_CHROMIUM ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps dialling out, which this sandbox refuses.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const inCi = () => process.env.CI === 'true' || process.env.CI === '1';

export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (inCi()) throw new Error(`CI=true but Chromium is missing at ${CHROMIUM_PATH}: .ci/run must install it`);
  const line = '!'.repeat(78);
  console.warn(
    [
      '',
      line,
      `!!  CHROMIUM NOT FOUND at ${CHROMIUM_PATH}: BROWSER TESTS ARE SKIPPED.`,
      '!!  Install it (apt-get install chromium) or set CAIRN_CHROMIUM, then run npm test again.',
      line,
      '',
    ].join('\n'),
  );
  return false;
}

/** Headless Chromium with the standard flags plus `extraArgs` (e.g. --host-resolver-rules). */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
