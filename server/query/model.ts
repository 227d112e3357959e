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
import { addYears, isValidDay } from './date-range.ts';
import { regexRisk } from './model-regex.ts';

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

export const VISIT_DIMENSIONS = [
  'visit:entry_page',
  'visit:exit_page',
  'visit:source',
  'visit:referrer',
  'visit:channel',
  'visit:utm_medium',
  'visit:utm_source',
  'visit:utm_campaign',
  'visit:utm_content',
  'visit:utm_term',
  'visit:country',
  'visit:region',
  'visit:city',
  'visit:device',
  'visit:browser',
  'visit:browser_version',
  'visit:os',
  'visit:os_version',
  'visit:screen',
  'visit:language',
] as const;
export const EVENT_DIMENSIONS = ['event:page', 'event:hostname', 'event:name', 'event:goal'] as const; // plus `event:props:<key>`
export const TIME_DIMENSIONS = ['time:hour', 'time:day', 'time:week', 'time:month'] as const;

export type VisitDimension = (typeof VISIT_DIMENSIONS)[number];
export type EventDimension = (typeof EVENT_DIMENSIONS)[number] | `event:props:${string}`;
export type TimeDimension = (typeof TIME_DIMENSIONS)[number];
export type Dimension = VisitDimension | EventDimension | TimeDimension;

export type FilterOperator = 'is' | 'is_not' | 'contains' | 'contains_not' | 'matches' | 'matches_not';
export type Filter =
  | {
      op: FilterOperator;
      dimension: VisitDimension | EventDimension;
      values: string[];
      caseSensitive: boolean;
      /** compiled for matches/matches_not */
      patterns?: RegExp[];
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
  /** Depth of a filter in the tree: a top-level filter is at depth 1, the filters inside its `and` at 2. */
  filterDepth: 5,
  /** All filter expressions in one query, leaves and logical ones together. */
  filterNodes: 100,
  maxLimit: 10_000,
  /** A custom date range (or comparison range) may span at most this many years. */
  rangeYears: 10,
  /** `matchesWithBudget` refuses longer inputs. */
  matchInputLength: 2_000,
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

const SIMPLE_OPERATORS: readonly string[] = ['is', 'is_not', 'contains', 'contains_not', 'matches', 'matches_not'];
const LOGICAL_OPERATORS: readonly string[] = ['and', 'or', 'not'];
/** Plausible operators Cairn does not (yet) evaluate; named in the error so the client knows why. */
const UNSUPPORTED_OPERATORS: readonly string[] = ['has_done', 'has_not_done', 'matches_wildcard', 'matches_wildcard_not'];

/** Session metrics, which cannot be broken down by a dimension that belongs to single events. */
const SESSION_METRICS: readonly Metric[] = ['bounce_rate', 'visit_duration', 'views_per_visit'];

type Json = Record<string, unknown>;

const fail = (path: string, message: string) => badRequest(`${path}: ${message}`, 'invalid_query');
const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const describe = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

export const isMetric = (value: unknown): value is Metric => (METRICS as readonly unknown[]).includes(value);
export const isTimeDimension = (value: unknown): value is TimeDimension => (TIME_DIMENSIONS as readonly unknown[]).includes(value);
export const isEventPropDimension = (value: string): value is `event:props:${string}` => value.startsWith('event:props:');
export const isVisitDimension = (value: unknown): value is VisitDimension => (VISIT_DIMENSIONS as readonly unknown[]).includes(value);
export const isEventDimension = (value: unknown): value is EventDimension =>
  (EVENT_DIMENSIONS as readonly unknown[]).includes(value) ||
  (typeof value === 'string' && isEventPropDimension(value) && value.length > 'event:props:'.length);

/** Runs a compiled `matches` pattern, refusing (false) inputs longer than 2,000 characters so evaluation stays bounded. */
export function matchesWithBudget(re: RegExp, input: string): boolean {
  if (input.length > QUERY_LIMITS.matchInputLength) return false;
  return re.test(input);
}

/** Every simple filter in the tree, depth first. */
export function filterLeaves(filters: readonly Filter[]): SimpleFilter[] {
  const out: SimpleFilter[] = [];
  const walk = (f: Filter) => {
    if ('filters' in f) f.filters.forEach(walk);
    else if ('filter' in f) walk(f.filter);
    else out.push(f);
  };
  filters.forEach(walk);
  return out;
}

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
  return value;
}

function parseDay(value: unknown, path: string): string {
  if (typeof value !== 'string') throw fail(path, `must be a date string like "2024-07-01", got ${describe(value)}`);
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    // Plausible also takes ISO 8601 date-times here; Cairn's aggregates are per site-local day.
    throw fail(path, `must be a date like "2024-07-01"; date-times such as ${show(value)} are not supported`);
  }
  if (!isValidDay(value)) throw fail(path, `${show(value)} is not a valid date (expected YYYY-MM-DD)`);
  return value;
}

/** `[from, to]`: valid days, from <= to, spanning at most 10 years. */
function parseDayPair(value: unknown, path: string): { from: string; to: string } {
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

/** A dimension name; `allowTime` is false where time dimensions make no sense (filters). */
function parseDimension(value: unknown, path: string, allowTime: boolean): Dimension {
  if (typeof value !== 'string') throw fail(path, `must be a dimension string, got ${describe(value)}`);
  if (isTimeDimension(value)) {
    if (!allowTime) throw fail(path, `time dimensions such as ${show(value)} cannot be filtered; set date_range instead`);
    return value;
  }
  if (isVisitDimension(value)) return value;
  if (isEventPropDimension(value)) {
    const key = value.slice('event:props:'.length);
    if (key === '') throw fail(path, 'custom property dimension needs a name, as in "event:props:author"');
    if (key.length > QUERY_LIMITS.propKeyLength) throw fail(path, `custom property name is longer than ${QUERY_LIMITS.propKeyLength} characters`);
    return value;
  }
  if (isEventDimension(value)) return value;
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
// Filters

function parseFilters(value: unknown): Filter[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw fail('filters', `must be an array of filters, got ${describe(value)}`);
  const budget = { nodes: 0 };
  return value.map((f, i) => parseFilter(f, `filters[${i}]`, 1, budget));
}

function parseFilter(value: unknown, path: string, depth: number, budget: { nodes: number }): Filter {
  if (depth > QUERY_LIMITS.filterDepth) throw fail(path, `filters may be nested at most ${QUERY_LIMITS.filterDepth} levels deep`);
  if (++budget.nodes > QUERY_LIMITS.filterNodes) throw fail(path, `a query may hold at most ${QUERY_LIMITS.filterNodes} filter expressions`);
  if (!Array.isArray(value) || value.length === 0) {
    throw fail(path, 'must be a filter such as ["is", "visit:country", ["DE"]] or ["and", [...]]');
  }
  const op = value[0];
  if (typeof op !== 'string') throw fail(`${path}[0]`, `filter operator must be a string, got ${describe(op)}`);

  if (op === 'and' || op === 'or') {
    if (value.length !== 2) throw fail(path, `"${op}" takes exactly one list of filters: ["${op}", [filter, ...]]`);
    const list = value[1];
    if (!Array.isArray(list) || list.length === 0) throw fail(`${path}[1]`, `"${op}" needs a non-empty array of filters`);
    return { op, filters: list.map((f, i) => parseFilter(f, `${path}[1][${i}]`, depth + 1, budget)) };
  }
  if (op === 'not') {
    if (value.length !== 2) throw fail(path, '"not" takes exactly one filter: ["not", filter]');
    return { op, filter: parseFilter(value[1], `${path}[1]`, depth + 1, budget) };
  }
  if (UNSUPPORTED_OPERATORS.includes(op)) throw fail(`${path}[0]`, `filter operator ${show(op)} is not supported`);
  if (!SIMPLE_OPERATORS.includes(op)) {
    throw fail(`${path}[0]`, `unknown filter operator ${show(op)} (expected one of ${[...SIMPLE_OPERATORS, ...LOGICAL_OPERATORS].join(', ')})`);
  }
  return parseSimpleFilter(op as FilterOperator, value, path);
}

function parseSimpleFilter(op: FilterOperator, value: unknown[], path: string): Filter {
  if (value.length < 3 || value.length > 4) throw fail(path, `must be [operator, dimension, values] with an optional 4th { "case_sensitive": false }`);
  const dimension = parseDimension(value[1], `${path}[1]`, false) as VisitDimension | EventDimension;

  // Plausible documents only `is` and `contains` for goals (goals are names, not stored values).
  if (dimension === 'event:goal' && op !== 'is' && op !== 'contains') {
    throw fail(`${path}[0]`, `only "is" and "contains" can filter event:goal (wrap in "not" to exclude)`);
  }

  const regex = op === 'matches' || op === 'matches_not';
  const maxLength = regex ? QUERY_LIMITS.patternLength : QUERY_LIMITS.filterValueLength;
  const list = value[2];
  if (!Array.isArray(list) || list.length === 0) throw fail(`${path}[2]`, 'must be a non-empty array of strings');
  if (list.length > QUERY_LIMITS.filterValues) throw fail(`${path}[2]`, `at most ${QUERY_LIMITS.filterValues} values are allowed, got ${list.length}`);
  const values = list.map((v, i) => {
    // Plausible also takes integers for visit:city (GeoName IDs); Cairn's values are all strings.
    if (typeof v !== 'string') throw fail(`${path}[2][${i}]`, `must be a string, got ${describe(v)}`);
    if (v.length > maxLength) throw fail(`${path}[2][${i}]`, `is longer than ${maxLength} characters`);
    return v;
  });

  // Plausible: country codes for is/is_not must be ISO 3166-1 alpha-2 ("DE", not "Germany").
  if (dimension === 'visit:country' && (op === 'is' || op === 'is_not')) {
    values.forEach((v, i) => {
      if (!/^[A-Za-z]{2}$/.test(v)) throw fail(`${path}[2][${i}]`, `visit:country takes 2-letter country codes such as "DE", got ${show(v)}`);
    });
  }

  let caseSensitive = true;
  if (value.length === 4) {
    const modifiers = value[3];
    if (!isObject(modifiers)) throw fail(`${path}[3]`, 'must be an object such as { "case_sensitive": false }');
    for (const key of Object.keys(modifiers)) {
      if (key !== 'case_sensitive') throw fail(`${path}[3]`, `unknown filter modifier ${show(key)} (expected case_sensitive)`);
    }
    if (modifiers.case_sensitive !== undefined) {
      if (typeof modifiers.case_sensitive !== 'boolean') throw fail(`${path}[3].case_sensitive`, 'must be true or false');
      caseSensitive = modifiers.case_sensitive;
    }
  }

  const filter: SimpleFilter = { op, dimension, values, caseSensitive };
  if (regex) filter.patterns = values.map((v, i) => compilePattern(v, caseSensitive, `${path}[2][${i}]`));
  return filter;
}

/**
 * Compiles a `matches` value. Plausible uses RE2 syntax; Cairn uses JavaScript's, which agrees on
 * everything RE2 has except a few flags and classes, and refuses patterns that could backtrack
 * for too long (see model-regex.ts). Patterns are searched anywhere in the value, as in Plausible:
 * anchor them with ^ and $ to match whole values.
 */
function compilePattern(source: string, caseSensitive: boolean, path: string): RegExp {
  let re: RegExp;
  try {
    re = new RegExp(source, caseSensitive ? '' : 'i');
  } catch (e) {
    const reason = (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    throw fail(path, `invalid regular expression ${show(source)}: ${reason}`);
  }
  const risk = regexRisk(source, !caseSensitive);
  if (risk) throw fail(path, `regular expression ${show(source)} is not allowed: ${risk}`);
  return re;
}

// ---------------------------------------------------------------------------------------------
// order_by, include, pagination

function parseOrderBy(value: unknown, metrics: Metric[], dimensions: Dimension[]): Query['orderBy'] {
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
function parseInclude(value: unknown, shorthand: unknown): Query['include'] {
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

function parsePagination(value: unknown): { limit: number; offset: number } {
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
      const eventDim = q.dimensions.find((d) => d === 'event:name' || d === 'event:goal' || isEventPropDimension(d));
      if (eventDim) throw fail(path, `session metric ${show(m)} cannot be broken down by the event dimension ${show(eventDim)}`);
    }
  });
}
