import type { Kysely } from 'kysely';

/**
 * Small counters every server process shares: `events_purged` changes whenever raw events are
 * deleted (retention, a removed site), so a process's copy of recent events knows to drop what
 * the database no longer has; `healthz` is what /healthz writes to prove events can be stored.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('instance_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
}
