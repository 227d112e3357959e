/**
 * The Matomo migration path in real Chromium: a fixture site keeps Matomo's standard `_paq`
 * snippet, with only `u` pointed at the real Cairn server, which serves matomo.js and takes the
 * Matomo tracking API requests it sends; what the visitor does ends up as stored rows. As in
 * tracker.e2e.test.ts, site.test, stats.test (Cairn) and other.test are separate origins mapped
 * to 127.0.0.1.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../server/db/schema.ts';
import { chromiumAvailable } from '../helpers/chromium.ts';
import { useSiteInBrowser } from '../helpers/site-in-browser.ts';


/** Matomo's standard snippet (or the older Piwik one), verbatim but for `u`, the site id and `extra`. */
const snippet = (u: string, siteId: number, name: 'matomo' | 'piwik', extra = '') => `<script>
  var _paq = window._paq = window._paq || [];
  /* tracker methods like "setCustomDimension" should be called before "trackPageView" */
  ${extra}
  _paq.push(['trackPageView']);
  _paq.push(['enableLinkTracking']);
  (function() {
    var u="${u}";
    _paq.push(['setTrackerUrl', u+'${name}.php']);
    _paq.push(['setSiteId', '${siteId}']);
    var d=document, g=d.createElement('script'), s=d.getElementsByTagName('script')[0];
    g.async=true; g.src=u+'${name}.js'; s.parentNode.insertBefore(g,s);
  })();
</script>`;

describe.skipIf(!chromiumAvailable())('Matomo snippet → matomo.js → Matomo tracking API → database, in Chromium', () => {
  const fx = useSiteInBrowser();
  let n = 0;

  /** Opens a fresh page under its own path prefix; `rows()` are the stored events of this test. */
  async function open(body: string, opts: { name?: 'matomo' | 'piwik'; extra?: string; referer?: string } = {}) {
    const prefix = `/m${++n}`;
    fx.site.page(
      `${prefix}/index.html`,
      `<!doctype html><html><head><title>Home</title>` +
        snippet(`//stats.test:${fx.cairn.port}/`, fx.siteRow.id, opts.name ?? 'matomo', opts.extra) +
        `</head><body>${body}</body></html>`,
    );
    const page: Page = await fx.context.newPage();
    page.on('pageerror', (e) => fx.errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && fx.errors.push(m.text()));
    await page.goto(`http://site.test:${fx.site.port}${prefix}/index.html`, { referer: opts.referer });
    const rows = async () => (await fx.cairn.events()).filter((e) => e.pathname.startsWith(prefix));
    const waitFor = async (what: string, ok: (rows: EventRow[]) => boolean) => {
      for (let i = 0; i < 150; i++) {
        const r = await rows();
        if (ok(r)) return r;
        await new Promise((res) => setTimeout(res, 40));
      }
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await rows())}\n${fx.cairn.output().slice(-3000)}`);
    };
    return { prefix, page, rows, waitFor };
  }

  it('stores the page view, an event and an outbound click of a page with the standard snippet', async () => {
    const target = `http://other.test:${fx.site.port}/partner`;
    const { prefix, page, waitFor } = await open(`<h1>home</h1><a id="out" href="${target}">partner</a>`, {
      referer: 'https://www.bing.com/search?q=x',
    });
    const [view] = await waitFor('page view', (r) => r.length === 1);
    expect(view).toMatchObject({
      site_id: fx.siteRow.id,
      name: 'pageview',
      hostname: 'site.test',
      pathname: `${prefix}/index.html`,
      referrer_source: 'Bing',
      browser: 'Chrome',
      device: 'desktop',
    });

    await page.evaluate(() => (window as any)._paq.push(['trackEvent', 'Videos', 'Play', 'Intro', 42]));
    await page.click('#out');
    const rows = await waitFor('the event and the outbound click', (r) => r.length === 3);
    const event = rows.find((e) => e.name !== 'pageview' && e.name !== 'Outbound Link: Click');
    expect(event).toMatchObject({ name: 'Videos: Play', pathname: `${prefix}/index.html` });
    expect(JSON.parse(event!.props!)).toEqual({ name: 'Intro', value: '42' });
    const click = rows.find((e) => e.name === 'Outbound Link: Click');
    expect(JSON.parse(click!.props!)).toEqual({ url: target });
    // One visitor: the same key for every request of the page.
    expect(new Set(rows.map((e) => e.visitor)).size).toBe(1);
  });

  it('the older piwik.js snippet: page views (also SPA ones), downloads and site search', async () => {
    const { prefix, page, waitFor } = await open(`<a id="dl" href="/files/report.pdf">report</a>`, {
      name: 'piwik',
      extra: `_paq.push(['setCustomDimension', 1, 'ignored by the server']);`,
    });
    await waitFor('page view', (r) => r.length === 1);
    await page.click('#dl');
    await page.evaluate((prefix) => {
      const paq = (window as any)._paq;
      history.pushState({}, '', `${prefix}/pricing`);
      paq.push(['setCustomUrl', location.href]);
      paq.push(['setDocumentTitle', 'Pricing']);
      paq.push(['trackPageView']);
      paq.push(['trackSiteSearch', 'shoes', false, 0]);
    }, prefix);
    const rows = await waitFor('download, second view and search', (r) => r.length === 4);
    expect(rows.filter((e) => e.name === 'pageview').map((e) => e.pathname)).toEqual([
      `${prefix}/index.html`,
      `${prefix}/pricing`,
    ]);
    expect(JSON.parse(rows.find((e) => e.name === 'File Download')!.props!)).toEqual({
      url: `http://site.test:${fx.site.port}/files/report.pdf`,
    });
    const search = rows.find((e) => e.name === 'Site Search')!;
    expect(search.pathname).toBe(`${prefix}/pricing`);
    expect(JSON.parse(search.props!)).toEqual({ query: 'shoes', count: '0' });
  });

  it('serves /matomo.js and /piwik.js like /cairn.js: cached for a day, revalidated by ETag', async () => {
    const cairnJs = await fetch(`${fx.cairn.baseUrl}/cairn.js`);
    for (const path of ['/matomo.js', '/piwik.js']) {
      const res = await fetch(`${fx.cairn.baseUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe(cairnJs.headers.get('cache-control'));
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(await res.text()).toContain('_paq');
      const etag = res.headers.get('etag')!;
      expect(etag).not.toBe(cairnJs.headers.get('etag'));
      expect((await fetch(`${fx.cairn.baseUrl}${path}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    }
  });
});
