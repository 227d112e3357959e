import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addSite } from '../admin/sites.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { eventRow, openTestDatabase } from '../../tests/helpers/test-db.ts';
import { addDays, createClock, dayStartUtc } from '../calendar.ts';
import type { EngineFilter } from '../engine/filter-match.ts';
import { dimensionContext } from '../engine/context.ts';
import { execute } from './execute.ts';
import { visitorNarrowings } from './visitor-narrowing.ts';

const is = (dimension: string, values: string[], caseSensitive = true): EngineFilter => ({ op: 'is', dimension, values, caseSensitive });

describe('visitorNarrowings', () => {
  it('narrows by positive case-sensitive is leaves, also inside and', () => {
    expect(visitorNarrowings([is('visit:country', ['DE']), { op: 'and', filters: [is('event:page', ['/a', '/b'])] }])).toEqual([
      { column: 'country', values: ['DE'] },
      { column: 'pathname', values: ['/a', '/b'] },
    ]);
  });

  it('does not narrow by what a visitor without a matching event could still pass', () => {
    const none = [
      is('visit:country', ['de'], false),
      { op: 'is_not', dimension: 'visit:country', values: ['DE'], caseSensitive: true },
      { op: 'or', filters: [is('visit:country', ['DE']), is('event:page', ['/'])] },
      { op: 'not', filter: is('visit:country', ['DE']) },
      is('event:goal', ['Signup']),
      is('event:props:plan', ['pro']),
      { op: 'contains', dimension: 'event:page', values: ['/a'], caseSensitive: true },
    ] satisfies EngineFilter[];
    for (const f of none) expect(visitorNarrowings([f])).toEqual([]);
  });
});

const FIRST = '2026-03-27';
const DAYS = 5;
const PAGES = ['/', '/pricing', '/blog/a', '/Docs'];
const COUNTRIES = ['DE', 'US', ''];

const leafArb: fc.Arbitrary<EngineFilter> = fc.oneof(
  fc.record({ dimension: fc.constant('visit:country'), values: fc.subarray(COUNTRIES, { minLength: 1 }) }),
  fc.record({ dimension: fc.constantFrom('event:page', 'visit:entry_page', 'visit:exit_page'), values: fc.subarray(PAGES, { minLength: 1 }) }),
  fc.record({ dimension: fc.constant('event:name'), values: fc.subarray(['pageview', 'Signup', 'engagement'], { minLength: 1 }) }),
).chain((leaf) =>
  fc.record({ op: fc.constantFrom('is', 'is', 'is_not'), caseSensitive: fc.boolean() }).map((f) => ({ ...leaf, ...f }) as EngineFilter),
);
const filterArb: fc.Arbitrary<EngineFilter[]> = fc.array(
  fc.oneof(leafArb, fc.array(leafArb, { minLength: 1, maxLength: 2 }).map((filters) => ({ op: 'and' as const, filters }))),
  { minLength: 1, maxLength: 3 },
);

describe('visitor narrowing', () => {
  it('leaves every raw answer as it was without narrowing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            day: fc.integer({ min: 0, max: DAYS - 1 }),
            minute: fc.integer({ min: 0, max: 1_439 }),
            visitor: fc.integer({ min: 1, max: 8 }),
            name: fc.constantFrom('pageview', 'pageview', 'engagement', 'Signup'),
            // '/docs' only in events: a case-insensitive filter for '/Docs' matches it.
            page: fc.constantFrom(...PAGES, '/docs'),
            country: fc.constantFrom(...COUNTRIES),
          }),
          { minLength: 1, maxLength: 80 },
        ),
        fc.constantFrom([], ['event:page'], ['visit:country'], ['visit:entry_page'], ['time:day']),
        filterArb,
        fc.constantFrom(1, 3, DAYS),
        async (generated, dimensions, filters, length) => {
          const db = await openTestDatabase();
          await addSite(db.kysely, { domain: 'example.com', timezone: 'UTC' });
          const rows = generated.map((g) =>
            eventRow({
              ts: dayStartUtc(addDays(FIRST, g.day), 'UTC') + g.minute * 60_000,
              visitor: g.visitor,
              name: g.name,
              pathname: g.page,
              country: g.country,
              engaged_ms: g.name === 'engagement' ? 5_000 : null,
            }),
          );
          createEventAppender(db)(rows.sort((a, b) => a.ts - b.ts));
          const site = await db.kysely.selectFrom('sites').selectAll().executeTakeFirstOrThrow();
          const ctx = dimensionContext(createClock('UTC'), () => []);
          const range = { from: FIRST, to: addDays(FIRST, length - 1) };
          const sel = { dimensions, filters };
          const raw = { db: db.kysely, site, ctx, forceEvents: true };
          const narrowed = await execute(raw, range, sel);
          const whole = await execute(raw, range, sel, { narrow: false });
          expect(sorted(narrowed.groups)).toEqual(sorted(whole.groups));
          await db.close();
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);
});

const sorted = (groups: Array<{ values: string[] }>) => [...groups].sort((a, b) => (a.values.join() < b.values.join() ? -1 : 1));
