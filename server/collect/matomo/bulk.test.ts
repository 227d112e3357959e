import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../tests/helpers/test-app.ts';
import { createApiKey } from '../../admin/api-keys.ts';
import { MAX_BULK_ITEMS } from './bulk.ts';
import { closeApp, matomoApp, storedEvents } from '../../../tests/helpers/matomo-testing.ts';

let t: TestApp;
beforeEach(async () => {
  t = await matomoApp();
});
afterEach(() => closeApp(t));

const events = () => storedEvents(t);
const page = (path: string) => `?idsite=1&rec=1&url=${encodeURIComponent(`https://example.com${path}`)}`;
const bulk = (body: unknown, type = 'application/json', path = '/matomo.php') =>
  t.send(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': type } });

describe('bulk requests', () => {
  it('tracks query-string items and object items, answering Matomo’s JSON', async () => {
    const res = await bulk({ requests: [page('/a'), { idsite: 1, rec: 1, url: 'https://example.com/b', e_c: 'Video', e_a: 'Play' }, `/piwik.php${page('/c')}`] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ status: 'success', tracked: 3, invalid: 0 });
    expect((await events()).map((e) => [e.name, e.pathname])).toEqual([
      ['pageview', '/a'],
      ['Video: Play', '/b'],
      ['pageview', '/c'],
    ]);
  });

  it('counts invalid items without failing the others', async () => {
    const requests = [page('/ok'), '?idsite=99&rec=1&url=https%3A%2F%2Fexample.com%2F', { idsite: 1, rec: 1 }, 42, { idsite: 1, rec: 1, url: ['x'] }, page('/also-ok')];
    expect(await (await bulk({ requests })).json()).toEqual({ status: 'success', tracked: 2, invalid: 4, invalid_indices: [1, 2, 3, 4] });
    expect((await events()).map((e) => e.pathname)).toEqual(['/ok', '/also-ok']);
  });

  it('is recognised by "requests" whatever the Content-Type', async () => {
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded; charset=UTF-8']) {
      expect(await (await bulk({ requests: [page('/x')], send_image: 0 }, type)).json()).toMatchObject({ tracked: 1 });
    }
    expect(await (await bulk({ requests: [page('/x')] }, 'application/json', '/Piwik/piwik.php')).json()).toMatchObject({ tracked: 1 });
  });

  it('counts items without rec=1 and dropped items as tracked, storing neither', async () => {
    const requests = ['?idsite=1&url=https%3A%2F%2Fexample.com%2F', { idsite: 1, rec: 1, url: 'https://example.com/', ua: 'curl/8.0' }];
    expect(await (await bulk({ requests })).json()).toEqual({ status: 'success', tracked: 2, invalid: 0 });
    expect(await events()).toEqual([]);
  });

  it('gives the top-level token_auth to every item', async () => {
    const key = (await createApiKey(t.db.kysely, { siteDomain: 'example.com', scope: 'write' })).key;
    const requests = [`${page('/a')}&cdt=2024-05-01%2010:00:00`, `${page('/b')}&cip=198.51.100.20`];
    expect(await (await bulk({ requests })).json()).toMatchObject({ tracked: 0, invalid: 2 });
    expect(await (await bulk({ requests, token_auth: key })).json()).toMatchObject({ tracked: 2, invalid: 0 });
    // Items are tracked concurrently and share a commit: their rows may land in any order.
    const rows = (await events()).sort((a, b) => (a.pathname < b.pathname ? -1 : 1));
    expect(rows.map((e) => e.pathname)).toEqual(['/a', '/b']);
    expect(rows[0]!.ts).toBe(Date.UTC(2024, 4, 1, 10));
  });

  it('answers 400 for a malformed bulk body and 400/413 beyond its limits', async () => {
    expect((await bulk('{"requests": [')).status).toBe(400);
    expect((await bulk({ requests: 'nope' })).status).toBe(400);
    expect((await bulk({ requests: [], token_auth: 5 })).status).toBe(400);
    const tooMany = await bulk({ requests: Array.from({ length: MAX_BULK_ITEMS + 1 }, () => page('/x')) });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ error: `a bulk request has at most ${MAX_BULK_ITEMS} requests` });
    expect((await bulk({ requests: [page(`/${'x'.repeat(300 * 1024)}`)] })).status).toBe(413);
    expect(await events()).toEqual([]);
  });

  it('takes a full bulk of long requests', async () => {
    const long = `${page('/p')}&urlref=${encodeURIComponent(`https://www.google.com/search?q=${'q'.repeat(500)}`)}&ua=${encodeURIComponent('Mozilla/5.0 '.repeat(20))}`;
    const res = await bulk({ requests: Array.from({ length: MAX_BULK_ITEMS }, () => long) });
    expect(await res.json()).toMatchObject({ tracked: MAX_BULK_ITEMS, invalid: 0 });
    expect(await events()).toHaveLength(MAX_BULK_ITEMS);
  });
});
