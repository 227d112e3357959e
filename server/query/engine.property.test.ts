import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addGoal, compileGoals, listGoals } from '../admin/goals.ts';
import { addSite, changeSite } from '../admin/sites.ts';
import { createEventAppender, type EventInsert } from '../db/event-appender.ts';
import { eventRow, openTestDatabase } from '../../tests/helpers/test-db.ts';
import { addDays, createClock, dayStartUtc } from '../calendar.ts';
import type { EngineFilter } from '../engine/filter-match.ts';
import { runRollup } from '../rollup/run.ts';
import { dimensionContext } from '../engine/context.ts';
import { runRetention } from '../retention/run.ts';
import type { QueryRun } from './query-run.ts';
import { execute } from './execute.ts';
import { planQuery } from './plan.ts';

const FIRST = '2026-03-27'; // spans Europe's switch to summer time on 2026-03-29, and a month's end
const DAYS = 7;
const PAGES = ['/', '/pricing', '/blog/a', '/blog/b', '/thanks', '/Docs'];
const SOURCES = ['', 'Google', 'Bing', 'Twitter', 'newsletter'];
const COUNTRIES = ['DE', 'US', 'FR', ''];
const NAMES = ['pageview', 'pageview', 'pageview', 'engagement', 'Signup', 'Download'];

const eventArb = fc.record({
  day: fc.integer({ min: 0, max: DAYS - 1 }),
  minute: fc.integer({ min: 0, max: 1_439 }),
  visitor: fc.integer({ min: 1, max: 12 }),
  name: fc.constantFrom(...NAMES),
  page: fc.constantFrom(...PAGES),
  source: fc.constantFrom(...SOURCES),
  country: fc.constantFrom(...COUNTRIES),
  plan: fc.option(fc.constantFrom('free', 'pro'), { nil: undefined }),
  browser: fc.constantFrom(['Chrome', '120'], ['Chrome', '121'], ['Edge', '120'], ['Firefox', '121']),
  interactive: fc.boolean(),
  engaged: fc.integer({ min: 0, max: 120_000 }),
  scroll: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
});

const DIMENSIONS: Array<string[]> = [
  ...[undefined, 'time:day', 'time:hour', 'time:week', 'time:month',
    'event:page', 'event:name', 'event:goal', 'visit:source', 'visit:country', 'visit:entry_page', 'visit:exit_page', 'visit:channel',
  ].map((d) => (d ? [d] : [])),
  // Stored pairs, in both orders.
  ['visit:browser', 'visit:browser_version'],
  ['visit:browser_version', 'visit:browser'],
];

/** The custom-events tab's filter, whose totals the rollup stores. */
const CUSTOM_EVENTS: EngineFilter = { op: 'is_not', dimension: 'event:name', values: ['engagement', 'pageview'], caseSensitive: true };

const FILTERABLE = ['event:page', 'event:goal', 'visit:source', 'visit:country', 'visit:entry_page', 'event:props:plan'];

const filterArb = (dimension: string): fc.Arbitrary<EngineFilter> =>
  fc.record({
    op: fc.constantFrom('is', 'is_not', 'contains', 'contains_not', 'matches') as fc.Arbitrary<'is'>,
    values: fc.array(fc.constantFrom(...PAGES, ...SOURCES.filter(Boolean), ...COUNTRIES.filter(Boolean), 'Signup', 'blog', 'o'), { minLength: 1, maxLength: 2 }),
    caseSensitive: fc.boolean(),
  }).map((f) => ({ ...f, dimension, values: f.op === ('matches' as string) ? f.values.map((v) => `^${v.replace(/[/.]/g, '\\$&')}`) : f.values }));

describe('query engine: aggregates and raw events agree', () => {
  it('for random streams, time zones, ranges, breakdowns and filters, also after retention', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
        fc.array(eventArb, { minLength: 1, maxLength: 120 }),
        fc.array(
          fc.record({
            dimensions: fc.constantFrom(...DIMENSIONS),
            from: fc.integer({ min: 0, max: DAYS - 1 }),
            length: fc.integer({ min: 1, max: DAYS }),
            filtered: fc.boolean(),
          }).chain((q): fc.Arbitrary<typeof q & { filter: EngineFilter | undefined }> => {
            if (!q.filtered) return fc.constant({ ...q, filter: undefined });
            // Half the filters are on the broken-down dimension (aggregates answer), half on any.
            const [only, ...more] = q.dimensions;
            const own = only && more.length === 0 && !only.startsWith('time:') ? [only, only] : [];
            const custom = q.dimensions.length === 0 ? [fc.constant(CUSTOM_EVENTS)] : [];
            return fc
              .oneof(fc.constantFrom(...own, ...FILTERABLE).chain(filterArb), ...custom)
              .map((f) => ({ ...q, filter: f }));
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (timezone, generated, queries) => {
          const db = await openTestDatabase();
          await addSite(db.kysely, { domain: 'example.com', timezone });
          await addGoal(db.kysely, 'example.com', { event: 'Signup' });
          await addGoal(db.kysely, 'example.com', { page: '/blog/**' });
          const rows: EventInsert[] = generated.map((g) => {
            const start = dayStartUtc(addDays(FIRST, g.day), timezone);
            const engagement = g.name === 'engagement';
            return eventRow({
              ts: start + g.minute * 60_000,
              visitor: g.visitor,
              name: g.name,
              pathname: g.page,
              referrer_source: g.source,
              channel: g.source ? 'Referral' : 'Direct',
              country: g.country,
              browser: g.browser[0],
              browser_version: g.browser[1],
              props: g.plan && !engagement ? JSON.stringify({ plan: g.plan }) : null,
              interactive: engagement || g.name === 'pageview' ? 0 : Number(g.interactive),
              engaged_ms: engagement ? g.engaged : null,
              scroll_depth: engagement ? g.scroll : null,
            });
          });
          rows.sort((a, b) => a.ts - b.ts);
          createEventAppender(db)(rows);

          // The last generated day stays open: its events come from the raw tail.
          const lastDay = addDays(FIRST, DAYS - 1);
          const now = dayStartUtc(lastDay, timezone) + 12 * 3_600_000;
          await runRollup(db, { now });
          const site = (await db.kysely.selectFrom('sites').selectAll().executeTakeFirstOrThrow());
          const ctx = dimensionContext(createClock(timezone), compileGoals(await listGoals(db.kysely, site.id)));
          const planner: QueryRun = { db: db.kysely, site, ctx };
          const raw: QueryRun = { ...planner, forceEvents: true };

          const answers: Array<{ range: { from: string; to: string }; sel: { dimensions: string[]; filters: EngineFilter[] }; raw: unknown }> = [];
          for (const q of queries) {
            const from = addDays(FIRST, q.from);
            const to = addDays(FIRST, Math.min(DAYS - 1, q.from + q.length - 1));
            const sel = { dimensions: q.dimensions, filters: q.filter ? [q.filter] : [] };
            const range = { from, to };
            const fromAggregates = await execute(planner, range, sel);
            const fromEvents = await execute(raw, range, sel);
            expect(normalize(fromAggregates.groups)).toEqual(normalize(fromEvents.groups));
            // Totals given by the same pass as the groups equal the totals asked for on their own.
            const total = (await execute(raw, range, { dimensions: [], filters: sel.filters })).groups;
            for (const run of [planner, raw]) {
              const shared = (await execute(run, range, sel, { withTotals: true })).totals;
              // The same pass gives totals for a breakdown read from raw events, and for an unfiltered one from aggregates.
              const fromRaw = run.forceEvents === true || planQuery(sel.dimensions, sel.filters).source === 'events';
              expect(shared !== undefined).toBe(sel.dimensions.length > 0 && (fromRaw || sel.filters.length === 0));
              if (shared) expect(normalize([{ values: [], m: shared }])).toEqual(normalize(total));
            }
            answers.push({ range, sel, raw: normalize(fromEvents.groups) });
          }

          // Retention 0: raw events of every rolled-up day go; the aggregates still answer the same.
          await changeSite(db.kysely, 'example.com', { rawRetentionDays: 0 });
          const count = async () => Number((await db.kysely.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
          const before = await count();
          const retained = await runRetention(db, { now });
          expect(retained.sites[0]!.rawEvents).toBe(before - (await count()));
          // Queries the aggregates cannot answer now get a 400 saying so, unless their days kept raw events.
          const purged = new Set((await db.kysely.selectFrom('rollup_days').select('day').where('raw_purged', '=', 1).execute()).map((r) => r.day));
          for (const a of answers) {
            const needsRaw = planQuery(a.sel.dimensions, a.sel.filters).source === 'events';
            const touchesPurged = [...purged].some((d) => d >= a.range.from && d <= a.range.to);
            const after = execute({ ...planner, site: { ...site, raw_retention_days: 0 } }, a.range, a.sel);
            if (needsRaw && touchesPurged) await expect(after).rejects.toMatchObject({ status: 400, code: 'raw_events_expired' });
            else expect(normalize((await after).groups)).toEqual(a.raw);
          }
          await db.close();
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});

function normalize(groups: Array<{ values: string[]; m: object }>) {
  return groups
    .filter((g) => Object.values(g.m as Record<string, number>).some((v) => v !== 0))
    .map((g) => [g.values.join(' | '), Object.fromEntries(Object.entries(g.m as Record<string, number>).map(([k, v]) => [k, Math.round(v * 1e6) / 1e6]))] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
