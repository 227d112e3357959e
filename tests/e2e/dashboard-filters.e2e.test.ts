/**
 * Filtering in Chromium: a click on a row filters the whole page and the URL, the chip takes it
 * away again, and back/forward move between the two views.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/chromium.ts';
import { barRows, expectedRows, expectedTopStats, settled, topStats, useDashboardSession, type DashboardSession } from '../helpers/dashboard-session.ts';

const TOP = ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration'];
const LIST = ['visitors', 'percentage'];
const GOOGLE = [['is', 'visit:source', ['Google']]];

describe.skipIf(!chromiumAvailable())('dashboard filters, in Chromium', () => {
  const dash = useDashboardSession();

  /** What the page should show with and without the Google filter, from the API. */
  async function expectView(s: DashboardSession, page: Page, cookie: string, filters: unknown[] | undefined) {
    const range = { date_range: '30d', ...(filters ? { filters } : {}) };
    expect(await topStats(page)).toEqual(await expectedTopStats(s, cookie, range, TOP));
    expect(await barRows(page, '.panel-pages')).toEqual(await expectedRows(s, cookie, { ...range, dimensions: ['event:page'], metrics: LIST, pagination: { limit: 9 } }));
    expect(await barRows(page, '.panel-locations')).toEqual(await expectedRows(s, cookie, { ...range, dimensions: ['visit:country'], metrics: LIST, pagination: { limit: 9 } }));
    // Filtered to one source, the Sources tab lists that source's referrers.
    const sources = filters
      ? { ...range, dimensions: ['visit:referrer'], metrics: LIST, pagination: { limit: 9 } }
      : { ...range, dimensions: ['visit:source'], metrics: LIST, pagination: { limit: 9 } };
    expect(await barRows(page, '.panel-sources')).toEqual(await expectedRows(s, cookie, sources));
  }

  it('filters the page by a clicked source, and the chip, back and forward undo and redo it', async () => {
    const s = dash();
    const { page, cookie } = await s.open();
    const sources = page.locator('.panel-sources');
    await sources.getByRole('tab', { name: 'Sources' }).click();
    await settled(page);
    const before = await topStats(page);
    await expectView(s, page, cookie, undefined);

    await sources.getByRole('button', { name: 'Google', exact: true }).click();
    await page.waitForURL((u) => u.search === '?f=visit:source|is|Google');
    await settled(page);
    const chip = page.locator('.chips .chip');
    expect(await chip.allTextContents()).toEqual(['Source is Google×']);
    expect(await sources.locator('.panel-sub').textContent()).toBe('Referrers from Google');
    await expectView(s, page, cookie, GOOGLE);
    const filtered = await topStats(page);
    expect(filtered['Unique visitors']).not.toBe(before['Unique visitors']);

    await page.getByRole('button', { name: 'Remove filter: Source is Google' }).click();
    await page.waitForURL((u) => u.search === '');
    await settled(page);
    expect(await chip.count()).toBe(0);
    expect(await topStats(page)).toEqual(before);
    await expectView(s, page, cookie, undefined);

    await page.goBack();
    await page.waitForURL((u) => u.search === '?f=visit:source|is|Google');
    await settled(page);
    expect(await chip.allTextContents()).toEqual(['Source is Google×']);
    expect(await topStats(page)).toEqual(filtered);

    await page.goForward();
    await page.waitForURL((u) => u.search === '');
    await settled(page);
    expect(await chip.count()).toBe(0);
    expect(await topStats(page)).toEqual(before);
  });

  it('adds filters from the filter editor and opens a shared filtered address as it was', async () => {
    const s = dash();
    const { page, cookie } = await s.open({ search: '?period=7d' });
    await page.getByRole('button', { name: '+ Filter' }).click();
    const editor = page.getByRole('form', { name: 'Add a filter' });
    await editor.getByLabel('Filter by').selectOption('visit:country');
    await editor.getByLabel('Value').fill('Germany');
    await editor.getByRole('button', { name: 'Add filter' }).click();
    await page.waitForURL((u) => u.search === '?period=7d&f=visit:country|is|DE');
    await settled(page);
    expect(await page.locator('.chips .chip-text').allTextContents()).toEqual(['Country is Germany']);
    const germany = [['is', 'visit:country', ['DE']]];
    expect(await topStats(page)).toEqual(await expectedTopStats(s, cookie, { date_range: '7d', filters: germany }, TOP));

    // The same address in a new tab: same chips, same numbers.
    const other = await page.context().newPage();
    await other.goto(page.url());
    await settled(other);
    expect(await other.locator('.chips .chip-text').allTextContents()).toEqual(['Country is Germany']);
    expect(await topStats(other)).toEqual(await topStats(page));
    expect(await barRows(other, '.panel-devices')).toEqual(
      await expectedRows(s, cookie, { date_range: '7d', filters: germany, dimensions: ['visit:device'], metrics: LIST, pagination: { limit: 9 } }),
    );
  });
});
