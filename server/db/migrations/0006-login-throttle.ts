import { sql, type Kysely } from 'kysely';

/**
 * The login throttle counts attempts per client address as well as per email, so its rows are
 * keyed `email:<email>` or `addr:<SHA-256>` (never an address in clear) instead of by email.
 * Counts and locks in progress carry over.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    // Attempts in the window that have not succeeded, counted before the password is checked.
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`insert into login_throttle (key, attempts, window_started_at, locked_until)
    select 'email:' || email, failures, window_started_at, locked_until from login_attempts`.execute(db);
  await db.schema.dropTable('login_attempts').execute();
}
