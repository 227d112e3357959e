import type { MetricColumns } from '../db/schema.ts';
import { dimensionReader, type DimensionContext } from './dimensions.ts';
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

/** Keys join the dimension values with a character no stored value contains. */
const SEP = '\u0000';

/** A group while it is being counted: who and which visits it has seen, besides the sums. */
interface Tally extends Group {
  visitors: Set<number>;
  visits: Set<number>;
  views: Map<string, number> | undefined;
}

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
  return computeDayGroupings(window, [dimensions], filter, ctx)[0]!;
}

/** computeDay for several groupings at once: one pass builds visits and reads the events for all. */
export function computeDayGroupings(
  window: DayWindow,
  groupings: ReadonlyArray<readonly string[]>,
  filter: EngineFilter | null,
  ctx: DimensionContext,
): Array<Map<string, Group>> {
  const { events, start, end } = window;
  const { visits, visitOf } = buildVisits(events);
  const readers = groupings.map((dims) => dims.map(dimensionReader));
  const tallies = groupings.map(() => new Map<string, Tally>());

  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const vi = visitOf[i]!;
    const v: Visit = vi >= 0 ? visits[vi]! : loneVisit(e);
    if (filter && !matchesFilter(filter, e, v, ctx)) continue;
    const inDay = e.ts >= start && e.ts < end;
    const visitInDay = vi >= 0 && v.start >= start && v.start < end && e.name !== 'engagement';
    if (!inDay && !visitInDay) continue;
    for (let g = 0; g < readers.length; g++) {
      const groups = tallies[g]!;
      if (inDay) forEachKey(readers[g]!, e, v, ctx, e.ts, (key, values) => countEvent(tally(groups, key, values), e, vi));
      if (visitInDay) forEachKey(readers[g]!, e, v, ctx, v.start, (key, values) => tally(groups, key, values).visits.add(vi));
    }
  }
  return tallies.map((groups) => finish(groups, visits));
}

function tally(groups: Map<string, Tally>, key: string, values: () => string[]): Tally {
  let t = groups.get(key);
  if (!t) groups.set(key, (t = { values: values(), m: emptyColumns(), visitors: new Set(), visits: new Set(), views: undefined }));
  return t;
}

function countEvent(t: Tally, e: RawEvent, vi: number) {
  const m = t.m;
  if (e.name === 'engagement') {
    m.engaged_ms += e.engaged_ms ?? 0;
    // One engaged view per (visit, page): several reports for one view (hidden, shown, left)
    // add up their time, and the deepest scroll counts.
    t.views ??= new Map();
    const view = `${vi >= 0 ? vi : `v${e.visitor}`}${SEP}${e.pathname}`;
    const before = t.views.get(view);
    if (before === undefined) m.engaged_views++;
    t.views.set(view, Math.max(before ?? -1, e.scroll_depth ?? -1));
    return;
  }
  if (e.name === 'pageview') m.pageviews++;
  m.events++;
  m.revenue += e.revenue_amount ?? 0;
  t.visitors.add(e.visitor);
}

function finish(groups: Map<string, Tally>, visits: Visit[]): Map<string, Group> {
  const out = new Map<string, Group>();
  for (const [key, t] of groups) {
    const m = t.m;
    m.visitors = t.visitors.size;
    for (const vi of t.visits) {
      const v = visits[vi]!;
      m.visits++;
      if (isBounce(v)) m.bounces++;
      m.duration_ms += v.end - v.start;
    }
    if (t.views) {
      for (const depth of t.views.values()) {
        if (depth < 0) continue;
        m.scroll_sum += depth;
        m.scroll_views++;
      }
    }
    out.set(key, { values: t.values, m });
  }
  return out;
}

type Reader = ReturnType<typeof dimensionReader>;

/**
 * Calls `fn` with every key an event has under a grouping (goals may give none or several).
 * The common cases, no dimension or one single-valued one, allocate nothing.
 */
function forEachKey(
  readers: readonly Reader[],
  e: RawEvent,
  v: Visit,
  ctx: DimensionContext,
  ts: number,
  fn: (key: string, values: () => string[]) => void,
) {
  if (readers.length === 0) return fn('', () => []);
  if (readers.length === 1) {
    const value = readers[0]!(e, v, ctx, ts);
    if (typeof value === 'string') return fn(value, () => [value]);
    for (const one of value) fn(one, () => [one]);
    return;
  }
  let combos: string[][] = [[]];
  for (const read of readers) {
    const value = read(e, v, ctx, ts);
    const list = typeof value === 'string' ? [value] : value;
    combos = combos.flatMap((c) => list.map((one) => [...c, one]));
  }
  for (const values of combos) fn(values.join(SEP), () => values);
}

/** An engagement event whose visit lapsed stands alone: visit dimensions read the event itself. */
function loneVisit(e: RawEvent): Visit {
  return { visitor: e.visitor, first: e, start: e.ts, end: e.ts, entryPage: e.pathname, exitPage: e.pathname, pageviews: 0, interactiveEvents: 0 };
}
