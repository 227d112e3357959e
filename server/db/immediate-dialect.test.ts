import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withBusyRetry, writeTransaction } from './busy-retry.ts';
import { openDatabase, type Db } from './connect.ts';
import { migrateToLatest } from './migrate.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function twoConnections(): Promise<[Db, Db]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-immediate-'));
  dirs.push(dir);
  const file = path.join(dir, 'cairn.db');
  const a = openDatabase(file);
  await migrateToLatest(a.kysely);
  return [a, openDatabase(file, { busyTimeoutMs: 0 })];
}

describe('transactions on SQLite', () => {
  it('hold the write lock from their start, so another commit cannot invalidate what they read', async () => {
    const [a, b] = await twoConnections();
    let other = 'not tried';
    await a.kysely.transaction().execute(async (tx) => {
      await tx.selectFrom('salts').selectAll().execute();
      // Another server writes between this transaction's read and its write. With a deferred
      // BEGIN it committed, and the write below failed with SQLITE_BUSY_SNAPSHOT, which no busy
      // timeout can wait out; now it is the other writer that waits.
      try {
        b.sqlite.prepare("insert into salts (day, salt, created_at) values ('b', x'00', 0)").run();
        other = 'committed';
      } catch (error) {
        other = String((error as { code?: string }).code);
      }
      await tx.insertInto('salts').values({ day: 'a', salt: new Uint8Array(1), created_at: 0 }).execute();
    });
    expect(other).toBe('SQLITE_BUSY');
    expect((await a.kysely.selectFrom('salts').select('day').execute()).map((r) => r.day)).toEqual(['a']);
    await b.close();
    await a.close();
  });

  it('are retried whole, a bounded number of times, while the database stays locked', async () => {
    const [a, b] = await twoConnections();
    b.sqlite.exec('begin immediate');
    setTimeout(() => b.sqlite.exec('commit'), 150);
    const locked = openDatabase(a.sqlite.name, { busyTimeoutMs: 0 });
    await writeTransaction(locked.kysely, (tx) => tx.insertInto('salts').values({ day: 'c', salt: new Uint8Array(1), created_at: 0 }).execute(), {
      delayMs: 20,
      attempts: 8,
    });
    expect((await a.kysely.selectFrom('salts').select('day').execute()).map((r) => r.day)).toEqual(['c']);
    await locked.close();
    await b.close();
    await a.close();
  });
});

describe('withBusyRetry', () => {
  it('gives up after its attempts and passes other errors straight through', async () => {
    let calls = 0;
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    await expect(withBusyRetry(async () => { calls++; throw busy; }, { attempts: 3, delayMs: 1 })).rejects.toBe(busy);
    expect(calls).toBe(3);
    calls = 0;
    await expect(withBusyRetry(async () => { calls++; throw new Error('constraint'); }, { delayMs: 1 })).rejects.toThrow('constraint');
    expect(calls).toBe(1);
  });
});
