import type { MetricColumns } from '../db/schema.ts';
import { groupKey } from '../engine/compute-day.ts';
import type { EngineFilter } from '../engine/filter-match.ts';
import { execute, totalsOf, type Range } from './execute.ts';
import type { QueryRun } from './query-run.ts';
import type { TopRequest } from './top-groups.ts';
import { OTHER } from '../engine/stored-dimensions.ts';
import { metricChange, metricValue, type Totals } from './metrics.ts';
import { dimensionDef, isTimeDimension } from '../vocabulary/dimensions.ts';

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
  filters.filter((f) => !('dimension' in f && dimensionDef(f.dimension)?.from === 'goal'));

/** Runs a query over a range (and its comparison range): groups → metrics → order → page. */
export async function runQuery(run: QueryRun, q: QuerySpec, range: Range, comparison: Range | null): Promise<QueryOutput> {
  const current = await measure(run, q, range, topOf(q));
  const totalRows = q.totalRows ? current.rows.length : undefined;
  const rows = topRows(q, current.rows, q.offset + q.limit).slice(q.offset);
  if (comparison) {
    const before = await measure(run, q, comparison);
    const byKey = new Map(before.rows.map((r) => [groupKey(r.dimensions), r]));
    for (const row of rows) {
      const prev = byKey.get(groupKey(row.dimensions));
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

/** Metrics that order like one summed component. */
const ORDERS_BY: Record<string, keyof MetricColumns> = {
  visitors: 'visitors', visits: 'visits', pageviews: 'pageviews', events: 'events', percentage: 'visitors', conversion_rate: 'visitors',
};

/** Whether the query needs only its first rows by one component: then the engine may skip the rest. */
function topOf(q: QuerySpec): TopRequest | undefined {
  const order = q.orderBy.length > 0 ? q.orderBy : defaultOrder(q);
  const [only] = order;
  const by = only && order.length === 1 && only.direction === 'desc' ? ORDERS_BY[only.key] : undefined;
  // One more than shown: (other) may be among the best by sums, and it is shown last.
  const count = q.offset + q.limit + 1;
  return by && !q.totalRows && q.dimensions.length === 1 && count <= 1_000 ? { by, count } : undefined;
}

async function measure(run: QueryRun, q: QuerySpec, range: Range, top?: TopRequest) {
  const withTotals = q.metrics.includes('percentage') || q.metrics.includes('conversion_rate');
  const { groups, source, totals } = await execute(run, range, q, { withTotals, top });
  const known = groups.length === 1 && q.dimensions.length === 0 ? groups[0]!.m : totals;
  const bases = await totalsFor(run, q, range, known);
  const rows: ResultRow[] = groups.map((g) => ({ dimensions: g.values, metrics: q.metrics.map((m) => metricValue(m, g.m, bases)) }));
  return { rows, source };
}

/** Bases for percentage and conversion_rate, computed only when asked for; `known` holds the totals under the query's filters, if at hand. */
async function totalsFor(run: QueryRun, q: QuerySpec, range: Range, known?: MetricColumns): Promise<Totals> {
  const needs = (m: string) => q.metrics.includes(m);
  const under = async (filters: readonly EngineFilter[]) =>
    known && filters.length === q.filters.length ? known : await totalsOf(run, range, filters);
  const visitors = needs('percentage') ? (await under(q.filters)).visitors : 0;
  const visitorsWithoutGoals = needs('conversion_rate') ? (await under(withoutGoals(q.filters))).visitors : 0;
  return { visitors, visitorsWithoutGoals };
}

/**
 * The first `count` rows in the query's order; the joined dimension values break ties. A year of
 * pages is thousands of rows for a panel of nine: keeping the best `count` while reading them
 * costs a comparison or two per row where a full sort costs a dozen.
 */
export function topRows(q: QuerySpec, rows: ResultRow[], count: number): ResultRow[] {
  const order = (q.orderBy.length > 0 ? q.orderBy : defaultOrder(q)).map(({ key, direction }) => {
    const mi = q.metrics.indexOf(key);
    const di = q.dimensions.indexOf(key);
    const read = mi >= 0 ? (r: ResultRow) => r.metrics[mi]! : (r: ResultRow) => r.dimensions[di]!;
    return { read, sign: direction === 'asc' ? 1 : -1 };
  });
  type Keyed = { row: ResultRow; key: string; other: boolean };
  const keyed = (row: ResultRow): Keyed => ({ row, key: groupKey(row.dimensions), other: row.dimensions.includes(OTHER) });
  const compare = (a: Keyed, b: Keyed) => {
    // The rollup's cap folds many values into (other): it is no value of its own, so it goes last.
    if (a.other !== b.other) return a.other ? 1 : -1;
    for (const { read, sign } of order) {
      const x = read(a.row);
      const y = read(b.row);
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    // A stable order for ties, so pages of results never overlap.
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
  if (count > 256 || count * 8 > rows.length) {
    return rows.map(keyed).sort(compare).slice(0, count).map((k) => k.row);
  }
  const best: Keyed[] = [];
  for (const row of rows) {
    const item = keyed(row);
    if (best.length === count && compare(item, best[count - 1]!) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(best[mid]!, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > count) best.pop();
  }
  return best.map((k) => k.row);
}

function defaultOrder(q: QuerySpec): QuerySpec['orderBy'] {
  const time = q.dimensions.find(isTimeDimension);
  if (time) return [{ key: time, direction: 'asc' }];
  return [{ key: q.metrics[0]!, direction: 'desc' }];
}
