/**
 * The main views in Chromium, saved as screenshots in test-artifacts/ (overview light and dark,
 * details, realtime, properties, onboarding), and onboarding turning into the dashboard when a
 * site's first event arrives through the collector.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/chromium.ts';
import { barRows, expectedRows, screenshot, settled, topStats, useDashboardSession } from '../helpers/dashboard-session.ts';

describe.skipIf(!chromiumAvailable())('dashboard views and onboarding, in Chromium', () => {
  const dash = useDashboardSession({
    extraSites: ['new.test'],
    live: [
      { event: { url: 'https://shop.test/', referrer: 'https://www.google.com/' }, ip: '85.214.132.10' },
      { event: { url: 'https://shop.test/pricing', referrer: 'https://news.ycombinator.com/' }, ip: '8.8.8.10' },
    ],
  });

  it('renders the overview in light and dark', async () => {
    const s = dash();
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await s.open({ colorScheme });
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');
      expect(await page.title()).toBe('shop.test · Cairn');
      await screenshot(page, `overview-${colorScheme}`);
    }
  });

  it('renders the details, the properties and the realtime view', async () => {
    const s = dash();
    const { page, cookie } = await s.open();
    await page.locator('.panel-sources').getByRole('tab', { name: 'Sources' }).click();
    await page.locator('.panel-sources').getByRole('button', { name: 'Details' }).click();
    await settled(page);
    await screenshot(page, 'details-sources');
    await page.getByRole('button', { name: 'Close details' }).click();

    // Properties: the key picker offers the keys Signup carries, most used first.
    const goals = page.locator('.panel-goals');
    await goals.getByRole('tab', { name: 'Properties' }).click();
    await settled(page);
    expect(await goals.getByRole('combobox', { name: 'Event' }).inputValue()).toBe('Signup');
    const property = goals.getByRole('combobox', { name: 'Property' });
    expect(await property.locator('option').allTextContents()).toEqual(['plan', 'seats']);
    expect(await barRows(page, '.panel-goals')).toHaveLength(2);
    await property.selectOption('seats');
    await settled(page);
    expect(await barRows(page, '.panel-goals')).toEqual(
      await expectedRows(s, cookie, {
        date_range: '30d',
        filters: [['is', 'event:name', ['Signup']]],
        dimensions: ['event:props:seats'],
        metrics: ['visitors', 'events', 'percentage'],
        pagination: { limit: 9 },
      }),
    );
    expect(await barRows(page, '.panel-goals')).toHaveLength(4);
    await goals.getByRole('combobox', { name: 'Event' }).selectOption('Outbound Link: Click');
    await settled(page);
    expect(await property.inputValue()).toBe('url');
    expect((await barRows(page, '.panel-goals')).map((r) => r[0])).toEqual(['https://github.com/cairn']);
    await screenshot(page, 'properties');

    await page.locator('.badge-live').click();
    await settled(page);
    await screenshot(page, 'realtime');
  });

  it('shows onboarding for a site without events, and the dashboard once the first one arrives', async () => {
    const s = dash();
    // Onboarding asks every 3 s; Playwright's clock moves time on instead of waiting.
    const { page } = await s.open({ site: 'new.test', clock: true });
    await expect.poll(() => page.getByRole('heading', { name: 'Add Cairn to new.test' }).count()).toBe(1);
    const snippet = await page.getByLabel('Tracking snippet').textContent();
    expect(snippet).toContain(`<script defer data-domain="new.test" src="${s.cairn.baseUrl}/cairn.js"></script>`);
    expect(await page.getByRole('status').textContent()).toContain('Waiting for the first event');
    // A site moving from Matomo learns its idsite here.
    const hint = await page.locator('.matomo-hint').textContent();
    expect(hint).toContain(`at ${s.cairn.baseUrl}/ and set its site id to`);
    expect(hint).toMatch(/site id to \d+:/);
    await screenshot(page, 'onboarding');

    await s.send({ url: 'https://new.test/hello' }, { ip: '81.2.69.20' }, 'new.test');
    await page.clock.fastForward(3_000);
    const open = page.getByRole('button', { name: 'Open the dashboard' });
    await expect.poll(() => open.count(), { timeout: 5_000 }).toBe(1);
    await screenshot(page, 'onboarding-ready');
    await open.click();
    await page.waitForURL((u) => u.search === '?period=day');
    // Under the page's fake clock `settled` can look before the dashboard has mounted its
    // skeletons; the numbers are awaited as they arrive instead.
    await expect.poll(async () => (await topStats(page))['Unique visitors'], { timeout: 15_000 }).toBe('1');
    await expect.poll(() => barRows(page, '.panel-pages'), { timeout: 15_000 }).toEqual([['/hello', '1', '100%']]);
  });
});
