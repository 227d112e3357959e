/**
 * The options of a `POST /api/v2/query` body: `order_by`, `include` (with comparisons) and
 * `pagination`. Part of the request model in model.ts.
 */
import { describe, fail, isObject, show } from './model-json.ts';
import { parseDayPair, QUERY_LIMITS, type Comparison, type Dimension, type Metric, type Query } from './model.ts';
import { isTimeDimension } from '../vocabulary/dimensions.ts';

export function parseOrderBy(value: unknown, metrics: Metric[], dimensions: Dimension[]): Query['orderBy'] {
  if (value === undefined || value === null) return defaultOrderBy(metrics, dimensions);
  if (!Array.isArray(value)) throw fail('order_by', `must be an array of [key, "asc" | "desc"] pairs, got ${describe(value)}`);
  const keys = new Set<string>([...metrics, ...dimensions]);
  const seen = new Set<string>();
  return value.map((entry, i) => {
    const path = `order_by[${i}]`;
    if (!Array.isArray(entry) || entry.length !== 2) throw fail(path, 'must be a [key, "asc" | "desc"] pair');
    const [key, direction] = entry;
    if (typeof key !== 'string') throw fail(`${path}[0]`, `must be a string, got ${describe(key)}`);
    if (!keys.has(key)) throw fail(`${path}[0]`, `${show(key)} is not one of the query's metrics or dimensions`);
    if (seen.has(key)) throw fail(`${path}[0]`, `duplicate order_by key ${show(key)}`);
    seen.add(key);
    if (direction !== 'asc' && direction !== 'desc') throw fail(`${path}[1]`, `must be "asc" or "desc", got ${show(direction)}`);
    return { key: key as Metric | Dimension, direction };
  });
}

/**
 * Plausible: "If a time dimension is present, [time_dimension, asc]; by the first metric specified,
 * descending." We apply both when both kinds of dimension are present (time first), the metric alone
 * when only non-time dimensions are, the time dimension alone when it is the only dimension, and no
 * ordering when there are no dimensions (a single row).
 */
export function defaultOrderBy(metrics: Metric[], dimensions: Dimension[]): Query['orderBy'] {
  const time = dimensions.find(isTimeDimension);
  const hasOther = dimensions.some((d) => !isTimeDimension(d));
  const order: Query['orderBy'] = [];
  if (time) order.push({ key: time, direction: 'asc' });
  if (hasOther) order.push({ key: metrics[0], direction: 'desc' });
  return order;
}

function parseComparison(value: unknown, path: string): Comparison {
  if (typeof value === 'string') value = { mode: value };
  if (!isObject(value)) throw fail(path, 'must be { "mode": "previous_period" | "year_over_year" | "custom" }');
  const { mode } = value;
  const allowed = mode === 'custom' ? ['mode', 'date_range'] : ['mode'];
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw fail(`${path}.${key}`, key === 'match_day_of_week' ? 'is not supported' : 'unknown field');
  }
  if (mode === 'previous_period' || mode === 'year_over_year') return { mode };
  if (mode === 'custom') {
    if (value.date_range === undefined) throw fail(`${path}.date_range`, 'is required for mode "custom"');
    return { mode, ...parseDayPair(value.date_range, `${path}.date_range`) };
  }
  throw fail(`${path}.mode`, `must be "previous_period", "year_over_year" or "custom", got ${show(mode)}`);
}

/**
 * Plausible's `include`: `total_rows`, `comparisons`, plus `imports` (accepted and ignored: Cairn has
 * no imported data). `time_labels` is refused rather than silently dropped. Cairn's shorthand
 * `"comparison": "previous_period"` (at the top level or in `include`) means `comparisons: { mode }`.
 */
export function parseInclude(value: unknown, shorthand: unknown): Query['include'] {
  const include = { totalRows: false, comparison: null as Comparison | null };
  const given: Array<[string, unknown]> = [];
  if (shorthand !== undefined && shorthand !== null) given.push(['comparison', shorthand]);

  if (value !== undefined && value !== null) {
    if (!isObject(value)) throw fail('include', `must be an object, got ${describe(value)}`);
    for (const [key, v] of Object.entries(value)) {
      const path = `include.${key}`;
      if (key === 'total_rows' || key === 'imports') {
        if (typeof v !== 'boolean') throw fail(path, 'must be true or false');
        if (key === 'total_rows') include.totalRows = v;
      } else if (key === 'comparisons' || key === 'comparison') {
        if (v !== undefined && v !== null) given.push([path, v]);
      } else if (key === 'time_labels') {
        throw fail(path, 'is not supported');
      } else {
        throw fail(path, 'unknown field (expected total_rows, comparisons or imports)');
      }
    }
  }
  if (given.length > 1) throw fail(given[1][0], `conflicts with ${given[0][0]}; give the comparison once`);
  if (given.length === 1) include.comparison = parseComparison(given[0][1], given[0][0]);
  return include;
}

export function parsePagination(value: unknown): { limit: number; offset: number } {
  const page: { limit: number; offset: number } = { limit: QUERY_LIMITS.maxLimit, offset: 0 };
  if (value === undefined || value === null) return page;
  if (!isObject(value)) throw fail('pagination', `must be an object like { "limit": 100, "offset": 0 }, got ${describe(value)}`);
  for (const [key, v] of Object.entries(value)) {
    if (key === 'limit') {
      if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > QUERY_LIMITS.maxLimit) {
        throw fail('pagination.limit', `must be an integer from 1 to ${QUERY_LIMITS.maxLimit}, got ${show(v)}`);
      }
      page.limit = v as number;
    } else if (key === 'offset') {
      if (!Number.isSafeInteger(v) || (v as number) < 0) throw fail('pagination.offset', `must be an integer of 0 or more, got ${show(v)}`);
      page.offset = v as number;
    } else {
      throw fail(`pagination.${key}`, 'unknown field (expected limit, offset)');
    }
  }
  return page;
}
