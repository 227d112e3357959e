/**
 * The dashboard's overview in Chromium against the real server: what it shows equals what
 * POST /api/v2/query answers for the same range, the date picker and the comparison, and a clean
 * console from the login page on (favicon included).
 */
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../server/calendar.ts';
import { chromiumAvailable } from '../helpers/chromium.ts';
import { barRows, chartInk, expectedRows, expectedTopStats, settled, shown, topStats, useDashboardSession } from '../helpers/dashboard-session.ts';

const TOP = ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration'];
const LIST = ['visitors', 'percentage'];
/** Each panel's first tab: its dimension and the metric columns of its short list. */
const DEFAULT_TABS: Array<[panel: string, tab: string, dimension: string, metrics: string[]]> = [
  ['sources', 'Channels', 'visit:channel', LIST],
  ['pages', 'Top pages', 'event:page', LIST],
  ['locations', 'Countries', 'visit:country', LIST],
  ['devices', 'Devices', 'visit:device', LIST],
  ['goals', 'Goals', 'event:goal', ['visitors', 'events', 'conversion_rate']],
];

describe.skipIf(!chromiumAvailable())('dashboard overview, in Chromium', () => {
  const dash = useDashboardSession();

  it('shows the top stats and every panel’s first tab as the query API answers them', async () => {
    const s = dash();
    const { page, cookie } = await s.open();
    const stats = await expectedTopStats(s, cookie, { date_range: '30d' }, TOP);
    // The seeded month is over a thousand visitors: compact numbers ("1.2k") are part of what is checked.
    expect(Object.values(stats).filter((v) => /^\d+(\.\d)?k$/.test(v)).length).toBeGreaterThanOrEqual(2);
    expect(await topStats(page)).toEqual(stats);

    for (const [panel, tab, dimension, metrics] of DEFAULT_TABS) {
      const root = page.locator(`.panel-${panel}`);
      await expect.poll(() => root.getByRole('tab', { selected: true }).textContent()).toBe(tab);
      const rows = await expectedRows(s, cookie, { date_range: '30d', dimensions: [dimension], metrics, pagination: { limit: 9 } });
      expect(rows.length, panel).toBeGreaterThan(1);
      expect(await barRows(page, `.panel-${panel}`), panel).toEqual(rows);
    }
  });

  it('opens the details of a tab with every metric and the row count', async () => {
    const s = dash();
    const { page, cookie } = await s.open();
    await page.locator('.panel-pages').getByRole('button', { name: 'Details' }).click();
    const dialog = page.getByRole('dialog', { name: 'Top pages' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await settled(page);
    const metrics = ['visitors', 'percentage', 'visits', 'pageviews', 'bounce_rate', 'time_on_page', 'scroll_depth'];
    const res = await s.query(cookie, { date_range: '30d', dimensions: ['event:page'], metrics, pagination: { limit: 100 }, include: { total_rows: true } });
    const rows = await expectedRows(s, cookie, { date_range: '30d', dimensions: ['event:page'], metrics, pagination: { limit: 100 } });
    expect(await barRows(page, 'dialog.details')).toEqual(rows);
    expect(await dialog.locator('thead th').allTextContents()).toEqual(['Page', 'Visitors', '%', 'Visits', 'Views', 'Bounce rate', 'Time on page', 'Scroll depth']);
    expect(await dialog.getByText(/^Showing/).textContent()).toBe(`Showing ${res.results.length} of ${res.meta.total_rows} rows.`);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
  });

  it('switches to the last 7 days and to a custom range, with the URL following', async () => {
    const s = dash();
    const { page, cookie } = await s.open();
    await page.getByRole('combobox', { name: 'Period' }).selectOption('7d');
    await page.waitForURL((u) => u.search === '?period=7d');
    await settled(page);
    expect(await topStats(page)).toEqual(await expectedTopStats(s, cookie, { date_range: '7d' }, TOP));
    expect(await page.locator('.chart table tbody tr').count()).toBe(7);

    const from = addDays(s.today, -20);
    const to = addDays(s.today, -11);
    await page.getByRole('combobox', { name: 'Period' }).selectOption('custom');
    await page.getByLabel('From', { exact: true }).fill(from);
    await page.getByLabel('To', { exact: true }).fill(to);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((u) => u.search === `?period=custom&from=${from}&to=${to}`);
    await settled(page);
    expect(await topStats(page)).toEqual(await expectedTopStats(s, cookie, { date_range: [from, to] }, TOP));
    expect(await page.locator('.chart table tbody tr').count()).toBe(10);
    expect(await barRows(page, '.panel-pages')).toEqual(
      await expectedRows(s, cookie, { date_range: [from, to], dimensions: ['event:page'], metrics: LIST, pagination: { limit: 9 } }),
    );

    // Reloading the address gives the same view.
    await page.reload();
    await settled(page);
    expect(await page.getByRole('combobox', { name: 'Period' }).inputValue()).toBe('custom');
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe(from);
  });

  it('compares with the previous period: change indicators and a dashed line come and go', async () => {
    const s = dash();
    const { page, cookie } = await s.open({ search: '?period=7d' });
    const baseline = await chartInk(page, '--chart-previous');
    expect(await page.locator('.stat-change').count()).toBe(0);

    await page.getByRole('combobox', { name: 'Comparison' }).selectOption('previous_period');
    await page.waitForURL((u) => u.search === '?period=7d&compare=previous_period');
    await settled(page);
    const res = await s.query(cookie, { date_range: '7d', metrics: TOP, include: { comparisons: { mode: 'previous_period' } } });
    const change = res.results[0]!.comparison!.change;
    const expected = TOP.map((m, i) => {
      const c = change[i];
      if (c === null || c === undefined) return '';
      const arrow = c > 0 ? '↑ ' : c < 0 ? '↓ ' : '';
      return `${arrow}${Math.abs(Math.round(c * 10) / 10)}${m === 'bounce_rate' ? ' pp' : '%'}`;
    });
    const texts = await page.locator('.stat').evaluateAll((stats) => stats.map((s) => s.querySelector('.stat-change')?.firstChild?.textContent ?? ''));
    expect(texts).toEqual(expected);
    expect(texts.filter(Boolean).length).toBeGreaterThanOrEqual(3);
    // The comparison line: the legend names both ranges, and the canvas now has the dashed colour.
    const [cmpFrom, cmpTo] = res.meta.comparison_date_range!;
    expect(cmpTo).toBe(addDays(s.today, -8));
    expect(await page.locator('.chart-legend .key-previous').count()).toBe(1);
    const withLine = await chartInk(page, '--chart-previous');
    expect(withLine.count - baseline.count).toBeGreaterThan(100);
    expect(withLine.right - withLine.left).toBeGreaterThan(0.8);
    expect(await page.locator('.chart table thead th').allTextContents()).toContain('Comparison period');
    const first = new Date(`${cmpFrom}T00:00:00Z`);
    const firstLabel = first.toLocaleDateString('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).replace(',', '');
    expect(await page.locator('.chart table tbody tr').first().locator('td').nth(1).textContent()).toBe(firstLabel);
    expect(daysBetween(cmpFrom, cmpTo)).toBe(7);

    await page.getByRole('combobox', { name: 'Comparison' }).selectOption('off');
    await page.waitForURL((u) => u.search === '?period=7d');
    await settled(page);
    expect(await page.locator('.stat-change').count()).toBe(0);
    expect(await page.locator('.chart-legend').count()).toBe(0);
    expect((await chartInk(page, '--chart-previous')).count).toBeLessThanOrEqual(baseline.count + 20);
    expect((await topStats(page))['Unique visitors']).toBe(shown('visitors', res.results[0]!.metrics[0]!));
  });

  it('steps periods with the arrow buttons and goes back with the browser', async () => {
    const s = dash();
    const { page, cookie } = await s.open({ search: '?period=7d' });
    await page.getByRole('button', { name: 'Previous period' }).click();
    const anchor = addDays(s.today, -7);
    await page.waitForURL((u) => u.search === `?period=7d&date=${anchor}`);
    await settled(page);
    expect(await topStats(page)).toEqual(await expectedTopStats(s, cookie, { date_range: '7d', date: anchor }, TOP));
    await page.goBack();
    await page.waitForURL((u) => u.search === '?period=7d');
    await settled(page);
    expect(await topStats(page)).toEqual(await expectedTopStats(s, cookie, { date_range: '7d' }, TOP));
  });

  it('serves a favicon, so the login page logs nothing either', async () => {
    const s = dash();
    const context = await s.newContext();
    const page = await context.newPage();
    // The browser's own favicon request shows only in the DevTools protocol, not in page events.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const favicon = new Promise<{ status: number; mimeType: string }>((resolve) =>
      cdp.on('Network.responseReceived', (e) => {
        if (new URL(e.response.url).pathname === '/favicon.ico') resolve(e.response);
      }),
    );
    await page.goto(`${s.cairn.baseUrl}/login`);
    expect(await favicon).toMatchObject({ status: 200, mimeType: 'image/x-icon' });
    expect(await page.evaluate(() => new Promise((done) => {
      const img = new Image();
      img.onload = () => done([img.naturalWidth, img.naturalHeight]);
      img.onerror = () => done('not an image');
      img.src = '/favicon.ico';
    }))).toEqual([32, 32]);
    await s.signIn(page);
    await settled(page);
  });
});
