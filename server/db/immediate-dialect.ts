import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';
import { CompiledQuery } from 'kysely';

/**
 * SQLite's default `BEGIN` is deferred: the transaction reads under a snapshot and asks for the
 * write lock only at its first write. If another connection (a collector, the job worker, a
 * second server) committed in between, that upgrade fails at once with SQLITE_BUSY_SNAPSHOT,
 * which no busy timeout can wait out: the rollup failed with "database is locked" whenever
 * anything else wrote. Every transaction Cairn opens through kysely writes, so each one takes
 * the write lock up front with `BEGIN IMMEDIATE`, where the busy timeout does apply.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
