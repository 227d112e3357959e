import type { MetricColumns } from '../db/schema.ts';
import { dimensionValues, type DimensionContext } from './dimensions.ts';
import { matchesFilter, type EngineFilter } from './filter-match.ts';
import { emptyColumns } from './metric-columns.ts';
import type { RawEvent } from './raw-event.ts';
import { buildVisits, isBounce, type Visit } from './sessions.ts';

export interface Group {
  values: string[];
  m: MetricColumns;
}

export interface DayWindow {
  /** Events from 30 minutes before the day's start to 90 minutes after its end, in time order. */
  events: readonly RawEvent[];
  /** The day's bounds, epoch ms [start, end). */
  start: number;
  end: number;
}

/** Keys are the dimension values joined with a separator no value contains after JSON. */
const SEP = '\u0000';

/**
 * The metric components of one site-local day, grouped by `dimensions`, for the events that
 * pass `filter`. The single definition of every metric: rollups store its output per day,
 * raw queries sum it over days, so both sources agree by construction.
 *
 * - Event metrics (visitors, pageviews, events, engagement, revenue) count the day's events;
 *   visitors are distinct per day. Engagement events count only toward engagement.
 * - Visit metrics (visits, bounces, duration) count visits that start on the day and contain a
 *   matching event, under every key one of those events has (time keys use the visit's start).
 */
export function computeDay(window: DayWindow, dimensions: readonly string[], filter: EngineFilter | null, ctx: DimensionContext): Map<string, Group> {
  const { events, start, end } = window;
  const { visits, visitOf } = buildVisits(events);
  const groups = new Map<string, Group>();
  const seenVisitors = new Set<string>();
  const visitKeys = new Map<number, Set<string>>();
  const engagedViews = new Map<string, Map<string, number>>();
  const group = (key: string, values: string[]) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { values, m: emptyColumns() }));
    return g;
  };

  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const vi = visitOf[i]!;
    const v: Visit = vi >= 0 ? visits[vi]! : loneVisit(e);
    if (filter && !matchesFilter(filter, e, v, ctx)) continue;
    const inDay = e.ts >= start && e.ts < end;
    if (inDay) {
      for (const values of combinations(dimensions, e, v, ctx, e.ts)) {
        const key = values.join(SEP);
        const g = group(key, values).m;
        countEvent(g, e, key, vi, seenVisitors, engagedViews);
      }
    }
    if (vi >= 0 && v.start >= start && v.start < end && e.name !== 'engagement') {
      let keys = visitKeys.get(vi);
      if (!keys) visitKeys.set(vi, (keys = new Set()));
      for (const values of combinations(dimensions, e, v, ctx, v.start)) {
        const key = values.join(SEP);
        if (!keys.has(key)) {
          keys.add(key);
          group(key, values);
        }
      }
    }
  }

  for (const [vi, keys] of visitKeys) {
    const v = visits[vi]!;
    for (const key of keys) {
      const m = groups.get(key)!.m;
      m.visits++;
      if (isBounce(v)) m.bounces++;
      m.duration_ms += v.end - v.start;
    }
  }
  for (const [key, views] of engagedViews) {
    const m = groups.get(key)!.m;
    for (const depth of views.values()) {
      if (depth < 0) continue;
      m.scroll_sum += depth;
      m.scroll_views++;
    }
  }
  return groups;
}

function countEvent(
  m: MetricColumns,
  e: RawEvent,
  key: string,
  vi: number,
  seenVisitors: Set<string>,
  engagedViews: Map<string, Map<string, number>>,
) {
  if (e.name === 'engagement') {
    m.engaged_ms += e.engaged_ms ?? 0;
    // One engaged view per (visit, page): several reports for one view (hidden, shown, left)
    // add up their time, and the deepest scroll counts.
    let views = engagedViews.get(key);
    if (!views) engagedViews.set(key, (views = new Map()));
    const view = `${vi >= 0 ? vi : `v${e.visitor}`}${SEP}${e.pathname}`;
    const before = views.get(view);
    if (before === undefined) m.engaged_views++;
    views.set(view, Math.max(before ?? -1, e.scroll_depth ?? -1));
    return;
  }
  if (e.name === 'pageview') m.pageviews++;
  m.events++;
  m.revenue += e.revenue_amount ?? 0;
  const visitorKey = `${key}${SEP}${e.visitor}`;
  if (!seenVisitors.has(visitorKey)) {
    seenVisitors.add(visitorKey);
    m.visitors++;
  }
}

/** Every combination of the dimensions' values for an event (goals may give none or several). */
function combinations(dimensions: readonly string[], e: RawEvent, v: Visit, ctx: DimensionContext, ts: number): string[][] {
  let result: string[][] = [[]];
  for (const d of dimensions) {
    const values = dimensionValues(d, e, v, ctx, ts);
    if (values.length === 1) {
      for (const r of result) r.push(values[0]!);
    } else {
      result = result.flatMap((r) => values.map((value) => [...r, value]));
    }
  }
  return result;
}

/** An engagement event whose visit lapsed stands alone: visit dimensions read the event itself. */
function loneVisit(e: RawEvent): Visit {
  return { visitor: e.visitor, first: e, start: e.ts, end: e.ts, entryPage: e.pathname, exitPage: e.pathname, pageviews: 0, interactiveEvents: 0 };
}
