import { describe, expect, it } from 'vitest';
import { computeDay } from './compute-day.ts';
import { emptyColumns } from './metric-columns.ts';
import { dayWindow, ev, testContext } from '../../tests/helpers/test-events.ts';

const ctx = testContext((e) => (e.name === 'Signup' ? ['Signup'] : e.name === 'pageview' && e.pathname.startsWith('/thanks') ? ['Visit /thanks*'] : []));
const totals = (events: ReturnType<typeof ev>[], filter = null as Parameters<typeof computeDay>[2]) =>
  computeDay(dayWindow(events), [], filter, ctx).get('')?.m ?? emptyColumns();
const by = (events: ReturnType<typeof ev>[], dim: string) =>
  Object.fromEntries([...computeDay(dayWindow(events), [dim], null, ctx)].map(([k, g]) => [k, g.m]));

describe('computeDay: metric definitions on hand-written streams', () => {
  it('counts visitors once a day, visits by 30-minute gaps, page views and events', () => {
    const m = totals([
      ev(0, 1, { pathname: '/' }),
      ev(10, 1, { pathname: '/a' }),
      ev(45, 1, { pathname: '/b' }), // 35 minutes later: a new visit
      ev(60, 1, { name: 'Signup', interactive: 1 }),
      ev(5, 2, { pathname: '/' }),
    ]);
    expect(m).toMatchObject({ visitors: 2, visits: 3, pageviews: 4, events: 5 });
  });

  it('defines a bounce as one page view and no interactive custom event', () => {
    const m = totals([
      ev(0, 1), // bounce
      ev(0, 2), ev(1, 2, { name: 'Scroll', interactive: 0 }), // bounce: the custom event is not interactive
      ev(0, 3), ev(1, 3, { name: 'Signup', interactive: 1 }), // not a bounce
      ev(0, 4), ev(2, 4, { pathname: '/b' }), // not a bounce
    ]);
    expect(m).toMatchObject({ visits: 4, bounces: 2 });
  });

  it('measures visit duration from the first to the last event, engagement included', () => {
    const m = totals([
      ev(0, 1), ev(4, 1, { pathname: '/b' }), ev(6, 1, { name: 'engagement', engaged_ms: 90_000, scroll_depth: 50 }),
      ev(0, 2),
    ]);
    expect(m.duration_ms).toBe(6 * 60_000);
    expect(m.visits).toBe(2);
  });

  it('takes entry and exit pages and visit attributes from the visit', () => {
    const events = [
      ev(0, 1, { pathname: '/land', referrer_source: 'Google' }),
      ev(5, 1, { pathname: '/leave', referrer_source: '' }),
      ev(0, 2, { pathname: '/land', referrer_source: '' }),
    ];
    expect(by(events, 'visit:entry_page')).toMatchObject({ '/land': { visits: 2, visitors: 2 } });
    expect(by(events, 'visit:exit_page')).toMatchObject({ '/leave': { visits: 1 }, '/land': { visits: 1 } });
    const sources = by(events, 'visit:source');
    expect(sources.Google).toMatchObject({ visitors: 1, visits: 1, pageviews: 2 });
    expect(sources['']).toMatchObject({ visitors: 1, visits: 1, pageviews: 1 });
  });

  it('counts per page: visitors, page views, visits that include it, and their bounces', () => {
    const pages = by(
      [ev(0, 1, { pathname: '/a' }), ev(1, 1, { pathname: '/b' }), ev(2, 1, { pathname: '/a' }), ev(0, 2, { pathname: '/a' })],
      'event:page',
    );
    expect(pages['/a']).toMatchObject({ visitors: 2, pageviews: 3, visits: 2, bounces: 1 });
    expect(pages['/b']).toMatchObject({ visitors: 1, pageviews: 1, visits: 1, bounces: 0 });
  });

  it('averages engaged time and the deepest scroll per viewed page', () => {
    const pages = by(
      [
        ev(0, 1, { pathname: '/a' }),
        ev(1, 1, { pathname: '/a', name: 'engagement', engaged_ms: 20_000, scroll_depth: 40 }),
        ev(2, 1, { pathname: '/a', name: 'engagement', engaged_ms: 10_000, scroll_depth: 80 }),
        ev(0, 2, { pathname: '/a' }),
        ev(3, 2, { pathname: '/a', name: 'engagement', engaged_ms: 30_000, scroll_depth: 20 }),
      ],
      'event:page',
    );
    expect(pages['/a']).toMatchObject({ pageviews: 2, engaged_ms: 60_000, engaged_views: 2, scroll_sum: 100, scroll_views: 2 });
  });

  it('lets a heartbeat (engagement without time) lengthen the visit without counting an engaged view', () => {
    const [total] = Object.values(
      by([ev(0, 1, { pathname: '/a' }), ev(10, 1, { pathname: '/a', name: 'engagement', engaged_ms: null }), ev(12, 1, { pathname: '/a', name: 'engagement', engaged_ms: 4_000 })], 'event:page'),
    );
    expect(total).toMatchObject({ visits: 1, duration_ms: 12 * 60_000, engaged_ms: 4_000, engaged_views: 1 });
    const [alone] = Object.values(by([ev(0, 1, { pathname: '/a' }), ev(10, 1, { pathname: '/a', name: 'engagement', engaged_ms: null })], 'event:page'));
    expect(alone).toMatchObject({ duration_ms: 10 * 60_000, engaged_views: 0 });
  });

  it('counts goal conversions and revenue', () => {
    const goals = by(
      [
        ev(0, 1), ev(1, 1, { name: 'Signup', interactive: 1, revenue_amount: 10 }), ev(2, 1, { name: 'Signup', interactive: 1, revenue_amount: 5 }),
        ev(0, 2, { pathname: '/thanks/you' }),
        ev(0, 3),
      ],
      'event:goal',
    );
    expect(goals.Signup).toMatchObject({ visitors: 1, events: 2, revenue: 15, visits: 1 });
    expect(goals['Visit /thanks*']).toMatchObject({ visitors: 1, events: 1, pageviews: 1 });
    expect(Object.keys(goals).sort()).toEqual(['Signup', 'Visit /thanks*']);
  });

  it('breaks down by property values, with (none) for events without the property', () => {
    const plans = by(
      [ev(0, 1, { name: 'Signup', props: '{"plan":"pro"}' }), ev(0, 2, { name: 'Signup', props: '{"plan":"free"}' }), ev(0, 3)],
      'event:props:plan',
    );
    expect(Object.fromEntries(Object.entries(plans).map(([k, m]) => [k, m.events]))).toEqual({ pro: 1, free: 1, '(none)': 1 });
  });

  it('reads a property named like an Object.prototype member only on events that have it', () => {
    // Also through a context that hands out ordinary objects, whose absent keys are inherited members.
    const ordinary: typeof ctx = { ...ctx, props: (e) => (e.props ? (JSON.parse(e.props) as Record<string, string>) : null) };
    const events = [ev(0, 1, { name: 'Signup', props: '{"constructor":"a","__proto__":"b"}' }), ev(0, 2, { name: 'Signup', props: '{"plan":"pro"}' }), ev(0, 3)];
    const expected: Array<[string, Array<[string, number]>]> = [
      ['constructor', [['a', 1], ['(none)', 2]]],
      ['__proto__', [['b', 1], ['(none)', 2]]],
      ['toString', [['(none)', 3]]],
    ];
    for (const context of [ctx, ordinary]) {
      for (const [key, counts] of expected) {
        const groups = computeDay(dayWindow(events), [`event:props:${key}`], null, context);
        expect(new Map([...groups].map(([value, g]) => [value, g.m.events])), key).toEqual(new Map(counts));
      }
    }
  });

  it('applies filters to events, and to visits through the events they contain', () => {
    const events = [
      ev(0, 1, { pathname: '/blog/a', referrer_source: 'Google' }), ev(1, 1, { pathname: '/pricing' }),
      ev(0, 2, { pathname: '/pricing', referrer_source: 'Bing' }),
    ];
    const blog = totals(events, { op: 'contains', dimension: 'event:page', values: ['/blog'], caseSensitive: true });
    expect(blog).toMatchObject({ visitors: 1, pageviews: 1, visits: 1, bounces: 0 });
    const google = totals(events, { op: 'is', dimension: 'visit:source', values: ['google'], caseSensitive: false });
    expect(google).toMatchObject({ visitors: 1, pageviews: 2, visits: 1 });
    const notGoogle = totals(events, { op: 'not', filter: { op: 'is', dimension: 'visit:source', values: ['Google'], caseSensitive: true } });
    expect(notGoogle).toMatchObject({ visitors: 1, pageviews: 1, visits: 1 });
  });

  it('counts a visit on the day it starts, and the events of each day on their day', () => {
    // Starts 20 minutes before midnight of DAY+1, continues after it.
    const late = [ev(1_420, 1), ev(1_445, 1, { pathname: '/after' })];
    expect(totals(late)).toMatchObject({ visits: 1, pageviews: 1, visitors: 1, duration_ms: 25 * 60_000 });
    const nextDay = computeDay(dayWindow(late, Date.UTC(2026, 2, 11)), [], null, ctx).get('')!.m;
    expect(nextDay).toMatchObject({ visits: 0, pageviews: 1, visitors: 1 });
  });

  it('groups time by hour and by the visit start', () => {
    const hours = by([ev(0, 1), ev(70, 1), ev(75, 2)], 'time:hour');
    expect(hours['2026-03-10T00']).toMatchObject({ visitors: 1, visits: 1, pageviews: 1 });
    expect(hours['2026-03-10T01']).toMatchObject({ visitors: 2, visits: 2, pageviews: 2 });
  });
});
