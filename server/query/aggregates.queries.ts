import type { ExpressionBuilder, Kysely } from 'kysely';
import type { MetricColumns, Schema } from '../db/schema.ts';
import { METRIC_KEYS } from '../rollup/metric-columns.ts';

export interface AggregateSum extends MetricColumns {
  key: string;
}

type DayRange = [from: string, to: string];

const sums = <T extends 'agg_daily' | 'agg_monthly' | 'agg_hourly'>(eb: ExpressionBuilder<Schema, T>) =>
  METRIC_KEYS.map((k) => eb.fn.sum<number>(eb.ref(k as never)).as(k));

/** One dimension's rows summed by value over ranges of days (dim '' holds the totals). */
export function sumDaily(db: Kysely<Schema>, siteId: number, dim: string, ranges: DayRange[]): Promise<AggregateSum[]> {
  return db
    .selectFrom('agg_daily')
    .select((eb) => [eb.ref('value').as('key'), ...sums(eb)])
    .where('site_id', '=', siteId)
    .where('dim', '=', dim)
    .where((eb) => eb.or(ranges.map(([a, b]) => eb.and([eb('day', '>=', a), eb('day', '<=', b)]))))
    .groupBy('value')
    .execute() as Promise<AggregateSum[]>;
}

export function sumMonthly(db: Kysely<Schema>, siteId: number, dim: string, months: string[]): Promise<AggregateSum[]> {
  return db
    .selectFrom('agg_monthly')
    .select((eb) => [eb.ref('value').as('key'), ...sums(eb)])
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
    .where((eb) => eb.or(ranges.map(([a, b]) => eb.and([eb('day', '>=', a), eb('day', '<=', b)]))))
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

/** Which of a site's days in [from, to] are rolled up, and which of those lost their raw events. */
export async function rolledDaysIn(db: Kysely<Schema>, siteId: number, from: string, to: string) {
  const rows = await db
    .selectFrom('rollup_days')
    .select(['day', 'raw_purged'])
    .where('site_id', '=', siteId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
  return new Map(rows.map((r) => [r.day, r.raw_purged === 1]));
}
