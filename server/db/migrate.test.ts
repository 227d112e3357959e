import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLineChild, type LineChild } from '../../tests/helpers/child-lines.ts';
import { openDatabase } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-migrate-'));
let children: LineChild[] = [];
beforeAll(async () => {
  children = await Promise.all(Array.from({ length: 4 }, () => startLineChild('tests/helpers/migrate-child.ts', ROOT)));
}, 60_000);
afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function schemaOf(file: string) {
  const db = openDatabase(file);
  try {
    const tables = await db.kysely.introspection.getTables({ withInternalKyselyTables: true });
    const recorded = await db.kysely.selectFrom('kysely_migration' as never).select('name' as never).execute();
    return { tables: tables.map((t) => t.name).sort(), recorded: (recorded as Array<{ name: string }>).map((r) => r.name).sort() };
  } finally {
    await db.close();
  }
}

describe('migrateToLatest', () => {
  it('is safe to run from several processes started at once on an empty database', async () => {
    const alone = path.join(dir, 'alone.db');
    const db = openDatabase(alone);
    await migrateToLatest(db.kysely);
    await db.close();
    const expected = await schemaOf(alone);
    expect(expected.recorded).toEqual(Object.keys(migrations).sort());

    for (let round = 0; round < 10; round++) {
      const file = path.join(dir, `race-${round}.db`);
      // The same fresh path to every process at once, as servers started together on an empty data directory.
      const answers = (await Promise.all(children.map((c) => c.ask(file)))).map((line) => JSON.parse(line) as { applied?: string[]; error?: string });
      expect(answers.map((a) => a.error ?? 'ok'), `round ${round}`).toEqual(children.map(() => 'ok'));
      // Each migration applied by exactly one of them, and recorded once.
      expect(answers.flatMap((a) => a.applied!).sort()).toEqual(Object.keys(migrations).sort());
      expect(await schemaOf(file)).toEqual(expected);
    }
  }, 60_000);

  it('leaves nothing of a migration that failed halfway', async () => {
    const db = openDatabase(path.join(dir, 'failing.db'));
    try {
      await migrateToLatest(db.kysely);
      const before = (await db.kysely.introspection.getTables()).map((t) => t.name);
      const broken = {
        ...migrations,
        '9999-broken': {
          async up(k: typeof db.kysely) {
            await k.schema.createTable('half_done').addColumn('id', 'integer').execute();
            throw new Error('boom');
          },
        },
      };
      await expect(migrateToLatest(db.kysely, broken)).rejects.toThrow(/9999-broken.*boom/);
      expect((await db.kysely.introspection.getTables()).map((t) => t.name)).toEqual(before);
    } finally {
      await db.close();
    }
  });
});
