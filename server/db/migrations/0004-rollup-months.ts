import type { Kysely } from 'kysely';

/**
 * Which rollup wrote each day, and which days each month's sums hold. A month's rows are the sum
 * of its rolled days when it was last rebuilt; the query engine reads them only when that set is
 * still the month's set of rolled days, so a month in progress answers from ~1,000 rows instead of
 * a thousand per day. Rewriting a day deletes its month's entry until the month is rebuilt.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Days rolled before this migration hold version 1's dimensions; the rollup recomputes those it
  // still has raw events for, and the engine reads raw events for what version 1 lacks.
  await db.schema.alterTable('rollup_days').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema
    .createTable('rollup_months')
    .addColumn('site_id', 'integer', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_months_pk', ['site_id', 'month'])
    .execute();
}
