import { describe, expect, it } from 'vitest';
import type { EventInsert } from '../db/event-appender.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { eventRow, openTestDatabase } from '../../tests/helpers/test-db.ts';
import { createEventWriter } from './event-writer.ts';

const row = (ts: number) => ({ ts }) as EventInsert;

describe('createEventWriter', () => {
  it('commits writes that arrive together in one batch, and answers only after it', async () => {
    const batches: number[][] = [];
    const writer = createEventWriter((rows) => batches.push(rows.map((r) => r.ts)));
    let settled = 0;
    const writes = [1, 2, 3].map((n) => writer.write([row(n)]).then(() => settled++));
    expect(settled).toBe(0);
    expect(batches).toEqual([]);
    await Promise.all(writes);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('rejects every write of a batch whose commit failed, and keeps working', async () => {
    let fail = true;
    const stored: number[] = [];
    const writer = createEventWriter((rows) => {
      if (fail) throw new Error('disk full');
      stored.push(...rows.map((r) => r.ts));
    });
    const results = await Promise.allSettled([writer.write([row(1)]), writer.write([row(2)])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await writer.write([row(3)]);
    expect(stored).toEqual([3]);
  });

  it('flushes early when a batch is full', async () => {
    const sizes: number[] = [];
    const writer = createEventWriter((rows) => sizes.push(rows.length), 2);
    await Promise.all([writer.write([row(1)]), writer.write([row(2)]), writer.write([row(3)])]);
    expect(sizes).toEqual([2, 1]);
  });

  it('commits what is queued on close and refuses writes after it', async () => {
    const stored: number[] = [];
    const writer = createEventWriter((rows) => stored.push(...rows.map((r) => r.ts)));
    const pending = writer.write([row(7)]);
    await writer.close();
    await pending;
    expect(stored).toEqual([7]);
    await expect(writer.write([row(8)])).rejects.toThrow(/closed/);
  });

  it('remembers the last failed commit until one succeeds', async () => {
    let fail = true;
    const writer = createEventWriter(() => {
      if (fail) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    expect(writer.lastFailure()).toBeNull();
    await expect(writer.write([row(1)])).rejects.toThrow(/full/);
    expect(writer.lastFailure()).toMatchObject({ reason: 'SQLITE_FULL: database or disk is full' });
    fail = false;
    await writer.write([row(2)]);
    expect(writer.lastFailure()).toBeNull();
  });

  it('never commits inside a transaction another caller holds open on the connection', async () => {
    const db = await openTestDatabase();
    const writer = createEventWriter(createEventAppender(db));
    let written = false;
    // A kysely transaction that awaits between statements, and then rolls back.
    const rolledBack = db.kysely
      .transaction()
      .execute(async (tx) => {
        await tx.insertInto('salts').values({ day: '2026-01-01', salt: new Uint8Array(32), created_at: 0 }).execute();
        const write = writer.write([eventRow({ ts: 1 })]).then(() => (written = true));
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 2));
        // Before this fix the events joined the transaction as a savepoint and were acknowledged here.
        expect(written).toBe(false);
        void write;
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    expect(await rolledBack).toBe('rolled back');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(written).toBe(true);
    expect(await db.kysely.selectFrom('events').select('ts').execute()).toEqual([{ ts: 1 }]);
    expect(await db.kysely.selectFrom('salts').select('day').execute()).toEqual([]);
    await db.close();
  });

  it('waits for another connection’s lock without blocking, and gives up only past its limit', async () => {
    const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    let lockedFor = 3;
    const stored: number[] = [];
    const writer = createEventWriter((rows) => {
      if (lockedFor-- > 0) throw busy();
      stored.push(...rows.map((r) => r.ts));
    });
    await Promise.all([writer.write([row(1)]), writer.write([row(2)])]);
    expect(stored).toEqual([1, 2]);

    const stuck = createEventWriter(() => {
      throw busy();
    }, 2_000, 50);
    const started = Date.now();
    await expect(stuck.write([row(3)])).rejects.toThrow(/locked/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(stuck.lastFailure()).toMatchObject({ reason: expect.stringMatching(/SQLITE_BUSY/) });
  });

  it('takes events while another connection holds the write lock, and commits them when it lets go', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { openDatabase } = await import('../db/connect.ts');
    const { migrateToLatest } = await import('../db/migrate.ts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-writer-'));
    const db = openDatabase(path.join(dir, 'cairn.db'));
    await migrateToLatest(db.kysely);
    const other = openDatabase(path.join(dir, 'cairn.db'));
    const writer = createEventWriter(createEventAppender(db, { waitForLock: false }));
    other.sqlite.exec('begin immediate');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const write = writer.write([eventRow({ ts: 5 })]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Before, SQLite's busy handler slept on this thread for the whole 100 ms.
    expect(ticks).toBeGreaterThan(20);
    other.sqlite.exec('commit');
    await write;
    clearInterval(timer);
    expect(await db.kysely.selectFrom('events').select('ts').execute()).toEqual([{ ts: 5 }]);
    await other.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
