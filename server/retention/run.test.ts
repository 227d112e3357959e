import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addSite, changeSite } from '../admin/sites.ts';
import type { Db } from '../db/connect.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { eventRow, openTestDatabase } from '../../tests/helpers/test-db.ts';
import { runRollup } from '../rollup/run.ts';
import { runRetention } from './run.ts';

const H = 3_600_000;
const D1 = Date.UTC(2026, 0, 1);
let db: Db;
const count = async (table: 'events' | 'agg_daily') =>
  Number((await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

beforeEach(async () => {
  db = await openTestDatabase();
  await addSite(db.kysely, { domain: 'example.com' });
  // One page view at noon on each of 60 days.
  createEventAppender(db)(Array.from({ length: 60 }, (_, i) => eventRow({ ts: D1 + i * 24 * H + 12 * H, visitor: i })));
});
afterEach(() => db.close());

describe('runRetention', () => {
  it('deletes raw events past the retention, but only of rolled-up days', async () => {
    const now = D1 + 60 * 24 * H; // the 61st day, 00:00: day 60 is not closed yet
    await changeSite(db.kysely, 'example.com', { rawRetentionDays: 10 });
    // Nothing rolled up: nothing may go.
    expect((await runRetention(db, { now })).sites[0]).toMatchObject({ rawEvents: 0 });
    expect(await count('events')).toBe(60);
    await runRollup(db, { now });
    const dry = await runRetention(db, { now, dryRun: true });
    expect(dry.sites[0]).toMatchObject({ rawBefore: '2026-02-20', rawEvents: 50 });
    expect(await count('events')).toBe(60);
    await runRetention(db, { now });
    expect(await count('events')).toBe(10);
    const purged = await db.kysely.selectFrom('rollup_days').select('day').where('raw_purged', '=', 1).execute();
    expect(purged).toHaveLength(50);
  });

  it('ends early when asked to (a shutdown), marking no day purged whose events are not all gone', async () => {
    const now = D1 + 60 * 24 * H;
    await changeSite(db.kysely, 'example.com', { rawRetentionDays: 10 });
    await runRollup(db, { now });
    await runRetention(db, { now, shouldStop: () => true });
    expect(await count('events')).toBe(60);
    expect(await db.kysely.selectFrom('rollup_days').select('day').where('raw_purged', '=', 1).execute()).toEqual([]);
    await runRetention(db, { now });
    expect(await count('events')).toBe(10);
  });

  it('with 0 days keeps raw events only until their day is rolled up', async () => {
    const now = D1 + 60 * 24 * H;
    await changeSite(db.kysely, 'example.com', { rawRetentionDays: 0 });
    await runRollup(db, { now });
    await runRetention(db, { now });
    // Day 60 is still open (it closes at 01:30 on day 61).
    expect(await count('events')).toBe(1);
  });

  it('deletes aggregates past their retention in months', async () => {
    const now = D1 + 60 * 24 * H + 2 * H;
    await runRollup(db, { now });
    const before = await count('agg_daily');
    await changeSite(db.kysely, 'example.com', { aggregateRetentionMonths: 1 });
    const report = await runRetention(db, { now });
    expect(report.sites[0]).toMatchObject({ aggregatesBefore: '2026-02-01' });
    const left = await db.kysely.selectFrom('agg_daily').select('day').distinct().orderBy('day').execute();
    expect(left[0]!.day).toBe('2026-02-01');
    expect(await count('agg_daily')).toBeLessThan(before);
    const months = await db.kysely.selectFrom('agg_monthly').select('month').distinct().orderBy('month').execute();
    expect(months).toEqual([{ month: '2026-02' }, { month: '2026-03' }]);
  });

  it('keeps the raw events of a day whose rollup failed until a retry rolls it up', async () => {
    const now = D1 + 60 * 24 * H;
    await changeSite(db.kysely, 'example.com', { rawRetentionDays: 10 });
    const failed = '2026-01-20';
    const report = await runRollup(db, {
      now,
      beforeWrite: (_site, period) => {
        if (period === failed) throw new Error('injected failure');
      },
    });
    expect(report.failed).toMatchObject([{ day: failed }]);
    await runRetention(db, { now });
    // Days before the failed one go; the failed day and everything after it stay.
    expect(await count('events')).toBe(60 - 19);
    const kept = await db.kysely.selectFrom('events').select('ts').orderBy('ts').executeTakeFirstOrThrow();
    expect(new Date(kept.ts).toISOString()).toBe(`${failed}T12:00:00.000Z`);
    // Once a retry rolls it up, retention catches up.
    expect(await runRollup(db, { now: now + 60 * 60_000 })).toMatchObject({ days: 1, failed: [] });
    await runRetention(db, { now: now + 60 * 60_000 });
    expect(await count('events')).toBe(10);
  });

  // Known gap, for server/retention/run.ts: firstGap looks for the first unrolled day from the first
  // rolled one on, so a failed day before every rolled day (a site's or an import's first day) is
  // purged unrolled. Retention should also stop at the first unrolled day from the site's first
  // event, and at the first day in rollup_failures. Turn this into `it` with that fix.
  it('keeps the raw events of a failed day before every rolled day (the first day of an import)', async () => {
    const now = D1 + 60 * 24 * H;
    await changeSite(db.kysely, 'example.com', { rawRetentionDays: 10 });
    const report = await runRollup(db, {
      now,
      beforeWrite: (_site, period) => {
        if (period === '2026-01-01') throw new Error('injected failure');
      },
    });
    expect(report.failed).toMatchObject([{ day: '2026-01-01' }]);
    await runRetention(db, { now });
    expect(await count('events')).toBe(60);
  });

  it('deletes the events of deleted sites', async () => {
    await db.kysely.deleteFrom('sites').execute();
    await runRetention(db, { now: D1 + 61 * 24 * H });
    expect(await count('events')).toBe(0);
  });
});
