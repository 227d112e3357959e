/**
 * The dashboard's whole view lives in the query string, so a view can be bookmarked and shared,
 * and back/forward work:
 *
 *   /sites/example.com?period=30d&date=2025-10-03&compare=previous_period&metric=visits
 *                     &f=visit:source|is|Google&f=event:page|contains|/blog
 *   /sites/example.com?period=custom&from=2025-09-01&to=2025-09-30
 *
 * `date` anchors a preset to another day than today (arrow keys step it); `from`/`to` only go with
 * `period=custom`. A filter is `dimension|operator|value`; the value is everything after the second
 * `|` (it may contain `|`), and a `|` or `%` inside a property name is written %7C / %25. Defaults
 * (30d, no comparison, visitors) are left out. Anything invalid is dropped, never thrown.
 */
import { isValidDay } from './dates.ts';
import { FILTER_OPS, isFilterDimension, type FilterOp, type FilterSpec } from './dimensions.ts';

export const PERIODS = [
  'realtime',
  'day',
  'yesterday',
  '7d',
  '28d',
  '30d',
  '91d',
  'month',
  'last_month',
  'year',
  '12mo',
  'all',
  'custom',
] as const;
export type Period = (typeof PERIODS)[number];

export const COMPARE_MODES = ['off', 'previous_period', 'year_over_year'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

export const GRAPH_METRICS = ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration', 'time_on_page', 'scroll_depth', 'conversion_rate'] as const;
export type GraphMetric = (typeof GRAPH_METRICS)[number];

export interface DashState {
  period: Period;
  /** Anchor day for presets (Plausible's `date`); undefined = today. */
  date?: string;
  /** Only with period `custom`. */
  from?: string;
  to?: string;
  compare: CompareMode;
  metric: GraphMetric;
  filters: FilterSpec[];
}

export const DEFAULT_STATE: DashState = { period: '30d', compare: 'off', metric: 'visitors', filters: [] };
export const MAX_FILTERS = 20;

const ANCHORED: readonly Period[] = ['day', '7d', '28d', '30d', '91d', 'month', 'year', '12mo'];
const oneOf = <T extends string>(list: readonly T[], value: string | null): value is T => value !== null && (list as readonly string[]).includes(value);

const encodeDim = (d: string) => d.replace(/%/g, '%25').replace(/\|/g, '%7C');
const decodeDim = (d: string) => d.replace(/%7C/gi, '|').replace(/%25/g, '%');

export function encodeFilter(f: FilterSpec): string {
  return `${encodeDim(f.dimension)}|${f.op}|${f.value}`;
}

export function decodeFilter(text: string): FilterSpec | null {
  const first = text.indexOf('|');
  const second = first < 0 ? -1 : text.indexOf('|', first + 1);
  if (second < 0) return null;
  const dimension = decodeDim(text.slice(0, first));
  const op = text.slice(first + 1, second);
  const value = text.slice(second + 1);
  if (!isFilterDimension(dimension) || !oneOf(FILTER_OPS, op) || value.length > 2000) return null;
  return { dimension, op: op as FilterOp, value };
}

export function parseState(search: string): DashState {
  const p = new URLSearchParams(search);
  const state: DashState = { ...DEFAULT_STATE, filters: [] };
  const period = p.get('period');
  if (oneOf(PERIODS, period)) state.period = period;
  const compare = p.get('compare');
  if (oneOf(COMPARE_MODES, compare)) state.compare = compare;
  const metric = p.get('metric');
  if (oneOf(GRAPH_METRICS, metric)) state.metric = metric;

  if (state.period === 'custom') {
    let from = p.get('from');
    let to = p.get('to');
    if (isValidDay(from) && isValidDay(to)) {
      if (from > to) [from, to] = [to, from];
      state.from = from;
      state.to = to;
    } else {
      state.period = DEFAULT_STATE.period;
    }
  } else if (ANCHORED.includes(state.period)) {
    const date = p.get('date');
    if (isValidDay(date)) state.date = date;
  }

  const seen = new Set<string>();
  for (const raw of p.getAll('f')) {
    const f = decodeFilter(raw);
    if (!f || state.filters.length >= MAX_FILTERS) continue;
    const key = encodeFilter(f);
    if (seen.has(key)) continue;
    seen.add(key);
    state.filters.push(f);
  }
  return state;
}

/** The query string for a state, `?`-prefixed, or '' for the default view. */
export function serializeState(s: DashState): string {
  const p = new URLSearchParams();
  if (s.period !== DEFAULT_STATE.period) p.set('period', s.period);
  if (s.period === 'custom' && s.from && s.to) {
    p.set('from', s.from);
    p.set('to', s.to);
  } else if (s.date && ANCHORED.includes(s.period)) {
    p.set('date', s.date);
  }
  if (s.compare !== 'off') p.set('compare', s.compare);
  if (s.metric !== DEFAULT_STATE.metric) p.set('metric', s.metric);
  for (const f of s.filters) p.append('f', encodeFilter(f));
  // Keep `|`, `:` and `/` readable in the address bar; URLSearchParams escapes them.
  const text = p.toString().replace(/%7C/g, '|').replace(/%3A/g, ':').replace(/%2F/g, '/');
  return text ? `?${text}` : '';
}

/** Adds a filter; an `is` filter replaces other `is` filters on the same dimension (a click on a row). */
export function withFilter(s: DashState, f: FilterSpec): DashState {
  const rest = s.filters.filter((g) => !(g.dimension === f.dimension && (f.op === 'is' ? g.op === 'is' : encodeFilter(g) === encodeFilter(f))));
  return { ...s, filters: [...rest, f].slice(-MAX_FILTERS) };
}

export const withoutFilter = (s: DashState, index: number): DashState => ({ ...s, filters: s.filters.filter((_, i) => i !== index) });

/** The value of the one `is` filter on a dimension, if there is exactly one. */
export function isFilterValue(s: DashState, dimension: string): string | undefined {
  const list = s.filters.filter((f) => f.dimension === dimension && f.op === 'is');
  return list.length === 1 ? list[0].value : undefined;
}
