import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.ts';
import { eventRow, openTestDatabase } from '../../tests/helpers/test-db.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { createIdentity } from './identity.ts';

const visitor = { siteId: 1, timezone: 'Europe/Berlin', ip: '198.51.100.4', userAgent: 'Mozilla/5.0 Firefox/125.0' };
// 2026-03-10 12:00 in Berlin (UTC+1).
const noon = Date.UTC(2026, 2, 10, 11, 0);
const berlinMidnight = Date.UTC(2026, 2, 10, 23, 0);

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
});
afterEach(() => db.close());

function storeEvent(siteId: number, key: number, ts: number) {
  createEventAppender(db)([eventRow({ site_id: siteId, visitor: key, ts })]);
}

describe('visitor identity', () => {
  it('is stable within a day and across collectors sharing the database', async () => {
    const a = createIdentity(db.kysely);
    const b = createIdentity(db.kysely);
    const first = await a.visitorFor({ ...visitor, ts: noon });
    expect(await a.visitorFor({ ...visitor, ts: noon + 3_600_000 })).toBe(first);
    expect(await b.visitorFor({ ...visitor, ts: noon + 7_200_000 })).toBe(first);
    expect(Number.isSafeInteger(first)).toBe(true);
  });

  it('differs by site, address and user agent', async () => {
    const id = createIdentity(db.kysely);
    const key = await id.visitorFor({ ...visitor, ts: noon });
    expect(await id.visitorFor({ ...visitor, siteId: 2, ts: noon })).not.toBe(key);
    expect(await id.visitorFor({ ...visitor, ip: '198.51.100.5', ts: noon })).not.toBe(key);
    expect(await id.visitorFor({ ...visitor, userAgent: 'other', ts: noon })).not.toBe(key);
  });

  it('rotates at the site-local midnight', async () => {
    const id = createIdentity(db.kysely);
    const today = await id.visitorFor({ ...visitor, ts: noon });
    const tomorrow = await id.visitorFor({ ...visitor, ts: noon + 86_400_000 });
    expect(tomorrow).not.toBe(today);
    const salts = await db.kysely.selectFrom('salts').select('day').orderBy('day').execute();
    expect(salts.map((s) => s.day)).toEqual(['2026-03-10', '2026-03-11']);
  });

  it('keeps a visit that crosses midnight under yesterday’s key', async () => {
    const id = createIdentity(db.kysely);
    const before = await id.visitorFor({ ...visitor, ts: berlinMidnight - 5 * 60_000 });
    storeEvent(1, before, berlinMidnight - 5 * 60_000);
    expect(await id.visitorFor({ ...visitor, ts: berlinMidnight + 10 * 60_000 })).toBe(before);
    // A visitor with no visit in progress gets the new day's key.
    const other = { ...visitor, ip: '198.51.100.99' };
    const fresh = await id.visitorFor({ ...other, ts: berlinMidnight + 10 * 60_000 });
    const yesterdayKey = await id.visitorFor({ ...other, ts: berlinMidnight - 60_000 });
    expect(fresh).not.toBe(yesterdayKey);
  });

  it('starts the new key once the visit has lapsed', async () => {
    const id = createIdentity(db.kysely);
    const before = await id.visitorFor({ ...visitor, ts: berlinMidnight - 40 * 60_000 });
    storeEvent(1, before, berlinMidnight - 40 * 60_000);
    expect(await id.visitorFor({ ...visitor, ts: berlinMidnight + 5 * 60_000 })).not.toBe(before);
  });

  it('deletes salts that no site can use any more, and any older than 48 hours', async () => {
    await db.kysely.insertInto('sites').values({ domain: 'a.com', timezone: 'Europe/Berlin', hostnames: '[]', created_at: 0 }).execute();
    const id = createIdentity(db.kysely);
    await id.visitorFor({ ...visitor, ts: noon - 86_400_000 });
    await id.visitorFor({ ...visitor, ts: noon });
    expect(await id.purgeSalts(noon)).toBe(1);
    const days = async () => (await db.kysely.selectFrom('salts').select('day').execute()).map((s) => s.day);
    expect(await days()).toEqual(['2026-03-10']);
    // Just after midnight yesterday's salt is still needed for visits in progress.
    await id.visitorFor({ ...visitor, ts: berlinMidnight + 60_000 });
    await id.purgeSalts(berlinMidnight + 60_000);
    expect((await days()).sort()).toEqual(['2026-03-10', '2026-03-11']);
    await id.purgeSalts(berlinMidnight + 2 * 3_600_000);
    expect(await days()).toEqual(['2026-03-11']);
    // Whatever a clock says, nothing survives 48 hours.
    await id.purgeSalts(berlinMidnight + 49 * 3_600_000 + 60_000);
    expect(await days()).toEqual([]);
  });
});
