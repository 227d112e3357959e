import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../../tests/helpers/test-app.ts';
import { createApiKey } from '../admin/api-keys.ts';
import { addGoal } from '../admin/goals.ts';
import { addSite, changeSite } from '../admin/sites.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { eventRow } from '../../tests/helpers/test-db.ts';
import { runRetention } from '../retention/run.ts';
import { runRollup } from '../rollup/run.ts';

let t: TestApp;
let cookie: string;
const TS = Date.parse('2026-03-01T12:34:56Z');
beforeEach(async () => {
  t = await createTestApp();
  await addSite(t.db.kysely, { domain: 'example.com', timezone: 'Europe/Berlin' });
  await addSite(t.db.kysely, { domain: 'other.org' });
  await addGoal(t.db.kysely, 'example.com', { event: 'Signup' });
  await addGoal(t.db.kysely, 'example.com', { page: '/thanks/**', name: 'Thanks' });
  createEventAppender(t.db)([eventRow({ site_id: 1, ts: TS - 1000 }), eventRow({ site_id: 1, ts: TS })]);
  cookie = await signIn(t.db);
});
afterEach(async () => {
  await t.close();
  await t.db.close();
});

const get = (path: string, headers: Record<string, string> = { cookie }) => t.send(path, { headers }).then(async (r) => ({ status: r.status, body: await r.json() }));

describe('/api/dashboard', () => {
  it('GET /me names the signed-in user', async () => {
    expect(await get('/api/dashboard/me')).toEqual({ status: 200, body: { kind: 'user', email: 'owner@example.com' } });
  });

  it('GET /sites lists every readable site with its goals and whether it has events', async () => {
    expect((await get('/api/dashboard/sites')).body).toEqual([
      {
        id: 1,
        domain: 'example.com',
        timezone: 'Europe/Berlin',
        goals: [{ name: 'Signup', kind: 'event', pattern: 'Signup' }, { name: 'Thanks', kind: 'page', pattern: '/thanks/**' }],
        has_events: true,
      },
      { id: 2, domain: 'other.org', timezone: 'UTC', goals: [], has_events: false },
    ]);
  });

  it('GET /sites/:domain/status reports the newest event', async () => {
    expect((await get('/api/dashboard/sites/example.com/status')).body).toEqual({ has_events: true, last_event_at: '2026-03-01T12:34:56.000Z' });
    expect((await get('/api/dashboard/sites/OTHER.org/status')).body).toEqual({ has_events: false, last_event_at: null });
    expect((await get('/api/dashboard/sites/nope.example/status')).status).toBe(404);
  });

  it('counts a site whose raw events retention deleted as having events, from its aggregates', async () => {
    const H = 3_600_000;
    const D1 = Date.UTC(2026, 0, 1);
    createEventAppender(t.db)(Array.from({ length: 5 }, (_, i) => eventRow({ site_id: 2, ts: D1 + i * 24 * H + 12 * H, visitor: i, hostname: 'other.org' })));
    const now = D1 + 40 * 24 * H;
    await runRollup(t.db, { now });
    await changeSite(t.db.kysely, 'other.org', { rawRetentionDays: 1 });
    await runRetention(t.db, { now });
    expect(await t.db.kysely.selectFrom('events').select('id').where('site_id', '=', 2).execute()).toEqual([]);
    expect((await get('/api/dashboard/sites/other.org/status')).body).toEqual({ has_events: true, last_event_at: null });
    expect((await get('/api/dashboard/sites')).body.find((s: { domain: string }) => s.domain === 'other.org').has_events).toBe(true);
  });

  describe('GET /sites/:domain/props', () => {
    const DAY = 86_400_000;
    const props = (p: Record<string, string>) => JSON.stringify(p);
    const day = (ts: number) => new Date(ts).toISOString().slice(0, 10);

    it('lists the keys an event carries in the range, most used first', async () => {
      const base = Date.parse('2026-03-10T12:00:00Z');
      createEventAppender(t.db)([
        eventRow({ ts: base, name: 'Signup', props: props({ plan: 'pro', seats: '3' }) }),
        eventRow({ ts: base + 1000, name: 'Signup', props: props({ plan: 'free' }) }),
        eventRow({ ts: base + 2000, name: 'Signup', props: props({ coupon: 'x', plan: 'free' }) }),
        eventRow({ ts: base + 3000, name: 'Download', props: props({ file: 'a.pdf' }) }),
        eventRow({ ts: base - 5 * DAY, name: 'Signup', props: props({ early: '1' }) }),
        eventRow({ ts: base, name: 'Signup' }),
      ]);
      const url = (q: string) => `/api/dashboard/sites/example.com/props?${q}`;
      expect((await get(url('event=Signup&from=2026-03-09&to=2026-03-10'))).body).toEqual({ keys: ['plan', 'coupon', 'seats'] });
      expect((await get(url('event=Signup&from=2026-03-01&to=2026-03-31'))).body).toEqual({ keys: ['plan', 'coupon', 'early', 'seats'] });
      expect((await get(url('event=Download&from=2026-03-10&to=2026-03-10'))).body).toEqual({ keys: ['file'] });
      expect((await get(url('event=Nothing&from=2026-03-10&to=2026-03-10'))).body).toEqual({ keys: [] });
      // Days are the site's (Europe/Berlin): 2026-03-10T23:30Z is already 11 March there.
      createEventAppender(t.db)([eventRow({ ts: Date.parse('2026-03-10T23:30:00Z'), name: 'Late', props: props({ k: 'v' }) })]);
      expect((await get(url('event=Late&from=2026-03-10&to=2026-03-10'))).body).toEqual({ keys: [] });
      expect((await get(url('event=Late&from=2026-03-11&to=2026-03-11'))).body).toEqual({ keys: ['k'] });
    });

    it('caps the list at 50 keys', async () => {
      const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 'v']));
      const more = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`m${String(i).padStart(2, '0')}`, 'v']));
      createEventAppender(t.db)([eventRow({ ts: TS, name: 'Big', props: props(many) }), eventRow({ ts: TS, name: 'Big', props: props(more) })]);
      const { keys } = (await get(`/api/dashboard/sites/example.com/props?event=Big&from=${day(TS)}&to=${day(TS)}`)).body;
      expect(keys).toHaveLength(50);
      expect(keys.slice(0, 3)).toEqual(['k00', 'k01', 'k02']);
    });

    it('adds the keys the aggregates kept for days whose raw events are gone', async () => {
      const D1 = Date.UTC(2026, 0, 5, 12);
      createEventAppender(t.db)([
        eventRow({ ts: D1, name: 'Signup', props: props({ plan: 'pro' }) }),
        eventRow({ ts: D1 + DAY, name: 'Signup', props: props({ plan: 'pro', referral: 'friend' }) }),
      ]);
      const now = D1 + 60 * DAY;
      await runRollup(t.db, { now });
      await changeSite(t.db.kysely, 'example.com', { rawRetentionDays: 40 });
      await runRetention(t.db, { now });
      expect(await t.db.kysely.selectFrom('events').select('id').where('name', '=', 'Signup').execute()).toEqual([]);
      // Fresh events of the same event after the purge come first; the purged days add theirs.
      createEventAppender(t.db)([eventRow({ ts: now - 2 * DAY, name: 'Signup', props: props({ source: 'ad' }) })]);
      const url = `/api/dashboard/sites/example.com/props?event=Signup&from=${day(D1 - DAY)}&to=${day(now)}`;
      expect((await get(url)).body).toEqual({ keys: ['source', 'plan', 'referral'] });
    });

    it('refuses a missing event, bad days, a reversed range and unknown sites', async () => {
      const path = '/api/dashboard/sites/example.com/props';
      for (const q of ['from=2026-03-01&to=2026-03-02', 'event=Signup&from=2026-02-30&to=2026-03-02', 'event=Signup&from=2026-03-02', 'event=Signup&from=2026-03-02&to=2026-03-01', `event=${'x'.repeat(121)}&from=2026-03-01&to=2026-03-01`]) {
        const res = await get(`${path}?${q}`);
        expect(res.status, q).toBe(400);
        expect(res.body.code).toBe('bad_request');
      }
      expect((await get('/api/dashboard/sites/nope.example/props?event=a&from=2026-03-01&to=2026-03-01')).status).toBe(404);
      expect((await get(`${path}?event=a&from=2026-03-01&to=2026-03-01`, {})).status).toBe(401);
    });
  });

  it('takes read keys too, limited to their site', async () => {
    const key = (await createApiKey(t.db.kysely, { scope: 'read', siteDomain: 'other.org' })).key;
    const auth = { authorization: `Bearer ${key}` };
    expect((await get('/api/dashboard/me', auth)).body).toEqual({ kind: 'key', email: null });
    expect((await get('/api/dashboard/sites', auth)).body.map((s: { domain: string }) => s.domain)).toEqual(['other.org']);
    expect((await get('/api/dashboard/sites/example.com/status', auth)).status).toBe(403);
  });

  it('answers a key limited to one site alike for another site and a missing one', async () => {
    const auth = { authorization: `Bearer ${(await createApiKey(t.db.kysely, { scope: 'read', siteDomain: 'other.org' })).key}` };
    for (const tail of ['status', 'props?event=a&from=2026-03-01&to=2026-03-01']) {
      expect(await get(`/api/dashboard/sites/example.com/${tail}`, auth)).toEqual({ status: 403, body: { code: 'forbidden', error: 'this API key cannot read site example.com' } });
      expect(await get(`/api/dashboard/sites/nope.example/${tail}`, auth)).toEqual({ status: 403, body: { code: 'forbidden', error: 'this API key cannot read site nope.example' } });
      expect(await get(`/api/dashboard/sites/not a domain/${tail}`, auth)).toMatchObject({ status: 403 });
    }
  });

  it('tells caches to keep nothing, errors included', async () => {
    for (const [path, status] of [['/api/dashboard/me', 200], ['/api/dashboard/sites', 200], ['/api/dashboard/sites/nope.example/status', 404], ['/api/dashboard/nowhere', 404]] as const) {
      const res = await t.send(path, { headers: { cookie } });
      expect(res.status, path).toBe(status);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    expect((await t.send('/api/dashboard/me')).headers.get('cache-control')).toBe('no-store');
  });

  it('answers 401 without a session or key', async () => {
    for (const path of ['/api/dashboard/me', '/api/dashboard/sites', '/api/dashboard/sites/example.com/status']) {
      expect((await get(path, {})).status).toBe(401);
    }
  });
});
