import type { MetricColumns } from '../db/schema.ts';
import { addDays, monthOf, weekOf } from '../calendar.ts';
import { addGroup, groupKey, type Group } from '../engine/compute-day.ts';
import { PAIR_SEP, TOTALS_DIM } from '../engine/stored-dimensions.ts';
import { dailyTotals, hourlyTotals, sumColumns, sumDaily, sumMonthly, type AggregateSpan, type AggregateSum, type RollupCoverage } from './aggregates.queries.ts';
import type { AggregatePlan } from './plan.ts';
import type { QueryRun } from './query-run.ts';
import { timeBucket } from '../vocabulary/dimensions.ts';

/**
 * The metric components of rolled-up `days` for a plan: no dimension, one stored dimension, a
 * stored pair, or one time dimension. Months whose sums hold exactly their rolled days (see
 * `monthsOf`) come from the monthly table, so a year is about a dozen rows per value instead of 365.
 */
export async function groupsFromAggregates(
  { db, site }: QueryRun,
  days: string[],
  plan: Pick<AggregatePlan, 'dimension' | 'shape' | 'version'>,
  coverage: RollupCoverage,
  /** The components to read (by default all); the others stay 0. A year of pages is thousands of rows. */
  components?: ReadonlyArray<keyof MetricColumns>,
): Promise<Map<string, Group>> {
  const out = new Map<string, Group>();
  if (days.length === 0) return out;
  const siteId = site.id;
  // Keyed as the engine keys its groups, so aggregate groups merge with the raw tail's.
  const add = (rows: AggregateSum[], valuesOf: (key: string) => string[]) => {
    for (const row of rows) {
      const values = valuesOf(row.key);
      addGroup(out, groupKey(values), { values, m: sumColumns(row) });
    }
  };

  const { dimension } = plan;
  const time = dimension === undefined ? undefined : timeBucket(dimension);
  if (time === 'hour') add(await hourlyTotals(db, siteId, ranges(days)), (k) => [k]);
  else if (time) {
    const bucket = time === 'week' ? weekOf : time === 'month' ? monthOf : (d: string) => d;
    add(await dailyTotals(db, siteId, ranges(days)), (k) => [bucket(k)]);
  } else {
    const dim = dimension ?? TOTALS_DIM;
    const valuesOf = VALUES[plan.shape];
    const { months, rest } = monthsOf(days, coverage, plan.version);
    if (months.length > 0) add(await sumMonthly(db, siteId, dim, months, components), valuesOf);
    if (rest.length > 0) add(await sumDaily(db, siteId, dim, ranges(rest), components), valuesOf);
  }
  return out;
}

const pair = (value: string): [string, string] => {
  const parts = value.split(PAIR_SEP);
  // The cap's (other) row is one value standing for both.
  return parts.length === 2 ? [parts[0]!, parts[1]!] : [value, value];
};

const VALUES: Record<AggregatePlan['shape'], (value: string) => string[]> = {
  totals: () => [],
  value: (v) => [v],
  pair: (v) => pair(v),
  'reversed-pair': (v) => pair(v).reverse(),
};

/** Runs of consecutive days, as [first, last] pairs. */
export function ranges(days: string[]): Array<[string, string]> {
  const sorted = [...days].sort();
  const out: Array<[string, string]> = [];
  for (const day of sorted) {
    const last = out.at(-1);
    if (last && addDays(last[1], 1) === day) last[1] = day;
    else out.push([day, day]);
  }
  return out;
}

/** Where rolled-up `days` are read from: whole months where their sums stand for the days, day ranges otherwise. */
export function aggregateSpan(days: string[], coverage: RollupCoverage, version: number): AggregateSpan {
  const { months, rest } = monthsOf(days, coverage, version);
  return { months, ranges: ranges(rest) };
}

/**
 * The months whose monthly sums can stand for their days in `days`, and the days left over.
 * A month qualifies when its sums are current (rebuilt since its last day was written, all its
 * days by a rollup at least `version`) and every day they hold is in `days`: a month in progress
 * counts as soon as each of its rolled days is asked for.
 */
export function monthsOf(days: string[], coverage: RollupCoverage, version: number): { months: string[]; rest: string[] } {
  const byMonth = new Map<string, string[]>();
  for (const day of days) {
    const list = byMonth.get(monthOf(day));
    if (list) list.push(day);
    else byMonth.set(monthOf(day), [day]);
  }
  const months: string[] = [];
  const rest: string[] = [];
  for (const [month, list] of byMonth) {
    const built = coverage.months.get(month);
    // `list` holds rolled days only, so as many as the sums hold means all of them.
    if (built && built.version >= version && built.days === list.length) months.push(month);
    else rest.push(...list);
  }
  return { months, rest };
}
