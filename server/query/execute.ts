import type { MetricColumns } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { addDays } from '../calendar.ts';
import { computeDay, mergeGroups, type Group } from '../engine/compute-day.ts';
import { filterDimensions, matchesLeaf, type EngineFilter } from '../engine/filter-match.ts';
import { DAY_HEAD_MS } from '../engine/day-window.ts';
import { loadEvents } from '../engine/events.queries.ts';
import { columnsFor } from '../engine/raw-event.ts';
import { addColumns, emptyColumns, METRIC_KEYS } from '../engine/metric-columns.ts';
import { rollupCoverage } from './aggregates.queries.ts';
import { aggregateSpan, groupsFromAggregates } from './from-aggregates.ts';
import { groupingsFromEvents } from './from-events.ts';
import { componentsFor } from './metrics.ts';
import { planQuery } from './plan.ts';
import { visitorNarrowings } from './visitor-narrowing.ts';
import { topGroups, type TopRequest } from './top-groups.ts';
import type { QueryRun, SiteInfo } from './query-run.ts';
import { isTimeDimension } from '../vocabulary/dimensions.ts';

export interface Selection {
  dimensions: readonly string[];
  filters: readonly EngineFilter[];
  /** The metrics the caller will compute; aggregates then read only their components. */
  metrics?: readonly string[];
}

export type Range = { from: string; to: string } | { realtime: { from: number; to: number } };

export interface Execution {
  groups: Group[];
  source: 'aggregates' | 'events' | 'mixed';
  /** With `withTotals`, the components of all groups together under the same filters, when the same pass could give them. */
  totals?: MetricColumns;
}

export interface ExecuteOptions {
  /** Also the totals under the selection's filters (the base of percentage), in the same pass over raw events. */
  withTotals?: boolean;
  /** Tests turn visitor narrowing off to check it changes nothing. */
  narrow?: boolean;
  /** Only the best groups by one component are wanted: the groups may then be limited to a superset of them. */
  top?: TopRequest;
}

/** The metric components of every group a selection yields over a range, from the cheapest source. */
export async function execute(run: QueryRun, range: Range, sel: Selection, options: ExecuteOptions = {}): Promise<Execution> {
  const { db, site, ctx } = run;
  const filter = combine(sel.filters);
  if ('realtime' in range) {
    const { from, to } = range.realtime;
    const columns = columnsFor([...sel.dimensions, ...(filter ? filterDimensions(filter) : [])]);
    // From a visit gap before the window: whether its first events continue earlier visits.
    const load = () => loadEvents(db, site.id, from - DAY_HEAD_MS, to, columns);
    const events = run.recent ? await run.recent(site.id, from - DAY_HEAD_MS, to, load) : await load();
    return { groups: [...computeDay({ events, start: from, end: to }, sel.dimensions, filter, ctx).values()], source: 'events' };
  }
  const days = daysOf(range.from, range.to);
  const coverage = await rollupCoverage(db, site.id, range.from, range.to);
  const plan = run.forceEvents ? ({ source: 'events' } as const) : planQuery(sel.dimensions, sel.filters);
  if (plan.source === 'aggregates') {
    // Days rolled up by an older rollup lack what newer versions store: those are read raw too.
    const has = (d: string) => (coverage.days.get(d)?.version ?? 0) >= plan.version;
    const aggDays = days.filter(has);
    const rawDays = days.filter((d) => !has(d));
    const purged = rawDays.filter((d) => coverage.days.get(d)?.purged === true);
    if (purged.length > 0) throw retentionError(site, purged.at(-1)!, olderRollupReason(sel));
    // A filter on the broken-down dimension selects rows, of either source; any other filter the
    // plan takes (the custom-events totals) is stored applied, and the raw tail applies it too.
    const rowFilter = plan.rowFilter;
    // Unfiltered, the totals are the stored totals plus the raw tail's, which the same pass gives.
    const withTotals = options.withTotals === true && sel.filters.length === 0 && sel.dimensions.length > 0;
    const groupings = withTotals ? [sel.dimensions, []] : [sel.dimensions];
    const [tail, tailTotals] = await groupingsFromEvents(run, rawDays, groupings, rowFilter ? null : filter);
    const components = sel.metrics && componentsFor(sel.metrics);
    const pruned =
      options.top && plan.shape === 'value' && !rowFilter && !isTimeDimension(plan.dimension)
        ? await topGroups(run, plan.dimension!, aggregateSpan(aggDays, coverage, plan.version), components ?? METRIC_KEYS, tail!, options.top)
        : null;
    const groups = pruned ?? mergeGroups(await groupsFromAggregates(run, aggDays, plan, coverage, components), tail!);
    const kept = [...groups.values()].filter((g) => !rowFilter || matchesLeaf(rowFilter as never, g.values));
    const source = rawDays.length === 0 ? 'aggregates' : aggDays.length === 0 ? 'events' : 'mixed';
    if (!withTotals) return { groups: kept, source };
    const totals = await groupsFromAggregates(run, aggDays, { dimension: undefined, shape: 'totals', version: plan.version }, coverage);
    return { groups: kept, source, totals: addColumns(totals.get('')?.m ?? emptyColumns(), tailTotals!.get('')?.m ?? emptyColumns()) };
  }
  const purged = days.filter((d) => coverage.days.get(d)?.purged === true);
  if (purged.length > 0) throw retentionError(site, purged[purged.length - 1]!, rawReason(sel));
  const narrow = options.narrow === false ? [] : visitorNarrowings(sel.filters);
  const withTotals = options.withTotals === true && sel.dimensions.length > 0;
  const groupings = withTotals ? [sel.dimensions, []] : [sel.dimensions];
  const [groups, totals] = await groupingsFromEvents(run, days, groupings, filter, narrow);
  return { groups: [...groups!.values()], source: 'events', ...(withTotals ? { totals: totals!.get('')?.m ?? emptyColumns() } : {}) };
}

/** Totals (no dimension) under a filter list, as one group's components. */
export async function totalsOf(run: QueryRun, range: Range, filters: readonly EngineFilter[]): Promise<MetricColumns> {
  const { groups } = await execute(run, range, { dimensions: [], filters });
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

function rawReason(sel: Selection): string {
  const needs = [...sel.dimensions.filter((d) => !isTimeDimension(d)).slice(1), ...sel.filters.flatMap(filterDimensions)];
  const what = sel.dimensions.length > 1 ? 'it breaks down by more than one dimension' : `it filters by ${[...new Set(needs)].join(', ') || 'a dimension'}`;
  return `${what}, which the daily aggregates cannot answer`;
}

function olderRollupReason(sel: Selection): string {
  const what = [...sel.dimensions, ...sel.filters.flatMap(filterDimensions)].join(', ');
  return `those days were rolled up by an older version of Cairn, whose aggregates lack ${what || 'these totals'}`;
}

function retentionError(site: SiteInfo, lastPurged: string, why: string): AppError {
  return new AppError(
    400,
    'raw_events_expired',
    `This query needs raw events up to ${lastPurged}, but this site keeps raw events for ${site.raw_retention_days} days, ` +
      `and ${why}. Choose a range that starts after ${lastPurged}, or remove the filter.`,
  );
}
