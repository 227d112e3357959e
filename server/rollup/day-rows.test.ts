import { describe, expect, it } from 'vitest';
import { dayRows } from './day-rows.ts';
import { OTHER } from './stored-dimensions.ts';
import { dayWindow, ev, testContext } from './test-events.ts';

describe('dayRows', () => {
  it('stores totals, every stored dimension, used property keys and hourly totals', () => {
    const { rows, hours } = dayRows(dayWindow([ev(0, 1, { pathname: '/a', props: '{"plan":"pro"}', name: 'Signup' }), ev(61, 2, { pathname: '/b' })]), testContext());
    const dims = new Set(rows.map((r) => r.dim));
    expect(dims).toContain('');
    expect(dims).toContain('event:page');
    expect(dims).toContain('visit:source');
    expect(dims).toContain('event:props:plan');
    expect(rows.find((r) => r.dim === '')).toMatchObject({ visitors: 2, pageviews: 1, events: 2 });
    expect(hours.map((h) => h.hour)).toEqual(['2026-03-10T00', '2026-03-10T01']);
  });

  it('caps the values per dimension and day, summing the rest into (other)', () => {
    const events = Array.from({ length: 30 }, (_, i) => ev(i, i, { pathname: `/item/${i}` }));
    events.push(ev(40, 100, { pathname: '/item/0' }), ev(41, 101, { pathname: '/item/0' }));
    const pages = dayRows(dayWindow(events), testContext(), 5).rows.filter((r) => r.dim === 'event:page');
    expect(pages).toHaveLength(5);
    expect(pages[0]).toMatchObject({ value: '/item/0', visitors: 3 });
    const other = pages.find((r) => r.value === OTHER)!;
    expect(other).toMatchObject({ visitors: 26, pageviews: 26 });
    // Nothing is lost: the capped rows add up to the totals.
    expect(pages.reduce((n, r) => n + r.pageviews, 0)).toBe(32);
  });
});
