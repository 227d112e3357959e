import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addGoal } from '../admin/goals.ts';
import { addSite } from '../admin/sites.ts';
import type { Db } from '../db/connect.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { eventRow, openTestDatabase } from '../db/test-db.ts';
import { acquireLock } from './lock.ts';
import { runRollup } from './run.ts';
import { rebuildMonth } from './rollup.queries.ts';

const H = 3_600_000;
const D1 = Date.UTC(2026, 2, 10); // days in UTC for this site
// 01:45 on the third day: the first two days are closed (90 minutes after their end).
const NOW = D1 + 49 * H + 45 * 60_000;
let db: Db;
let append: ReturnType<typeof createEventAppender>;

beforeEach(async () => {
  db = await openTestDatabase();
  append = createEventAppender(db);
  await addSite(db.kysely, { domain: 'example.com' });
  append([
    eventRow({ ts: D1 + 1 * H, visitor: 1, pathname: '/' }),
    eventRow({ ts: D1 + 1 * H + 60_000, visitor: 1, pathname: '/a' }),
    eventRow({ ts: D1 + 2 * H, visitor: 2, pathname: '/', name: 'Signup', interactive: 1 }),
    eventRow({ ts: D1 + 26 * H, visitor: 3, pathname: '/b' }),
    eventRow({ ts: D1 + 50 * H, visitor: 4, pathname: '/c' }),
  ]);
});
afterEach(() => db.close());

const dailyTotals = () =>
  db.kysely.selectFrom('agg_daily').select(['day', 'visitors', 'visits', 'pageviews', 'events']).where('dim', '=', '').orderBy('day').execute();
const allRows = () => db.kysely.selectFrom('agg_daily').selectAll().orderBy(['day', 'dim', 'value']).execute();

describe('runRollup', () => {
  it('rolls up closed days only, and each once', async () => {
    const report = await runRollup(db, { now: NOW });
    expect(report).toMatchObject({ locked: false, days: 2 });
    expect(await dailyTotals()).toEqual([
      { day: '2026-03-10', visitors: 2, visits: 2, pageviews: 2, events: 3 },
      { day: '2026-03-11', visitors: 1, visits: 1, pageviews: 1, events: 1 },
    ]);
    // The third day is open until 01:30 after it ends.
    expect((await runRollup(db, { now: D1 + 73 * H })).days).toBe(0);
    expect((await runRollup(db, { now: D1 + 74 * H })).days).toBe(1);
  });

  it('stores breakdowns, hourly totals and monthly sums', async () => {
    await runRollup(db, { now: NOW });
    const pages = await db.kysely.selectFrom('agg_daily').select(['value', 'pageviews']).where('dim', '=', 'event:page').where('day', '=', '2026-03-10').orderBy('value').execute();
    expect(pages).toEqual([{ value: '/', pageviews: 1 }, { value: '/a', pageviews: 1 }]);
    const hours = await db.kysely.selectFrom('agg_hourly').select(['hour', 'visitors']).orderBy('hour').execute();
    expect(hours).toEqual([
      { hour: '2026-03-10T01', visitors: 1 },
      { hour: '2026-03-10T02', visitors: 1 },
      { hour: '2026-03-11T02', visitors: 1 },
    ]);
    const month = await db.kysely.selectFrom('agg_monthly').select(['visitors', 'pageviews']).where('dim', '=', '').where('month', '=', '2026-03').executeTakeFirst();
    expect(month).toEqual({ visitors: 3, pageviews: 3 });
  });

  it('is idempotent, and a run that crashed half-way counts nothing twice', async () => {
    await runRollup(db, { now: NOW });
    const clean = await allRows();

    const crashed = await openTestDatabase();
    await addSite(crashed.kysely, { domain: 'example.com' });
    createEventAppender(crashed)(await db.kysely.selectFrom('events').selectAll().execute().then((rows) => rows.map(({ id: _id, ...r }) => r)));
    await expect(
      runRollup(crashed, {
        now: NOW,
        afterDay: (_site, day) => {
          if (day === '2026-03-10') throw new Error('injected crash');
        },
      }),
    ).rejects.toThrow('injected crash');
    await runRollup(crashed, { now: NOW });
    await runRollup(crashed, { now: NOW });
    const strip = (rows: typeof clean) => rows.map(({ site_id: _s, ...r }) => r);
    expect(strip(await crashed.kysely.selectFrom('agg_daily').selectAll().orderBy(['day', 'dim', 'value']).execute())).toEqual(strip(clean));
    await crashed.close();
  });

  it('recomputes a rolled day when late or imported events arrive for it', async () => {
    await runRollup(db, { now: NOW });
    append([eventRow({ ts: D1 + 5 * H, visitor: 9, pathname: '/late' })]);
    expect((await runRollup(db, { now: NOW + 60_000 })).days).toBe(1);
    expect((await dailyTotals())[0]).toMatchObject({ day: '2026-03-10', visitors: 3, pageviews: 3 });
  });

  it('recomputes when goals change', async () => {
    await runRollup(db, { now: NOW });
    await addGoal(db.kysely, 'example.com', { event: 'Signup' });
    expect((await runRollup(db, { now: NOW })).days).toBe(2);
    const goal = await db.kysely.selectFrom('agg_daily').select(['value', 'visitors', 'events']).where('dim', '=', 'event:goal').execute();
    expect(goal).toEqual([{ value: 'Signup', visitors: 1, events: 1 }]);
  });

  it('lets one runner at a time work', async () => {
    expect(await acquireLock(db.kysely, 'rollup', 'someone-else', 60_000, NOW)).toBe(true);
    expect(await runRollup(db, { now: NOW })).toMatchObject({ locked: true, days: 0 });
    // An expired lease is taken over.
    expect(await runRollup(db, { now: NOW + 61_000 })).toMatchObject({ locked: false, days: 2 });
  });
});

describe('rebuildMonth', () => {
  it('caps a month like a day, folding the rest into (other) without losing anything', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => eventRow({ ts: D1 + (i % 3) * 24 * H + H + i * 60_000, visitor: 100 + i, pathname: `/item/${i}` }));
    rows.push(eventRow({ ts: D1 + H + 30 * 60_000, visitor: 999, pathname: '/item/0' }));
    append(rows);
    await runRollup(db, { now: NOW + 24 * H + 2 * H });
    await db.kysely.transaction().execute((tx) => rebuildMonth(tx, 1, '2026-03', 3));
    const pages = await db.kysely.selectFrom('agg_monthly').select(['value', 'pageviews', 'visitors']).where('dim', '=', 'event:page').orderBy('value').execute();
    expect(pages.map((p) => p.value)).toEqual(['(other)', '/', '/item/0']);
    expect(pages.find((p) => p.value === '/item/0')).toMatchObject({ visitors: 2 });
    const total = await db.kysely.selectFrom('agg_monthly').select('pageviews').where('dim', '=', '').executeTakeFirstOrThrow();
    expect(pages.reduce((n, p) => n + p.pageviews, 0)).toBe(total.pageviews);
  });
});
