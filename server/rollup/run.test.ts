import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addGoal } from '../admin/goals.ts';
import { addSite } from '../admin/sites.ts';
import type { Db } from '../db/connect.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { eventRow, openTestDatabase } from '../../tests/helpers/test-db.ts';
import { PROTOTYPE_NAMES } from '../../tests/helpers/prototype-names.ts';
import { acquireLock } from '../db/lease.ts';
import { runRollup } from './run.ts';
import { writeStatements } from '../db/busy-retry.ts';
import { monthRows, writeMonthStatements } from './rollup.queries.ts';

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

  it('ends early when asked to (a shutdown), releasing its lease and leaving the rest for the next run', async () => {
    const report = await runRollup(db, { now: NOW, shouldStop: () => true });
    expect(report.days).toBe(1);
    expect(await acquireLock(db.kysely, 'rollup', 'another server', 60_000, NOW)).toBe(true);
    await db.kysely.deleteFrom('locks').execute();
    expect(await dailyTotals()).toHaveLength(1);
    // The next run finishes the work (recomputing the stopped run's day too: its progress was not saved).
    expect((await runRollup(db, { now: NOW })).locked).toBe(false);
    expect(await dailyTotals()).toHaveLength(2);
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

describe('runRollup with props named like Object.prototype members', () => {
  it('rolls up a day where some events carry them and others do not', async () => {
    const props = JSON.stringify(Object.fromEntries(PROTOTYPE_NAMES.map((name) => [name, name])));
    append([eventRow({ ts: D1 + 3 * H, visitor: 5, name: 'Signup', props }), eventRow({ ts: D1 + 3 * H, visitor: 6, name: 'Signup', props: '{"plan":"pro"}' })]);
    const report = await runRollup(db, { now: NOW });
    expect(report).toMatchObject({ days: 2, failed: [] });
    for (const name of PROTOTYPE_NAMES) {
      const rows = await db.kysely.selectFrom('agg_daily').select(['value', 'events']).where('dim', '=', `event:props:${name}`).orderBy('value').execute();
      // The day's other events, the page views and the Signup without this key, have no value for it.
      expect(rows, name).toEqual([{ value: '(none)', events: 4 }, { value: name, events: 1 }].sort((a, b) => (a.value < b.value ? -1 : 1)));
    }
  });
});

describe('runRollup failures', () => {
  const MIN = 60_000;
  const failing = (domain: string, period: string) => (site: { domain: string }, p: string) => {
    if (site.domain === domain && p === period) throw new Error(`injected failure of ${p}`);
  };
  const failures = () => db.kysely.selectFrom('rollup_failures').selectAll().orderBy(['site_id', 'day']).execute();
  const rolled = () => db.kysely.selectFrom('rollup_days').select(['site_id', 'day']).orderBy(['site_id', 'day']).execute();

  beforeEach(async () => {
    await addSite(db.kysely, { domain: 'other.org' });
    append([eventRow({ site_id: 2, ts: D1 + 3 * H, visitor: 7, hostname: 'other.org' }), eventRow({ site_id: 2, ts: D1 + 27 * H, visitor: 8, hostname: 'other.org' })]);
  });

  it('records a failed site-day and goes on with the other days and sites', async () => {
    const report = await runRollup(db, { now: NOW, beforeWrite: failing('example.com', '2026-03-10') });
    expect(report).toMatchObject({ locked: false, days: 3 });
    expect(report.failed).toEqual([{ site: 'example.com', day: '2026-03-10', error: 'Error: injected failure of 2026-03-10' }]);
    expect(await rolled()).toEqual([
      { site_id: 1, day: '2026-03-11' },
      { site_id: 2, day: '2026-03-10' },
      { site_id: 2, day: '2026-03-11' },
    ]);
    expect(await failures()).toEqual([
      { site_id: 1, day: '2026-03-10', error: 'Error: injected failure of 2026-03-10', attempts: 1, failed_at: NOW, retry_at: NOW + MIN },
    ]);
  });

  it('goes on with the other sites when one cannot be planned, and plans it again next run', async () => {
    await db.kysely.updateTable('sites').set({ timezone: 'Nowhere/Atlantis' }).where('domain', '=', 'example.com').execute();
    const report = await runRollup(db, { now: NOW });
    expect(report.failed).toEqual([{ site: 'example.com', day: null, error: expect.stringContaining('Nowhere/Atlantis') }]);
    expect(await rolled()).toEqual([{ site_id: 2, day: '2026-03-10' }, { site_id: 2, day: '2026-03-11' }]);
    await db.kysely.updateTable('sites').set({ timezone: 'UTC' }).where('domain', '=', 'example.com').execute();
    expect(await runRollup(db, { now: NOW + MIN })).toMatchObject({ days: 2, failed: [] });
  });

  it('retries a failed day after a growing backoff, and a success clears it', async () => {
    const fail = failing('example.com', '2026-03-10');
    await runRollup(db, { now: NOW, beforeWrite: fail });
    // Within the backoff the day is left alone, even with new events for it.
    append([eventRow({ ts: D1 + 5 * H, visitor: 9, pathname: '/late' })]);
    expect(await runRollup(db, { now: NOW + 30_000 })).toMatchObject({ days: 0, failed: [] });
    expect((await runRollup(db, { now: NOW + MIN, beforeWrite: fail })).failed).toHaveLength(1);
    expect(await failures()).toMatchObject([{ day: '2026-03-10', attempts: 2, failed_at: NOW + MIN, retry_at: NOW + 6 * MIN }]);
    expect((await runRollup(db, { now: NOW + 5 * MIN })).days).toBe(0);
    expect(await runRollup(db, { now: NOW + 6 * MIN })).toMatchObject({ days: 1, failed: [] });
    expect(await failures()).toEqual([]);
    expect((await dailyTotals())[0]).toMatchObject({ day: '2026-03-10', visitors: 3, pageviews: 3 });
  });

  it('backs off up to an hour between attempts', async () => {
    const fail = failing('example.com', '2026-03-10');
    let now = NOW;
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      await runRollup(db, { now, beforeWrite: fail });
      const [row] = await failures();
      waits.push((row!.retry_at - now) / MIN);
      now = row!.retry_at;
    }
    expect(waits).toEqual([1, 5, 15, 60, 60, 60]);
  });

  it('recomputes a rolled day whose recompute failed, though the site has moved past its late events', async () => {
    await runRollup(db, { now: NOW });
    append([eventRow({ ts: D1 + 5 * H, visitor: 9, pathname: '/late' })]);
    expect((await runRollup(db, { now: NOW + MIN, beforeWrite: failing('example.com', '2026-03-10') })).failed).toHaveLength(1);
    expect((await dailyTotals())[0]).toMatchObject({ day: '2026-03-10', visitors: 2 });
    expect(await runRollup(db, { now: NOW + 2 * MIN })).toMatchObject({ days: 1, failed: [] });
    expect((await dailyTotals())[0]).toMatchObject({ day: '2026-03-10', visitors: 3, pageviews: 3 });
  });

  it('records a failed month rebuild and rebuilds it on a later run', async () => {
    const report = await runRollup(db, { now: NOW, beforeWrite: failing('example.com', '2026-03') });
    expect(report).toMatchObject({ days: 4, failed: [{ site: 'example.com', day: '2026-03' }] });
    const months = () => db.kysely.selectFrom('rollup_months').select(['site_id', 'month', 'days']).orderBy('site_id').execute();
    expect(await months()).toEqual([{ site_id: 2, month: '2026-03', days: 2 }]);
    expect(await runRollup(db, { now: NOW + MIN })).toMatchObject({ days: 0, failed: [] });
    expect(await months()).toEqual([{ site_id: 1, month: '2026-03', days: 2 }, { site_id: 2, month: '2026-03', days: 2 }]);
    expect(await failures()).toEqual([]);
  });
});

describe('rebuildMonth', () => {
  it('caps a month like a day, folding the rest into (other) without losing anything', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => eventRow({ ts: D1 + (i % 3) * 24 * H + H + i * 60_000, visitor: 100 + i, pathname: `/item/${i}` }));
    rows.push(eventRow({ ts: D1 + H + 30 * 60_000, visitor: 999, pathname: '/item/0' }));
    append(rows);
    await runRollup(db, { now: NOW + 24 * H + 2 * H });
    {
      const sums = await monthRows(db.kysely, 1, '2026-03', 3);
      await writeStatements(db.kysely, writeMonthStatements(db.kysely, 1, '2026-03', sums));
    }
    const pages = await db.kysely.selectFrom('agg_monthly').select(['value', 'pageviews', 'visitors']).where('dim', '=', 'event:page').orderBy('value').execute();
    expect(pages.map((p) => p.value)).toEqual(['(other)', '/', '/item/0']);
    expect(pages.find((p) => p.value === '/item/0')).toMatchObject({ visitors: 2 });
    const total = await db.kysely.selectFrom('agg_monthly').select('pageviews').where('dim', '=', '').executeTakeFirstOrThrow();
    expect(pages.reduce((n, p) => n + p.pageviews, 0)).toBe(total.pageviews);
  });
});
