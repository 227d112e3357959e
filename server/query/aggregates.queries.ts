import type { ExpressionBuilder, Kysely } from 'kysely';
import type { MetricColumns, Schema } from '../db/schema.ts';
import { METRIC_KEYS } from '../engine/metric-columns.ts';

export interface AggregateSum extends MetricColumns {
  key: string;
}

/** A summed row's components as numbers: SQLite's SUM of no rows is null, and a column left out reads as 0. */
export function sumColumns(row: AggregateSum): MetricColumns {
  const m = {} as MetricColumns;
  for (const k of METRIC_KEYS) m[k] = Number(row[k] ?? 0);
  return m;
}

type DayRange = [from: string, to: string];

/** `day` within any of the ranges; no ranges, no rows. */
const inDayRanges = (eb: ExpressionBuilder<Schema, 'agg_daily'>, ranges: DayRange[]) =>
  ranges.length > 0 ? eb.or(ranges.map(([a, b]) => eb.and([eb('day', '>=', a), eb('day', '<=', b)]))) : eb.lit(false);

type Component = keyof MetricColumns;

/** Sums of the components asked for; the rest are left out (undefined), and read as 0. */
const sums = <T extends 'agg_daily' | 'agg_monthly' | 'agg_hourly'>(eb: ExpressionBuilder<Schema, T>, components: readonly Component[]) =>
  components.map((k) => eb.fn.sum<number>(eb.ref(k as never)).as(k));

/** One dimension's rows summed by value over ranges of days (dim '' holds the totals). */
export function sumDaily(db: Kysely<Schema>, siteId: number, dim: string, ranges: DayRange[], components: readonly Component[] = METRIC_KEYS): Promise<AggregateSum[]> {
  return db
    .selectFrom('agg_daily')
    .select((eb) => [eb.ref('value').as('key'), ...sums(eb, components)])
    .where('site_id', '=', siteId)
    .where('dim', '=', dim)
    .where((eb) => inDayRanges(eb, ranges))
    .groupBy('value')
    .execute() as Promise<AggregateSum[]>;
}

export function sumMonthly(db: Kysely<Schema>, siteId: number, dim: string, months: string[], components: readonly Component[] = METRIC_KEYS): Promise<AggregateSum[]> {
  return db
    .selectFrom('agg_monthly')
    .select((eb) => [eb.ref('value').as('key'), ...sums(eb, components)])
    .where('site_id', '=', siteId)
    .where('dim', '=', dim)
    .where('month', 'in', months)
    .groupBy('value')
    .execute() as Promise<AggregateSum[]>;
}

/** Daily totals, one row a day, for time series. */
export function dailyTotals(db: Kysely<Schema>, siteId: number, ranges: DayRange[]): Promise<AggregateSum[]> {
  return db
    .selectFrom('agg_daily')
    .select((eb) => [eb.ref('day').as('key'), ...METRIC_KEYS.map((k) => eb.ref(k).as(k))])
    .where('site_id', '=', siteId)
    .where('dim', '=', '')
    .where((eb) => inDayRanges(eb, ranges))
    .execute() as Promise<AggregateSum[]>;
}

export function hourlyTotals(db: Kysely<Schema>, siteId: number, ranges: DayRange[]): Promise<AggregateSum[]> {
  return db
    .selectFrom('agg_hourly')
    .select((eb) => [eb.ref('hour').as('key'), ...METRIC_KEYS.map((k) => eb.ref(k).as(k))])
    .where('site_id', '=', siteId)
    .where((eb) => eb.or(ranges.map(([a, b]) => eb.and([eb('hour', '>=', `${a}T00`), eb('hour', '<=', `${b}T23`)]))))
    .execute() as Promise<AggregateSum[]>;
}

/** What the rollup holds for a range: see rollupCoverage. */
export interface RollupCoverage {
  /** The range's rolled days: whether their raw events are gone, and the rollup version that wrote them. */
  days: Map<string, { purged: boolean; version: number }>;
  /** Months whose monthly sums are current: how many days they hold, and the oldest version among those days. */
  months: Map<string, { days: number; version: number }>;
}

/** The rollup's state for [from, to]: its rolled days, and the months whose sums are current. */
export async function rollupCoverage(db: Kysely<Schema>, siteId: number, from: string, to: string): Promise<RollupCoverage> {
  const [dayRows, monthRows] = await Promise.all([
    db
      .selectFrom('rollup_days')
      .select(['day', 'raw_purged', 'version'])
      .where('site_id', '=', siteId)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .execute(),
    db
      .selectFrom('rollup_months')
      .select(['month', 'days', 'version'])
      .where('site_id', '=', siteId)
      .where('month', '>=', from.slice(0, 7))
      .where('month', '<=', to.slice(0, 7))
      .execute(),
  ]);
  return {
    days: new Map(dayRows.map((r) => [r.day, { purged: r.raw_purged === 1, version: r.version }])),
    months: new Map(monthRows.map((r) => [r.month, { days: r.days, version: r.version }])),
  };
}

/** Where a stored dimension's rows for a set of days live: whole months and runs of days. */
export interface AggregateSpan {
  months: string[];
  ranges: DayRange[];
}

/**
 * One dimension's values summed over a span, the `limit` largest by `by` first (ties by value),
 * or only the values listed in `values`. Monthly and daily rows are summed together, so a value's
 * rank is over the whole span.
 */
export function sumTop(
  db: Kysely<Schema>,
  siteId: number,
  dim: string,
  span: AggregateSpan,
  components: readonly Component[],
  by: Component,
  pick: { limit: number } | { values: string[] },
): Promise<AggregateSum[]> {
  const columns = [...new Set([...components, by])];
  const monthly = db
    .selectFrom('agg_monthly')
    .select(['value', ...columns])
    .where('site_id', '=', siteId)
    .where('dim', '=', dim)
    .where('month', 'in', span.months.length > 0 ? span.months : [''])
    .$if('values' in pick, (q) => q.where('value', 'in', (pick as { values: string[] }).values));
  const daily = db
    .selectFrom('agg_daily')
    .select(['value', ...columns])
    .where('site_id', '=', siteId)
    .where('dim', '=', dim)
    .where((eb) => inDayRanges(eb, span.ranges))
    .$if('values' in pick, (q) => q.where('value', 'in', (pick as { values: string[] }).values));
  const query = db
    .selectFrom(monthly.unionAll(daily as never).as('u'))
    .select((eb) => [eb.ref('value').as('key'), ...columns.map((k) => eb.fn.sum<number>(eb.ref(k as never)).as(k))])
    .groupBy('value');
  if ('values' in pick) return query.execute() as Promise<AggregateSum[]>;
  return query
    .orderBy((eb) => eb.fn.sum(eb.ref(by as never)), 'desc')
    .orderBy('value')
    .limit(pick.limit)
    .execute() as Promise<AggregateSum[]>;
}
