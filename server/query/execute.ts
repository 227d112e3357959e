import type { Kysely } from 'kysely';
import type { MetricColumns, Schema } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { addDays } from '../rollup/clock.ts';
import { computeDay, type Group } from '../rollup/compute-day.ts';
import type { DimensionContext } from '../rollup/dimensions.ts';
import { filterDimensions, matchesLeaf, type EngineFilter } from '../rollup/filter-match.ts';
import { loadEvents } from '../rollup/events.queries.ts';
import { columnsFor } from '../rollup/raw-event.ts';
import { emptyColumns } from '../rollup/metric-columns.ts';
import { rolledDaysIn } from './aggregates.queries.ts';
import { groupsFromAggregates } from './from-aggregates.ts';
import { groupsFromEvents, mergeGroups } from './from-events.ts';
import { planQuery } from './plan.ts';
import type { RecentEvents } from './recent-events.ts';

export interface SiteInfo {
  id: number;
  timezone: string;
  raw_retention_days: number;
}

export interface Selection {
  dimensions: readonly string[];
  filters: readonly EngineFilter[];
}

export type Range = { from: string; to: string } | { realtime: { from: number; to: number } };

export interface Execution {
  groups: Group[];
  source: 'aggregates' | 'events' | 'mixed';
}

/** The metric components of every group a selection yields over a range, from the cheapest source. */
export async function execute(
  db: Kysely<Schema>,
  site: SiteInfo,
  range: Range,
  sel: Selection,
  ctx: DimensionContext,
  options: { forceEvents?: boolean; recent?: RecentEvents } = {},
): Promise<Execution> {
  const filter = combine(sel.filters);
  if ('realtime' in range) {
    const { from, to } = range.realtime;
    const columns = columnsFor([...sel.dimensions, ...(filter ? filterDimensions(filter) : [])]);
    const load = () => loadEvents(db, site.id, from - 30 * 60_000, to, columns);
    const events = options.recent ? await options.recent(site.id, from - 30 * 60_000, to, load) : await load();
    return { groups: [...computeDay({ events, start: from, end: to }, sel.dimensions, filter, ctx).values()], source: 'events' };
  }
  const days = daysOf(range.from, range.to);
  const rolled = await rolledDaysIn(db, site.id, range.from, range.to);
  const plan = options.forceEvents ? ({ source: 'events' } as const) : planQuery(sel.dimensions, sel.filters);
  if (plan.source === 'aggregates') {
    const aggDays = days.filter((d) => rolled.has(d));
    const rawDays = days.filter((d) => !rolled.has(d));
    const groups = await groupsFromAggregates(db, site.id, aggDays, plan.dimension);
    mergeGroups(groups, await groupsFromEvents(db, site, rawDays, sel.dimensions, null, ctx, options.recent));
    const rowFilter = plan.rowFilter;
    const kept = [...groups.values()].filter((g) => !rowFilter || matchesLeaf(rowFilter as never, g.values));
    return { groups: kept, source: rawDays.length === 0 ? 'aggregates' : aggDays.length === 0 ? 'events' : 'mixed' };
  }
  const purged = days.filter((d) => rolled.get(d) === true);
  if (purged.length > 0) throw retentionError(site, purged[purged.length - 1]!, sel);
  return { groups: [...(await groupsFromEvents(db, site, days, sel.dimensions, filter, ctx, options.recent)).values()], source: 'events' };
}

/** Totals (no dimension) under a filter list, as one group's components. */
export async function totalsOf(
  db: Kysely<Schema>,
  site: SiteInfo,
  range: Range,
  filters: readonly EngineFilter[],
  ctx: DimensionContext,
  recent?: RecentEvents,
): Promise<MetricColumns> {
  const { groups } = await execute(db, site, range, { dimensions: [], filters }, ctx, { recent });
  return groups[0]?.m ?? emptyColumns();
}

function combine(filters: readonly EngineFilter[]): EngineFilter | null {
  if (filters.length === 0) return null;
  return filters.length === 1 ? filters[0]! : { op: 'and', filters: [...filters] };
}

export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

function retentionError(site: SiteInfo, lastPurged: string, sel: Selection): AppError {
  const needs = [...sel.dimensions.filter((d) => !d.startsWith('time:')).slice(1), ...sel.filters.flatMap(filterDimensions)];
  const why = sel.dimensions.length > 1 ? 'it breaks down by more than one dimension' : `it filters by ${[...new Set(needs)].join(', ') || 'a dimension'}`;
  return new AppError(
    400,
    'raw_events_expired',
    `This query needs raw events up to ${lastPurged}, but this site keeps raw events for ${site.raw_retention_days} days, ` +
      `and ${why}, which the daily aggregates cannot answer. Choose a range that starts after ${lastPurged}, or remove the filter.`,
  );
}
