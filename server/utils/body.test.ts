import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abandonRequest, eventually, serveTestApp, type ServedApp } from '../../tests/helpers/served-app.ts';
import { createApiKey } from '../admin/api-keys.ts';
import { addSite } from '../admin/sites.ts';

let s: ServedApp;
let key: string;
let adminKey: string;
beforeAll(async () => {
  s = await serveTestApp();
  await addSite(s.db.kysely, { domain: 'example.com' });
  key = (await createApiKey(s.db.kysely, { siteDomain: 'example.com', scope: 'read' })).key;
  adminKey = (await createApiKey(s.db.kysely, { scope: 'admin' })).key;
});
afterAll(async () => {
  await s?.stop();
});

const head = (path: string, headers: Record<string, string>) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
const entries = () => s.logs.map((line) => JSON.parse(line) as { level: string; message: string; code?: string; error?: string });

describe('a client that closes the connection halfway through its body', () => {
  // Functions, as the keys exist only once beforeAll has run.
  it.each([
    ['the collector', '/api/event', () => ({ 'content-type': 'text/plain' })],
    ['the query API', '/api/v2/query', () => ({ 'content-type': 'application/json', authorization: `Bearer ${key}` })],
    ['the Matomo tracker', '/matomo.php', () => ({ 'content-type': 'application/x-www-form-urlencoded' })],
    ['the login form', '/login', () => ({ 'content-type': 'application/x-www-form-urlencoded' })],
    // Not through readBody but Hono's bodyLimit and c.req.text(): onError has to know.
    ['the admin API', '/api/admin/sites', () => ({ 'content-type': 'application/json', authorization: `Bearer ${adminKey}` })],
  ])('is not an error at %s', async (_, path, headers) => {
    s.logs.length = 0;
    await abandonRequest(s.port, head(path, { ...headers(), 'content-length': '1000' }), '{"n":"page');
    await eventually(() => entries().some((e) => e.code === 'aborted'), 2_000, 'the aborted request to be logged');
    expect(entries().filter((e) => e.level !== 'debug')).toEqual([]);
    expect(entries().find((e) => e.code === 'aborted')).toMatchObject({ level: 'debug', path });
    expect(JSON.stringify(entries())).not.toMatch(/\bat \S+ \(|stack/);
  });

  it.each([
    ['/api/event', () => ({ 'content-type': 'text/plain' })],
    ['/api/admin/sites', () => ({ 'content-type': 'application/json', authorization: `Bearer ${adminKey}` })],
  ])('is not an error when the body comes in chunks either (%s)', async (path, headers) => {
    s.logs.length = 0;
    await abandonRequest(s.port, head(path, { ...headers(), 'transfer-encoding': 'chunked' }), 'a\r\n{"n":"page\r\n');
    await eventually(() => entries().some((e) => e.code === 'aborted'), 2_000, 'the aborted request to be logged');
    expect(entries().filter((e) => e.level !== 'debug')).toEqual([]);
  });

  it('leaves the server answering', async () => {
    s.logs.length = 0;
    await Promise.all(Array.from({ length: 20 }, () => abandonRequest(s.port, head('/api/event', { 'content-type': 'text/plain', 'content-length': '1000' }), 'x', 10)));
    expect((await fetch(`${s.baseUrl}/healthz`)).status).toBe(200);
    const res = await fetch(`${s.baseUrl}/api/event`, {
      method: 'POST',
      body: JSON.stringify({ n: 'pageview', u: 'https://example.com/', d: 'example.com' }),
      headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36' },
    });
    expect(res.status).toBe(202);
    await eventually(() => entries().filter((e) => e.code === 'aborted').length >= 20, 2_000, 'every aborted request to be logged');
    expect(entries().filter((e) => e.level === 'error' || e.level === 'warn')).toEqual([]);
  });
});
