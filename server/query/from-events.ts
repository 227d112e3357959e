import { addDays, dayStartUtc } from '../calendar.ts';
import { computeDayGroupings, mergeGroups, type Group } from '../engine/compute-day.ts';
import { filterDimensions, type EngineFilter } from '../engine/filter-match.ts';
import { firstEventTsFrom, loadEvents, type VisitorNarrowing } from '../engine/events.queries.ts';
import { columnsFor, eventsWithin } from '../engine/raw-event.ts';
import { DAY_HEAD_MS, DAY_TAIL_MS } from '../engine/day-window.ts';
import type { QueryRun } from './query-run.ts';

/**
 * The metric components of `days` computed from raw events: one load for the whole span,
 * then the rollup's own per-day computation over each day's window, summed.
 */
export async function groupsFromEvents(
  run: QueryRun,
  days: string[],
  dimensions: readonly string[],
  filter: EngineFilter | null,
  narrow: readonly VisitorNarrowing[] = [],
): Promise<Map<string, Group>> {
  return (await groupingsFromEvents(run, days, [dimensions], filter, narrow))[0]!;
}

/** groupsFromEvents for several groupings under one filter: one read and one pass for all (groups and their totals). */
export async function groupingsFromEvents(
  run: QueryRun,
  days: string[],
  groupings: ReadonlyArray<readonly string[]>,
  filter: EngineFilter | null,
  narrow: readonly VisitorNarrowing[] = [],
): Promise<Array<Map<string, Group>>> {
  const { db, site, ctx, recent } = run;
  const out = groupings.map(() => new Map<string, Group>());
  if (days.length === 0) return out;
  let sorted = [...days].sort();
  const columns = columnsFor([...groupings.flat(), ...(filter ? filterDimensions(filter) : [])]);
  // Short spans (the raw tail) in one read, through the recent-events copy when there is one;
  // long ones a day window at a time: a month of rows loaded at once spent most of its time in GC.
  const spanStart = dayStartUtc(sorted[0]!, site.timezone) - DAY_HEAD_MS;
  const spanEnd = dayStartUtc(addDays(sorted.at(-1)!, 1), site.timezone) + DAY_TAIL_MS;
  const whole = sorted.length <= 3;
  const loadSpan = () => loadEvents(db, site.id, spanStart, spanEnd, columns, narrow);
  const events = whole ? await (recent ? recent(site.id, spanStart, spanEnd, loadSpan) : loadSpan()) : [];
  if (!whole) {
    // A day with no event of its own counts nothing (a visit starts with an event): skip the
    // reads of days before the site's first event, such as a comparison period before it existed.
    const first = await firstEventTsFrom(db, site.id, spanStart);
    if (first === null) return out;
    sorted = sorted.filter((day) => dayStartUtc(addDays(day, 1), site.timezone) > first);
  }
  for (const day of sorted) {
    const start = dayStartUtc(day, site.timezone);
    const end = dayStartUtc(addDays(day, 1), site.timezone);
    const from = start - DAY_HEAD_MS;
    const to = end + DAY_TAIL_MS;
    const window = { events: whole ? eventsWithin(events, from, to) : await loadEvents(db, site.id, from, to, columns, narrow), start, end };
    // Maintained groups only over a copy the recent events keep: over a site's tail too large to
    // keep, they would hold on to every event of it.
    const key = recent && whole && ctx.cacheKey && recent.holds(site.id) ? [site.id, from, to, JSON.stringify([groupings, filter, narrow]), ctx.cacheKey].join('|') : undefined;
    const computed = key ? recent!.groupings(site.id, key, window, groupings, filter, ctx) : computeDayGroupings(window, groupings, filter, ctx);
    computed.forEach((groups, i) => mergeGroups(out[i]!, groups));
  }
  return out;
}



