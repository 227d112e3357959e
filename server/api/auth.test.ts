import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/helpers/test-app.ts';
import { createApiKey, revokeApiKey } from '../admin/api-keys.ts';
import { addSite } from '../admin/sites.ts';
import { AppError, createErrorHandler } from '../errors.ts';
import { createLogger } from '../log.ts';
import { readableSite } from './principal.ts';
import { requireApiKey, type AuthEnv } from './auth.ts';

let t: TestApp;
let app: Hono;
beforeEach(async () => {
  t = await createTestApp();
  await addSite(t.db.kysely, { domain: 'a.example' });
  await addSite(t.db.kysely, { domain: 'b.example' });
  // A small app with the server's error handler, standing in for the query API to come.
  const api = new Hono<AuthEnv>();
  api.get('/stats/:siteId', requireApiKey(t.db.kysely, 'read'), (c) => {
    const siteId = Number(c.req.param('siteId'));
    readableSite({ kind: 'key', key: c.get('apiKey') }, { id: siteId }, `site ${siteId}`, () => new AppError(404, 'not_found', 'none'));
    return c.json(c.get('apiKey'));
  });
  api.post('/rewrite', requireApiKey(t.db.kysely, 'write'), (c) => c.json({ ok: true }));
  api.get('/raw', requireApiKey(t.db.kysely, 'read'), () => new Response('{}', { headers: { 'cache-control': 'public, max-age=60' } }));
  app = new Hono();
  app.onError(createErrorHandler(createLogger('debug', (line) => t.logs.push(line))));
  app.route('/', api);
});
afterEach(async () => {
  await t.close();
  await t.db.close();
});

const get = (path: string, authorization?: string) => app.request(path, { headers: authorization ? { authorization } : {} });
const key = (scope: string, siteDomain?: string) => createApiKey(t.db.kysely, { scope, siteDomain }).then((k) => k.key);

describe('requireApiKey', () => {
  it('lets a valid key through and exposes it to the route', async () => {
    const res = await get('/stats/1', `Bearer ${await key('read', 'a.example')}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 1, siteId: 1, scope: 'read' });
    expect((await get('/stats/1', `bearer  ${await key('admin')}`)).status).toBe(200);
  });

  it('answers 401 with a Bearer challenge when the key is missing or malformed', async () => {
    const good = await key('read');
    for (const header of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', `Bearer ${good} extra`, good, 'Bearer cairn_short']) {
      const res = await get('/stats/1', header);
      expect(res.status, String(header)).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
      expect(await res.json()).toMatchObject({ code: 'unauthorized' });
    }
  });

  it('answers 401 for a revoked or altered key', async () => {
    const created = await createApiKey(t.db.kysely, { scope: 'read' });
    const altered = created.key.slice(0, -2) + (created.key.endsWith('AA') ? 'BB' : 'AA');
    expect((await get('/stats/1', `Bearer ${altered}`)).status).toBe(401);
    await revokeApiKey(t.db.kysely, created.prefix);
    const res = await get('/stats/1', `Bearer ${created.key}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('marks every answer no-store: successes, the route’s own Responses and refusals', async () => {
    const read = `Bearer ${await key('read')}`;
    const answers = [
      await get('/raw', read),
      await get('/raw'),
      await get('/raw', 'Bearer cairn_wrong'),
      await app.request('/rewrite', { method: 'POST', headers: { authorization: read } }),
    ];
    expect(answers.map((res) => res.status)).toEqual([200, 401, 401, 403]);
    for (const res of answers) expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 403 when the scope is too low', async () => {
    const post = (k: string) => app.request('/rewrite', { method: 'POST', headers: { authorization: `Bearer ${k}` } });
    const res = await post(await key('read'));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'forbidden', error: expect.stringContaining('write') });
    expect((await post(await key('write', 'a.example'))).status).toBe(200);
    expect((await post(await key('admin'))).status).toBe(200);
  });
});

describe('site limits (readableSite)', () => {
  it('keeps a key for site A away from site B', async () => {
    const a = `Bearer ${await key('write', 'a.example')}`;
    expect((await get('/stats/1', a)).status).toBe(200);
    const res = await get('/stats/2', a);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'this API key cannot read site 2', code: 'forbidden' });
  });

  it('lets an all-sites key read every site', async () => {
    const all = `Bearer ${await key('read')}`;
    expect((await get('/stats/1', all)).status).toBe(200);
    expect((await get('/stats/2', all)).status).toBe(200);
  });
});
