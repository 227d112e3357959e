import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { addDays, monthOf, weekOf } from '../rollup/clock.ts';
import type { Group } from '../rollup/compute-day.ts';
import { METRIC_KEYS } from '../rollup/metric-columns.ts';
import { TOTALS_DIM } from '../rollup/stored-dimensions.ts';
import { dailyTotals, hourlyTotals, sumDaily, sumMonthly, type AggregateSum } from './aggregates.queries.ts';
import { mergeGroups } from './from-events.ts';

/**
 * The metric components of rolled-up `days` for no dimension, one stored dimension, or one
 * time dimension. Whole months inside the days come from the monthly table, so a year is
 * about a dozen rows per value instead of 365.
 */
export async function groupsFromAggregates(
  db: Kysely<Schema>,
  siteId: number,
  days: string[],
  dimension: string | undefined,
): Promise<Map<string, Group>> {
  const out = new Map<string, Group>();
  if (days.length === 0) return out;
  const add = (rows: AggregateSum[], bucket: (key: string) => string = (k) => k) => {
    const groups = new Map<string, Group>();
    for (const { key, ...m } of rows) {
      const value = bucket(key);
      mergeGroups(groups, new Map([[value, { values: dimension ? [value] : [], m: numbers(m) }]]));
    }
    mergeGroups(out, dimension ? groups : new Map([...groups].map(([, g]) => ['', g])));
  };

  if (dimension === 'time:hour') add(await hourlyTotals(db, siteId, ranges(days)));
  else if (dimension?.startsWith('time:')) {
    const bucket = dimension === 'time:week' ? weekOf : dimension === 'time:month' ? monthOf : (d: string) => d;
    add(await dailyTotals(db, siteId, ranges(days)), bucket);
  } else {
    const dim = dimension ?? TOTALS_DIM;
    const { months, rest } = splitMonths(days);
    if (months.length > 0) add(await sumMonthly(db, siteId, dim, months));
    if (rest.length > 0) add(await sumDaily(db, siteId, dim, ranges(rest)));
  }
  return out;
}

/** SQLite's SUM over integers is an integer, but may come back null for no rows. */
function numbers(m: Omit<AggregateSum, 'key'>) {
  const out = { ...m };
  for (const k of METRIC_KEYS) out[k] = Number(out[k] ?? 0);
  return out;
}

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

/** Calendar months all of whose days are in `days`, and the days outside them. */
export function splitMonths(days: string[]): { months: string[]; rest: string[] } {
  const byMonth = new Map<string, string[]>();
  for (const day of days) byMonth.set(monthOf(day), [...(byMonth.get(monthOf(day)) ?? []), day]);
  const months: string[] = [];
  const rest: string[] = [];
  for (const [month, list] of byMonth) {
    const length = new Date(Date.UTC(+month.slice(0, 4), +month.slice(5, 7), 0)).getUTCDate();
    if (new Set(list).size === length) months.push(month);
    else rest.push(...list);
  }
  return { months, rest };
}
