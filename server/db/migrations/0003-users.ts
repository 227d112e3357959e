import type { Kysely } from 'kysely';

/** Dashboard accounts, their sessions, and the brute-force throttle; see server/auth. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // Lower-cased by server/auth/users.ts before every insert and lookup, so unique means unique to people.
    .addColumn('email', 'text', (c) => c.notNull().unique())
    // `scrypt$N$r$p$salt$hash`: the parameters travel with the hash so they can be raised later.
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  // Keyed by the SHA-256 of the cookie's token: a copy of this table does not let anyone log in.
  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .execute();
  // A password reset deletes a user's sessions, and the cascade needs the same lookup.
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  // Failed logins per email, in the database because several servers may answer /login.
  await db.schema
    .createTable('login_attempts')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}
