import type { CompiledQuery, Kysely } from 'kysely';
import type { Group } from '../engine/compute-day.ts';
import { capped, type AggregateRow } from './day-rows.ts';
import { MAX_VALUES_PER_MONTH, ROLLUP_VERSION } from '../engine/stored-dimensions.ts';
import { monthOf } from '../calendar.ts';
import type { MetricColumns, Schema } from '../db/schema.ts';
import { METRIC_KEYS } from '../engine/metric-columns.ts';


/** Rolled-up days, each with whether its raw events are still there to recompute it from, and the rollup version that wrote it. */
export async function rolledDays(db: Kysely<Schema>, siteId: number): Promise<Map<string, { purged: boolean; version: number }>> {
  const rows = await db.selectFrom('rollup_days').select(['day', 'raw_purged', 'version']).where('site_id', '=', siteId).execute();
  return new Map(rows.map((r) => [r.day, { purged: r.raw_purged === 1, version: r.version }]));
}

/** Months whose sums are current (see migration 0004). */
export async function builtMonths(db: Kysely<Schema>, siteId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('rollup_months').select('month').where('site_id', '=', siteId).execute();
  return new Set(rows.map((r) => r.month));
}

export async function rollupState(db: Kysely<Schema>, siteId: number): Promise<{ lastEventId: number; goalsHash: string }> {
  const row = await db.selectFrom('rollup_state').select(['last_event_id', 'goals_hash']).where('site_id', '=', siteId).executeTakeFirst();
  return { lastEventId: row?.last_event_id ?? 0, goalsHash: row?.goals_hash ?? '' };
}

export async function saveRollupState(db: Kysely<Schema>, siteId: number, lastEventId: number, goalsHash: string): Promise<void> {
  await db
    .insertInto('rollup_state')
    .values({ site_id: siteId, last_event_id: lastEventId, goals_hash: goalsHash })
    .onConflict((oc) => oc.column('site_id').doUpdateSet({ last_event_id: lastEventId, goals_hash: goalsHash }))
    .execute();
}

/**
 * The statements that replace one site-day's aggregate rows and mark the day rolled up, compiled
 * now so the write transaction that runs them holds the lock only while SQLite works (kysely's
 * compiling of 60 multi-row inserts was half of that time). The day's month no longer holds the
 * day as it is now, so the month is marked unbuilt until it is rebuilt; meanwhile queries read the
 * month's days.
 */
export function replaceDayStatements(
  db: Kysely<Schema>,
  siteId: number,
  day: string,
  rows: AggregateRow[],
  hours: Array<MetricColumns & { hour: string }>,
  maxEventId: number,
  now: number,
): CompiledQuery[] {
  const statements: CompiledQuery[] = [
    db.deleteFrom('agg_daily').where('site_id', '=', siteId).where('day', '=', day).compile(),
    db.deleteFrom('agg_hourly').where('site_id', '=', siteId).where('hour', '>=', `${day}T00`).where('hour', '<=', `${day}T23`).compile(),
  ];
  // 40 rows a statement keeps the bind count (15 columns) far below SQLite's limit.
  for (let i = 0; i < rows.length; i += 40) {
    statements.push(db.insertInto('agg_daily').values(rows.slice(i, i + 40).map((r) => ({ site_id: siteId, day, ...r }))).compile());
  }
  if (hours.length > 0) statements.push(db.insertInto('agg_hourly').values(hours.map((h) => ({ site_id: siteId, ...h }))).compile());
  statements.push(
    db
      .insertInto('rollup_days')
      .values({ site_id: siteId, day, max_event_id: maxEventId, rolled_at: now, version: ROLLUP_VERSION })
      .onConflict((oc) => oc.columns(['site_id', 'day']).doUpdateSet({ max_event_id: maxEventId, rolled_at: now, version: ROLLUP_VERSION }))
      .compile(),
    db.deleteFrom('rollup_months').where('site_id', '=', siteId).where('month', '=', monthOf(day)).compile(),
  );
  return statements;
}

/** A month's rows as the capped sums of its days' rows, and which days they hold: all read, nothing written. */
export interface MonthRows {
  rows: Array<AggregateRow & { site_id: number; month: string }>;
  built: { days: number; version: number };
}

/**
 * Sums a month's rows from its days' rows, capped like a day's: a site with ids in its URLs has a
 * thousand new paths every day, and a year of reports should not sum 30,000 rows a month. Only
 * reads, so it runs before the write transaction instead of holding the write lock (and every
 * collector's commit) while it sums.
 */
export async function monthRows(db: Kysely<Schema>, siteId: number, month: string, cap = MAX_VALUES_PER_MONTH): Promise<MonthRows> {
  const sums = await db
    .selectFrom('agg_daily')
    .select((s) => ['dim', 'value', ...METRIC_KEYS.map((k) => s.fn.sum<number>(k).as(k))])
    .where('site_id', '=', siteId)
    .where('day', '>=', `${month}-01`)
    .where('day', '<=', `${month}-31`)
    .groupBy(['dim', 'value'])
    .execute();
  const byDim = new Map<string, Group[]>();
  for (const { dim, value, ...m } of sums) {
    const list = byDim.get(dim) ?? [];
    list.push({ values: [value], m: m as MetricColumns });
    byDim.set(dim, list);
  }
  const rows = [...byDim].flatMap(([dim, groups]) =>
    capped(groups, cap).map((g) => ({ site_id: siteId, dim, month, value: g.values[0]!, ...g.m })),
  );
  const held = await db
    .selectFrom('rollup_days')
    .select((eb) => [eb.fn.countAll<number>().as('days'), eb.fn.min('version').as('version')])
    .where('site_id', '=', siteId)
    .where('day', '>=', `${month}-01`)
    .where('day', '<=', `${month}-31`)
    .executeTakeFirstOrThrow();
  return { rows, built: { days: Number(held.days), version: Number(held.version ?? ROLLUP_VERSION) } };
}

/** The statements that replace a month's rows with `monthRows`' and mark the month built, compiled now (see replaceDayStatements). */
export function writeMonthStatements(db: Kysely<Schema>, siteId: number, month: string, { rows, built }: MonthRows): CompiledQuery[] {
  const statements = [db.deleteFrom('agg_monthly').where('site_id', '=', siteId).where('month', '=', month).compile()];
  for (let i = 0; i < rows.length; i += 40) statements.push(db.insertInto('agg_monthly').values(rows.slice(i, i + 40)).compile());
  statements.push(
    db
      .insertInto('rollup_months')
      .values({ site_id: siteId, month, ...built })
      .onConflict((oc) => oc.columns(['site_id', 'month']).doUpdateSet(built))
      .compile(),
  );
  return statements;
}
