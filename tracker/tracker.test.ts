/**
 * Behaviour tests of the built tracker in real Chromium (playwright-core +
 * Debian's /usr/bin/chromium). Skipped, with a loud warning, when Chromium is
 * not installed.
 *
 * Setup: one fixture server (tracker/test-server.ts) on 127.0.0.1, reached
 * through fake hostnames (--host-resolver-rules): pages on site.test, the
 * script and the collector on stats.test (cross-origin, like production),
 * outbound targets on other.test. Each test registers its pages under a
 * unique /tN/ prefix and only looks at events whose `u` contains it, so late
 * keepalive requests from an earlier test never leak in.
 *
 * Playwright sets navigator.webdriver, so every page uses `data-local` except
 * the tests that are about the skip rules.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bundle } from './build.ts';
import { chromiumAvailable } from '../tests/helpers/chromium.ts';
import { useFixtureBrowser } from './browser-suite.ts';

/** Wire format as the collector receives it. */
interface Sent {
  n: string;
  u: string;
  d: string;
  r: string | null;
  w: number;
  h?: 1;
  p?: Record<string, string>;
  $?: { currency: string; amount: number | string };
  i?: boolean;
  sd?: number;
  e?: number;
}

interface OpenOptions {
  script?: 'cairn.js' | 'cairn.ext.js';
  /** Attributes of the tracker tag besides src and data-domain. */
  attrs?: string;
  head?: string;
  body?: string;
  host?: string;
  referer?: string;
  /** Runs in the page before any page script (addInitScript). */
  init?: () => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fakes a tab switch: Chromium headless pages are always visible. */
function setVisibility(page: Page, hidden: boolean): Promise<void> {
  return page.evaluate((hidden) => {
    Object.defineProperty(document, 'visibilityState', { value: hidden ? 'hidden' : 'visible', configurable: true });
    Object.defineProperty(document, 'hidden', { value: hidden, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

const TALL = '<div style="height:3000px">tall</div>';
const QUEUE_STUB = '<script>window.cairn=window.cairn||function(){(cairn.q=cairn.q||[]).push(arguments)}</script>';

describe.skipIf(!chromiumAvailable())('tracker in Chromium', () => {
  let testId = 0;

  const fx = useFixtureBrowser(async () => {
    const [main, ext] = await Promise.all([bundle(false), bundle(true)]);
    return { 'cairn.js': main, 'cairn.ext.js': ext };
  });
  const { origin } = fx;

  /** Serves a fixture page under a fresh /tN/ prefix and opens it. */
  async function open(options: OpenOptions = {}) {
    const id = `t${++testId}`;
    const script = options.script ?? 'cairn.js';
    const attrs = options.attrs ?? 'data-local';
    fx.server.page(
      `/${id}/index.html`,
      `<!doctype html><html><head><meta charset="utf-8"><title>${id}</title>${options.head ?? ''}` +
        `<script defer data-domain="example.com" ${attrs} src="${origin('stats.test')}/${script}"></script>` +
        `</head><body>${options.body ?? ''}</body></html>`,
    );
    const url = `${origin(options.host)}/${id}/index.html`;
    const page = await fx.context.newPage();
    page.on('pageerror', (err) => fx.pageErrors.push(String(err)));
    if (options.init) await page.addInitScript(options.init);
    await page.goto(url, { referer: options.referer });

    /** Events recorded so far for this test, in arrival order. */
    const events = (): Sent[] =>
      fx.server.hits
        .filter((h) => h.method === 'POST' && h.body && String(h.body.u).includes(`/${id}/`))
        .map((h) => h.body as Sent);
    const named = (name: string) => events().filter((e) => e.n === name);
    /** Polls until `predicate(events())` holds; fails with the events seen. */
    async function waitFor(predicate: (events: Sent[]) => boolean, what: string, timeout = 5000): Promise<Sent[]> {
      const deadline = Date.now() + timeout;
      while (!predicate(events())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(events())}`);
        await sleep(20);
      }
      return events();
    }
    const waitForCount = (name: string, count: number) =>
      waitFor((all) => all.filter((e) => e.n === name).length >= count, `${count} x ${name}`).then(() => named(name));
    return { id, url, page, events, named, waitFor, waitForCount };
  }

  it('sends a page view on load to the script origin with u, d, r, w', async () => {
    const { url, waitForCount } = await open({ referer: 'https://referrer.example/some/page' });
    const [view] = await waitForCount('pageview', 1);
    expect(view).toEqual({ n: 'pageview', u: url, d: 'example.com', r: 'https://referrer.example/some/page', w: 1024 });
    const hit = fx.server.hits.find((h) => h.body === (view as unknown));
    expect(hit).toMatchObject({ path: '/api/event', host: `stats.test:${fx.server.port}` });
    expect(hit!.contentType).toMatch(/^text\/plain/);
    // text/plain + POST + no custom headers = a simple CORS request: no preflight.
    expect(fx.server.hits.filter((h) => h.method === 'OPTIONS')).toEqual([]);
  });

  it('sends r: null without a referrer, honours data-api, defaults d to the hostname', async () => {
    const { url, waitForCount } = await open({
      attrs: `data-local data-api="${origin('stats.test')}/custom/event"`,
      head: '',
    });
    const [view] = await waitForCount('pageview', 1);
    expect(view).toMatchObject({ u: url, r: null });
    expect(fx.server.hits.find((h) => h.body === (view as unknown))?.path).toBe('/custom/event');

    // No data-domain: the page's hostname.
    const id = `t${++testId}`;
    fx.server.page(`/${id}/index.html`, `<script defer data-local src="${origin('stats.test')}/cairn.js"></script>`);
    const page = await fx.context.newPage();
    await page.goto(`${origin()}/${id}/index.html`);
    await expect
      .poll(() => fx.server.hits.find((h) => h.body?.u?.includes(`/${id}/`))?.body.d)
      .toBe('site.test');
  });

  it('tracks SPA navigations: pushState, replaceState (path changes only), popstate', async () => {
    const { url, page, named, waitForCount } = await open({ body: TALL });
    await waitForCount('pageview', 1);
    const base = url.replace('index.html', '');
    const go = (code: string) => page.evaluate(code);

    await sleep(60); // some engaged time on the first page
    await go(`history.pushState({ step: 2 }, '', 'second')`);
    await waitForCount('pageview', 2);
    // The host page's history API still works as before.
    expect(await go('history.state')).toEqual({ step: 2 });

    // The engagement of the first page is attributed to the first page.
    const [engagement] = await waitForCount('engagement', 1);
    expect(engagement).toMatchObject({ n: 'engagement', u: url, i: false, d: 'example.com', w: 1024 });
    expect(engagement.e).toBeGreaterThanOrEqual(40);
    expect(engagement.sd).toBe(20); // 600px viewport of a ~3016px page

    await go(`history.pushState(null, '', 'second')`); // same URL: no view
    await go(`history.pushState(null, '', '#frag')`); // hash only, not hash mode: no view
    await go(`location.hash = 'other'`); // same, through hashchange/popstate
    await go(`history.replaceState(null, '', '?q=1')`); // query only: no view
    await go(`history.replaceState(null, '', 'second?q=2')`); // same path: no view
    await go(`history.replaceState(null, '', 'third')`); // new path: view
    await waitForCount('pageview', 3);
    await go('history.back()'); // popstate back to /second#frag
    await waitForCount('pageview', 4);
    // Back over the duplicate pushState entry: /second, the same page as
    // /second#frag without the hash, so no view...
    await go('history.go(-2)');
    await sleep(100);
    await go('history.back()'); // ...then index.html again: a view.
    await waitForCount('pageview', 5);
    await sleep(300);
    expect(named('pageview').map((e) => e.u)).toEqual([
      url,
      base + 'second',
      base + 'third',
      base + 'second#frag',
      url,
    ]);
    // Query strings count as different pages for pushState.
    await go(`history.pushState(null, '', '?page=2')`);
    await waitForCount('pageview', 6);
    expect(named('pageview')[5].u).toBe(url + '?page=2');
  });

  it('hash mode: hash changes are page views and carry h: 1', async () => {
    const { url, page, named, waitForCount } = await open({ attrs: 'data-local data-hash' });
    const [first] = await waitForCount('pageview', 1);
    expect(first).toMatchObject({ u: url, h: 1 });
    await page.evaluate(`location.hash = 'tab1'`); // fires both popstate and hashchange
    await waitForCount('pageview', 2);
    await page.evaluate(`location.hash = 'tab2'`);
    await waitForCount('pageview', 3);
    await page.evaluate(`history.back()`);
    await waitForCount('pageview', 4);
    await sleep(300);
    expect(named('pageview').map((e) => [e.u, e.h])).toEqual([
      [url, 1],
      [url + '#tab1', 1],
      [url + '#tab2', 1],
      [url + '#tab1', 1],
    ]);
    // Without data-hash the hash is neither tracked nor flagged.
    const plain = await open();
    const [view] = await plain.waitForCount('pageview', 1);
    expect(view).not.toHaveProperty('h');
  });

  it('cairn(): custom events with props, revenue, interactive, callback; queued calls before load', async () => {
    const { page, url, events, named, waitFor, waitForCount } = await open({
      head:
        QUEUE_STUB +
        `<script>cairn('Queued', { props: { from: 'stub' }, callback: function () { window.queuedDone = true } })</script>`,
    });
    await waitFor((all) => all.some((e) => e.n === 'Queued'), 'the queued event');
    // Page view first, then the queue.
    expect(events().map((e) => e.n)).toEqual(['pageview', 'Queued']);
    expect(named('Queued')[0]).toEqual({ n: 'Queued', u: url, d: 'example.com', r: null, w: 1024, p: { from: 'stub' } });
    await expect.poll(() => page.evaluate('window.queuedDone')).toBe(true);

    const result = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          (window as any).cairn('Signup', {
            props: { plan: 'pro' },
            revenue: { currency: 'EUR', amount: '9.99' },
            callback: (res: unknown) => resolve(res instanceof Response ? `status ${res.status}` : String(res)),
          });
        }),
    );
    expect(result).toBe('status 202');
    const [signup] = await waitForCount('Signup', 1);
    expect(signup).toMatchObject({ p: { plan: 'pro' }, $: { currency: 'EUR', amount: '9.99' } });
    expect(signup).not.toHaveProperty('i');

    await page.evaluate(`cairn('Timer', { interactive: false })`);
    const [timer] = await waitForCount('Timer', 1);
    expect(timer.i).toBe(false);

    // Unserialisable props never throw into the page: the callback gets the error.
    const bad = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const props: any = {};
          props.self = props;
          (window as any).cairn('Bad', { props, callback: (err: unknown) => resolve(String(err)) });
        }),
    );
    expect(bad).toMatch(/TypeError/);
  });

  it('outbound links: left and middle clicks send an event, navigation still happens', async () => {
    const { page, named, waitForCount } = await open({
      body:
        `<a id="out" href="${origin('other.test')}/landing?x=1">out</a>` +
        `<a id="out-nav" href="${origin('other.test')}/away"><span id="inner">nested</span></a>` +
        `<a id="in" href="/elsewhere" onclick="event.preventDefault()">in</a>` +
        `<a id="mail" href="mailto:a@example.com" onclick="event.preventDefault()">mail</a>`,
    });
    await waitForCount('pageview', 1);
    await page.click('#in');
    await page.click('#mail');
    await page.click('#out', { button: 'right' }); // context menu: not a visit
    await page.click('#out', { button: 'middle' }); // new tab: a visit
    const [middle] = await waitForCount('Outbound Link: Click', 1);
    expect(middle.p).toEqual({ url: `${origin('other.test')}/landing?x=1` });
    expect(middle.i).toBeUndefined();

    await page.click('#inner'); // click on a child of the link
    await page.waitForURL(`${origin('other.test')}/away`);
    await waitForCount('Outbound Link: Click', 2);
    await sleep(200);
    expect(named('Outbound Link: Click').map((e) => e.p?.url)).toEqual([
      `${origin('other.test')}/landing?x=1`,
      `${origin('other.test')}/away`,
    ]);
  });

  it('engagement: sent on hide with engaged time and max scroll depth, again on page close', async () => {
    const { url, page, named, waitForCount } = await open({ body: TALL });
    await waitForCount('pageview', 1);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await sleep(400);
    await page.evaluate(() => window.scrollTo(0, 0)); // depth is the max, not the last position
    await setVisibility(page, true);
    const [first] = await waitForCount('engagement', 1);
    expect(first).toMatchObject({ n: 'engagement', u: url, i: false, sd: 100 });
    expect(first.e).toBeGreaterThanOrEqual(390);
    expect(first.e).toBeLessThan(5000);

    // Hidden time does not count; nothing is sent while hidden.
    await sleep(500);
    expect(named('engagement')).toHaveLength(1);
    await setVisibility(page, false);
    await sleep(100);
    await page.close({ runBeforeUnload: true }); // pagehide
    const [, second] = await waitForCount('engagement', 2);
    // Only the ~100 ms since the page became visible again: the counter was
    // reset by the first send and the hidden 500 ms are not counted.
    expect(second).toMatchObject({ u: url, sd: 100 });
    expect(second.e).toBeGreaterThanOrEqual(90);
    expect(second.e).toBeLessThan(380);
    await sleep(300);
    expect(named('engagement')).toHaveLength(2); // pagehide + visibilitychange: one event
  });

  it('engagement: nothing more when a hidden page is closed', async () => {
    const { page, named, waitForCount } = await open();
    await waitForCount('pageview', 1);
    await sleep(100);
    await setVisibility(page, true);
    await waitForCount('engagement', 1);
    await sleep(300);
    await page.close({ runBeforeUnload: true });
    await sleep(300);
    expect(named('engagement')).toHaveLength(1);
  });

  it('engagement: sent when navigating away to another document', async () => {
    const { url, page, waitForCount } = await open();
    await waitForCount('pageview', 1);
    await sleep(100);
    await page.goto(`${origin()}/elsewhere`);
    const [engagement] = await waitForCount('engagement', 1);
    expect(engagement).toMatchObject({ u: url, sd: 100 }); // a short page is fully seen
    expect(engagement.e).toBeGreaterThanOrEqual(90);
  });

  it('opt-out: localStorage.cairn_ignore = "true" sends nothing but still calls callbacks', async () => {
    const { page, events, waitFor } = await open({
      init: () => localStorage.setItem('cairn_ignore', 'true'),
      body: `<a id="out" href="${origin('other.test')}/x" onclick="event.preventDefault()">out</a>`,
    });
    await page.click('#out');
    expect(await page.evaluate(() => new Promise((resolve) => (window as any).cairn('Nope', { callback: () => resolve('called') })))).toBe(
      'called',
    );
    // Sentinel: opting back in takes effect at once, and is the only thing recorded.
    await page.evaluate(() => {
      localStorage.setItem('cairn_ignore', 'false');
      (window as any).cairn('After');
    });
    await waitFor((all) => all.length > 0, 'the sentinel event');
    await sleep(200);
    expect(events().map((e) => e.n)).toEqual(['After']);
  });

  it('skips webdriver browsers and local hosts unless data-local is set', async () => {
    // Playwright: navigator.webdriver is true. No data-local: silent.
    const bot = await open({ attrs: '' });
    expect(await bot.page.evaluate('navigator.webdriver')).toBe(true);
    expect(
      await bot.page.evaluate(() => new Promise((resolve) => (window as any).cairn('Nope', { callback: () => resolve('called') }))),
    ).toBe('called');

    // Same without the webdriver flag: sends.
    const notWebdriver = () => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });
    const human = await open({ attrs: '', init: notWebdriver });
    await human.waitForCount('pageview', 1);

    // But not from 127.0.0.1 (a local host)...
    const local = await open({ attrs: '', init: notWebdriver, host: '127.0.0.1' });
    // ...unless data-local is set.
    const forced = await open({ attrs: 'data-local', init: notWebdriver, host: '127.0.0.1' });
    await forced.waitForCount('pageview', 1);

    await sleep(300);
    expect(bot.events()).toEqual([]);
    expect(local.events()).toEqual([]);
  });

  describe('ext build', () => {
    const body = (id: string) =>
      `<a id="pdf" href="/${id}/files/report.pdf?version=2">pdf</a>` +
      `<a id="page" href="/${id}/files/notes.html" onclick="event.preventDefault()">html</a>` +
      `<div data-cairn-event="Signup" data-cairn-event-plan="pro" data-cairn-event-billing-cycle="yearly">` +
      `<button id="tagged"><span id="tagged-inner">Sign up</span></button></div>` +
      `<button id="untagged">nothing</button>`;

    it('tracks file downloads and data-cairn-event tagged elements', async () => {
      const { url, page, named, waitForCount } = await open({ script: 'cairn.ext.js', body: body(`t${testId + 1}`) });
      await waitForCount('pageview', 1);
      await page.click('#pdf'); // 204 response: stays on the page
      const [download] = await waitForCount('File Download', 1);
      expect(download).toMatchObject({ u: url, p: { url: url.replace('index.html', 'files/report.pdf?version=2') } });

      await page.click('#page');
      await page.click('#untagged');
      await page.click('#tagged-inner');
      const [signup] = await waitForCount('Signup', 1);
      expect(signup.p).toEqual({ plan: 'pro', 'billing-cycle': 'yearly' });
      await sleep(200);
      expect(named('File Download')).toHaveLength(1);
      expect(named('Outbound Link: Click')).toHaveLength(0);
    });

    it('the default build ignores both', async () => {
      const { page, events, waitForCount } = await open({ body: body(`t${testId + 1}`) });
      await waitForCount('pageview', 1);
      await page.click('#pdf');
      await page.click('#tagged-inner');
      await sleep(300);
      expect(events().map((e) => e.n)).toEqual(['pageview']);
    });

    it('outbound links still work in the ext build', async () => {
      const { page, waitForCount } = await open({
        script: 'cairn.ext.js',
        body: `<a id="out" href="${origin('other.test')}/x" onclick="event.preventDefault()">out</a>`,
      });
      await page.click('#out');
      const [out] = await waitForCount('Outbound Link: Click', 1);
      expect(out.p).toEqual({ url: `${origin('other.test')}/x` });
    });
  });
});
