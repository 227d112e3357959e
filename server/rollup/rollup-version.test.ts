import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addSite } from '../admin/sites.ts';
import type { Db } from '../db/connect.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { eventRow, openTestDatabase } from '../../tests/helpers/test-db.ts';
import { execute } from '../query/execute.ts';
import { createClock } from '../calendar.ts';
import { runRollup } from './run.ts';
import { dimensionContext } from '../engine/context.ts';

const H = 3_600_000;
const D1 = Date.UTC(2026, 2, 10);
const NOW = D1 + 49 * H + 45 * 60_000; // days 10 and 11 closed, 12 open
const site = { id: 1, timezone: 'UTC', raw_retention_days: 30 };
const ctx = dimensionContext(createClock('UTC'), () => []);
const pair = { dimensions: ['visit:browser', 'visit:browser_version'], filters: [] };
const range = { from: '2026-03-10', to: '2026-03-11' };
let db: Db;

beforeEach(async () => {
  db = await openTestDatabase();
  await addSite(db.kysely, { domain: 'example.com' });
  createEventAppender(db)([
    eventRow({ ts: D1 + H, visitor: 1, browser: 'Chrome', browser_version: '120' }),
    eventRow({ ts: D1 + 2 * H, visitor: 2, browser: 'Edge', browser_version: '120' }),
    eventRow({ ts: D1 + 26 * H, visitor: 3, browser: 'Chrome', browser_version: '121' }),
  ]);
  await runRollup(db, { now: NOW });
});
afterEach(() => db.close());

const months = () => db.kysely.selectFrom('rollup_months').select(['month', 'days', 'version']).execute();

describe('rollup versions and month sums', () => {
  it('answers stored pairs from aggregates, and from raw events for days an older rollup wrote', async () => {
    const fresh = await execute({ db: db.kysely, site, ctx }, range, pair);
    expect(fresh.source).toBe('aggregates');
    expect(fresh.groups.map((g) => [g.values, g.m.visitors]).sort()).toEqual([[['Chrome', '120'], 1], [['Chrome', '121'], 1], [['Edge', '120'], 1]]);

    // As after an upgrade: the days were written by version 1, which stored no pairs.
    await db.kysely.updateTable('rollup_days').set({ version: 1 }).execute();
    const old = await execute({ db: db.kysely, site, ctx }, range, pair);
    expect(old.source).toBe('events');
    const byKey = (groups: typeof old.groups) => [...groups].sort((a, b) => (a.values.join() < b.values.join() ? -1 : 1));
    expect(byKey(old.groups)).toEqual(byKey(fresh.groups));

    // The next rollup recomputes them, and the month's sums with them.
    expect((await runRollup(db, { now: NOW })).days).toBe(2);
    expect((await execute({ db: db.kysely, site, ctx }, range, pair)).source).toBe('aggregates');
    expect(await months()).toEqual([{ month: '2026-03', days: 2, version: 2 }]);
  });

  it('says why when an older rollup\'s days have no raw events left', async () => {
    await db.kysely.updateTable('rollup_days').set({ version: 1, raw_purged: 1 }).execute();
    await expect(execute({ db: db.kysely, site, ctx }, range, pair)).rejects.toMatchObject({
      status: 400,
      code: 'raw_events_expired',
      message: expect.stringContaining('rolled up by an older version of Cairn'),
    });
    // What version 1 stored still answers.
    expect((await execute({ db: db.kysely, site, ctx }, range, { dimensions: ['visit:browser'], filters: [] })).source).toBe('aggregates');
  });

  it('keeps a month\'s sums out of queries from the moment one of its days is rewritten until the month is rebuilt', async () => {
    expect(await months()).toEqual([{ month: '2026-03', days: 2, version: 2 }]);
    // A crash after a day was rewritten, before its month was rebuilt.
    await db.kysely.deleteFrom('rollup_months').execute();
    await db.kysely.updateTable('agg_monthly').set({ visitors: 999 }).execute();
    const daily = await execute({ db: db.kysely, site, ctx }, range, { dimensions: [], filters: [] });
    expect(daily.groups[0]!.m.visitors).toBe(3);
    // The next run rebuilds months it finds unbuilt, even with no day to roll up.
    expect((await runRollup(db, { now: NOW })).days).toBe(0);
    expect(await months()).toEqual([{ month: '2026-03', days: 2, version: 2 }]);
    expect((await db.kysely.selectFrom('agg_monthly').select('visitors').where('dim', '=', '').executeTakeFirstOrThrow()).visitors).toBe(3);
  });
});
