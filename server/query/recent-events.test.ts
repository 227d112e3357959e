import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { bumpState } from '../db/instance-state.queries.ts';
import { eventRow, openTestDatabase } from '../../tests/helpers/test-db.ts';
import { loadEvents } from '../engine/events.queries.ts';
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

  it('holds at most its event budget, dropping the site asked for least recently', async () => {
    append([1, 2, 3].flatMap((site) => [1, 2, 3].map((i) => eventRow({ site_id: site, ts: i * 1_000, visitor: i }))));
    const recent = createRecentEvents(db.kysely, { maxEvents: 7 });
    const direct = (site: number) => () => loadEvents(db.kysely, site, 0, 10_000);
    for (const site of [1, 2, 3]) expect(ids(await recent(site, 0, 10_000, direct(site)))).toEqual(ids(await direct(site)()));
    expect(recent.size()).toBeLessThanOrEqual(7);
    expect([1, 2, 3].map(recent.holds)).toEqual([false, true, true]);
  });

  it('serves a tail larger than the whole budget from the database, without keeping it', async () => {
    append(Array.from({ length: 20 }, (_, i) => eventRow({ ts: i * 1_000, visitor: i })));
    const recent = createRecentEvents(db.kysely, { maxEvents: 10 });
    const direct = () => loadEvents(db.kysely, 1, 0, 100_000);
    expect(ids(await recent(1, 0, 100_000, direct))).toEqual(ids(await direct()));
    expect(recent.size()).toBe(0);
    expect(recent.holds(1)).toBe(false);
  });

  it('lets go of whole days nobody asks for any more', async () => {
    const DAY = 86_400_000;
    append([eventRow({ ts: 1_000 }), eventRow({ ts: 2_000 }), eventRow({ ts: DAY + 1_000 })]);
    const recent = createRecentEvents(db.kysely);
    await recent(1, 0, 2 * DAY, () => loadEvents(db.kysely, 1, 0, 2 * DAY));
    expect(recent.size()).toBe(3);
    // Yesterday was rolled up: reports now ask from today on.
    expect((await recent(1, DAY, 2 * DAY, () => loadEvents(db.kysely, 1, DAY, 2 * DAY))).map((e) => e.ts)).toEqual([DAY + 1_000]);
    expect(recent.size()).toBe(1);
  });

  it('never serves events that retention (or a removed site) deleted from the database', async () => {
    append([eventRow({ ts: 1_000 }), eventRow({ ts: 2_000 })]);
    const recent = createRecentEvents(db.kysely);
    const direct = () => loadEvents(db.kysely, 1, 0, 10_000);
    expect(await recent(1, 0, 10_000, direct)).toHaveLength(2);
    await db.kysely.deleteFrom('events').where('ts', '<', 1_500).execute();
    await bumpState(db.kysely, 'events_purged');
    expect(ids(await recent(1, 0, 10_000, direct))).toEqual(ids(await direct()));
  });

  it('reads a long absence by site rather than every event added since by id', async () => {
    append([eventRow({ ts: 1_000 })]);
    const recent = createRecentEvents(db.kysely, { maxTopUp: 5 });
    const direct = () => loadEvents(db.kysely, 1, 0, 100_000);
    await recent(1, 0, 100_000, direct);
    append(Array.from({ length: 20 }, (_, i) => eventRow({ site_id: i % 2 ? 2 : 1, ts: 2_000 + i })));
    expect(ids(await recent(1, 0, 100_000, direct))).toEqual(ids(await direct()));
  });

  it('lets go of a copy that grows past the whole budget through the day', async () => {
    append(Array.from({ length: 5 }, (_, i) => eventRow({ ts: i * 1_000, visitor: i })));
    const recent = createRecentEvents(db.kysely, { maxEvents: 8 });
    const direct = () => loadEvents(db.kysely, 1, 0, 100_000);
    await recent(1, 0, 100_000, direct);
    expect(recent.holds(1)).toBe(true);
    append(Array.from({ length: 5 }, (_, i) => eventRow({ ts: 10_000 + i, visitor: i })));
    expect(ids(await recent(1, 0, 100_000, direct))).toEqual(ids(await direct()));
    expect(recent.holds(1)).toBe(false);
    expect(recent.size()).toBe(0);
  });
});
