import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../tests/helpers/test-app.ts';
import { createApiKey } from '../../admin/api-keys.ts';
import { openTestDatabase } from '../../../tests/helpers/test-db.ts';
import { createIdentity, visitorHash } from '../identity.ts';
import { localDay } from '../../calendar.ts';
import { getOrCreateSalt } from '../salts.queries.ts';
import { closeApp, hit, matomoApp, storedEvents } from '../../../tests/helpers/matomo-testing.ts';
import { createBackfillIdentity } from './visitors.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0';
const headers = { 'user-agent': UA };

let t: TestApp;
let key: string;
beforeEach(async () => {
  t = await matomoApp();
  key = (await createApiKey(t.db.kysely, { siteDomain: 'example.com', scope: 'write' })).key;
});
afterEach(() => closeApp(t));

const events = () => storedEvents(t);
const salts = async () => (await t.db.kysely.selectFrom('salts').select('day').execute()).map((s) => s.day);

describe('the visitor key', () => {
  it('ignores _id, cid and uid: the same address and browser are one visitor, and none of them is stored', async () => {
    await hit(t, { _id: '1111111111111111', uid: 'alice@example.com' }, { headers });
    await hit(t, { _id: '2222222222222222', cid: '3333333333333333', uid: 'bob@example.com' }, { headers });
    await hit(t, { _id: '1111111111111111', uid: 'alice@example.com' }, { headers, ip: '203.0.113.99' });
    const rows = await events();
    expect(rows[0]!.visitor).toBe(rows[1]!.visitor);
    expect(rows[2]!.visitor).not.toBe(rows[0]!.visitor);
    const stored = JSON.stringify(rows);
    for (const value of ['1111111111111111', '2222222222222222', '3333333333333333', 'alice', 'bob']) expect(stored).not.toContain(value);
  });

  it('keys an event dated into a day whose salt still exists with that salt, as if it had come live', async () => {
    const ts = Date.now() - 30 * 3_600_000;
    const day = localDay(ts, 'Europe/Berlin');
    const salt = await getOrCreateSalt(t.db.kysely, day, randomBytes(32), ts);
    await hit(t, { cdt: String(Math.floor(ts / 1000)), token_auth: key }, { headers });
    expect(await events()).toMatchObject([{ visitor: visitorHash(salt, { siteId: 1, ip: '203.0.113.7', userAgent: UA }) }]);
  });

  it('never brings back a deleted salt: an older day gets a backfill salt of its own, one per day', async () => {
    await hit(t, {}, { headers });
    const before = await salts();
    const dated = (cdt: string, ip?: string) => hit(t, { cdt, token_auth: key }, { headers, ip });
    await dated('2024-05-01 08:00:00');
    await dated('2024-05-01 20:00:00');
    await dated('2024-05-01 20:00:00', '203.0.113.99');
    await dated('2024-05-02 08:00:00');
    expect((await salts()).sort()).toEqual([...before, 'backfill:2024-05-01', 'backfill:2024-05-02'].sort());
    const [, a, b, other, nextDay] = (await events()).map((e) => e.visitor);
    expect(b).toBe(a);
    expect(other).not.toBe(a);
    expect(nextDay).not.toBe(a);
  });
});

describe('createBackfillIdentity', () => {
  it('keys a backfill alike in every collector, and lets the purge delete its salt an hour after it was made', async () => {
    const db = await openTestDatabase();
    let now = Date.UTC(2026, 2, 10, 12);
    const clock = () => now;
    // Two collectors behind a load balancer share only the database.
    const live = createIdentity(db.kysely);
    const one = createBackfillIdentity(live, db.kysely, clock);
    const two = createBackfillIdentity(createIdentity(db.kysely), db.kysely, clock);
    const input = { siteId: 1, timezone: 'UTC', ip: '203.0.113.7', userAgent: UA, ts: Date.UTC(2026, 0, 5, 9) };
    const first = await one.visitorFor(input);
    expect(await two.visitorFor(input)).toBe(first);
    now += 50 * 60_000;
    await live.purgeSalts(now);
    expect(await db.kysely.selectFrom('salts').select('day').execute()).toEqual([{ day: 'backfill:2026-01-05' }]);
    now += 11 * 60_000;
    await live.purgeSalts(now);
    expect(await db.kysely.selectFrom('salts').select('day').execute()).toEqual([]);
    // Once each collector's minute of caching is over, a new salt: the old one is gone for good.
    now += 61_000;
    const next = await two.visitorFor(input);
    expect(next).not.toBe(first);
    expect(await one.visitorFor(input)).toBe(next);
    await db.close();
  });

  it('leaves live and recent events to the collector’s identity', async () => {
    const db = await openTestDatabase();
    const live = createIdentity(db.kysely);
    const identity = createBackfillIdentity(live, db.kysely);
    const input = { siteId: 1, timezone: 'UTC', ip: '203.0.113.7', userAgent: UA, ts: Date.now() - 60_000 };
    expect(await identity.visitorFor(input)).toBe(await live.visitorFor(input));
    await db.close();
  });
});
