import { Migrator, SqliteAdapter, sql, type Kysely, type Migration } from 'kysely';
import { isBusyError } from './busy-retry.ts';
import { migrations } from './migrations/index.ts';

/**
 * How long a starting process waits for another one's migrations (or any long write) before it
 * gives up. Each try already waits out the connection's busy timeout; an upgrade that rewrites
 * large tables can take minutes, and failing a start that would have worked helps nobody.
 */
const LOCK_WAIT_MS = 5 * 60_000;

/**
 * Brings the schema to the latest version; safe to run from several processes at once.
 *
 * On SQLite kysely's Migrator takes no lock (its adapter assumes one connection) and runs each
 * migration outside a transaction, so two servers started together on an empty file both found
 * nothing applied and the second died in 0001 with "table already exists". So the whole run is
 * one transaction begun with BEGIN IMMEDIATE, which takes the database's write lock before the
 * Migrator reads what is applied: a second process waits for the lock, then finds everything
 * done. A migration that fails halfway also leaves nothing behind, so migrations must not use
 * what SQLite refuses inside a transaction (VACUUM, `PRAGMA foreign_keys`).
 */
export async function migrateToLatest(db: Kysely<any>, all: Record<string, Migration> = migrations): Promise<string[]> {
  const migrator = (on: Kysely<any>) => new Migrator({ db: on, provider: { getMigrations: async () => all } });
  // Other dialects' adapters lock and use transactions themselves (PostgreSQL: an advisory lock).
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return applied(await migrator(db).migrateToLatest());
  return db.connection().execute(async (conn) => {
    await beginImmediate(conn);
    try {
      const names = applied(await migrator(conn).migrateToLatest());
      await sql`commit`.execute(conn);
      return names;
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}

function applied({ error, results }: Awaited<ReturnType<Migrator['migrateToLatest']>>): string[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`migration ${failed ?? ''} failed: ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function beginImmediate(conn: Kysely<any>): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await sql`begin immediate`.execute(conn);
      return;
    } catch (error) {
      if (!isBusyError(error) || Date.now() >= deadline) throw error;
    }
    // A connection opened without a busy timeout would otherwise spin.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
