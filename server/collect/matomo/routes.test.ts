import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/helpers/test-app.ts';
import { createApiKey } from '../../admin/api-keys.ts';
import { changeSite } from '../../admin/sites.ts';
import { TRANSPARENT_GIF } from '../routes.ts';
import { closeApp, hit, matomoApp, PAGE, storedEvents } from '../../../tests/helpers/matomo-testing.ts';

let t: TestApp;
beforeEach(async () => {
  t = await matomoApp();
});
afterEach(() => closeApp(t));

const events = () => storedEvents(t);
const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

describe('paths', () => {
  it('answers at every Matomo and Piwik path, at the root and under a prefix', async () => {
    const paths = ['/piwik.php', '/matomo.php', '/js/', '/js/index.php', '/js/tracker.php', '/Piwik/piwik.php', '/stats/matomo.php', '/a/b/js/', '/tools/js/tracker.php'];
    for (const path of paths) expect((await hit(t, {}, {}, path)).status, path).toBe(200);
    expect(await events()).toHaveLength(paths.length);
    for (const path of ['/piwik.phpx', '/xmatomo.php', '/js', '/js/other.php']) expect((await hit(t, {}, {}, path)).status, path).toBe(404);
  });

  it('counts the bare <noscript> pixel from its Referer header', async () => {
    const res = await t.send('/Piwik/piwik.php?idsite=1&rec=1', { headers: { referer: 'https://example.com/no-js?utm_source=news' } });
    expect(res.status).toBe(200);
    expect(await events()).toMatchObject([{ name: 'pageview', pathname: '/no-js', utm_source: 'news', referrer_source: 'news' }]);
  });
});

describe('routing', () => {
  it('leaves the main app on Hono’s RegExpRouter (a wildcard route would switch it to the slower TrieRouter)', async () => {
    await t.send('/healthz');
    expect((t.app.router as { activeRouter?: { name: string } }).activeRouter?.name).toBe('RegExpRouter');
  });
});

describe('responses', () => {
  it('answers the 43-byte GIF, never cached', async () => {
    const res = await hit(t);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await res.arrayBuffer()).equals(TRANSPARENT_GIF)).toBe(true);
  });

  it('answers 204 without a body when send_image=0', async () => {
    const res = await hit(t, { send_image: '0' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(await events()).toHaveLength(1);
  });

  it('answers but records nothing without rec=1, and validates nothing then', async () => {
    expect((await hit(t, { rec: null })).status).toBe(200);
    expect((await hit(t, { rec: '0', idsite: '99' })).status).toBe(200);
    expect((await t.send('/matomo.php')).status).toBe(200);
    expect(await events()).toEqual([]);
  });

  it('gives bots the same reply and stores nothing', async () => {
    const res = await hit(t, {}, { headers: { 'user-agent': BOT } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-cairn-dropped')).toBe('bot');
    expect(Buffer.from(await res.arrayBuffer()).equals(TRANSPARENT_GIF)).toBe(true);
    expect((await hit(t, { ua: BOT })).headers.get('x-cairn-dropped')).toBe('bot');
    const foreign = await hit(t, { url: 'https://elsewhere.org/' });
    expect(foreign.status).toBe(200);
    // The collector's answer, which does not tell a foreign hostname from a domain no site has.
    expect(foreign.headers.get('x-cairn-dropped')).toBe('site_not_allowed');
    expect(await events()).toEqual([]);
  });
});

describe('site rules', () => {
  it('honours excluded paths, excluded addresses (also through cip) and Do Not Track, with the same reply', async () => {
    await changeSite(t.db.kysely, 'example.com', { excludedPaths: ['/admin/**'], excludedIps: ['10.0.0.0/8'], honorDnt: true });
    await t.close();
    t = await createTestApp({ db: t.db });
    const dropped = async (res: Response, status = 200) => {
      expect(res.status).toBe(status);
      return res.headers.get('x-cairn-dropped');
    };
    const key = (await createApiKey(t.db.kysely, { scope: 'write' })).key;
    expect(await dropped(await hit(t, { url: 'https://example.com/admin/users' }))).toBe('excluded_path');
    expect(await dropped(await hit(t, {}, { ip: '10.1.2.3' }))).toBe('excluded_ip');
    expect(await dropped(await hit(t, { cip: '10.9.9.9', token_auth: key }))).toBe('excluded_ip');
    expect(await dropped(await hit(t, {}, { headers: { dnt: '1' } }))).toBe('do_not_track');
    expect(await dropped(await hit(t, { send_image: '0' }, { headers: { 'sec-gpc': '1' } }), 204)).toBe('do_not_track');
    expect(await events()).toEqual([]);
  });
});

describe('bad input', () => {
  const error = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error: string; code: string }) });

  it('answers 400 with a reason for a missing, malformed or unknown idsite', async () => {
    expect(await error(await hit(t, { idsite: null }))).toMatchObject({ status: 400, error: expect.stringContaining('idsite is required') });
    expect(await error(await hit(t, { idsite: 'abc' }))).toMatchObject({ status: 400, error: expect.stringContaining('idsite must be') });
    expect(await error(await hit(t, { idsite: '0' }))).toMatchObject({ status: 400 });
    expect(await error(await hit(t, { idsite: '99' }))).toMatchObject({ status: 400, code: 'unknown_site', error: 'no site has idsite 99' });
  });

  it('answers 400 without a page URL, and for a URL that is not http(s)', async () => {
    expect(await error(await hit(t, { url: null }))).toMatchObject({ status: 400, error: expect.stringContaining('url is required') });
    // With urlref the Referer header is the page that sent it, not the page viewed.
    expect((await hit(t, { url: null, urlref: 'https://google.com/' }, { headers: { referer: PAGE } })).status).toBe(400);
    expect(await error(await hit(t, { url: 'ftp://example.com/' }))).toMatchObject({ status: 400, error: 'url must be http or https' });
    expect(await events()).toEqual([]);
  });

  it('answers 503 when the event cannot be stored', async () => {
    await t.close();
    expect((await hit(t)).status).toBe(503);
  });

  it('keeps serving after bad input', async () => {
    await hit(t, { idsite: '%%%' });
    await t.send('/matomo.php', { method: 'POST', body: '{"requests": [', headers: { 'content-type': 'application/json' } });
    expect((await hit(t)).status).toBe(200);
    expect(await events()).toHaveLength(1);
  });
});

describe('POST', () => {
  const post = (body: string, type = 'application/x-www-form-urlencoded; charset=UTF-8', query = '') =>
    t.send(`/matomo.php${query}`, { method: 'POST', body, headers: { 'content-type': type } });

  it('reads a form body, and a text/plain one, as Matomo’s JS sends them', async () => {
    const body = `idsite=1&rec=1&url=${encodeURIComponent(PAGE)}&send_image=0`;
    expect((await post(body)).status).toBe(204);
    expect((await post(body, 'text/plain;charset=UTF-8')).status).toBe(204);
    expect((await post(`?${body}`, 'text/plain')).status).toBe(204);
    expect(await events()).toHaveLength(3);
  });

  it('merges the query string over the body', async () => {
    await post(`idsite=1&rec=1&url=${encodeURIComponent('https://example.com/body')}`, undefined, `?url=${encodeURIComponent('https://example.com/query')}`);
    expect(await events()).toMatchObject([{ pathname: '/query' }]);
  });

  it('refuses a single body over 8 KB and a JSON body that is not a bulk request', async () => {
    const big = `idsite=1&rec=1&url=${encodeURIComponent(PAGE)}&action_name=${'x'.repeat(9_000)}`;
    expect((await post(big)).status).toBe(413);
    expect((await post('{"idsite": 1}', 'application/json')).status).toBe(400);
  });
});

describe('CORS', () => {
  it('echoes the Origin with credentials, on answers and on errors', async () => {
    const headers = { origin: 'https://example.com' };
    for (const res of [await hit(t, {}, { headers }), await hit(t, { idsite: '99' }, { headers })]) {
      expect(res.headers.get('access-control-allow-origin')).toBe('https://example.com');
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    }
  });

  it('answers the preflight', async () => {
    const res = await t.send('/js/tracker.php', {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
  });
});
