import { describe, expect, it } from 'vitest';
import { dayRows } from './day-rows.ts';
import { CUSTOM_EVENTS_DIM, OTHER, PAIR_SEP } from '../engine/stored-dimensions.ts';
import { dayWindow, ev, testContext } from '../../tests/helpers/test-events.ts';

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

  it('stores browser and OS versions paired with their names, and the totals of custom events', () => {
    const { rows } = dayRows(
      dayWindow([
        ev(0, 1, { browser: 'Chrome', browser_version: '120', os: 'Windows', os_version: '11' }),
        ev(1, 1, { name: 'Signup', browser: 'Chrome', browser_version: '120', os: 'Windows', os_version: '11' }),
        ev(2, 2, { browser: 'Edge', browser_version: '120', os: 'Windows', os_version: '10' }),
        ev(3, 3, { name: 'Download', browser: 'Firefox', browser_version: '121' }),
        ev(4, 3, { name: 'Signup', browser: 'Firefox', browser_version: '121' }),
        ev(5, 4, { name: 'engagement' }),
      ]),
      testContext(),
    );
    const of = (dim: string) => Object.fromEntries(rows.filter((r) => r.dim === dim).map((r) => [r.value, r.visitors]));
    // Version 120 of Chrome and of Edge stay apart.
    expect(of('visit:browser+visit:browser_version')).toMatchObject({ [`Chrome${PAIR_SEP}120`]: 1, [`Edge${PAIR_SEP}120`]: 1, [`Firefox${PAIR_SEP}121`]: 1 });
    expect(of('visit:os+visit:os_version')).toMatchObject({ [`Windows${PAIR_SEP}11`]: 1, [`Windows${PAIR_SEP}10`]: 1 });
    // Visitors 1 and 3 sent custom events (3 sent two names): two visitors, three events.
    expect(rows.find((r) => r.dim === CUSTOM_EVENTS_DIM)).toMatchObject({ visitors: 2, events: 3, pageviews: 0 });
  });

  it('caps a pair like any dimension', () => {
    const events = Array.from({ length: 10 }, (_, i) => ev(i, i, { browser: 'Chrome', browser_version: String(100 + i) }));
    const pairs = dayRows(dayWindow(events), testContext(), 3).rows.filter((r) => r.dim === 'visit:browser+visit:browser_version');
    expect(pairs).toHaveLength(3);
    expect(pairs.find((r) => r.value === OTHER)).toMatchObject({ visitors: 8 });
  });
});
