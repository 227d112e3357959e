import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSite } from '../admin/sites.ts';
import { openDatabase, type Db } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createLogger } from '../log.ts';
import { writeHistory } from '../../tests/helpers/history.ts';
import { createQueryExecutor, DEFAULT_QUERY_LIMITS } from './query-executor.ts';
import type { Principal } from './principal.ts';

const owner: Principal = { kind: 'user', userId: 1, email: 'owner@example.com' };
const quiet = createLogger('silent');
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-executor-'));
  db = openDatabase(path.join(dir, 'cairn.db'));
  await migrateToLatest(db.kysely);
  const site = await addSite(db.kysely, { domain: 'worker.test' });
  await writeHistory(db, site.id, { events: 150_000, days: 3 });
});
afterAll(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const query = (body: Record<string, unknown>) => ({ body: { site_id: 'worker.test', ...body }, principal: owner, now: Date.now() });
// Raw events (a filter the aggregates cannot answer) over days not rolled up: about a second over
// 150,000 events on two cores, against a first cheap query in a fresh worker of about 100 ms.
const heavy = query({ date_range: '7d', metrics: ['visitors', 'bounce_rate'], dimensions: ['event:page'], filters: [['contains', 'visit:country', ['E']]] });

describe('createQueryExecutor over a database file', () => {
  it('answers in the query worker exactly what the same query answers in-process', async () => {
    const worker = createQueryExecutor(db, DEFAULT_QUERY_LIMITS, quiet);
    const inline = createQueryExecutor({ ...db, file: null } as Db, DEFAULT_QUERY_LIMITS, quiet);
    try {
      const asked = query({ date_range: '7d', metrics: ['visitors', 'pageviews'], dimensions: ['visit:source'] });
      expect(await worker.query(asked)).toEqual(await inline.query(asked));
      expect(await worker.query(heavy)).toEqual(await inline.query(heavy));
      await expect(worker.query(query({ metrics: ['nope'] }))).rejects.toMatchObject({ status: 400 });
    } finally {
      await worker.close();
    }
  });

  it('stops a query past its time limit with a 503 that says so, and answers the next one', async () => {
    const executor = createQueryExecutor(db, { ...DEFAULT_QUERY_LIMITS, timeoutMs: 400 }, quiet);
    try {
      await expect(executor.query(heavy)).rejects.toMatchObject({ status: 503, code: 'query_timeout', message: expect.stringMatching(/shorter date range/) });
      expect((await executor.query(query({ date_range: 'realtime', metrics: ['visitors'] }))).results).toHaveLength(1);
    } finally {
      await executor.close();
    }
  });
});
