import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './connect.ts';
import { createEventAppender } from './event-appender.ts';
import { migrateToLatest } from './migrate.ts';
import { eventRow } from '../../tests/helpers/test-db.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-connect-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('openDatabase', () => {
  it('creates the database file readable by its owner only', async () => {
    const file = path.join(tempDir(), 'data', 'cairn.db');
    const db = openDatabase(file);
    await migrateToLatest(db.kysely);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
    await db.close();
  });

  it('cuts the write-ahead log back to its limit once a burst is checkpointed', async () => {
    const file = path.join(tempDir(), 'cairn.db');
    const limit = 256 * 1024;
    const db = openDatabase(file, { checkpointInWorker: true, walSizeLimit: limit });
    await migrateToLatest(db.kysely);
    const append = createEventAppender(db);
    // About 4 MB of WAL in one burst, as a busy minute or an import makes it.
    for (let i = 0; i < 20; i++) append(Array.from({ length: 500 }, (_, j) => eventRow({ ts: i * 1_000 + j, pathname: `/${'x'.repeat(200)}/${i}/${j}` })));
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(4 * limit);
    let size = Infinity;
    for (let i = 0; i < 60 && size > limit; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      size = fs.statSync(`${file}-wal`).size;
    }
    // Before the limit, the WAL kept its largest size for ever.
    expect(size).toBeLessThanOrEqual(limit);
    await db.close();
  });
});
