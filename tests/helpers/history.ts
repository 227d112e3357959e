import { generateEvents, toEventRow } from '../../bench/event-generator.ts';
import type { Db } from '../../server/db/connect.ts';
import { createEventAppender } from '../../server/db/event-appender.ts';

/**
 * About `events` realistic raw events over the `days` days up to now, written straight into a
 * site's raw events as the collector would have stored them (the bench's generator): history
 * for the rollup to fold, without sending it through HTTP. Resolves to how many were written.
 */
export async function writeHistory(db: Db, siteId: number, options: { events: number; days: number; timezone?: string; now?: number }): Promise<number> {
  const append = createEventAppender(db);
  let written = 0;
  for (const batch of generateEvents({ events: options.events, days: options.days, now: options.now ?? Date.now(), timezone: options.timezone ?? 'UTC' })) {
    const rows = batch.map((e) => toEventRow(siteId, e));
    for (let i = 0; i < rows.length; i += 5_000) {
      append(rows.slice(i, i + 5_000));
      // As an import does between its batches: a running server's commits get the lock in between.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    written += rows.length;
  }
  return written;
}
