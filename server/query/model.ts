/**
 * The request model of `POST /api/v2/query`: Plausible's Stats API v2 body, parsed and validated into
 * a typed, normalized `Query`. Every problem is an `AppError` 400 (code `invalid_query`) whose message
 * starts with the path of the offending field, e.g. `metrics[2]: unknown metric "foo"` or
 * `filters[0][1]: unknown dimension "visit:planet"`.
 *
 * Where Cairn differs from Plausible (it supports fewer features, or Plausible leaves a point open),
 * the choice is written beside the code that makes it.
 */
import { badRequest } from '../errors.ts';
import { MAX_MATCH_INPUT, type MatchPattern } from '../utils/match-pattern.ts';
import { addYears, isValidDay } from '../calendar.ts';
import { isQueryDay, QUERY_DAYS } from './date-range.ts';
import { filterLeaves, parseFilters } from './model-filters.ts';
import { parseInclude, parseOrderBy, parsePagination } from './model-options.ts';
import { describe, fail, isObject, show } from './model-json.ts';
import { type DimensionName, dimensionNames, isDimensionName, isFilterable, isPropertyDimension, isTimeDimension, propertyDimension, type PropertyDimension, propertyKey, type TimeDimension, type VisitDimension } from '../vocabulary/dimensions.ts';

export { filterLeaves } from './model-filters.ts';
export { matchesWithBudget } from '../utils/match-pattern.ts';
export { defaultOrderBy } from './model-options.ts';

export const METRICS = [
  'visitors',
  'visits',
  'pageviews',
  'views_per_visit',
  'bounce_rate',
  'visit_duration',
  'events',
  'conversion_rate',
  'time_on_page',
  'scroll_depth',
  'percentage',
] as const;
export type Metric = (typeof METRICS)[number];

// The dimensions are vocabulary/dimensions.ts' table, plus `event:props:<key>` for any key.
export const TIME_DIMENSIONS = dimensionNames('time:');

export type { TimeDimension, VisitDimension };
export type EventDimension = Extract<DimensionName, `event:${string}`> | PropertyDimension;
export type Dimension = VisitDimension | EventDimension | TimeDimension;

export type FilterOperator = 'is' | 'is_not' | 'contains' | 'contains_not' | 'matches' | 'matches_not';
export type Filter =
  | {
      op: FilterOperator;
      dimension: VisitDimension | EventDimension;
      values: string[];
      caseSensitive: boolean;
      /** compiled for matches/matches_not (RE2, linear time) */
      patterns?: MatchPattern[];
    }
  | { op: 'and' | 'or'; filters: Filter[] }
  | { op: 'not'; filter: Filter };
/** A filter on one dimension (the leaves of the filter tree). */
export type SimpleFilter = Extract<Filter, { dimension: unknown }>;

export const DATE_PRESETS = ['day', '7d', '28d', '30d', '91d', 'month', '6mo', '12mo', 'year', 'all'] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];
export type DateRangeInput =
  | { kind: 'preset'; preset: DatePreset }
  | { kind: 'custom'; from: string; to: string } // ISO dates YYYY-MM-DD, from <= to
  | { kind: 'realtime' };

export type Comparison = { mode: 'previous_period' } | { mode: 'year_over_year' } | { mode: 'custom'; from: string; to: string };

export interface Query {
  site: string; // site_id as given (a domain), lower-cased & trimmed
  dateRange: DateRangeInput;
  /** Optional anchor for presets, Plausible's `date` param: 'YYYY-MM-DD'; presets are relative to it instead of today. */
  date: string | undefined;
  metrics: Metric[];
  dimensions: Dimension[];
  filters: Filter[]; // top-level list, ANDed
  orderBy: Array<{ key: Metric | Dimension; direction: 'asc' | 'desc' }>;
  limit: number; // pagination.limit, default 10000, max 10000
  offset: number; // pagination.offset, default 0
  include: { totalRows: boolean; comparison: Comparison | null };
}

export const QUERY_LIMITS = {
  siteIdLength: 255,
  maxDimensions: 3,
  propKeyLength: 300,
  filterValues: 100,
  filterValueLength: 2_000,
  patternLength: 200,
  /** `matches` / `matches_not` patterns in one query, over all its filters. */
  patterns: 20,
  /** Depth of a filter in the tree: a top-level filter is at depth 1, the filters inside its `and` at 2. */
  filterDepth: 5,
  /** All filter expressions in one query, leaves and logical ones together. */
  filterNodes: 100,
  maxLimit: 10_000,
  /** A custom date range (or comparison range) may span at most this many years. */
  rangeYears: 10,
  /** `matchesWithBudget` refuses longer inputs. */
  matchInputLength: MAX_MATCH_INPUT,
} as const;

/** Metrics that can be asked for with `date_range: "realtime"`. */
export const REALTIME_METRICS: readonly Metric[] = ['visitors', 'visits', 'pageviews', 'events'];

const TOP_LEVEL_KEYS = [
  'site_id',
  'date_range',
  'date',
  'metrics',
  'dimensions',
  'filters',
  'order_by',
  'include',
  'pagination',
  'comparison',
] as const;


/** Session metrics, which cannot be broken down by a dimension that belongs to single events. */
const SESSION_METRICS: readonly Metric[] = ['bounce_rate', 'visit_duration', 'views_per_visit'];


export const isMetric = (value: unknown): value is Metric => (METRICS as readonly unknown[]).includes(value);

/** Parses and validates a `POST /api/v2/query` body. Throws `AppError(400, 'invalid_query')`. */
export function parseQuery(body: unknown): Query {
  if (!isObject(body)) throw badRequest('body must be a JSON object', 'invalid_query');

  const unknown = Object.keys(body).filter((k) => !(TOP_LEVEL_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    const names = unknown.map((k) => JSON.stringify(k)).join(', ');
    throw badRequest(
      `unknown field${unknown.length > 1 ? 's' : ''} ${names} (expected ${TOP_LEVEL_KEYS.filter((k) => k !== 'comparison').join(', ')})`,
      'invalid_query',
    );
  }

  const site = parseSiteId(body.site_id);
  const date = parseAnchor(body.date);
  const dateRange = parseDateRange(body.date_range);
  const metrics = parseMetrics(body.metrics);
  const dimensions = parseDimensions(body.dimensions);
  const filters = parseFilters(body.filters);
  const orderBy = parseOrderBy(body.order_by, metrics, dimensions);
  const include = parseInclude(body.include, body.comparison);
  const { limit, offset } = parsePagination(body.pagination);

  const query: Query = { site, dateRange, date, metrics, dimensions, filters, orderBy, limit, offset, include };
  validateCompatibility(query);
  return query;
}

// ---------------------------------------------------------------------------------------------

function parseSiteId(value: unknown): string {
  if (value === undefined) throw fail('site_id', 'is required');
  if (typeof value !== 'string') throw fail('site_id', `must be a string, got ${describe(value)}`);
  const site = value.trim().toLowerCase();
  if (site === '') throw fail('site_id', 'must not be empty');
  if (site.length > QUERY_LIMITS.siteIdLength) throw fail('site_id', `is longer than ${QUERY_LIMITS.siteIdLength} characters`);
  return site;
}

function parseAnchor(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isValidDay(value)) throw fail('date', `must be a date like "2024-07-01", got ${show(value)}`);
  return inQueryDays(value, 'date');
}

function inQueryDays(day: string, path: string): string {
  if (!isQueryDay(day)) throw fail(path, `${show(day)} is outside the days a query can ask for (${QUERY_DAYS.first} to ${QUERY_DAYS.last})`);
  return day;
}

function parseDay(value: unknown, path: string): string {
  if (typeof value !== 'string') throw fail(path, `must be a date string like "2024-07-01", got ${describe(value)}`);
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    // Plausible also takes ISO 8601 date-times here; Cairn's aggregates are per site-local day.
    throw fail(path, `must be a date like "2024-07-01"; date-times such as ${show(value)} are not supported`);
  }
  if (!isValidDay(value)) throw fail(path, `${show(value)} is not a valid date (expected YYYY-MM-DD)`);
  return inQueryDays(value, path);
}

/** `[from, to]`: valid days, from <= to, spanning at most 10 years. */
export function parseDayPair(value: unknown, path: string): { from: string; to: string } {
  if (!Array.isArray(value) || value.length !== 2) throw fail(path, 'must be a [from, to] pair of dates like ["2024-01-01", "2024-01-31"]');
  const from = parseDay(value[0], `${path}[0]`);
  const to = parseDay(value[1], `${path}[1]`);
  if (from > to) throw fail(path, `starts after it ends (${from} > ${to})`);
  if (to >= addYears(from, QUERY_LIMITS.rangeYears)) throw fail(path, `may span at most ${QUERY_LIMITS.rangeYears} years`);
  return { from, to };
}

function parseDateRange(value: unknown): DateRangeInput {
  if (value === undefined) throw fail('date_range', 'is required');
  if (typeof value === 'string') {
    if (value === 'realtime') return { kind: 'realtime' };
    if ((DATE_PRESETS as readonly string[]).includes(value)) return { kind: 'preset', preset: value as DatePreset };
    throw fail('date_range', `unknown date range ${show(value)} (expected one of ${DATE_PRESETS.join(', ')}, realtime, or [from, to])`);
  }
  if (Array.isArray(value)) return { kind: 'custom', ...parseDayPair(value, 'date_range') };
  throw fail('date_range', `must be a preset string or a [from, to] pair, got ${describe(value)}`);
}

function parseMetrics(value: unknown): Metric[] {
  if (value === undefined) throw fail('metrics', 'is required');
  if (!Array.isArray(value)) throw fail('metrics', `must be an array, got ${describe(value)}`);
  if (value.length === 0) throw fail('metrics', 'must list at least one metric');
  const seen = new Set<Metric>();
  return value.map((m, i) => {
    if (typeof m !== 'string') throw fail(`metrics[${i}]`, `must be a string, got ${describe(m)}`);
    if (!isMetric(m)) throw fail(`metrics[${i}]`, `unknown metric ${show(m)}`);
    if (seen.has(m)) throw fail(`metrics[${i}]`, `duplicate metric ${show(m)}`);
    seen.add(m);
    return m;
  });
}

/** A dimension name; `allowTime` is false in filters, which take only filterable dimensions (date_range sets the time). */
export function parseDimension(value: unknown, path: string, allowTime: boolean): Dimension {
  if (typeof value !== 'string') throw fail(path, `must be a dimension string, got ${describe(value)}`);
  if (isDimensionName(value)) {
    if (!allowTime && !isFilterable(value)) throw fail(path, `time dimensions such as ${show(value)} cannot be filtered; set date_range instead`);
    return value;
  }
  if (isPropertyDimension(value)) {
    const key = propertyKey(value);
    if (key === '') throw fail(path, `custom property dimension needs a name, as in "${propertyDimension('author')}"`);
    if (key.length > QUERY_LIMITS.propKeyLength) throw fail(path, `custom property name is longer than ${QUERY_LIMITS.propKeyLength} characters`);
    return value;
  }
  if (value === 'time') {
    // Plausible picks a bucket for plain "time" from the range; Cairn asks for it explicitly.
    throw fail(path, `unknown dimension "time" (use one of ${TIME_DIMENSIONS.join(', ')})`);
  }
  throw fail(path, `unknown dimension ${show(value)}`);
}

function parseDimensions(value: unknown): Dimension[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw fail('dimensions', `must be an array, got ${describe(value)}`);
  const seen = new Set<string>();
  let time: string | undefined;
  const dims = value.map((d, i) => {
    const dim = parseDimension(d, `dimensions[${i}]`, true);
    if (seen.has(dim)) throw fail(`dimensions[${i}]`, `duplicate dimension ${show(dim)}`);
    seen.add(dim);
    if (isTimeDimension(dim)) {
      if (time) throw fail(`dimensions[${i}]`, `only one time dimension is allowed (already have ${show(time)})`);
      time = dim;
    }
    return dim;
  });
  if (dims.length > QUERY_LIMITS.maxDimensions) throw fail('dimensions', `at most ${QUERY_LIMITS.maxDimensions} dimensions are allowed, got ${dims.length}`);
  return dims;
}

// ---------------------------------------------------------------------------------------------
// Cross-field rules

function validateCompatibility(q: Query): void {
  const leaves = filterLeaves(q.filters);
  const filtersOn = (dim: string) => leaves.some((f) => f.dimension === dim);
  const hasDim = (dim: string) => q.dimensions.includes(dim as Dimension);
  const nonTime = q.dimensions.filter((d) => !isTimeDimension(d));

  if (q.dateRange.kind === 'realtime') {
    // Realtime counts the last 30 minutes of raw events: no day buckets, no comparisons.
    q.metrics.forEach((m, i) => {
      if (!REALTIME_METRICS.includes(m)) {
        throw fail(`metrics[${i}]`, `${show(m)} is not available with date_range "realtime" (use ${REALTIME_METRICS.join(', ')})`);
      }
    });
    q.dimensions.forEach((d, i) => {
      if (isTimeDimension(d)) throw fail(`dimensions[${i}]`, `time dimensions are not available with date_range "realtime"`);
    });
    if (q.include.comparison) throw fail('include.comparisons', 'comparisons are not available with date_range "realtime"');
  }

  // Filters anywhere in the tree count as "a filter on" a dimension, including under "or"/"not";
  // Plausible's checks look at the same set.
  q.metrics.forEach((m, i) => {
    const path = `metrics[${i}]`;
    switch (m) {
      case 'percentage':
        // Plausible asks for "non-empty dimensions"; a share of a lone time bucket is always 100%.
        if (nonTime.length === 0) throw fail(path, '"percentage" needs at least one non-time dimension');
        break;
      case 'conversion_rate':
        if (!hasDim('event:goal') && !filtersOn('event:goal')) throw fail(path, '"conversion_rate" needs an event:goal dimension or filter');
        break;
      case 'time_on_page':
      case 'scroll_depth':
        if (!hasDim('event:page') && !filtersOn('event:page')) throw fail(path, `${show(m)} needs an event:page dimension or filter`);
        break;
      case 'views_per_visit':
        // Plausible refuses views_per_visit with any dimension; Cairn computes it per visit
        // dimension and time bucket, and refuses it only where a page makes it meaningless.
        if (filtersOn('event:page')) throw fail(path, '"views_per_visit" cannot be combined with an event:page filter');
        if (hasDim('event:page')) throw fail(path, '"views_per_visit" cannot be combined with the event:page dimension');
        break;
    }
    if (SESSION_METRICS.includes(m)) {
      const eventDim = q.dimensions.find((d) => d === 'event:name' || d === 'event:goal' || isPropertyDimension(d));
      if (eventDim) throw fail(path, `session metric ${show(m)} cannot be broken down by the event dimension ${show(eventDim)}`);
    }
  });
}
