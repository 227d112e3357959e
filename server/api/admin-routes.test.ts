import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/helpers/test-app.ts';
import { createApiKey } from '../admin/api-keys.ts';
import { addSite } from '../admin/sites.ts';
import { createErrorHandler } from '../errors.ts';
import { createLogger } from '../log.ts';
import { adminRoutes } from './admin-routes.ts';

let t: TestApp;
let app: Hono;
let admin: string;
beforeEach(async () => {
  t = await createTestApp();
  await addSite(t.db.kysely, { domain: 'example.com', timezone: 'Europe/Berlin' });
  admin = (await createApiKey(t.db.kysely, { scope: 'admin' })).key;
  // Mounted as app.ts will mount it, behind the same error handler.
  app = new Hono();
  app.onError(createErrorHandler(createLogger('debug', (line) => t.logs.push(line))));
  app.route('/api/admin', adminRoutes(t.db));
});
afterEach(async () => {
  await t.close();
  await t.db.close();
});

async function call(method: string, path: string, body?: unknown, key = admin) {
  const res = await app.request(`/api/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('admin API: sites', () => {
  it('lists, adds, reads and changes sites in the CLI --json shape', async () => {
    expect(await call('GET', '/sites')).toMatchObject({ status: 200, body: [{ id: 1, domain: 'example.com', timezone: 'Europe/Berlin', honor_dnt: false }] });
    const added = await call('POST', '/sites', { domain: 'https://Shop.Example.org/', hostnames: ['*.example.org'] });
    expect(added).toMatchObject({ status: 201, body: { id: 2, domain: 'shop.example.org', timezone: 'UTC', hostnames: ['*.example.org'] } });
    expect(await call('GET', '/sites/shop.example.org')).toMatchObject({ status: 200, body: { id: 2, raw_retention_days: 30 } });
    const patched = await call('PATCH', '/sites/example.com', {
      excluded_ips: ['10.0.0.0/8'], excluded_paths: ['/admin/**'], honor_dnt: true, raw_retention_days: 90, aggregate_retention_months: 24,
    });
    expect(patched).toEqual({
      status: 200,
      body: {
        id: 1, domain: 'example.com', timezone: 'Europe/Berlin', hostnames: [], excluded_ips: ['10.0.0.0/8'],
        excluded_paths: ['/admin/**'], honor_dnt: true, raw_retention_days: 90, aggregate_retention_months: 24,
      },
    });
    expect(await call('PATCH', '/sites/example.com', {})).toMatchObject({ status: 200, body: { raw_retention_days: 90 } });
  });

  it('answers 404 for unknown sites and 400 for bad values', async () => {
    expect(await call('GET', '/sites/nope.org')).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(await call('PATCH', '/sites/nope.org', { honor_dnt: true })).toMatchObject({ status: 404 });
    expect(await call('GET', '/sites/nope.org/goals')).toMatchObject({ status: 404 });
    expect(await call('POST', '/sites', { domain: 'example.com' })).toMatchObject({ status: 400, body: { code: 'site_exists' } });
    expect(await call('POST', '/sites', { timezone: 'UTC' })).toMatchObject({ status: 400, body: { error: expect.stringContaining('"domain"') } });
    expect(await call('PATCH', '/sites/example.com', { raw_retention_days: 4000 })).toMatchObject({ status: 400, body: { code: 'invalid_retention' } });
    expect(await call('PATCH', '/sites/example.com', { aggregate_retention_months: 1.5 })).toMatchObject({ status: 400, body: { code: 'invalid_retention' } });
    expect(await call('PATCH', '/sites/example.com', { timezone: 'Mars/Base' })).toMatchObject({ status: 400, body: { code: 'invalid_timezone' } });
  });

  it('names the field for wrong types and unknown fields, and refuses what is not a JSON object', async () => {
    const bad = async (body: unknown, pattern: RegExp) => {
      const res = await call('PATCH', '/sites/example.com', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ code: 'invalid_body', error: expect.stringMatching(pattern) });
    };
    await bad({ honor_dnt: 'yes' }, /"honor_dnt" must be true or false/);
    await bad({ raw_retention_days: '30' }, /"raw_retention_days" must be a number/);
    await bad({ hostnames: 'a.example.com' }, /"hostnames" must be an array of strings/);
    await bad({ excluded_ips: [1] }, /"excluded_ips" must be an array of strings/);
    await bad({ raw_retention_day: 30 }, /unknown field "raw_retention_day"/);
    await bad('{"__proto__": {"honor_dnt": true}}', /unknown field "__proto__"/);
    await bad({ constructor: 2 }, /unknown field "constructor"/);
    await bad('{"honor_dnt": tru', /not valid JSON/);
    await bad('', /empty/);
    await bad('[1]', /JSON object/);
    await bad('null', /JSON object/);
    expect(await call('GET', '/sites/example.com')).toMatchObject({ body: { honor_dnt: false, raw_retention_days: 30 } });
  });
});

describe('admin API: goals', () => {
  it('adds, lists and deletes goals, names with slashes included', async () => {
    expect(await call('POST', '/sites/example.com/goals', { page: '/signup/**' })).toEqual({
      status: 201, body: { id: 1, name: 'Visit /signup/**', kind: 'page', pattern: '/signup/**' },
    });
    expect(await call('POST', '/sites/example.com/goals', { event: 'Purchase', name: 'Bought' })).toMatchObject({ status: 201, body: { kind: 'event', name: 'Bought' } });
    expect((await call('GET', '/sites/example.com/goals')).body.map((g: { name: string }) => g.name)).toEqual(['Visit /signup/**', 'Bought']);
    const name = encodeURIComponent('Visit /signup/**');
    expect(await call('DELETE', `/sites/example.com/goals/${name}`)).toMatchObject({ status: 200, body: { name: 'Visit /signup/**' } });
    expect(await call('DELETE', `/sites/example.com/goals/${name}`)).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect((await call('GET', '/sites/example.com/goals')).body).toHaveLength(1);
  });

  it('refuses duplicate names, bad patterns and stray fields', async () => {
    await call('POST', '/sites/example.com/goals', { event: 'Signup' });
    expect(await call('POST', '/sites/example.com/goals', { page: '/x', name: 'Signup' })).toMatchObject({ status: 400, body: { code: 'goal_exists' } });
    expect(await call('POST', '/sites/example.com/goals', { page: 'x' })).toMatchObject({ status: 400, body: { code: 'invalid_path' } });
    expect(await call('POST', '/sites/example.com/goals', {})).toMatchObject({ status: 400, body: { code: 'invalid_goal' } });
    expect(await call('POST', '/sites/example.com/goals', { event: 'x', kind: 'event' })).toMatchObject({ status: 400, body: { error: expect.stringContaining('"kind"') } });
    expect(await call('POST', '/sites/nope.org/goals', { event: 'x' })).toMatchObject({ status: 404 });
  });
});

describe('admin API: access', () => {
  it('needs an admin key on every route', async () => {
    const write = (await createApiKey(t.db.kysely, { scope: 'write' })).key;
    const siteRead = (await createApiKey(t.db.kysely, { scope: 'read', siteDomain: 'example.com' })).key;
    for (const [method, path] of [['GET', '/sites'], ['POST', '/sites'], ['GET', '/sites/example.com'], ['PATCH', '/sites/example.com'], ['DELETE', '/sites/example.com/goals/x']]) {
      expect((await call(method!, path!, undefined, write)).status, `${method} ${path}`).toBe(403);
      expect((await call(method!, path!, undefined, siteRead)).status).toBe(403);
      expect((await call(method!, path!, undefined, 'cairn_not-a-real-key')).status).toBe(401);
    }
    const none = await app.request('/api/admin/sites');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('tells caches to keep nothing, errors included', async () => {
    const answers = [
      await app.request('/api/admin/sites', { headers: { authorization: `Bearer ${admin}` } }),
      await app.request('/api/admin/sites/nope.org', { headers: { authorization: `Bearer ${admin}` } }),
      await app.request('/api/admin/sites'),
    ];
    expect(answers.map((res) => res.status)).toEqual([200, 404, 401]);
    for (const res of answers) expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('would answer a key limited to one site alike for another site and a missing one', async () => {
    // Admin keys span every site today (createApiKey refuses a site); should one ever be limited, it must learn nothing.
    await addSite(t.db.kysely, { domain: 'other.org' });
    const limited = await createApiKey(t.db.kysely, { scope: 'read', siteDomain: 'other.org' });
    await t.db.kysely.updateTable('api_keys').set({ scope: 'admin' }).where('prefix', '=', limited.prefix).execute();
    expect(await call('GET', '/sites/other.org', undefined, limited.key)).toMatchObject({ status: 200 });
    expect(await call('GET', '/sites/example.com', undefined, limited.key)).toEqual({ status: 403, body: { code: 'forbidden', error: 'this API key cannot read site example.com' } });
    expect(await call('GET', '/sites/nope.org', undefined, limited.key)).toEqual({ status: 403, body: { code: 'forbidden', error: 'this API key cannot read site nope.org' } });
  });

  it('refuses bodies over 64 KB', async () => {
    const res = await call('POST', '/sites', { domain: 'x.org', timezone: 'x'.repeat(70_000) });
    expect(res).toMatchObject({ status: 413, body: { code: 'body_too_large' } });
  });
});
