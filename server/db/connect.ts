import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { isBusyError } from './busy-retry.ts';
import { startCheckpointer, type CheckpointerOptions } from './checkpointer.ts';
import { ImmediateSqliteDialect } from './immediate-dialect.ts';
import type { Schema } from './schema.ts';

/**
 * The open database. `sqlite` is the raw handle, used only inside server/db
 * (prepared hot-path statements, pragmas); everything else goes through kysely.
 */
export interface Db {
  readonly kysely: Kysely<Schema>;
  readonly sqlite: Database.Database;
  /** The database file, for other threads to open their own connection; null in memory. */
  readonly file: string | null;
  close(): Promise<void>;
}

/**
 * After a checkpoint has copied every frame back, the next writer restarts the WAL from its
 * start and cuts the file to this size. Without a limit the WAL keeps its largest size for ever
 * (82 MB beside a 26 MB database was seen), and after a disk-full episode it takes the freed space
 * back before any event does.
 */
export const WAL_SIZE_LIMIT = 16 * 1024 * 1024;

export interface OpenOptions {
  /** The server's connection, where commits sit on the request path: WAL checkpoints in a worker thread. */
  checkpointInWorker?: boolean;
  /** What the checkpoint worker reports when it cannot checkpoint (disk full, I/O error). */
  onCheckpointError?: CheckpointerOptions['onError'];
  /** Milliseconds a statement waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** Tests lower it to see the cut without writing 16 MB. */
  walSizeLimit?: number;
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') createPrivately(file);
  const sqlite = new Database(file);
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  // WAL lets readers (dashboard, rollups) run beside the collector's writes;
  // NORMAL is durable across process crashes, which is what an acknowledged event needs.
  whileBusy(() => sqlite.pragma('journal_mode = WAL'));
  sqlite.pragma('synchronous = NORMAL');
  const walLimit = options.walSizeLimit ?? WAL_SIZE_LIMIT;
  sqlite.pragma(`journal_size_limit = ${walLimit}`);
  sqlite.pragma('foreign_keys = ON');
  const kysely = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  const checkpointer =
    options.checkpointInWorker && file !== ':memory:' ? startCheckpointer(sqlite, file, { onError: options.onCheckpointError, walLimit }) : undefined;
  let closed = false;
  return {
    kysely,
    sqlite,
    file: file === ':memory:' ? null : file,
    async close() {
      if (closed) return;
      closed = true;
      await checkpointer?.stop();
      await kysely.destroy(); // closes the better-sqlite3 handle too
    },
  };
}

/**
 * Switching a new file to WAL needs it to itself for a moment, and SQLite answers SQLITE_BUSY at
 * once, busy timeout or not, when several servers open a fresh file together. Only at start, so
 * a short blocking wait between tries costs nothing.
 */
function whileBusy(step: () => void): void {
  for (let attempt = 1; ; attempt++) {
    try {
      return step();
    } catch (error) {
      if (!isBusyError(error) || attempt >= 100) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
}

/**
 * The database holds salts (while they live) and account hashes: readable by its owner only.
 * SQLite gives its -wal and -shm files the database file's mode, so creating the file 0600
 * before SQLite opens it covers all three; an existing file keeps the mode its admin chose.
 */
function createPrivately(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
