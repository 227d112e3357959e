import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../connect.ts';
import { migrateToLatest } from '../migrate.ts';
import { migrations } from './index.ts';

let db: Db | undefined;
afterEach(() => db?.close());

describe('0006-login-throttle', () => {
  it('carries failures and locks in progress over, keyed by email', async () => {
    db = openDatabase(':memory:');
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0005-rollup-failures')).error).toBeUndefined();
    await db.kysely
      .insertInto('login_attempts' as never)
      .values({ email: 'a@example.com', failures: 10, window_started_at: 1, locked_until: 2 } as never)
      .execute();
    await migrateToLatest(db.kysely);
    expect(await db.kysely.selectFrom('login_throttle').selectAll().execute()).toEqual([
      { key: 'email:a@example.com', attempts: 10, window_started_at: 1, locked_until: 2 },
    ]);
  });
});
