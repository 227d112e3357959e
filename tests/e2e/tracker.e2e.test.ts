/**
 * The whole path in real Chromium: a fixture site embeds the tracker served by the real Cairn
 * server, and what the visitor does ends up as stored rows. Hostnames are mapped to 127.0.0.1 so
 * the site (site.test), Cairn (stats.test) and outbound targets (other.test) are separate origins.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../server/db/schema.ts';
import { chromiumAvailable } from '../helpers/chromium.ts';
import { useSiteInBrowser } from '../helpers/site-in-browser.ts';

const QUEUE_STUB = '<script>window.cairn=window.cairn||function(){(cairn.q=cairn.q||[]).push(arguments)}</script>';

describe.skipIf(!chromiumAvailable())('tracker → collector → database, in Chromium', () => {
  const fx = useSiteInBrowser();
  let n = 0;

  /** Opens a fresh page under its own path prefix; `rows()` are the stored events of this test. */
  async function open(body: string, opts: { script?: string; init?: () => void; referer?: string } = {}) {
    const prefix = `/e${++n}`;
    const script = `http://stats.test:${fx.cairn.port}/${opts.script ?? 'cairn.js'}`;
    fx.site.page(
      `${prefix}/index.html`,
      `<!doctype html><html><head><title>t</title>${QUEUE_STUB}` +
        `<script defer data-local data-domain="site.test" src="${script}"></script></head>` +
        `<body>${body}<div style="height:4000px"></div></body></html>`,
    );
    const page: Page = await fx.context.newPage();
    page.on('pageerror', (e) => fx.errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && fx.errors.push(m.text()));
    if (opts.init) await page.addInitScript(opts.init);
    await page.goto(`http://site.test:${fx.site.port}${prefix}/index.html`, { referer: opts.referer });
    const rows = async () => (await fx.cairn.events()).filter((e) => e.pathname.startsWith(prefix));
    const waitFor = async (what: string, ok: (rows: EventRow[]) => boolean) => {
      for (let i = 0; i < 150; i++) {
        const r = await rows();
        if (ok(r)) return r;
        await new Promise((res) => setTimeout(res, 40));
      }
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await rows())}`);
    };
    return { prefix, page, rows, waitFor };
  }

  it('stores a page view with its referrer source, browser and screen', async () => {
    const { prefix, waitFor } = await open('<h1>home</h1>', { referer: 'https://www.bing.com/search?q=x' });
    const [row] = await waitFor('page view', (r) => r.length === 1);
    expect(row).toMatchObject({
      name: 'pageview',
      hostname: 'site.test',
      pathname: `${prefix}/index.html`,
      referrer_source: 'Bing',
      referrer_host: 'bing.com',
      browser: 'Chrome',
      device: 'desktop',
      screen: 'laptop',
      interactive: 0,
    });
  });

  it('stores SPA navigations as page views', async () => {
    const { prefix, page, waitFor } = await open('<h1>spa</h1>');
    await waitFor('first view', (r) => r.length === 1);
    await page.evaluate((p) => history.pushState({}, '', `${p}/pricing`), prefix);
    await page.evaluate((p) => history.pushState({}, '', `${p}/about`), prefix);
    await page.goBack();
    const rows = await waitFor('three more views', (r) => r.filter((e) => e.name === 'pageview').length === 4);
    expect(rows.filter((e) => e.name === 'pageview').map((e) => e.pathname.slice(prefix.length))).toEqual([
      '/index.html',
      '/pricing',
      '/about',
      '/pricing',
    ]);
  });

  it('stores custom events with props and revenue, including calls queued before load', async () => {
    const { page, waitFor } = await open(
      `<script>cairn('Early', { props: { step: '1' } })</script>`,
    );
    await waitFor('the queued event', (r) => r.some((e) => e.name === 'Early'));
    await page.evaluate(() =>
      (window as any).cairn('Signup', { props: { plan: 'pro', seats: 3 }, revenue: { currency: 'EUR', amount: 29.9 } }),
    );
    const rows = await waitFor('signup', (r) => r.some((e) => e.name === 'Signup'));
    expect(rows.find((e) => e.name === 'Early')).toMatchObject({ props: '{"step":"1"}', interactive: 1 });
    expect(rows.find((e) => e.name === 'Signup')).toMatchObject({
      props: '{"plan":"pro","seats":"3"}',
      revenue_amount: 29.9,
      revenue_currency: 'EUR',
      interactive: 1,
    });
  });

  it('stores outbound link clicks', async () => {
    const target = `http://other.test:${fx.site.port}/partner`;
    const { page, waitFor } = await open(`<a id="out" href="${target}">partner</a>`);
    await waitFor('page view', (r) => r.length === 1);
    await page.click('#out');
    const rows = await waitFor('outbound click', (r) => r.some((e) => e.name === 'Outbound Link: Click'));
    expect(JSON.parse(rows.find((e) => e.name === 'Outbound Link: Click')!.props!)).toEqual({ url: target });
  });

  it('stores file downloads and tagged events with the extended build', async () => {
    const { prefix, page, waitFor } = await open(
      `<a id="dl" href="/files/report.pdf">report</a><button id="b" data-cairn-event="Newsletter" data-cairn-event-position="footer">join</button>`,
      { script: 'cairn.ext.js' },
    );
    await waitFor('page view', (r) => r.length === 1);
    await page.click('#dl');
    await page.click('#b');
    const rows = await waitFor('download and tagged event', (r) => r.length === 3);
    expect(JSON.parse(rows.find((e) => e.name === 'File Download')!.props!)).toEqual({
      url: `http://site.test:${fx.site.port}/files/report.pdf`,
    });
    expect(JSON.parse(rows.find((e) => e.name === 'Newsletter')!.props!)).toEqual({ position: 'footer' });
    expect(rows.every((e) => e.pathname === `${prefix}/index.html`)).toBe(true);
  });

  it('stores engagement (visible time and scroll depth) when the visitor leaves', async () => {
    const { page, waitFor } = await open('<h1>read me</h1>');
    await waitFor('page view', (r) => r.length === 1);
    await page.evaluate(() => window.scrollTo(0, 2000));
    await new Promise((r) => setTimeout(r, 600));
    await page.goto(`http://other.test:${fx.site.port}/gone`);
    const rows = await waitFor('engagement', (r) => r.some((e) => e.name === 'engagement'));
    const engagement = rows.find((e) => e.name === 'engagement')!;
    expect(engagement.engaged_ms).toBeGreaterThanOrEqual(500);
    expect(engagement.scroll_depth).toBeGreaterThan(40);
    expect(engagement.interactive).toBe(0);
  });

  it('sends nothing for a visitor who opted out', async () => {
    const { page, rows, waitFor } = await open('<h1>me</h1>', {
      init: () => localStorage.setItem('cairn_ignore', 'true'),
    });
    await page.evaluate(() => (window as any).cairn('Signup'));
    // Opting back in takes effect at once: the sentinel is then the only thing stored.
    await page.evaluate(() => {
      localStorage.setItem('cairn_ignore', 'false');
      (window as any).cairn('Sentinel');
    });
    await waitFor('the sentinel', (r) => r.length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect((await rows()).map((e) => e.name)).toEqual(['Sentinel']);
  });
});
