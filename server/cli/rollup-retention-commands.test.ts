import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connect.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { eventRow } from '../../tests/helpers/test-db.ts';
import { runCairn } from '../../tests/helpers/test-cli.ts';

let dataDir: string;
const cairn = (args: string[]) => runCairn(args, { DATA_DIR: dataDir });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-cli-rollup-'));
  expect((await cairn(['site', 'add', 'example.com'])).code).toBe(0);
  const db = openDatabase(path.join(dataDir, 'cairn.db'));
  await migrateToLatest(db.kysely);
  const day = 86_400_000;
  const start = Date.now() - 40 * day;
  createEventAppender(db)(Array.from({ length: 40 }, (_, i) => eventRow({ ts: start + i * day, visitor: i })));
  await db.close();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('cairn rollup and cairn retention run', () => {
  it('rolls up closed days and says how many', async () => {
    const out = await cairn(['rollup', '--json']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ locked: false, events: expect.any(Number) });
    expect(JSON.parse(out.stdout).days).toBeGreaterThanOrEqual(39);
    expect((await cairn(['rollup'])).stdout).toMatch(/rolled up 0 site-days/);
  });

  it('prints what retention would delete, then deletes it', async () => {
    const dry = await cairn(['retention', 'run', '--dry-run', '--json']);
    const planned = JSON.parse(dry.stdout).sites[0];
    expect(planned).toMatchObject({ domain: 'example.com' });
    expect(planned.rawEvents).toBeGreaterThanOrEqual(9);
    expect((await cairn(['retention', 'run', '--dry-run'])).stdout).toMatch(/would delete/);
    const done = JSON.parse((await cairn(['retention', 'run', '--json'])).stdout).sites[0];
    expect(done.rawEvents).toBe(planned.rawEvents);
    expect(JSON.parse((await cairn(['retention', 'run', '--json'])).stdout).sites[0].rawEvents).toBe(0);
  });

  it('names what it could not roll up and exits 1, so a cron job hears it', async () => {
    const db = openDatabase(path.join(dataDir, 'cairn.db'));
    await db.kysely.insertInto('sites').values({ domain: 'broken.example', timezone: 'Nowhere/Atlantis', hostnames: '[]', created_at: 0 }).execute();
    const site = await db.kysely.selectFrom('sites').select('id').where('domain', '=', 'broken.example').executeTakeFirstOrThrow();
    createEventAppender(db)([eventRow({ site_id: site.id, ts: Date.now() - 5 * 86_400_000 })]);
    await db.close();
    const out = await cairn(['rollup']);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/failed: broken\.example/);
  });
});
