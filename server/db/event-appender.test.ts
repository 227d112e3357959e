import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connect.ts';
import { createEventAppender } from './event-appender.ts';
import { migrateToLatest } from './migrate.ts';
import { eventRow, openTestDatabase } from '../../tests/helpers/test-db.ts';

describe('createEventAppender', () => {
  it('stores every row of batches of any size, column for column', async () => {
    const db = await openTestDatabase();
    const append = createEventAppender(db);
    for (const size of [1, 24, 25, 26, 77]) {
      const rows = Array.from({ length: size }, (_, i) =>
        eventRow({ ts: size * 1_000 + i, pathname: `/p${i}`, props: i % 2 ? '{"a":"1"}' : null, revenue_amount: i, channel: 'Direct' }),
      );
      append(rows);
    }
    const stored = await db.kysely.selectFrom('events').selectAll().orderBy('id').execute();
    expect(stored).toHaveLength(1 + 24 + 25 + 26 + 77);
    const last = stored.at(-1)!;
    expect(last).toMatchObject({ ts: 77_076, pathname: '/p76', props: null, revenue_amount: 76, channel: 'Direct' });
    expect(stored.filter((r) => r.ts >= 26_000 && r.ts < 27_000).map((r) => r.pathname)).toEqual(
      Array.from({ length: 26 }, (_, i) => `/p${i}`),
    );
    await db.close();
  });

  it('stores nothing of a batch when one row fails', async () => {
    const db = await openTestDatabase();
    const append = createEventAppender(db);
    const rows = Array.from({ length: 30 }, (_, i) => eventRow({ ts: i }));
    rows[28] = { ...rows[28]!, name: null as unknown as string };
    expect(() => append(rows)).toThrow(/NOT NULL/);
    expect(await db.kysely.selectFrom('events').selectAll().execute()).toEqual([]);
    await db.close();
  });

  it('fails at once on another connection’s lock only when asked not to wait, and leaves the connection’s busy timeout as it was', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-appender-'));
    const file = path.join(dir, 'cairn.db');
    const db = openDatabase(file, { busyTimeoutMs: 300 });
    await migrateToLatest(db.kysely);
    const collector = createEventAppender(db, { waitForLock: false });
    const importer = createEventAppender(db);
    const other = openDatabase(file);
    other.sqlite.exec('begin immediate');
    let started = performance.now();
    expect(() => collector([eventRow()])).toThrow(/locked/);
    expect(performance.now() - started).toBeLessThan(100);
    started = performance.now();
    expect(() => importer([eventRow()])).toThrow(/locked/);
    // It waited out the busy timeout (an import beside a running server waits its turn).
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    other.sqlite.exec('commit');
    collector([eventRow()]);
    // SQLite applies `pragma busy_timeout` when it is prepared: a statement prepared once would
    // have left the connection at 0 for every other writer on it.
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(300);
    await other.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
