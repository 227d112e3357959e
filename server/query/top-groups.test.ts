import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addSite } from '../admin/sites.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { eventRow, openTestDatabase } from '../../tests/helpers/test-db.ts';
import { addDays, createClock, dayStartUtc } from '../calendar.ts';
import { runRollup } from '../rollup/run.ts';
import { contextKey, dimensionContext } from '../engine/context.ts';
import { createRecentEvents } from './recent-events.ts';
import { runQuery, type QuerySpec } from './run-query.ts';
import { execute } from './execute.ts';
import type { Group } from '../engine/compute-day.ts';

const FIRST = '2026-03-27';
const DAYS = 6;

describe('top groups', () => {
  it('gives the rows a full read gives, with many values, ties and a raw tail', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            day: fc.integer({ min: 0, max: DAYS - 1 }),
            minute: fc.integer({ min: 0, max: 1_439 }),
            visitor: fc.integer({ min: 1, max: 60 }),
            // Skewed: a few popular pages, a long tail of rare ones (more than the first read takes).
            page: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 150 })),
          }),
          { minLength: 150, maxLength: 400 },
        ),
        fc.constantFrom('event:page', 'visit:entry_page', 'visit:source'),
        fc.constantFrom(['visitors', 'percentage'], ['pageviews', 'visitors'], ['visits']),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: DAYS - 1 }),
        async (generated, dimension, metrics, limit, offset, from) => {
          const db = await openTestDatabase();
          await addSite(db.kysely, { domain: 'example.com', timezone: 'UTC' });
          // A page rare before the last day and popular on it: only the tail can lift it into the top.
          const trending = generated.slice(0, 30).map((g, i) => ({ ...g, day: DAYS - 1, visitor: 100 + i, page: 140 }));
          const rows = [...generated, ...trending].map((g) =>
            eventRow({
              ts: dayStartUtc(addDays(FIRST, g.day), 'UTC') + g.minute * 60_000,
              visitor: g.visitor,
              pathname: `/p${g.page}`,
              referrer_source: `s${g.page % 70}`,
            }),
          );
          createEventAppender(db)(rows.sort((a, b) => a.ts - b.ts));
          // The last day stays open: it is the raw tail.
          const now = dayStartUtc(addDays(FIRST, DAYS - 1), 'UTC') + 12 * 3_600_000;
          await runRollup(db, { now });
          const site = await db.kysely.selectFrom('sites').selectAll().executeTakeFirstOrThrow();
          const ctx = dimensionContext(createClock('UTC'), () => [], contextKey('UTC', []));
          const range = { from: addDays(FIRST, from), to: addDays(FIRST, DAYS - 1) };
          const q: QuerySpec = { metrics, dimensions: [dimension], filters: [], orderBy: [], limit, offset, totalRows: false };
          const recent = createRecentEvents(db.kysely);
          const run = { db: db.kysely, site, ctx, recent };
          const pruned = await runQuery(run, q, range, null);
          // total_rows needs every group, so it reads them all.
          const full = await runQuery(run, { ...q, totalRows: true }, range, null);
          expect(pruned.results).toEqual(full.results);

          // The pruning itself, with a first read of a few values: the best `count` come out the same.
          const count = limit + offset;
          const has = (m: string) => (metrics as readonly string[]).includes(m);
          const by = has('pageviews') ? 'pageviews' : has('visits') ? 'visits' : 'visitors';
          const sel = { dimensions: [dimension], filters: [], metrics };
          const best = (groups: Group[]) =>
            [...groups].sort((a, b) => b.m[by] - a.m[by] || (a.values[0]! < b.values[0]! ? -1 : 1)).slice(0, count).map((g) => [g.values, g.m[by]]);
          const all = await execute(run, range, sel);
          for (const firstRead of [count, count + 1, 3 * count]) {
            const some = await execute(run, range, sel, { top: { by, count, firstRead } });
            expect(best(some.groups)).toEqual(best(all.groups));
          }
          await db.close();
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
