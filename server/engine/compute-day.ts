import type { MetricColumns } from '../db/schema.ts';
import { dimensionReader, type DimensionContext } from './dimensions.ts';
import { matchesFilter, type EngineFilter } from './filter-match.ts';
import { addColumns, emptyColumns, isEmpty } from './metric-columns.ts';
import type { RawEvent } from './raw-event.ts';
import { buildVisits, isBounce, type Visit, type Visits } from './sessions.ts';

export interface Group {
  values: string[];
  m: MetricColumns;
}

/** Keys join the dimension values with a character no stored value contains. */
export const KEY_SEP = '\u0000';

/** A group's key in every map of groups: the engine's, the aggregates', a result row's. */
export const groupKey = (values: readonly string[]): string => values.join(KEY_SEP);

/** Adds a group's components to the group of the same key, or a copy of it as a new one. */
export function addGroup(into: Map<string, Group>, key: string, g: Group): void {
  const existing = into.get(key);
  if (existing) addColumns(existing.m, g.m);
  else into.set(key, { values: g.values, m: { ...g.m } });
}

/** Every group of `from` added into `into` (see addGroup). */
export function mergeGroups(into: Map<string, Group>, from: Map<string, Group>): Map<string, Group> {
  for (const [key, g] of from) addGroup(into, key, g);
  return into;
}

export interface DayWindow {
  /** Events from 30 minutes before the day's start to 90 minutes after its end, in time order. */
  events: readonly RawEvent[];
  /** The day's bounds, epoch ms [start, end). */
  start: number;
  end: number;
  /** buildVisits(events), when the caller keeps it (the raw tail's copy does). */
  visits?: Visits;
}


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

/**
 * computeDay for several groupings at once: one pass builds visits and reads the events for all.
 * `only[g]`, when given, is a further filter for grouping g alone (the rollup's custom-events totals).
 */
export function computeDayGroupings(
  window: DayWindow,
  groupings: ReadonlyArray<readonly string[]>,
  filter: EngineFilter | null,
  ctx: DimensionContext,
  only: ReadonlyArray<EngineFilter | null> = [],
): Array<Map<string, Group>> {
  const { events, start, end } = window;
  const { visits, visitOf } = window.visits ?? buildVisits(events);
  const plans = groupings.map((dims, g) => ({ readers: dims.map(dimensionReader), groups: new Map<string, Tally>(), only: only[g] ?? null }));

  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const vi = visitOf[i]!;
    const v: Visit = vi >= 0 ? visits[vi]! : loneVisit(e);
    if (filter && !matchesFilter(filter, e, v, ctx)) continue;
    const inDay = e.ts >= start && e.ts < end;
    const visitInDay = vi >= 0 && v.start >= start && v.start < end && e.name !== 'engagement';
    if (!inDay && !visitInDay) continue;
    for (let g = 0; g < plans.length; g++) {
      const plan = plans[g]!;
      if (plan.only && !matchesFilter(plan.only, e, v, ctx)) continue;
      if (inDay) countKeys(plan, e, v, ctx, e.ts, vi, true);
      if (visitInDay) countKeys(plan, e, v, ctx, v.start, vi, false);
    }
  }
  return plans.map((plan) => finish(plan.groups, visits));
}

type Reader = ReturnType<typeof dimensionReader>;

/**
 * Counts an event (`asEvent`) or its visit under every key it has in a grouping; goals may give
 * none or several. The common cases, no dimension or one single-valued one, allocate nothing
 * but new groups: this loop runs for every event of every raw query.
 */
function countKeys(
  plan: { readers: Reader[]; groups: Map<string, Tally> },
  e: RawEvent,
  v: Visit,
  ctx: DimensionContext,
  ts: number,
  vi: number,
  asEvent: boolean,
) {
  const { readers, groups } = plan;
  if (readers.length === 0) return count(groups, '', NO_VALUES, e, vi, asEvent);
  if (readers.length === 1) {
    const value = readers[0]!(e, v, ctx, ts);
    if (typeof value === 'string') return count(groups, value, undefined, e, vi, asEvent);
    for (const one of value) count(groups, one, undefined, e, vi, asEvent);
    return;
  }
  if (readers.length === 2) {
    // Pairs (browser and version) are stored for every day: no arrays unless a goal list shows up.
    const a = readers[0]!(e, v, ctx, ts);
    const b = readers[1]!(e, v, ctx, ts);
    if (typeof a === 'string' && typeof b === 'string') return count(groups, a + KEY_SEP + b, [a, b], e, vi, asEvent);
  }
  let combos: string[][] = [[]];
  for (const read of readers) {
    const value = read(e, v, ctx, ts);
    const list = typeof value === 'string' ? [value] : value;
    combos = combos.flatMap((c) => list.map((one) => [...c, one]));
  }
  for (const values of combos) count(groups, groupKey(values), values, e, vi, asEvent);
}

const NO_VALUES: readonly string[] = [];

/** `values` undefined: the key is the one value. A new group gets its own copy. */
function count(groups: Map<string, Tally>, key: string, values: readonly string[] | undefined, e: RawEvent, vi: number, asEvent: boolean) {
  let t = groups.get(key);
  if (!t) {
    const own = values ? [...values] : [key];
    groups.set(key, (t = { values: own, m: emptyColumns(), visitors: new Set(), visits: new Set(), views: undefined }));
  }
  if (asEvent) countEvent(t, e, vi);
  else t.visits.add(vi);
}

function countEvent(t: Tally, e: RawEvent, vi: number) {
  const m = t.m;
  if (e.name === 'engagement') {
    // A heartbeat (no time) lengthens its visit, which buildVisits saw, but is no engaged view.
    if (e.engaged_ms === null) return;
    m.engaged_ms += e.engaged_ms;
    // One engaged view per (visit, page): several reports for one view (hidden, shown, left)
    // add up their time, and the deepest scroll counts.
    t.views ??= new Map();
    const view = `${vi >= 0 ? vi : `v${e.visitor}`}${KEY_SEP}${e.pathname}`;
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
    // A group that counted nothing (only heartbeats) is no group: sums of groups stay exact either way.
    if (!isEmpty(m)) out.set(key, { values: t.values, m });
  }
  return out;
}

/** An engagement event whose visit lapsed stands alone: visit dimensions read the event itself. */
function loneVisit(e: RawEvent): Visit {
  return { visitor: e.visitor, first: e, start: e.ts, end: e.ts, entryPage: e.pathname, exitPage: e.pathname, pageviews: 0, interactiveEvents: 0 };
}
