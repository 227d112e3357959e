import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../../tests/helpers/test-app.ts';
import { createApiKey } from '../admin/api-keys.ts';
import { addSite } from '../admin/sites.ts';
import { AppError, createErrorHandler } from '../errors.ts';
import { createLogger } from '../log.ts';
import { authenticate, canReadEverySite, canReadSite, readableSite, type Principal, type PrincipalEnv } from './principal.ts';

describe('canReadSite', () => {
  const user: Principal = { kind: 'user', userId: 1, email: 'owner@example.com' };
  const key = (siteId: number | null): Principal => ({ kind: 'key', key: { id: 1, siteId, scope: 'read' } });

  it('lets users read every site and keys only theirs', () => {
    expect(canReadSite(user, 1) && canReadSite(user, 2)).toBe(true);
    expect(canReadSite(key(null), 2)).toBe(true);
    expect(canReadSite(key(1), 1)).toBe(true);
    expect(canReadSite(key(1), 2)).toBe(false);
  });
});

describe('readableSite', () => {
  const user: Principal = { kind: 'user', userId: 1, email: 'owner@example.com' };
  const key = (siteId: number | null): Principal => ({ kind: 'key', key: { id: 1, siteId, scope: 'read' } });
  const missing = () => new AppError(404, 'not_found', 'no site x.org');
  const answer = (p: Principal, site: { id: number } | undefined) => {
    try {
      return readableSite(p, site, 'site x.org', missing);
    } catch (error) {
      return { status: (error as AppError).status, message: (error as AppError).message };
    }
  };

  it('names a missing site only to whoever may read every site', () => {
    expect(canReadEverySite(user) && canReadEverySite(key(null))).toBe(true);
    expect(canReadEverySite(key(1))).toBe(false);
    expect(answer(user, undefined)).toEqual({ status: 404, message: 'no site x.org' });
    expect(answer(key(null), undefined)).toEqual({ status: 404, message: 'no site x.org' });
    expect(answer(key(1), { id: 1 })).toEqual({ id: 1 });
    // Another's site and no site at all: one answer, which names only what was asked for.
    expect(answer(key(1), { id: 2 })).toEqual({ status: 403, message: 'this API key cannot read site x.org' });
    expect(answer(key(1), undefined)).toEqual({ status: 403, message: 'this API key cannot read site x.org' });
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
    api.get('/raw', authenticate(t.db.kysely, { allowSession: true, minKeyScope: 'read' }), () => new Response('{}', { headers: { 'cache-control': 'max-age=3600' } }));
    api.get('/fails', authenticate(t.db.kysely, { allowSession: true, minKeyScope: 'read' }), () => {
      throw new AppError(404, 'not_found', 'no such thing');
    });
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

  it('marks every answer no-store: successes, the route’s errors, its own Responses and refusals', async () => {
    const key = (await createApiKey(t.db.kysely, { scope: 'read' })).key;
    const answers = [
      await call('/both', { cookie }),
      await call('/raw', { cookie }),
      await call('/fails', { authorization: `Bearer ${key}` }),
      await call('/both', {}),
      await call('/keys', { cookie }),
      await call('/both', { cookie, 'content-type': 'text/plain' }, 'POST'),
    ];
    expect(answers.map((res) => res.status)).toEqual([200, 200, 404, 401, 401, 403]);
    for (const res of answers) expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
