import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDayGroupings } from '../engine/compute-day.ts';
import type { EngineFilter } from '../engine/filter-match.ts';
import { DAY, dayWindow, ev, testContext } from '../../tests/helpers/test-events.ts';
import { createTailGroups } from './tail-groups.ts';

const GROUPINGS = [[['event:page'], []], [['visit:source']], [['visit:entry_page', 'visit:exit_page'], ['time:hour']], [['event:goal']]];
const FILTERS: Array<EngineFilter | null> = [
  null,
  { op: 'is', dimension: 'visit:source', values: ['Google'], caseSensitive: true },
  { op: 'is_not', dimension: 'event:page', values: ['/'], caseSensitive: true },
];

const sorted = (groups: Array<Map<string, { values: string[]; m: object }>>) =>
  groups.map((g) =>
    [...g]
      .map(([k, v]) => [k, Object.fromEntries(Object.entries(v.m as Record<string, number>).map(([name, n]) => [name, Math.round(n * 1e6) / 1e6]))] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1)),
  );

describe('tail groupings', () => {
  it('equal a full computation after every batch of new events', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            minute: fc.integer({ min: -40, max: 1_500 }),
            visitor: fc.integer({ min: 1, max: 6 }),
            name: fc.constantFrom('pageview', 'pageview', 'engagement', 'Signup'),
            page: fc.constantFrom('/', '/a', '/b'),
            source: fc.constantFrom('', 'Google'),
            engaged: fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: null }),
            revenue: fc.option(fc.constantFrom(0.1, 0.2, 9.99), { nil: null }),
          }),
          { maxLength: 60 },
        ),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...GROUPINGS),
        fc.constantFrom(...FILTERS),
        (generated, batches, groupings, filter) => {
          const all = dayWindow(
            generated.map((g) =>
              ev(g.minute, g.visitor, {
                name: g.name,
                pathname: g.page,
                referrer_source: g.source,
                engaged_ms: g.name === 'engagement' ? g.engaged : null,
                revenue_amount: g.name === 'Signup' ? g.revenue : null,
              }),
            ),
          ).events;
          const ctx = testContext((e) => (e.name === 'Signup' ? ['Signup'] : []));
          const tail = createTailGroups();
          // The window grows by batches at its end, as the recent-events copy does.
          let n = 0;
          for (const size of [...batches, all.length]) {
            n = Math.min(all.length, n + size);
            const window = { events: all.slice(0, n), start: DAY, end: DAY + 86_400_000 };
            const full = computeDayGroupings(window, groupings, filter, ctx);
            expect(sorted(tail(1, 'k', window, groupings, filter, ctx))).toEqual(sorted(full));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('starts over when the window changes other than by growing at its end', () => {
    const ctx = testContext();
    const tail = createTailGroups();
    const a = ev(0, 1, { pathname: '/a' });
    const b = ev(1, 2, { pathname: '/b' });
    const late = ev(0, 3, { pathname: '/late' });
    const at = (events: ReturnType<typeof ev>[]) => tail(1, 'k', { events, start: DAY, end: DAY + 86_400_000 }, [['event:page']], null, ctx);
    expect([...at([a, b])[0]!.keys()]).toEqual(['/a', '/b']);
    // A late event sorted into the middle: not an extension.
    expect([...at([a, late, b])[0]!.keys()].sort()).toEqual(['/a', '/b', '/late']);
  });
});
