/**
 * Realtime in Chromium: the current-visitors badge and the realtime view pick up an event sent to
 * the real collector on their next refresh (every 10 s for the badge, 5 s for the view). The
 * page runs on Playwright's clock, so the test moves time on by exactly those intervals instead
 * of waiting them out.
 */
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/chromium.ts';
import { barRows, useDashboardSession } from '../helpers/dashboard-session.ts';
import { UA } from '../helpers/seed.ts';

const count = async (locator: Locator) => Number.parseInt((await locator.textContent()) ?? '', 10);

describe.skipIf(!chromiumAvailable())('dashboard realtime, in Chromium', () => {
  const dash = useDashboardSession({
    historyDays: 3,
    live: [
      { event: { url: 'https://shop.test/', referrer: 'https://www.google.com/' }, ip: '85.214.132.10' },
      { event: { url: 'https://shop.test/pricing' }, ip: '8.8.8.10', ua: UA.safariIphone },
    ],
  });

  it('updates the badge and the realtime view after a new event', async () => {
    const s = dash();
    const { page, cookie } = await s.open({ clock: true });
    const badge = page.locator('.badge-live');
    await expect.poll(() => badge.textContent()).toBe('2 current visitors');

    await s.send({ url: 'https://shop.test/blog/hello-world' }, { ip: '81.2.69.10' });
    // Not before the badge's next refresh...
    await page.clock.fastForward(5_000);
    await page.waitForTimeout(300);
    expect(await badge.textContent()).toBe('2 current visitors');
    // ...but at it.
    await page.clock.fastForward(5_000);
    await expect.poll(() => badge.textContent(), { timeout: 5_000 }).toBe('3 current visitors');

    await badge.click();
    await page.waitForURL((u) => u.search === '?period=realtime');
    // Under the fake clock `settled` may look before the view has mounted: the numbers are awaited.
    const now = page.locator('.realtime-count');
    await expect.poll(() => count(now), { timeout: 15_000 }).toBe(3);
    const pages = page.getByRole('region', { name: 'Pages' });
    await expect.poll(() => barRows(page, '[aria-label="Pages"]'), { timeout: 15_000 }).toEqual([
      ['/', '1'],
      ['/blog/hello-world', '1'],
      ['/pricing', '1'],
    ]);

    await s.send({ url: 'https://shop.test/docs/live', referrer: 'https://www.reddit.com/r/selfhosted' }, { ip: '62.210.16.10', ua: UA.firefoxLinux });
    await page.clock.fastForward(5_000);
    await expect.poll(() => count(now), { timeout: 5_000 }).toBe(4);
    await expect.poll(() => pages.getByText('/docs/live', { exact: true }).count(), { timeout: 5_000 }).toBe(1);
    await expect.poll(() => page.getByRole('region', { name: 'Sources' }).getByText('Reddit', { exact: true }).count(), { timeout: 5_000 }).toBe(1);
    const api = await s.query(cookie, { date_range: 'realtime', metrics: ['visitors'] });
    expect(api.results[0]!.metrics[0]).toBe(4);
    // The badge stays on the realtime view and says the same at its next refresh.
    await page.clock.fastForward(10_000);
    await expect.poll(() => badge.textContent(), { timeout: 5_000 }).toBe('4 current visitors');
  });
});
