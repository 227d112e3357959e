import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, postEvent, type TestApp } from '../../tests/helpers/test-app.ts';
import { addSite, changeSite } from '../admin/sites.ts';
import { TRANSPARENT_GIF } from './routes.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await addSite(t.db.kysely, { domain: 'example.com', timezone: 'Europe/Berlin' });
});
afterEach(async () => {
  await t.close();
  await t.db.close();
});

const events = () => t.db.kysely.selectFrom('events').selectAll().orderBy('id').execute();
const pageview = { n: 'pageview', u: 'https://www.example.com/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring&secret=1', d: 'example.com', r: 'https://www.google.com/search?q=private', w: 390 };

describe('POST /api/event', () => {
  it('stores an enriched, anonymous event and answers 202 once committed', async () => {
    const res = await t.send('/api/event', postEvent(pageview, { 'accept-language': 'de-CH,de;q=0.9,en;q=0.8' }));
    expect(res.status).toBe(202);
    expect(res.headers.get('x-cairn-dropped')).toBeNull();
    const [row] = await events();
    expect(row).toMatchObject({
      name: 'pageview',
      hostname: 'example.com',
      pathname: '/pricing',
      referrer_source: 'newsletter',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'spring',
      channel: 'Email',
      country: 'DE',
      browser: 'Chrome',
      browser_version: '124',
      os: 'Windows',
      device: 'desktop',
      screen: 'mobile',
      language: 'de',
      interactive: 0,
      props: null,
    });
    expect(typeof row!.visitor).toBe('number');
    // Nothing of the query string but the UTM values, nothing of the referrer but its source.
    expect(JSON.stringify(row)).not.toContain('secret');
    expect(JSON.stringify(row)).not.toContain('private');
  });

  it('names the referrer source when there is no utm_source', async () => {
    await t.send('/api/event', postEvent({ ...pageview, u: 'https://example.com/' }));
    expect(await events()).toMatchObject([{ referrer_source: 'Google', referrer_host: 'google.com', channel: 'Organic Search', pathname: '/' }]);
  });

  it('counts a self-referral as direct', async () => {
    await t.send('/api/event', postEvent({ ...pageview, u: 'https://example.com/b', r: 'https://blog.example.com/a' }));
    expect(await events()).toMatchObject([{ referrer_source: '', referrer_host: '' }]);
  });

  it('stores custom events with props, revenue and the interactive flag', async () => {
    const body = { n: 'Purchase', u: 'https://example.com/checkout', d: 'example.com', p: { plan: 'pro', seats: 3 }, $: { currency: 'EUR', amount: '49.90' } };
    expect((await t.send('/api/event', postEvent(body))).status).toBe(202);
    expect((await t.send('/api/event', postEvent({ ...body, n: 'Scroll', i: false, p: undefined, $: undefined }))).status).toBe(202);
    const rows = await events();
    expect(rows[0]).toMatchObject({ name: 'Purchase', props: '{"plan":"pro","seats":"3"}', revenue_amount: 49.9, revenue_currency: 'EUR', interactive: 1 });
    expect(rows[1]).toMatchObject({ name: 'Scroll', interactive: 0, props: null });
  });

  it('stores engagement with scroll depth and engaged time', async () => {
    await t.send('/api/event', postEvent({ n: 'engagement', u: 'https://example.com/a', d: 'example.com', sd: 80, e: 15_000, i: true }));
    expect(await events()).toMatchObject([{ name: 'engagement', scroll_depth: 80, engaged_ms: 15_000, interactive: 0 }]);
  });

  it('keeps the hash only when asked', async () => {
    await t.send('/api/event', postEvent({ ...pageview, u: 'https://example.com/app#/settings' }));
    await t.send('/api/event', postEvent({ ...pageview, u: 'https://example.com/app#/settings', h: 1 }));
    await t.send('/api/event', postEvent({ ...pageview, u: 'https://example.com/Docs/caf%c3%a9/' }));
    expect((await events()).map((e) => e.pathname)).toEqual(['/app', '/app#/settings', '/Docs/caf%C3%A9']);
  });

  it('sends to every site of a comma list', async () => {
    await addSite(t.db.kysely, { domain: 'rollup.example.net', hostnames: ['*.example.com'] });
    const res = await t.send('/api/event', postEvent({ ...pageview, d: 'example.com,rollup.example.net,unknown.org' }));
    expect(res.status).toBe(202);
    expect(res.headers.get('x-cairn-dropped')).toBeNull();
    expect((await events()).map((e) => e.site_id).sort()).toEqual([1, 2]);
  });

  it('accepts JSON with an application/json type', async () => {
    const res = await t.send('/api/event', { method: 'POST', body: JSON.stringify(pageview), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(202);
  });

  it('gives the same visitor key to the same browser and another to another', async () => {
    await t.send('/api/event', postEvent(pageview));
    await t.send('/api/event', postEvent(pageview));
    await t.send('/api/event', postEvent(pageview, {}), );
    await t.send('/api/event', { ...postEvent(pageview), ip: '203.0.113.8' });
    const keys = (await events()).map((e) => e.visitor);
    expect(new Set(keys.slice(0, 3)).size).toBe(1);
    expect(keys[3]).not.toBe(keys[0]);
  });
});

describe('dropped events', () => {
  const dropped = async (body: unknown, init: { headers?: Record<string, string>; ip?: string } = {}) => {
    const res = await t.send('/api/event', { ...postEvent(body, init.headers), ip: init.ip });
    expect(res.status).toBe(202);
    return res.headers.get('x-cairn-dropped');
  };

  it('drops bots, unknown sites and foreign hostnames with a reason', async () => {
    expect(await dropped(pageview, { headers: { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' } })).toBe('bot');
    expect(await dropped(pageview, { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36' } })).toBe('bot');
    expect(await dropped({ ...pageview, d: 'unknown.org' })).toBe('site_not_allowed');
    expect(await dropped({ ...pageview, u: 'https://evil.net/' })).toBe('site_not_allowed');
    expect(await events()).toEqual([]);
  });

  it('answers an unknown domain exactly as a configured one sent from a foreign hostname', async () => {
    const answer = async (body: unknown, path = '/api/event') => {
      const res = path === '/api/event' ? await t.send(path, postEvent(body)) : await t.send(path);
      return { status: res.status, headers: [...res.headers], body: Buffer.from(await res.arrayBuffer()).toString('base64') };
    };
    expect(await answer({ ...pageview, d: 'unknown.org', u: 'https://unknown.org/' })).toEqual(await answer({ ...pageview, u: 'https://unknown.org/' }));
    const pixel = (d: string) => `/p.gif?d=${d}&u=${encodeURIComponent('https://unknown.org/')}`;
    expect(await answer(null, pixel('unknown.org'))).toEqual(await answer(null, pixel('example.com')));
    expect(await events()).toEqual([]);
  });

  it('honours excluded paths, excluded addresses and, when asked, Do Not Track', async () => {
    await changeSite(t.db.kysely, 'example.com', { excludedPaths: ['/admin/**'], excludedIps: ['10.0.0.0/8'] });
    // The site cache keeps settings for a few seconds; an app started now reads them at once.
    await t.close();
    t = await createTestApp({ db: t.db });
    expect(await dropped({ ...pageview, u: 'https://example.com/admin/users' })).toBe('excluded_path');
    expect(await dropped(pageview, { ip: '10.2.3.4' })).toBe('excluded_ip');
    expect(await dropped(pageview, { ip: '::ffff:10.2.3.4' })).toBe('excluded_ip');
    expect(await dropped(pageview, { headers: { dnt: '1' } })).toBeNull();
    await changeSite(t.db.kysely, 'example.com', { honorDnt: true });
    await t.close();
    t = await createTestApp({ db: t.db });
    expect(await dropped(pageview, { headers: { dnt: '1' } })).toBe('do_not_track');
    expect(await dropped(pageview, { headers: { 'sec-gpc': '1' } })).toBe('do_not_track');
    expect((await events()).map((e) => e.pathname)).toEqual(['/pricing']);
  });
});

describe('bad input', () => {
  const status = async (body: BodyInit, headers: Record<string, string> = {}) => {
    const res = await t.send('/api/event', { method: 'POST', body, headers: { 'content-type': 'text/plain', ...headers } });
    return { status: res.status, body: (await res.json()) as { error: string } };
  };

  it('answers 400 with a reason for malformed JSON, wrong types and non-http URLs', async () => {
    expect(await status('{"n":')).toEqual({ status: 400, body: expect.objectContaining({ error: 'body is not valid JSON' }) });
    expect(await status('')).toMatchObject({ status: 400 });
    expect(await status('[]')).toMatchObject({ status: 400, body: { error: 'body must be a JSON object' } });
    expect(await status(JSON.stringify({ ...pageview, n: 5 }))).toMatchObject({ status: 400 });
    expect(await status(JSON.stringify({ ...pageview, u: 'ftp://example.com/' }))).toMatchObject({ status: 400, body: { error: 'url must be http or https' } });
  });

  it('answers 400 for invalid UTF-8', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    expect(await status(bytes)).toMatchObject({ status: 400, body: { error: 'body is not valid UTF-8' } });
  });

  it('answers 413 for a body over 8 KB, including a 1 MB one', async () => {
    const big = JSON.stringify({ ...pageview, p: { k: 'v'.repeat(9_000) } });
    expect(await status(big)).toMatchObject({ status: 413 });
    expect(await status('x'.repeat(1024 * 1024))).toMatchObject({ status: 413 });
  });

  it('counts a chunked body without Content-Length as it streams', async () => {
    const chunked = (text: string) =>
      new ReadableStream({
        start(controller) {
          for (let i = 0; i < text.length; i += 1_000) controller.enqueue(new TextEncoder().encode(text.slice(i, i + 1_000)));
          controller.close();
        },
      });
    const send = (text: string) =>
      t.send('/api/event', { method: 'POST', body: chunked(text), headers: { 'content-type': 'text/plain' }, duplex: 'half' } as RequestInit);
    expect((await send(JSON.stringify(pageview))).status).toBe(202);
    expect((await send(JSON.stringify({ ...pageview, p: { k: 'v'.repeat(9_000) } }))).status).toBe(413);
  });

  it('keeps serving after bad input', async () => {
    await status('{{{');
    expect((await t.send('/api/event', postEvent(pageview))).status).toBe(202);
    expect((await t.send('/healthz')).status).toBe(200);
  });
});

describe('CORS', () => {
  it('answers a preflight from any origin, without credentials', async () => {
    const res = await t.send('/api/event', {
      method: 'OPTIONS',
      headers: { origin: 'https://example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets the page read the drop reason', async () => {
    const res = await t.send('/api/event', postEvent({ ...pageview, d: 'nope.org' }, { origin: 'https://nope.org' }));
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Cairn-Dropped');
  });
});

describe('GET /p.gif', () => {
  it('records a page view and answers the 43-byte GIF, never cached', async () => {
    const res = await t.send('/p.gif?d=example.com&u=https%3A%2F%2Fexample.com%2Fnoscript&r=https%3A%2F%2Fduckduckgo.com%2F');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = new Uint8Array(await res.arrayBuffer());
    expect(body.length).toBe(43);
    expect(Buffer.from(body).equals(TRANSPARENT_GIF)).toBe(true);
    expect(await events()).toMatchObject([{ name: 'pageview', pathname: '/noscript', referrer_source: 'DuckDuckGo' }]);
  });

  it('takes the page from the Referer header when u is absent', async () => {
    await t.send('/p.gif?d=example.com', { headers: { referer: 'https://example.com/from-header' } });
    expect(await events()).toMatchObject([{ pathname: '/from-header' }]);
  });

  it('answers 400 without a domain or a page', async () => {
    expect((await t.send('/p.gif?u=https://example.com/')).status).toBe(400);
    expect((await t.send('/p.gif?d=example.com')).status).toBe(400);
  });
});

describe('the tracker script', () => {
  it('serves /cairn.js cached for a day with an ETag, and a hashed copy for a year', async () => {
    const res = await t.send('/cairn.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toContain('max-age=86400');
    const etag = res.headers.get('etag')!;
    const hash = etag.replaceAll('"', '');
    expect((await t.send(`/js/cairn.${hash}.js`)).headers.get('cache-control')).toContain('immutable');
    expect((await t.send(`/cairn.js?v=${hash}`)).headers.get('cache-control')).toContain('immutable');
    expect((await t.send('/cairn.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await t.send('/cairn.ext.js')).status).toBe(200);
  });

  it('serves matomo.js at /matomo.js and /piwik.js, cached like /cairn.js, with no hashed copy under /js/', async () => {
    const matomo = await t.send('/matomo.js');
    const piwik = await t.send('/piwik.js');
    for (const res of [matomo, piwik]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('javascript');
      expect(res.headers.get('cache-control')).toContain('max-age=86400');
    }
    const etag = matomo.headers.get('etag')!;
    expect(piwik.headers.get('etag')).toBe(etag);
    expect(await piwik.text()).toBe(await matomo.text());
    expect((await t.send('/piwik.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await t.send(`/js/matomo.${etag.replaceAll('"', '')}.js`)).status).toBe(404);
  });
});

describe('GET /healthz', () => {
  it('answers 200 with a small JSON body', async () => {
    const res = await t.send('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });
});
