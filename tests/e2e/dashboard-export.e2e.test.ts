/**
 * "Export CSV" in Chromium: the download is a zip of CSV files whose numbers are the query API's
 * for the same range and filters.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../server/calendar.ts';
import { chromiumAvailable } from '../helpers/chromium.ts';
import { ARTIFACTS, useDashboardSession, type DashboardSession } from '../helpers/dashboard-session.ts';
import { parseCsv, readStoreZip } from '../helpers/zip-reader.ts';

const VISIT_DETAILS = ['visitors', 'percentage', 'visits', 'bounce_rate', 'visit_duration'];
const PAGE_DETAILS = ['visitors', 'percentage', 'visits', 'pageviews', 'bounce_rate', 'time_on_page', 'scroll_depth'];
const SERIES = ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration'];

describe.skipIf(!chromiumAvailable())('dashboard export, in Chromium', () => {
  const dash = useDashboardSession();

  async function exportZip(page: Page, name: string) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, name);
    await download.saveAs(file);
    const csv = new Map([...readStoreZip(fs.readFileSync(file))].map(([n, data]) => [n, parseCsv(data.toString('utf8'))]));
    return { filename: download.suggestedFilename(), csv };
  }

  /** The API's rows for a breakdown as CSV fields: values, then numbers as written. */
  async function apiCsv(s: DashboardSession, cookie: string, body: Record<string, unknown>) {
    const res = await s.query(cookie, { ...body, pagination: { limit: 1000 } });
    return res.results.map((r) => [...r.dimensions, ...r.metrics.map(String)]);
  }

  it('downloads a zip whose sources, pages and visitors files match the query API', async () => {
    const s = dash();
    const { page, cookie } = await s.open();
    const { filename, csv } = await exportZip(page, 'export-30d.zip');
    const [from, to] = [addDays(s.today, -30), addDays(s.today, -1)];
    expect(filename).toBe(`cairn-shop.test-${from}-${to}.zip`);
    expect([...csv.keys()].sort()).toEqual(
      ['browser_versions', 'browsers', 'channels', 'cities', 'countries', 'custom_events', 'devices', 'entry_pages', 'exit_pages', 'goals', 'languages', 'operating_systems', 'os_versions', 'pages', 'referrers', 'regions', 'screens', 'sources', 'utm_campaigns', 'utm_contents', 'utm_mediums', 'utm_sources', 'utm_terms', 'visitors']
        .map((n) => `${n}.csv`),
    );

    const range = { date_range: '30d' };
    const sources = csv.get('sources.csv')!;
    expect(sources[0]).toEqual(['source', ...VISIT_DETAILS]);
    expect(sources.slice(1)).toEqual(await apiCsv(s, cookie, { ...range, dimensions: ['visit:source'], metrics: VISIT_DETAILS }));
    expect(sources.length).toBeGreaterThan(5);
    // Direct visits are the empty source, an empty field.
    expect(sources.some((r) => r[0] === '')).toBe(true);

    const pages = csv.get('pages.csv')!;
    expect(pages[0]).toEqual(['page', ...PAGE_DETAILS]);
    expect(pages.slice(1)).toEqual(await apiCsv(s, cookie, { ...range, dimensions: ['event:page'], metrics: PAGE_DETAILS }));

    const visitors = csv.get('visitors.csv')!;
    expect(visitors[0]).toEqual(['day', ...SERIES]);
    const series = await s.query(cookie, { ...range, dimensions: ['time:day'], metrics: SERIES });
    const byDay = new Map(series.results.map((r) => [r.dimensions[0], r.metrics.map(String)]));
    const days = Array.from({ length: 30 }, (_, i) => addDays(from, i));
    expect(visitors.slice(1)).toEqual(days.map((d) => [d, ...(byDay.get(d) ?? SERIES.map(() => '0'))]));
    const total = (await s.query(cookie, { ...range, metrics: ['pageviews'] })).results[0]!.metrics[0]!;
    expect(visitors.slice(1).reduce((n, r) => n + Number(r[3]), 0)).toBe(total);
  });

  it('exports the active range and filters', async () => {
    const s = dash();
    const { page, cookie } = await s.open({ search: '?period=7d&f=visit:source|is|Google' });
    const { filename, csv } = await exportZip(page, 'export-7d-google.zip');
    expect(filename).toBe(`cairn-shop.test-${addDays(s.today, -7)}-${addDays(s.today, -1)}.zip`);
    const range = { date_range: '7d', filters: [['is', 'visit:source', ['Google']]] };
    expect(csv.get('sources.csv')!.slice(1)).toEqual(await apiCsv(s, cookie, { ...range, dimensions: ['visit:source'], metrics: VISIT_DETAILS }));
    expect(csv.get('sources.csv')!.slice(1).map((r) => r[0])).toEqual(['Google']);
    expect(csv.get('countries.csv')!.slice(1)).toEqual(await apiCsv(s, cookie, { ...range, dimensions: ['visit:country'], metrics: VISIT_DETAILS }));
    expect(csv.get('visitors.csv')!.length).toBe(1 + 7);
  });
});
