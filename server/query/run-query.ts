import type { Kysely } from 'kysely';
import type { MetricColumns, Schema } from '../db/schema.ts';
import type { DimensionContext } from '../rollup/dimensions.ts';
import type { EngineFilter } from '../rollup/filter-match.ts';
import { execute, totalsOf, type Range, type SiteInfo } from './execute.ts';
import { metricChange, metricValue, type Totals } from './metrics.ts';
import type { RecentEvents } from './recent-events.ts';

/** The parts of a parsed query (server/query/model.ts) the engine reads. */
export interface QuerySpec {
  metrics: readonly string[];
  dimensions: readonly string[];
  filters: readonly EngineFilter[];
  orderBy: ReadonlyArray<{ key: string; direction: 'asc' | 'desc' }>;
  limit: number;
  offset: number;
  totalRows: boolean;
}

export interface ResultRow {
  dimensions: string[];
  metrics: number[];
  comparison?: { dimensions: string[]; metrics: number[]; change: Array<number | null> };
}

export interface QueryOutput {
  results: ResultRow[];
  totalRows: number | undefined;
  source: 'aggregates' | 'events' | 'mixed';
}

const withoutGoals = (filters: readonly EngineFilter[]): EngineFilter[] =>
  filters.filter((f) => !('dimension' in f && f.dimension === 'event:goal'));

/** Runs a query over a range (and its comparison range): groups → metrics → order → page. */
export async function runQuery(
  db: Kysely<Schema>,
  site: SiteInfo,
  q: QuerySpec,
  range: Range,
  comparison: Range | null,
  ctx: DimensionContext,
  recent?: RecentEvents,
): Promise<QueryOutput> {
  const current = await measure(db, site, q, range, ctx, recent);
  let rows = current.rows;
  rows.sort(comparator(q));
  const totalRows = q.totalRows ? rows.length : undefined;
  rows = rows.slice(q.offset, q.offset + q.limit);
  if (comparison) {
    const before = await measure(db, site, q, comparison, ctx, recent);
    const byKey = new Map(before.rows.map((r) => [r.dimensions.join('\u0000'), r]));
    for (const row of rows) {
      const prev = byKey.get(row.dimensions.join('\u0000'));
      const metrics = prev?.metrics ?? q.metrics.map(() => 0);
      row.comparison = {
        dimensions: prev?.dimensions ?? row.dimensions,
        metrics,
        change: q.metrics.map((m, i) => metricChange(m, row.metrics[i]!, metrics[i]!)),
      };
    }
  }
  return { results: rows, totalRows, source: current.source };
}

async function measure(db: Kysely<Schema>, site: SiteInfo, q: QuerySpec, range: Range, ctx: DimensionContext, recent?: RecentEvents) {
  const { groups, source } = await execute(db, site, range, q, ctx, { recent });
  const known = groups.length === 1 && q.dimensions.length === 0 ? groups[0]!.m : undefined;
  const totals = await totalsFor(db, site, q, range, ctx, known, recent);
  const rows: ResultRow[] = groups.map((g) => ({ dimensions: g.values, metrics: q.metrics.map((m) => metricValue(m, g.m, totals)) }));
  return { rows, source };
}

/** Bases for percentage and conversion_rate, computed only when asked for. */
async function totalsFor(
  db: Kysely<Schema>,
  site: SiteInfo,
  q: QuerySpec,
  range: Range,
  ctx: DimensionContext,
  known?: MetricColumns,
  recent?: RecentEvents,
): Promise<Totals> {
  const needs = (m: string) => q.metrics.includes(m);
  const visitors = needs('percentage') ? (known ?? (await totalsOf(db, site, range, q.filters, ctx, recent))).visitors : 0;
  const visitorsWithoutGoals = needs('conversion_rate') ? (await totalsOf(db, site, range, withoutGoals(q.filters), ctx, recent)).visitors : 0;
  return { visitors, visitorsWithoutGoals };
}

function comparator(q: QuerySpec) {
  const order = q.orderBy.length > 0 ? q.orderBy : defaultOrder(q);
  return (a: ResultRow, b: ResultRow) => {
    for (const { key, direction } of order) {
      const sign = direction === 'asc' ? 1 : -1;
      const mi = q.metrics.indexOf(key);
      const x = mi >= 0 ? a.metrics[mi]! : a.dimensions[q.dimensions.indexOf(key)]!;
      const y = mi >= 0 ? b.metrics[mi]! : b.dimensions[q.dimensions.indexOf(key)]!;
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    // A stable order for ties, so pages of results never overlap.
    const ka = a.dimensions.join('\u0000');
    const kb = b.dimensions.join('\u0000');
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

function defaultOrder(q: QuerySpec): QuerySpec['orderBy'] {
  const time = q.dimensions.find((d) => d.startsWith('time:'));
  if (time) return [{ key: time, direction: 'asc' }];
  return [{ key: q.metrics[0]!, direction: 'desc' }];
}
