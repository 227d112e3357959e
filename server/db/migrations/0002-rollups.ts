import { sql, type Kysely } from 'kysely';

/** The additive metric components every aggregate row carries; see server/query/metrics.ts. */
export const METRIC_COLUMNS = [
  'visitors',
  'visits',
  'pageviews',
  'events',
  'bounces',
  'duration_ms',
  'engaged_ms',
  'engaged_views',
  'scroll_sum',
  'scroll_views',
  'revenue',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('sites')
    .addColumn('raw_retention_days', 'integer', (c) => c.notNull().defaultTo(30))
    .execute();
  await db.schema
    .alterTable('sites')
    .addColumn('aggregate_retention_months', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The acquisition channel (Organic Search, Paid Social, ...) is derived at ingest from the
  // source and UTM medium, so raw queries and rollups read one column instead of re-deriving it.
  await db.schema.alterTable('events').addColumn('channel', 'text', (c) => c.notNull().defaultTo('')).execute();

  // One generic (dimension, value) table per grain keeps the rollup code uniform: a breakdown
  // is a range scan of one dimension. Totals are stored as dim '' and value ''.
  for (const [table, period] of [
    ['agg_daily', 'day'],
    ['agg_monthly', 'month'],
  ] as const) {
    let t = db.schema
      .createTable(table)
      .addColumn('site_id', 'integer', (c) => c.notNull())
      .addColumn('dim', 'text', (c) => c.notNull())
      .addColumn(period, 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull());
    for (const m of METRIC_COLUMNS) t = t.addColumn(m, m === 'revenue' ? 'real' : 'integer', (c) => c.notNull().defaultTo(0));
    await t.addPrimaryKeyConstraint(`${table}_pk`, ['site_id', 'dim', period, 'value']).modifyEnd(sqlWithoutRowid).execute();
  }

  // Rewriting one day (the rollup) and summing a month read by day across all dimensions.
  await db.schema.createIndex('agg_daily_site_day').on('agg_daily').columns(['site_id', 'day']).execute();

  // Hourly totals for intraday charts; `hour` is the site-local `YYYY-MM-DDTHH`.
  let hourly = db.schema
    .createTable('agg_hourly')
    .addColumn('site_id', 'integer', (c) => c.notNull())
    .addColumn('hour', 'text', (c) => c.notNull());
  for (const m of METRIC_COLUMNS) hourly = hourly.addColumn(m, m === 'revenue' ? 'real' : 'integer', (c) => c.notNull().defaultTo(0));
  await hourly.addPrimaryKeyConstraint('agg_hourly_pk', ['site_id', 'hour']).modifyEnd(sqlWithoutRowid).execute();

  // Which site-days the aggregates hold, and up to which event id they saw.
  await db.schema
    .createTable('rollup_days')
    .addColumn('site_id', 'integer', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('max_event_id', 'integer', (c) => c.notNull())
    .addColumn('rolled_at', 'bigint', (c) => c.notNull())
    // Set by retention once the day's raw events are gone: the day can never be recomputed.
    .addColumn('raw_purged', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('rollup_days_pk', ['site_id', 'day'])
    .execute();

  // Per-site progress: events with a larger id are new to the rollup (late or imported events
  // for days already rolled up make those days dirty).
  await db.schema
    .createTable('rollup_state')
    .addColumn('site_id', 'integer', (c) => c.primaryKey())
    .addColumn('last_event_id', 'integer', (c) => c.notNull())
    // The goals the aggregates were computed with; a change makes every recomputable day dirty.
    .addColumn('goals_hash', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  // Leases so that one process at a time runs a job, whatever the number of servers.
  await db.schema
    .createTable('locks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('goals')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // 'page' | 'event'
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('goals_site_name', ['site_id', 'name'])
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('prefix', 'text', (c) => c.notNull().unique())
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('site_id', 'integer', (c) => c.references('sites.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull()) // 'read' | 'write'
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
}

// Aggregate rows are only ever read by their key: clustering on it halves the lookups.
const sqlWithoutRowid = sql`without rowid`;
