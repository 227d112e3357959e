import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { startCheckpointer } from './checkpointer.ts';
import type { Schema } from './schema.ts';

/**
 * The open database. `sqlite` is the raw handle, used only inside server/db
 * (prepared hot-path statements, pragmas); everything else goes through kysely.
 */
export interface Db {
  readonly kysely: Kysely<Schema>;
  readonly sqlite: Database.Database;
  close(): Promise<void>;
}

/** `checkpointInWorker`: the server's connection, where commits sit on the request path. */
export function openDatabase(file: string, options: { checkpointInWorker?: boolean } = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // WAL lets readers (dashboard, rollups) run beside the collector's writes;
  // NORMAL is durable across process crashes, which is what an acknowledged event needs.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  const checkpointer = options.checkpointInWorker && file !== ':memory:' ? startCheckpointer(sqlite, file) : undefined;
  let closed = false;
  return {
    kysely,
    sqlite,
    async close() {
      if (closed) return;
      closed = true;
      await checkpointer?.stop();
      await kysely.destroy(); // closes the better-sqlite3 handle too
    },
  };
}
