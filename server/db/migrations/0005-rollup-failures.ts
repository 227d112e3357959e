import type { Kysely } from 'kysely';

/**
 * Site-days (and months) the rollup failed to write, so a failure outlives the process, can be
 * seen, and is retried with a backoff while the other days and sites go on. `day` is a day
 * (YYYY-MM-DD) whose recompute failed or a month (YYYY-MM) whose sums failed to rebuild. The row
 * is what remembers a day needs recomputing once the site's progress (rollup_state) has moved
 * past the events that made it dirty; a success deletes it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rollup_failures')
    .addColumn('site_id', 'integer', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('error', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('failed_at', 'bigint', (c) => c.notNull())
    .addColumn('retry_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_failures_pk', ['site_id', 'day'])
    .execute();
}
