import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../../tests/helpers/test-app.ts';
import { createApiKey } from '../admin/api-keys.ts';
import { addSite } from '../admin/sites.ts';
import { createEventAppender } from '../db/event-appender.ts';
import { eventRow } from '../../tests/helpers/test-db.ts';

let t: TestApp;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  await addSite(t.db.kysely, { domain: 'example.com' });
  await addSite(t.db.kysely, { domain: 'other.org' });
  createEventAppender(t.db)([eventRow({ ts: Date.now() - 60_000, visitor: 1 }), eventRow({ ts: Date.now() - 30_000, visitor: 2 })]);
  cookie = await signIn(t.db);
});
afterEach(async () => {
  await t.close();
  await t.db.close();
});

const body = JSON.stringify({ site_id: 'example.com', date_range: 'realtime', metrics: ['visitors'] });
const query = (headers: Record<string, string>) => t.send('/api/v2/query', { method: 'POST', body, headers });

describe('POST /api/v2/query from the dashboard', () => {
  it('answers a session cookie sent with JSON', async () => {
    const res = await query({ cookie, 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { results: unknown }).results).toEqual([{ dimensions: [], metrics: [2] }]);
  });

  it('refuses a session cookie sent with text/plain, as a cross-site form would (403)', async () => {
    const res = await query({ cookie, 'content-type': 'text/plain' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'forbidden' });
  });

  it('still answers 401 JSON without any credentials, and keys keep their site limit', async () => {
    const res = await query({ 'content-type': 'application/json' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await res.json()).toMatchObject({ code: 'unauthorized' });
    const other = (await createApiKey(t.db.kysely, { scope: 'read', siteDomain: 'other.org' })).key;
    expect((await query({ authorization: `Bearer ${other}`, 'content-type': 'text/plain' })).status).toBe(403);
  });

  it('tells a signed-in user which site does not exist', async () => {
    const res = await t.send('/api/v2/query', {
      method: 'POST',
      body: JSON.stringify({ site_id: 'nowhere.net', date_range: 'realtime', metrics: ['visitors'] }),
      headers: { cookie, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ error: 'site_id: no site "nowhere.net"' });
  });
});
