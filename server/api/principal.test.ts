import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../../tests/helpers/test-app.ts';
import { createApiKey } from '../admin/api-keys.ts';
import { addSite } from '../admin/sites.ts';
import { createErrorHandler } from '../errors.ts';
import { createLogger } from '../log.ts';
import { assertCanReadSite, authenticate, canReadSite, type Principal, type PrincipalEnv } from './principal.ts';

describe('canReadSite', () => {
  const user: Principal = { kind: 'user', userId: 1, email: 'owner@example.com' };
  const key = (siteId: number | null): Principal => ({ kind: 'key', key: { id: 1, siteId, scope: 'read' } });

  it('lets users read every site and keys only theirs', () => {
    expect(canReadSite(user, 1) && canReadSite(user, 2)).toBe(true);
    expect(canReadSite(key(null), 2)).toBe(true);
    expect(canReadSite(key(1), 1)).toBe(true);
    expect(canReadSite(key(1), 2)).toBe(false);
    expect(() => assertCanReadSite(key(1), 2)).toThrow('this API key cannot read site 2');
  });
});

describe('authenticate', () => {
  let t: TestApp;
  let app: Hono;
  let cookie: string;
  beforeEach(async () => {
    t = await createTestApp();
    await addSite(t.db.kysely, { domain: 'a.example' });
    cookie = await signIn(t.db);
    const api = new Hono<PrincipalEnv>();
    api.on(['GET', 'POST'], '/both', authenticate(t.db.kysely, { allowSession: true, minKeyScope: 'read' }), (c) => c.json(c.get('principal')));
    api.get('/keys', authenticate(t.db.kysely, { allowSession: false, minKeyScope: 'read' }), (c) => c.json(c.get('principal')));
    app = new Hono();
    app.onError(createErrorHandler(createLogger('silent')));
    app.route('/', api);
  });
  afterEach(async () => {
    await t.close();
    await t.db.close();
  });
  const call = (path: string, headers: Record<string, string>, method = 'GET') => app.request(path, { method, headers });

  it('accepts the session cookie where sessions are allowed', async () => {
    const res = await call('/both', { cookie });
    expect(await res.json()).toEqual({ kind: 'user', userId: 1, email: 'owner@example.com' });
    expect((await call('/keys', { cookie })).status).toBe(401);
  });

  it('accepts a Bearer key, which wins over a cookie', async () => {
    const key = (await createApiKey(t.db.kysely, { scope: 'read', siteDomain: 'a.example' })).key;
    expect(await (await call('/both', { authorization: `Bearer ${key}`, cookie })).json()).toMatchObject({ kind: 'key', key: { siteId: 1 } });
    expect((await call('/both', { authorization: 'Bearer cairn_wrong', cookie })).status).toBe(401);
  });

  it('asks for JSON on writes made with a cookie, which a cross-site form cannot send', async () => {
    expect((await call('/both', { cookie, 'content-type': 'application/json' }, 'POST')).status).toBe(200);
    expect((await call('/both', { cookie, 'content-type': 'application/json; charset=utf-8' }, 'POST')).status).toBe(200);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp']) {
      const res = await call('/both', { cookie, 'content-type': type }, 'POST');
      expect(res.status, type).toBe(403);
    }
    expect((await call('/both', { cookie }, 'POST')).status).toBe(403);
  });

  it('answers 401 with a Bearer challenge without credentials or with a dead session', async () => {
    const dead: Record<string, string>[] = [{}, { cookie: 'cairn_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, { cookie: 'cairn_session=junk' }];
    for (const headers of dead) {
      const res = await call('/both', headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await res.json()).toMatchObject({ code: 'unauthorized' });
    }
  });
});
