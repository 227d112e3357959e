import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Site } from '../../server/db/schema.ts';
import { launchChromium } from './chromium.ts';
import { startFixtureSite } from './fixture-site.ts';
import { startServer, type RunningServer } from './start-server.ts';

/** A real desktop Chrome's user agent: headless Chromium says "HeadlessChrome", which the collector rightly drops. */
export const VISITOR_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

/**
 * What the end-to-end tracker suites share: the real Cairn server with the site `site.test`, a
 * fixture site, and Chromium with *.test mapped to 127.0.0.1 (so the site, Cairn on stats.test
 * and outbound targets on other.test are separate origins); a fresh context per test, and a
 * check that no page threw. Call inside a `describe`; read the fields in tests and hooks.
 */
export function useSiteInBrowser() {
  const fx = {
    cairn: undefined as unknown as RunningServer,
    site: undefined as unknown as Awaited<ReturnType<typeof startFixtureSite>>,
    siteRow: undefined as unknown as Site,
    browser: undefined as unknown as Browser,
    context: undefined as unknown as BrowserContext,
    /** Uncaught errors of the current test's pages; push from a page's `pageerror`. */
    errors: [] as string[],
  };

  beforeAll(async () => {
    [fx.cairn, fx.site, fx.browser] = await Promise.all([
      startServer(),
      startFixtureSite(),
      // The flag (not a per-context override) also covers keepalive requests sent during unload.
      launchChromium(['--host-resolver-rules=MAP *.test 127.0.0.1', `--user-agent=${VISITOR_AGENT}`]),
    ]);
    fx.siteRow = await fx.cairn.addSite('site.test');
  });
  afterAll(async () => {
    await fx.browser?.close();
    await fx.site?.close();
    await fx.cairn?.stop();
  });
  beforeEach(async () => {
    fx.errors.length = 0;
    fx.context = await fx.browser.newContext({ viewport: { width: 1280, height: 700 } });
  });
  afterEach(async () => {
    await fx.context.close();
    expect(fx.errors).toEqual([]);
  });
  return fx;
}
