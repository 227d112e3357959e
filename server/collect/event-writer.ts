import { isBusyError } from '../db/busy-retry.ts';
import type { EventAppender, EventInsert } from '../db/event-appender.ts';

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/** The last failed commit, until one succeeds: what /healthz reports to a load balancer. */
export interface StorageFailure {
  at: number;
  reason: string;
}

/**
 * Group commit: events that arrive while the event loop is busy share one transaction,
 * and each request is answered only after that transaction commits. Nothing is acknowledged
 * before it is on disk, yet a burst costs one commit rather than one per request.
 */
export function createEventWriter(append: EventAppender, maxBatch = 2_000, maxLockWaitMs = 5_000) {
  let rows: EventInsert[] = [];
  let waiters: Waiter[] = [];
  let scheduled = false;
  let idle: Promise<void> = Promise.resolve();
  let closed = false;
  let failure: StorageFailure | null = null;
  /** Since when the batch at the front has found the database locked by another connection. */
  let lockedSince: number | null = null;

  function flush() {
    scheduled = false;
    if (rows.length === 0) return;
    if (append.busy?.()) {
      // Another transaction holds the connection between two of its statements; it ends within a
      // turn or two of the loop, and these events commit right after it, in their own transaction.
      schedule(() => setTimeout(flush, 1));
      return;
    }
    const batch = rows;
    const batchWaiters = waiters;
    rows = [];
    waiters = [];
    try {
      append(batch);
      failure = null;
      lockedSince = null;
      for (const w of batchWaiters) w.resolve();
    } catch (error) {
      const now = Date.now();
      if (isBusyError(error) && now - (lockedSince ??= now) < maxLockWaitMs) {
        // Another connection is mid-commit (a rollup's day, a second server's batch): the events go
        // back to the front of the queue and try again in a moment, with later events joining them.
        rows = batch.concat(rows);
        waiters = batchWaiters.concat(waiters);
        schedule(() => setTimeout(flush, 2));
        return;
      }
      lockedSince = null;
      failure = { at: now, reason: describe(error) };
      for (const w of batchWaiters) w.reject(error);
    }
  }

  function schedule(start: () => void) {
    if (scheduled) return;
    scheduled = true;
    start();
  }

  function write(events: readonly EventInsert[]): Promise<void> {
    if (closed) return Promise.reject(new Error('event writer is closed'));
    if (events.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    rows.push(...events);
    if (rows.length >= maxBatch && !append.busy?.()) flush();
    // setImmediate runs after pending I/O callbacks, so requests parsed in the same
    // turn of the loop land in the same batch.
    else schedule(() => setImmediate(flush));
    idle = done.catch(() => {});
    return done;
  }

  /** Commits what is queued and refuses new writes; used on shutdown. */
  async function close(): Promise<void> {
    closed = true;
    while (rows.length > 0 && append.busy?.()) await new Promise((resolve) => setTimeout(resolve, 1));
    flush();
    await idle;
  }

  return { write, close, flush, lastFailure: (): StorageFailure | null => failure };
}

/** A failed commit's cause in words an operator can act on, without anything from the request. */
function describe(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}

export type EventWriter = ReturnType<typeof createEventWriter>;
