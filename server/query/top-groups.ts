import type { MetricColumns } from '../db/schema.ts';
import { addGroup, mergeGroups, type Group } from '../engine/compute-day.ts';
import { sumColumns, sumTop, type AggregateSpan } from './aggregates.queries.ts';
import type { QueryRun } from './query-run.ts';

/** Only the best `count` groups by one component (descending, ties by value) are wanted. */
export interface TopRequest {
  by: keyof MetricColumns;
  count: number;
  /** How many values the first read takes; tests make it small to exercise the pruning. */
  firstRead?: number;
}

const MAX_FETCH = 20_000;
/** SQLite binds at most 32,766 values a statement; stay well below. */
const VALUES_PER_QUERY = 500;

/**
 * The groups of one stored dimension over aggregates plus the raw tail, limited to a superset of
 * the best `top.count` by `top.by`, each exact. The aggregates give their best K values in SQL;
 * any value past the K-th has at most the K-th's sum from aggregates, so with the tail's part
 * added it can only rank high if its tail part is large: those few are read by value. K grows
 * until nothing outside can reach the count-th best. A year of pages is thousands of values, of
 * which a panel shows nine. Null: too many ties to prune; read everything instead.
 */
export async function topGroups(
  { db, site }: QueryRun,
  dim: string,
  span: AggregateSpan,
  components: ReadonlyArray<keyof MetricColumns>,
  tail: Map<string, Group>,
  top: TopRequest,
): Promise<Map<string, Group> | null> {
  const { by, count } = top;
  const siteId = site.id;
  for (let limit = top.firstRead ?? Math.max(4 * count, count + 50); limit <= MAX_FETCH; limit *= 4) {
    const rows = await sumTop(db, siteId, dim, span, components, by, { limit });
    const out = new Map<string, Group>(rows.map((r) => [r.key, { values: [r.key], m: sumColumns(r) }]));
    if (rows.length < limit) {
      // Every value the aggregates have is here: add the tail, done.
      return mergeGroups(out, tail);
    }
    const kth = Number(rows[limit - 1]![by] ?? 0);
    for (const [key, g] of tail) if (out.has(key)) addGroup(out, key, g);
    const threshold = nth(out, by, count);
    const maybe = [...tail].filter(([key, g]) => !out.has(key) && kth + g.m[by] >= threshold).map(([key]) => key);
    for (let i = 0; i < maybe.length; i += VALUES_PER_QUERY) {
      const values = maybe.slice(i, i + VALUES_PER_QUERY);
      for (const r of await sumTop(db, siteId, dim, span, components, by, { values })) out.set(r.key, { values: [r.key], m: sumColumns(r) });
      for (const key of values) {
        const g = tail.get(key);
        if (g) addGroup(out, key, g);
      }
    }
    // Values neither fetched nor in the tail have at most `kth`: below the count-th best, or look further.
    if (kth < nth(out, by, count)) return out;
  }
  return null;
}

/** The count-th largest `by` among the groups, or -Infinity when there are fewer. */
function nth(groups: Map<string, Group>, by: keyof MetricColumns, count: number): number {
  if (groups.size < count) return -Infinity;
  const values = [...groups.values()].map((g) => g.m[by]).sort((a, b) => b - a);
  return values[count - 1]!;
}
