import type { EventInsert } from '../db/event-appender.ts';

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit: events that arrive while the event loop is busy share one transaction,
 * and each request is answered only after that transaction commits. Nothing is acknowledged
 * before it is on disk, yet a burst costs one commit rather than one per request.
 */
export function createEventWriter(append: (rows: readonly EventInsert[]) => void, maxBatch = 2_000) {
  let rows: EventInsert[] = [];
  let waiters: Waiter[] = [];
  let scheduled = false;
  let idle: Promise<void> = Promise.resolve();
  let closed = false;

  function flush() {
    scheduled = false;
    const batch = rows;
    const batchWaiters = waiters;
    rows = [];
    waiters = [];
    if (batch.length === 0) return;
    try {
      append(batch);
      for (const w of batchWaiters) w.resolve();
    } catch (error) {
      for (const w of batchWaiters) w.reject(error);
    }
  }

  function write(events: readonly EventInsert[]): Promise<void> {
    if (closed) return Promise.reject(new Error('event writer is closed'));
    if (events.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    rows.push(...events);
    if (rows.length >= maxBatch) flush();
    else if (!scheduled) {
      scheduled = true;
      // setImmediate runs after pending I/O callbacks, so requests parsed in the same
      // turn of the loop land in the same batch.
      setImmediate(flush);
    }
    idle = done.catch(() => {});
    return done;
  }

  /** Commits what is queued and refuses new writes; used on shutdown. */
  async function close(): Promise<void> {
    flush();
    closed = true;
    await idle;
  }

  return { write, close, flush };
}

export type EventWriter = ReturnType<typeof createEventWriter>;
