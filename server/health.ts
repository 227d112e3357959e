import type { Kysely } from 'kysely';
import type { EventWriter } from './collect/event-writer.ts';
import { writeState } from './db/instance-state.queries.ts';
import type { Schema } from './db/schema.ts';

/** A failed commit keeps the server unhealthy this long even if the probe passes, so a load balancer sees it. */
const FAILURE_HOLD_MS = 10_000;

/**
 * Why events cannot be stored right now, or null. A recent failed commit says so directly; the
 * probe then writes one small row, which fails the same way when the disk is full, the file is
 * read-only or another process holds the lock past the busy timeout. Once the cause is gone the
 * probe passes and the server reports healthy again, without a restart.
 */
export async function storageProblem(db: Kysely<Schema>, writer: EventWriter, now = Date.now()): Promise<string | null> {
  const failure = writer.lastFailure();
  if (failure && now - failure.at < FAILURE_HOLD_MS) return `events cannot be stored: ${failure.reason}`;
  try {
    await writeState(db, 'healthz', now);
    return null;
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    return `events cannot be stored: ${typeof code === 'string' ? `${code}: ` : ''}${(error as Error)?.message ?? error}`;
  }
}
