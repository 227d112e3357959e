import type { CompiledQuery, Kysely, Transaction } from 'kysely';

/** Codes SQLite answers when another connection holds a lock longer than the busy timeout. */
const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED']);

export const isBusyError = (error: unknown): boolean =>
  error instanceof Error && BUSY_CODES.has(String((error as { code?: unknown }).code));

export interface BusyRetryOptions {
  /** Tries in all, the first included. */
  attempts?: number;
  /** Pause before the second try; doubled for each later one. */
  delayMs?: number;
}

/**
 * Runs `work` again when it failed only because the database was locked past the busy timeout
 * (a checkpoint, a long write by another server). Bounded, so a database that stays locked
 * still ends in an error the caller reports, never in a loop.
 */
export async function withBusyRetry<T>(work: () => Promise<T>, options: BusyRetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  let delay = options.delayMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isBusyError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}

/** A write transaction (BEGIN IMMEDIATE, see immediate-dialect.ts), retried whole while the database is locked. */
export function writeTransaction<DB, T>(db: Kysely<DB>, work: (tx: Transaction<DB>) => Promise<T>, options?: BusyRetryOptions): Promise<T> {
  return withBusyRetry(() => db.transaction().execute(work), options);
}

/** Runs statements compiled beforehand in one write transaction: the lock is held only while SQLite runs them. */
export function writeStatements<DB>(db: Kysely<DB>, statements: readonly CompiledQuery[], options?: BusyRetryOptions): Promise<void> {
  return writeTransaction(
    db,
    async (tx) => {
      for (const statement of statements) await tx.executeQuery(statement);
    },
    options,
  );
}
