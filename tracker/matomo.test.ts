/**
 * Behaviour tests of the built matomo.js (the Matomo `_paq` snippet's script)
 * in real Chromium, against the fixture server of tracker.test.ts, which
 * records every POST. Skipped, with a loud warning, when Chromium is not
 * installed.
 *
 * Pages live on site.test and embed the standard Matomo snippet with `u`
 * pointed at stats.test (cross-origin, like production); outbound targets are
 * on other.test. Each test serves its page under a unique /mN/ prefix and only
 * looks at requests whose `url` param contains it.
 */
import { describe, expect, it } from 'vitest';
import { bundleMatomo } from './build.ts';
import { chromiumAvailable } from '../tests/helpers/chromium.ts';
import { useFixtureBrowser } from './browser-suite.ts';
import type { Hit } from './test-server.ts';

/** One Matomo tracking request, its urlencoded body as an object. */
type Sent = Record<string, string>;

interface OpenOptions {
  /** Lines put in the snippet before trackPageView (where Matomo's docs put setters). */
  before?: string;
  /** Lines after the snippet's own (still before the script loads). */
  after?: string;
  body?: string;
  /** The old snippet: piwik.php and piwik.js. */
  piwik?: boolean;
  /** Host of `u` (default stats.test). */
  trackerHost?: string;
  referer?: string;
  init?: () => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PV_ID = /^[0-9a-z]{6}$/;

/** Matomo's standard snippet, verbatim but for `u` and the optional extra lines. */
const snippet = (u: string, o: OpenOptions) => {
  const name = o.piwik ? 'piwik' : 'matomo';
  return `<script>
  var _paq = window._paq = window._paq || [];
  /* tracker methods like "setCustomDimension" should be called before "trackPageView" */
  ${o.before ?? ''}
  _paq.push(['trackPageView']);
  _paq.push(['enableLinkTracking']);
  (function() {
    var u="${u}";
    _paq.push(['setTrackerUrl', u+'${name}.php']);
    _paq.push(['setSiteId', '1']);
    var d=document, g=d.createElement('script'), s=d.getElementsByTagName('script')[0];
    g.async=true; g.src=u+'${name}.js'; s.parentNode.insertBefore(g,s);
  })();
  ${o.after ?? ''}
</script>`;
};

describe.skipIf(!chromiumAvailable())('matomo.js in Chromium', () => {
  let testId = 0;

  const fx = useFixtureBrowser(async () => {
    const matomo = await bundleMatomo();
    return { 'matomo.js': matomo, 'piwik.js': matomo };
  });
  const { origin } = fx;

  /** Serves a page with the snippet under a fresh /mN/ prefix and opens it. */
  async function open(options: OpenOptions = {}) {
    const id = `m${++testId}`;
    fx.server.page(
      `/${id}/index.html`,
      `<!doctype html><html><head><meta charset="utf-8"><title>Page ${id}</title>` +
        `${snippet(`//${options.trackerHost ?? 'stats.test'}:${fx.server.port}/`, options)}</head>` +
        `<body>${options.body ?? ''}</body></html>`,
    );
    const url = `${origin()}/${id}/index.html`;
    const page = await fx.context.newPage();
    page.on('pageerror', (err) => fx.pageErrors.push(String(err)));
    if (options.init) await page.addInitScript(options.init);
    await page.goto(url, { referer: options.referer });

    const hits = (): Hit[] =>
      fx.server.hits.filter(
        (h) => h.method === 'POST' && new URLSearchParams(h.text).get('url')?.includes(`/${id}/`),
      );
    /** Requests recorded so far for this test, in arrival order. */
    const sent = (): Sent[] => hits().map((h) => Object.fromEntries(new URLSearchParams(h.text)));
    /** Polls until `predicate(sent())` holds; fails with what was sent. */
    async function waitFor(predicate: (all: Sent[]) => boolean, what: string, timeout = 5000): Promise<Sent[]> {
      const deadline = Date.now() + timeout;
      while (!predicate(sent())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(sent())}`);
        await sleep(20);
      }
      return sent();
    }
    const views = () => sent().filter((r) => 'action_name' in r);
    const waitForCount = (count: number, what = `${count} request(s)`) =>
      waitFor((all) => all.length >= count, what);
    const push = (...command: unknown[]) => page.evaluate((c) => (window as any)._paq.push(c), command);
    return { id, url, page, hits, sent, views, waitFor, waitForCount, push };
  }

  it('the standard snippet: a page view with Matomo tracking API params, a simple CORS POST', async () => {
    const { url, page, hits, waitForCount } = await open({ referer: 'https://referrer.example/some/page' });
    const [view] = await waitForCount(1, 'the page view');
    const resolution = await page.evaluate(() => `${screen.width}x${screen.height}`);
    expect(view).toEqual({
      idsite: '1',
      rec: '1',
      url,
      urlref: 'https://referrer.example/some/page',
      res: resolution,
      pv_id: expect.stringMatching(PV_ID),
      action_name: `Page m${testId}`,
      send_image: '0',
    });
    const [hit] = hits();
    expect(hit).toMatchObject({ path: '/matomo.php', host: `stats.test:${fx.server.port}`, cookie: '' });
    expect(hit!.contentType).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(fx.server.hits.filter((h) => h.method === 'OPTIONS')).toEqual([]);
    // Later pushes run at once; the queue object the page holds stays the same array.
    expect(await page.evaluate(() => Array.isArray((window as any)._paq))).toBe(true);
  });

  it('the old piwik.js / piwik.php snippet; no urlref without a referrer', async () => {
    const { url, hits, waitForCount } = await open({ piwik: true });
    const [view] = await waitForCount(1, 'the page view');
    expect(view).toMatchObject({ idsite: '1', url, action_name: `Page m${testId}` });
    expect(view).not.toHaveProperty('urlref');
    expect(hits()[0]!.path).toBe('/piwik.php');
  });

  it('trackEvent: e_c, e_a, e_n, e_v with the page view id; incomplete events are not sent', async () => {
    const { url, sent, push, waitForCount } = await open({
      after: `_paq.push(['trackEvent', 'Queued', 'Before load']);`,
    });
    const [view, queued] = await waitForCount(2, 'the page view and the queued event');
    expect(queued).toMatchObject({ e_c: 'Queued', e_a: 'Before load', pv_id: view!.pv_id });
    expect(queued).not.toHaveProperty('e_n');
    expect(queued).not.toHaveProperty('action_name');

    await push('trackEvent', 'Videos', 'Play', 'Intro', 42.5);
    await push('trackEvent', 'Videos', ''); // no action: Matomo refuses it too
    await push('trackEvent', ' ', 'Blank category');
    await push('trackEvent', 'Scores', 'Zero', 'none', 0); // 0 is a value
    await waitForCount(4);
    await sleep(200);
    expect(sent().slice(2)).toEqual([
      { idsite: '1', rec: '1', url, res: expect.any(String), pv_id: view!.pv_id, e_c: 'Videos', e_a: 'Play', e_n: 'Intro', e_v: '42.5', send_image: '0' },
      expect.objectContaining({ e_c: 'Scores', e_a: 'Zero', e_n: 'none', e_v: '0' }),
    ]);
  });

  it('enableLinkTracking: outbound clicks (left and middle) send link=<href>; internal, mailto and right clicks do not', async () => {
    const target = `${origin('other.test')}/landing?x=1`;
    const { page, sent, waitFor } = await open({
      body:
        `<a id="out" href="${target}">out</a>` +
        `<a id="out-nav" href="${origin('other.test')}/away"><span id="inner">nested</span></a>` +
        `<a id="in" href="/elsewhere" onclick="event.preventDefault()">in</a>` +
        `<a id="mail" href="mailto:a@example.com" onclick="event.preventDefault()">mail</a>` +
        `<a id="stopped" href="${origin('other.test')}/stopped" onclick="event.stopPropagation(); event.preventDefault()">stopped</a>`,
    });
    await waitFor((all) => all.length === 1, 'the page view');
    await page.click('#in');
    await page.click('#mail');
    await page.click('#out', { button: 'right' });
    await page.click('#out', { button: 'middle' });
    // Tracked in the capture phase: a link handler that stops propagation does not hide the click.
    await page.click('#stopped');
    await page.click('#inner');
    await page.waitForURL(`${origin('other.test')}/away`);
    const all = await waitFor((all) => all.length === 4, 'three outbound clicks');
    expect(all.slice(1).map((r) => r.link)).toEqual([target, `${origin('other.test')}/stopped`, `${origin('other.test')}/away`]);
    expect(all[1]).not.toHaveProperty('action_name');
    expect(all[1]!.pv_id).toBe(all[0]!.pv_id);
  });

  it('enableLinkTracking: downloads by extension, download attribute and class; Matomo classes and setDomains', async () => {
    const { page, sent, waitFor } = await open({
      before: `_paq.push(['setDomains', ['*.site.test', 'partner.test/path']]);`,
      body:
        `<a id="pdf" href="/files/report.pdf?version=2">pdf</a>` +
        `<a id="cdn" href="${origin('cdn.test')}/setup.dmg" onclick="event.preventDefault()">dmg on a CDN</a>` +
        `<a id="attr" href="/export" download onclick="event.preventDefault()">export</a>` +
        `<a id="cls" class="btn piwik_download" href="/get?id=7" onclick="event.preventDefault()">class</a>` +
        `<a id="ignored" class="matomo_ignore" href="${origin('other.test')}/x" onclick="event.preventDefault()">ignored</a>` +
        `<a id="forced" class="matomo-link" href="/files/inline.pdf" onclick="event.preventDefault()">forced link</a>` +
        `<a id="sub" href="${origin('www.site.test')}/x" onclick="event.preventDefault()">subdomain</a>` +
        `<a id="alias" href="${origin('partner.test')}/y" onclick="event.preventDefault()">alias</a>` +
        `<a id="html" href="/page.html" onclick="event.preventDefault()">page</a>`,
    });
    await waitFor((all) => all.length === 1, 'the page view');
    for (const id of ['pdf', 'cdn', 'attr', 'cls', 'ignored', 'forced', 'sub', 'alias', 'html']) await page.click(`#${id}`);
    await waitFor((all) => all.length === 6, 'five link requests');
    await sleep(200);
    expect(sent().slice(1).map(({ link, download }) => ({ link, download }))).toEqual([
      { download: `${origin()}/files/report.pdf?version=2` },
      { download: `${origin('cdn.test')}/setup.dmg` },
      { download: `${origin()}/export` },
      { download: `${origin()}/get?id=7` },
      { link: `${origin()}/files/inline.pdf` },
    ]);
  });

  it('trackSiteSearch and trackGoal', async () => {
    const { push, sent, waitForCount } = await open();
    await waitForCount(1);
    await push('trackSiteSearch', 'blue shoes', 'Shop', 12);
    await push('trackSiteSearch', 'nothing here', false, 0); // Matomo's docs pass false for "no category"
    await push('trackGoal', 3, 9.99);
    await push('trackGoal', '4');
    // Without their defining param these would be page views on the server: not sent.
    await push('trackSiteSearch', '');
    await push('trackGoal');
    await push('trackLink', '', 'link');
    await waitForCount(5);
    await sleep(200);
    expect(sent()).toHaveLength(5);
    const [, search, empty, goal, plain] = sent();
    expect(search).toMatchObject({ search: 'blue shoes', search_cat: 'Shop', search_count: '12' });
    expect(search).not.toHaveProperty('action_name');
    expect(empty).toMatchObject({ search: 'nothing here', search_count: '0' });
    expect(empty).not.toHaveProperty('search_cat');
    expect(goal).toMatchObject({ idgoal: '3', revenue: '9.99' });
    expect(plain).toMatchObject({ idgoal: '4' });
    expect(plain).not.toHaveProperty('revenue');
  });

  it('SPA: setCustomUrl + trackPageView sends a new page view, new pv_id, the previous URL as urlref', async () => {
    const { id, url, page, push, sent, views, waitFor } = await open({ referer: 'https://search.example/' });
    await waitFor((all) => all.length === 1, 'the first view');
    const base = url.replace('index.html', '');

    // As in Matomo's SPA guide, minus setReferrerUrl: the previous URL is the referrer.
    await page.evaluate((id) => {
      history.pushState({}, '', `/${id}/pricing`);
      const paq = (window as any)._paq;
      paq.push(['setCustomUrl', location.pathname]); // relative: resolved against the page
      paq.push(['setDocumentTitle', 'Pricing']);
      paq.push(['trackPageView']);
      paq.push(['trackEvent', 'Plans', 'Compare']);
    }, id);
    // An explicit setReferrerUrl wins; a title argument overrides setDocumentTitle for one view.
    await push('setReferrerUrl', 'https://explicit.example/');
    await push('setCustomUrl', `${base}checkout?step=1`);
    await push('trackPageView', 'Checkout step 1');
    await push('setCustomUrl', `${base}checkout?step=2`);
    await push('trackPageView');
    await waitFor((all) => all.length === 5, 'three more views and an event');
    const [first, pricing, event, checkout, step2] = sent();
    expect(views()).toHaveLength(4);
    expect(first).toMatchObject({ url, urlref: 'https://search.example/' });
    expect(pricing).toMatchObject({ url: `${base}pricing`, urlref: url, action_name: 'Pricing' });
    expect(event).toMatchObject({ url: `${base}pricing`, urlref: url, e_c: 'Plans', pv_id: pricing!.pv_id });
    expect(checkout).toMatchObject({ url: `${base}checkout?step=1`, urlref: 'https://explicit.example/', action_name: 'Checkout step 1' });
    expect(step2).toMatchObject({ url: `${base}checkout?step=2`, urlref: `${base}checkout?step=1`, action_name: 'Pricing' });
    const ids = views().map((v) => v.pv_id);
    expect(new Set(ids).size).toBe(4);
    for (const pvId of ids) expect(pvId).toMatch(PV_ID);
  });

  it('setCustomDimension sends dimension<N>; deleteCustomDimension stops it', async () => {
    const { push, sent, waitForCount } = await open({
      before: `_paq.push(['setCustomDimension', 1, 'member']); _paq.push(['setCustomDimension', 2, 'de']);`,
    });
    const [view] = await waitForCount(1);
    expect(view).toMatchObject({ dimension1: 'member', dimension2: 'de' });
    await push('deleteCustomDimension', 2);
    await push('trackEvent', 'A', 'b');
    const [, event] = await waitForCount(2);
    expect(event).toMatchObject({ dimension1: 'member' });
    expect(event).not.toHaveProperty('dimension2');
  });

  it('privacy, cookie and unknown commands are accepted and do nothing; nothing personal is ever sent', async () => {
    const ignored = [
      ['disableCookies'], ['requireConsent'], ['setConsentGiven'], ['rememberConsentGiven', 720], ['forgetConsentGiven'],
      ['requireCookieConsent'], ['setCookieConsentGiven'], ['rememberCookieConsentGiven'], ['setUserId', 'alice@example.com'],
      ['resetUserId'], ['setVisitorId', '0123456789abcdef'], ['setDoNotTrack', true], ['setCookieDomain', '*.site.test'],
      ['setCookiePath', '/'], ['setSecureCookie', true], ['enableHeartBeatTimer', 15], ['enableCrossDomainLinking'],
      ['setCustomVariable', 1, 'k', 'v', 'visit'], ['disablePerformanceTracking'], ['addTracker', '//x.test/m.php', 2],
      ['trackAllContentImpressions'], ['noSuchCommand', 1, 2], ['__proto__'], ['toString'], [], [undefined], [42],
    ];
    const { push, sent, waitForCount, page } = await open({ before: `_paq.push(...${JSON.stringify(ignored)});` });
    const [view] = await waitForCount(1, 'the page view');
    for (const command of ignored) expect(await push(...command)).toBeTypeOf('number');
    await push('trackEvent', 'Still', 'Works');
    await waitForCount(2);
    await sleep(200);
    expect(sent()).toHaveLength(2);
    for (const request of sent()) {
      expect(Object.keys(request).sort()).toEqual(
        expect.not.arrayContaining(['uid', '_id', 'cid', '_idn', '_idvc', '_idts', 'cookie', '_cvar', 'cvar']),
      );
      expect(JSON.stringify(request)).not.toContain('alice');
    }
    expect(view).toMatchObject({ idsite: '1' }); // not 2: addTracker is ignored
    expect(await page.evaluate(() => document.cookie)).toBe('');
  });

  it('function pushes run with the tracker as `this`, queued or not; errors do not stop the queue', async () => {
    const { page, push, sent, waitFor } = await open({
      before:
        `_paq.push(function () { this.trackEvent('Fn', 'queued'); window.visitor = this.getVisitorId(); });` +
        `_paq.push([function (a, b) { this.trackEvent('Fn', a + b); }, 'ar', 'ray']);` +
        `_paq.push(function () { throw new Error('boom'); });` +
        `_paq.push(['trackEvent', 'After', 'error']);`,
    });
    await waitFor((all) => all.length === 4, 'the view and three events');
    // Queued before trackPageView, as Matomo's snippet comment asks: run first.
    expect(sent().map((r) => r.e_a ?? 'view').sort()).toEqual(['array', 'error', 'queued', 'view']);
    expect(await page.evaluate('window.visitor')).toBeUndefined();
    await page.evaluate(() => (window as any)._paq.push(function (this: any) { this.trackGoal(1); }));
    await waitFor((all) => all.some((r) => r.idgoal === '1'), 'the goal');
    await push('ping');
    await waitFor((all) => all.some((r) => r.ping === '1'), 'the ping');
    // The error surfaced asynchronously, for the site's developers, without breaking anything.
    await expect.poll(() => fx.pageErrors).toEqual([expect.stringMatching(/Error: boom$/)]);
    fx.pageErrors = [];
  });

  it('never sends cookies, even to a same-origin tracker URL', async () => {
    const { hits, waitForCount, push } = await open({
      trackerHost: 'site.test',
      init: () => {
        document.cookie = 'session=secret; path=/';
      },
    });
    await waitForCount(1);
    await push('trackEvent', 'A', 'b');
    await waitForCount(2);
    expect(hits().map((h) => [h.host, h.cookie])).toEqual([
      [`site.test:${fx.server.port}`, ''],
      [`site.test:${fx.server.port}`, ''],
    ]);
  });

  it('trackLink sends a link or a download; setTrackerUrl and setSiteId pushed later take effect', async () => {
    const { push, hits, waitForCount } = await open();
    await waitForCount(1);
    await push('trackLink', 'https://partner.example/', 'link');
    await push('trackLink', 'https://cdn.example/app.zip', 'download');
    await push('setSiteId', 7);
    await push('setTrackerUrl', `${origin('stats.test')}/sub/dir/piwik.php`);
    await push('trackLink', 'https://other.example/', 'whatever');
    const [, link, download, moved] = await waitForCount(4);
    expect(link).toMatchObject({ link: 'https://partner.example/' });
    expect(download).toMatchObject({ download: 'https://cdn.example/app.zip' });
    expect(moved).toMatchObject({ idsite: '7', link: 'https://other.example/' });
    expect(hits().map((h) => h.path)).toEqual(['/matomo.php', '/matomo.php', '/matomo.php', '/sub/dir/piwik.php']);
  });

  it('opt-out: localStorage.cairn_ignore = "true" sends nothing', async () => {
    const { page, sent, push, waitForCount } = await open({ init: () => localStorage.setItem('cairn_ignore', 'true') });
    await push('trackEvent', 'Not', 'sent');
    await page.evaluate(() => localStorage.setItem('cairn_ignore', 'false'));
    await push('trackEvent', 'Sentinel', 'sent');
    await waitForCount(1);
    await sleep(200);
    expect(sent().map((r) => r.e_c ?? 'view')).toEqual(['Sentinel']);
  });

  it('loading the script twice does not replay the queue', async () => {
    const { page, sent, waitForCount } = await open();
    await waitForCount(1);
    await page.addScriptTag({ url: `${origin('stats.test')}/matomo.js` });
    await sleep(300);
    expect(sent()).toHaveLength(1);
  });
});
