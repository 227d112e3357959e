import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { addDays, dayStart } from '../rollup/clock.ts';
import { computeDay, type Group } from '../rollup/compute-day.ts';
import type { DimensionContext } from '../rollup/dimensions.ts';
import { filterDimensions, type EngineFilter } from '../rollup/filter-match.ts';
import { loadEvents } from '../rollup/events.queries.ts';
import { addColumns } from '../rollup/metric-columns.ts';
import { columnsFor, type RawEvent } from '../rollup/raw-event.ts';
import { DAY_HEAD_MS, DAY_TAIL_MS } from '../rollup/run.ts';
import type { RecentEvents } from './recent-events.ts';

/**
 * The metric components of `days` computed from raw events: one load for the whole span,
 * then the rollup's own per-day computation over each day's window, summed.
 */
export async function groupsFromEvents(
  db: Kysely<Schema>,
  site: { id: number; timezone: string },
  days: string[],
  dimensions: readonly string[],
  filter: EngineFilter | null,
  ctx: DimensionContext,
  recent?: RecentEvents,
): Promise<Map<string, Group>> {
  const out = new Map<string, Group>();
  if (days.length === 0) return out;
  const sorted = [...days].sort();
  const columns = columnsFor([...dimensions, ...(filter ? filterDimensions(filter) : [])]);
  // Short spans (the raw tail) in one read, through the recent-events copy when there is one;
  // long ones a day window at a time: a month of rows loaded at once spent most of its time in GC.
  const spanStart = dayStart(sorted[0]!, site.timezone) - DAY_HEAD_MS;
  const spanEnd = dayStart(addDays(sorted.at(-1)!, 1), site.timezone) + DAY_TAIL_MS;
  const whole = sorted.length <= 3;
  const loadSpan = () => loadEvents(db, site.id, spanStart, spanEnd, columns);
  const events = whole ? await (recent ? recent(site.id, spanStart, spanEnd, loadSpan) : loadSpan()) : [];
  for (const day of sorted) {
    const start = dayStart(day, site.timezone);
    const end = dayStart(addDays(day, 1), site.timezone);
    const from = start - DAY_HEAD_MS;
    const to = end + DAY_TAIL_MS;
    const window = { events: whole ? slice(events, from, to) : await loadEvents(db, site.id, from, to, columns), start, end };
    mergeGroups(out, computeDay(window, dimensions, filter, ctx));
  }
  return out;
}

/** Events within [from, to): events are in time order, so two binary searches. */
export function slice(events: RawEvent[], from: number, to: number): RawEvent[] {
  return events.slice(lowerBound(events, from), lowerBound(events, to));
}

function lowerBound(events: RawEvent[], ts: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.ts < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function mergeGroups(into: Map<string, Group>, from: Map<string, Group>): Map<string, Group> {
  for (const [key, g] of from) {
    const existing = into.get(key);
    if (existing) addColumns(existing.m, g.m);
    else into.set(key, { values: g.values, m: { ...g.m } });
  }
  return into;
}
