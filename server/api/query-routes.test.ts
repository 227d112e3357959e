import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, postEvent, type TestApp } from '../../tests/helpers/test-app.ts';
import { createApiKey } from '../admin/api-keys.ts';
import { addGoal } from '../admin/goals.ts';
import { addSite, changeSite } from '../admin/sites.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { eventRow } from '../../tests/helpers/test-db.ts';
import { addDays } from '../calendar.ts';
import { runRetention } from '../retention/run.ts';
import { runRollup } from '../rollup/run.ts';

let t: TestApp;
let key: string;
const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);

beforeEach(async () => {
  t = await createTestApp();
  await addSite(t.db.kysely, { domain: 'example.com' });
  await addSite(t.db.kysely, { domain: 'other.org' });
  key = (await createApiKey(t.db.kysely, { siteDomain: 'example.com', scope: 'read' })).key;
  // Three visitors a day for the last ten days, at noon UTC; visitor 1 signs up every day.
  const start = Date.parse(`${addDays(today(), -10)}T12:00:00Z`);
  const rows = [];
  for (let d = 0; d < 10; d++) {
    for (const v of [1, 2, 3]) rows.push(eventRow({ ts: start + d * DAY + v * 60_000, visitor: v, pathname: v === 3 ? '/blog' : '/', referrer_source: v === 1 ? 'Google' : '' }));
    rows.push(eventRow({ ts: start + d * DAY + 5 * 60_000, visitor: 1, name: 'Signup', interactive: 1 }));
  }
  createEventAppender(t.db)(rows);
  await addGoal(t.db.kysely, 'example.com', { event: 'Signup' });
  await runRollup(t.db);
});
afterEach(async () => {
  await t.close();
  await t.db.close();
});

const query = (body: unknown, auth = key) =>
  t.send('/api/v2/query', { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' } });
const last7 = [addDays(today(), -7), addDays(today(), -1)];

describe('POST /api/v2/query', () => {
  it('answers top stats from the aggregates', async () => {
    const res = await query({ site_id: 'example.com', date_range: last7, metrics: ['visitors', 'visits', 'pageviews', 'bounce_rate', 'events'] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: Array<{ metrics: number[] }>; meta: { source: string }; query: { date_range: string[] } };
    expect(body.results).toEqual([{ dimensions: [], metrics: [21, 21, 21, 67, 28] }]);
    expect(body.meta.source).toBe('aggregates');
    expect(body.query.date_range).toEqual(last7);
  });

  it('breaks down, orders, paginates and counts rows', async () => {
    const res = await query({
      site_id: 'example.com',
      date_range: last7,
      metrics: ['visitors', 'percentage'],
      dimensions: ['event:page'],
      order_by: [['visitors', 'asc']],
      pagination: { limit: 1, offset: 0 },
      include: { total_rows: true },
    });
    const body = (await res.json()) as { results: unknown[]; meta: { total_rows: number } };
    expect(body.results).toEqual([{ dimensions: ['/blog'], metrics: [7, 33.33] }]);
    expect(body.meta.total_rows).toBe(2);
  });

  it('reports goal conversions and conversion rate', async () => {
    const res = await query({ site_id: 'example.com', date_range: last7, metrics: ['visitors', 'events', 'conversion_rate'], dimensions: ['event:goal'] });
    expect(((await res.json()) as { results: unknown[] }).results).toEqual([{ dimensions: ['Signup'], metrics: [7, 7, 33.33] }]);
  });

  it('compares with the previous period', async () => {
    const res = await query({ site_id: 'example.com', date_range: [addDays(today(), -3), addDays(today(), -1)], metrics: ['visitors'], include: { comparisons: { mode: 'previous_period' } } });
    const body = (await res.json()) as { results: Array<{ comparison: unknown }> };
    expect(body.results[0]!.comparison).toEqual({ dimensions: [], metrics: [9], change: [0] });
  });

  it('filters on other dimensions from raw events', async () => {
    const res = await query({ site_id: 'example.com', date_range: last7, metrics: ['visitors'], dimensions: ['event:page'], filters: [['is', 'visit:source', ['Google']]] });
    const body = (await res.json()) as { results: unknown[]; meta: { source: string } };
    expect(body.results).toEqual([{ dimensions: ['/'], metrics: [7] }]);
    expect(body.meta.source).toBe('events');
  });

  it('shows an event within a second of its 202, from the raw tail', async () => {
    expect((await t.send('/api/event', postEvent({ n: 'pageview', u: 'https://example.com/now', d: 'example.com' }))).status).toBe(202);
    const res = await query({ site_id: 'example.com', date_range: 'day', metrics: ['pageviews'], dimensions: ['event:page'] });
    expect(((await res.json()) as { results: unknown[] }).results).toEqual([{ dimensions: ['/now'], metrics: [1] }]);
    const realtime = await query({ site_id: 'example.com', date_range: 'realtime', metrics: ['visitors'] });
    expect(((await realtime.json()) as { results: unknown[] }).results).toEqual([{ dimensions: [], metrics: [1] }]);
  });

  it('says why when a query needs raw events the site no longer keeps', async () => {
    await changeSite(t.db.kysely, 'example.com', { rawRetentionDays: 3 });
    await runRetention(t.db);
    const res = await query({ site_id: 'example.com', date_range: last7, metrics: ['visitors'], filters: [['is', 'visit:source', ['Google']]] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/keeps raw events for 3 days.*visit:source/);
    // Unfiltered, the aggregates still answer for the whole range.
    expect((await query({ site_id: 'example.com', date_range: last7, metrics: ['visitors'] })).status).toBe(200);
  });

  it('guards access: no key 401, another site 403, bad queries 400 naming the field', async () => {
    expect((await query({ site_id: 'example.com', date_range: '7d', metrics: ['visitors'] }, 'nope')).status).toBe(401);
    expect((await query({ site_id: 'other.org', date_range: '7d', metrics: ['visitors'] })).status).toBe(403);
    const bad = await query({ site_id: 'example.com', date_range: '7d', metrics: ['visitors', 'vibes'] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('metrics[1]');
  });

  it('answers a key limited to one site alike for another site and a missing one', async () => {
    const answer = async (site_id: string, auth?: string) => {
      const res = await query({ site_id, date_range: '7d', metrics: ['visitors'] }, auth);
      return { status: res.status, body: (await res.json()) as { error: string; code: string } };
    };
    const other = await answer('other.org');
    const missing = await answer('nowhere.net');
    expect(other).toEqual({ status: 403, body: { code: 'forbidden', error: 'this API key cannot read site_id "other.org"' } });
    expect(missing).toEqual({ status: 403, body: { code: 'forbidden', error: 'this API key cannot read site_id "nowhere.net"' } });
    // A key for every site could list the sites anyway, so it hears which one is missing.
    const all = (await createApiKey(t.db.kysely, { scope: 'read' })).key;
    expect(await answer('nowhere.net', all)).toEqual({ status: 400, body: { code: 'invalid_query', error: 'site_id: no site "nowhere.net"' } });
  });

  it('tells caches to keep nothing, errors included', async () => {
    const ok = await query({ site_id: 'example.com', date_range: last7, metrics: ['visitors'] });
    const bad = await query({ site_id: 'example.com', date_range: '7d', metrics: ['vibes'] });
    const denied = await query({ site_id: 'example.com', date_range: '7d', metrics: ['visitors'] }, 'nope');
    expect([ok.status, bad.status, denied.status]).toEqual([200, 400, 401]);
    for (const res of [ok, bad, denied]) expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
