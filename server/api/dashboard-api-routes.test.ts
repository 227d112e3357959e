import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../../tests/helpers/test-app.ts';
import { createApiKey } from '../admin/api-keys.ts';
import { addGoal } from '../admin/goals.ts';
import { addSite } from '../admin/sites.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { eventRow } from '../db/test-db.ts';

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
        domain: 'example.com',
        timezone: 'Europe/Berlin',
        goals: [{ name: 'Signup', kind: 'event', pattern: 'Signup' }, { name: 'Thanks', kind: 'page', pattern: '/thanks/**' }],
        has_events: true,
      },
      { domain: 'other.org', timezone: 'UTC', goals: [], has_events: false },
    ]);
  });

  it('GET /sites/:domain/status reports the newest event', async () => {
    expect((await get('/api/dashboard/sites/example.com/status')).body).toEqual({ has_events: true, last_event_at: '2026-03-01T12:34:56.000Z' });
    expect((await get('/api/dashboard/sites/OTHER.org/status')).body).toEqual({ has_events: false, last_event_at: null });
    expect((await get('/api/dashboard/sites/nope.example/status')).status).toBe(404);
  });

  it('takes read keys too, limited to their site', async () => {
    const key = (await createApiKey(t.db.kysely, { scope: 'read', siteDomain: 'other.org' })).key;
    const auth = { authorization: `Bearer ${key}` };
    expect((await get('/api/dashboard/me', auth)).body).toEqual({ kind: 'key', email: null });
    expect((await get('/api/dashboard/sites', auth)).body.map((s: { domain: string }) => s.domain)).toEqual(['other.org']);
    expect((await get('/api/dashboard/sites/example.com/status', auth)).status).toBe(403);
  });

  it('answers 401 without a session or key', async () => {
    for (const path of ['/api/dashboard/me', '/api/dashboard/sites', '/api/dashboard/sites/example.com/status']) {
      expect((await get(path, {})).status).toBe(401);
    }
  });
});
