import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { launchChromium } from '../tests/helpers/chromium.ts';
import { startFixtureServer, type FixtureServer } from './test-server.ts';

/**
 * What every tracker suite in Chromium sets up: the fixture server with the suite's scripts,
 * reached through fake hostnames (*.test), a fresh browser context per test, and a check that
 * no page threw. Call inside a `describe`; read the fields inside tests and hooks.
 */
export function useFixtureBrowser(scripts: () => Promise<Record<string, string>>) {
  const fx = {
    browser: undefined as unknown as Browser,
    server: undefined as unknown as FixtureServer,
    context: undefined as unknown as BrowserContext,
    /** Uncaught errors of the current test's pages; push from a page's `pageerror`. */
    pageErrors: [] as string[],
    origin: (host = 'site.test') => `http://${host}:${fx.server.port}`,
  };

  beforeAll(async () => {
    fx.server = await startFixtureServer(await scripts());
    fx.browser = await launchChromium(['--host-resolver-rules=MAP *.test 127.0.0.1']);
  });

  afterAll(async () => {
    await fx.browser?.close();
    await fx.server?.close();
  });

  beforeEach(async () => {
    fx.pageErrors.length = 0;
    fx.context = await fx.browser.newContext({ viewport: { width: 1024, height: 600 } });
  });

  afterEach(async () => {
    await fx.context.close();
    expect(fx.pageErrors, 'uncaught errors in the page').toEqual([]);
  });

  return fx;
}
