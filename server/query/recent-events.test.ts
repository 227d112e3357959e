import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { eventRow, openTestDatabase } from '../db/test-db.ts';
import { loadEvents } from '../rollup/events.queries.ts';
import { createRecentEvents } from './recent-events.ts';

let db: Db;
let append: ReturnType<typeof createEventAppender>;
beforeEach(async () => {
  db = await openTestDatabase();
  append = createEventAppender(db);
});
afterEach(() => db.close());

const ids = (events: { id: number }[]) => events.map((e) => e.id);

describe('createRecentEvents', () => {
  it('answers what the database would, and picks up events added since', async () => {
    append([1, 2, 3].map((i) => eventRow({ ts: i * 1_000, visitor: i })));
    const recent = createRecentEvents(db.kysely);
    const direct = () => loadEvents(db.kysely, 1, 1_500, 10_000);
    expect(ids(await recent(1, 1_500, 10_000, direct))).toEqual(ids(await direct()));
    append([eventRow({ ts: 4_000, visitor: 4 }), eventRow({ site_id: 2, ts: 4_500 })]);
    expect(ids(await recent(1, 1_500, 10_000, direct))).toEqual(ids(await direct()));
    expect((await recent(1, 1_500, 10_000, direct)).map((e) => e.ts)).toEqual([2_000, 3_000, 4_000]);
  });

  it('starts over when an event older than those held arrives (an import)', async () => {
    append([eventRow({ ts: 5_000 }), eventRow({ ts: 6_000 })]);
    const recent = createRecentEvents(db.kysely);
    const direct = () => loadEvents(db.kysely, 1, 0, 10_000);
    await recent(1, 0, 10_000, direct);
    append([eventRow({ ts: 5_500, visitor: 9 })]);
    expect((await recent(1, 0, 10_000, direct)).map((e) => e.ts)).toEqual([5_000, 5_500, 6_000]);
  });

  it('leaves long spans to the database', async () => {
    const recent = createRecentEvents(db.kysely);
    let called = 0;
    await recent(1, 0, 10 * 86_400_000, async () => (called++, []));
    expect(called).toBe(1);
  });
});
