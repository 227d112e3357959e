import { addGroup, computeDayGroupings, type DayWindow, type Group } from '../engine/compute-day.ts';
import type { DimensionContext } from '../engine/dimensions.ts';
import type { EngineFilter } from '../engine/filter-match.ts';
import { isEmpty, METRIC_KEYS } from '../engine/metric-columns.ts';
import type { RawEvent } from '../engine/raw-event.ts';

interface Entry {
  siteId: number;
  groups: Array<Map<string, Group>>;
  byVisitor: Map<number, RawEvent[]>;
  count: number;
  firstId: number;
  lastId: number;
}

/**
 * computeDayGroupings over the raw tail's day windows, kept up to date as events arrive instead
 * of recomputed. Every component is a sum over visitors (visits, distinct visitors, engaged views
 * and the filter's verdicts all belong to one visitor), so new events change only their own
 * visitors' shares: subtract what those visitors gave before, add what they give now. A busy
 * site's today is tens of thousands of events, and every report over a range up to today reads
 * it; with this, a report pays for the events since the last one, not for the day.
 */
export function createTailGroups(maxEntries = 64) {
  const entries = new Map<string, Entry>();

  function compute(siteId: number, window: DayWindow, groupings: ReadonlyArray<readonly string[]>, filter: EngineFilter | null, ctx: DimensionContext): Entry {
    const byVisitor = new Map<number, RawEvent[]>();
    for (const e of window.events) {
      const list = byVisitor.get(e.visitor);
      if (list) list.push(e);
      else byVisitor.set(e.visitor, [e]);
    }
    const { events } = window;
    return {
      siteId,
      groups: computeDayGroupings(window, groupings, filter, ctx),
      byVisitor,
      count: events.length,
      firstId: events[0]?.id ?? 0,
      lastId: events.at(-1)?.id ?? 0,
    };
  }

  function update(entry: Entry, window: DayWindow, groupings: ReadonlyArray<readonly string[]>, filter: EngineFilter | null, ctx: DimensionContext) {
    const fresh = window.events.slice(entry.count);
    const touched = new Set(fresh.map((e) => e.visitor));
    const share = (events: readonly RawEvent[]) => computeDayGroupings({ events, start: window.start, end: window.end }, groupings, filter, ctx);
    for (const visitor of touched) {
      const before = entry.byVisitor.get(visitor) ?? [];
      const after = [...before, ...fresh.filter((e) => e.visitor === visitor)];
      share(before).forEach((groups, i) => apply(entry.groups[i]!, groups, -1));
      share(after).forEach((groups, i) => apply(entry.groups[i]!, groups, 1));
      entry.byVisitor.set(visitor, after);
    }
    entry.count = window.events.length;
    entry.lastId = window.events.at(-1)!.id;
  }

  /**
   * The groupings of one day window whose events (from the recent-events copy) only ever grow
   * at the end; `key` names the window, groupings, filter and goals. Anything else (a refill
   * after late events, another window) is computed afresh.
   */
  function tailGroupings(
    siteId: number,
    key: string,
    window: DayWindow,
    groupings: ReadonlyArray<readonly string[]>,
    filter: EngineFilter | null,
    ctx: DimensionContext,
  ): Array<Map<string, Group>> {
    const { events } = window;
    let entry = entries.get(key);
    const grown =
      entry !== undefined &&
      events.length >= entry.count &&
      (entry.count === 0 || (events[0]!.id === entry.firstId && events[entry.count - 1]!.id === entry.lastId));
    if (!grown) {
      entry = compute(siteId, window, groupings, filter, ctx);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    } else if (events.length > entry!.count) {
      if (entry!.count === 0) entry = compute(siteId, window, groupings, filter, ctx);
      else update(entry!, window, groupings, filter, ctx);
    }
    // Most recently used last, so the oldest goes first when the map is full.
    entries.delete(key);
    entries.set(key, entry!);
    return entry!.groups.map(copy);
  }

  return Object.assign(tailGroupings, {
    /** Drops a site's windows: the events they were built from are no longer held. */
    forget(siteId: number) {
      for (const [key, entry] of entries) if (entry.siteId === siteId) entries.delete(key);
    },
  });
}

export type TailGroups = ReturnType<typeof createTailGroups>;

function apply(into: Map<string, Group>, from: Map<string, Group>, sign: 1 | -1) {
  for (const [key, g] of from) {
    if (sign === 1) addGroup(into, key, g);
    else {
      // A share taken away was added before, so its group is there.
      const existing = into.get(key);
      if (existing) for (const k of METRIC_KEYS) existing.m[k] -= g.m[k];
    }
    const now = into.get(key);
    if (now && isEmpty(now.m)) into.delete(key);
  }
}

/** Callers merge into what they get: hand out copies, keep the maintained sums. */
const copy = (groups: Map<string, Group>) => new Map([...groups].map(([k, g]) => [k, { values: g.values, m: { ...g.m } }]));
