/**
 * Visitor-controlled text in Chromium: paths, referrers, UTM values, event names and properties
 * carrying markup and script URLs, sent through the real collector, show as text everywhere the
 * dashboard shows them, and nothing runs.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/chromium.ts';
import { settled, useDashboardSession } from '../helpers/dashboard-session.ts';

const P = {
  script: '<script>window.__xss=1</script>',
  img: '<img src=x onerror="window.__xss=1">',
  js: 'javascript:window.__xss=1',
  svg: '"><svg onload=window.__xss=1>',
};
const e = encodeURIComponent;
const site = (path: string) => `https://xss.test${path}`;

/** Nothing ran and nothing executable was made from the payloads. */
async function expectInert(page: Page, where: string) {
  const problems = await page.evaluate(() => {
    const bad: string[] = [];
    if ((window as { __xss?: unknown }).__xss !== undefined) bad.push('window.__xss was set');
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) bad.push(`<${el.tagName.toLowerCase()} ${attr.name}>`);
        if (/^(href|src|action|formaction|xlink:href)$/i.test(attr.name) && /^\s*javascript:/i.test(attr.value)) bad.push(`<${el.tagName.toLowerCase()} ${attr.name}="${attr.value}">`);
      }
    }
    for (const script of document.scripts) if (!script.src || script.textContent?.includes('__xss')) bad.push('an inline <script>');
    if (document.querySelector('img, iframe, object, embed')) bad.push('an <img>, <iframe>, <object> or <embed>');
    for (const svg of document.querySelectorAll('svg')) if (!svg.closest('.brand')) bad.push('an <svg> besides the logo');
    return bad;
  });
  expect(problems, where).toEqual([]);
}

/** Each text appears in `root` as the whole text of some element. */
async function expectTexts(root: Locator, texts: string[], where: string) {
  for (const text of texts) expect(await root.getByText(text, { exact: true }).count(), `${where}: ${text}`).toBeGreaterThan(0);
}

describe.skipIf(!chromiumAvailable())('dashboard against hostile values, in Chromium', () => {
  const dash = useDashboardSession({
    domain: 'xss.test',
    historyDays: 0,
    goals: [],
    live: [
      {
        event: {
          url: site(`/landing?utm_source=${e(P.script)}&utm_medium=${e(P.img)}&utm_campaign=${e(P.svg)}&utm_term=${e(P.js)}&utm_content=${e(P.img)}`),
          referrer: `https://evil.test/${P.svg}`,
        },
        ip: '85.214.132.31',
      },
      { event: { url: site(`/${P.js}`), referrer: P.js }, ip: '85.214.132.32' },
      { event: { url: site(`/${P.script}`) }, ip: '85.214.132.33' },
      { event: { url: site(`/${P.svg}`) }, ip: '85.214.132.34' },
      { event: { url: site(`/p?ref=${e(P.img)}`) }, ip: '85.214.132.35' },
      { event: { url: site(`/q?utm_source=${e(P.js)}&utm_campaign=${e(P.script)}`) }, ip: '85.214.132.36' },
      { event: { url: site(`/s?utm_source=${e(P.svg)}`) }, ip: '85.214.132.37' },
      { event: { name: P.img, url: site('/landing'), props: { [P.svg]: P.script, kind: P.js, note: P.img } }, ip: '85.214.132.31' },
    ],
  });

  it('shows the values as text on the overview and in the details, with the CSP header on', async () => {
    const s = dash();
    const { page } = await s.open({ search: '?period=day' });
    const res = await page.goto(page.url());
    expect(res!.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(res!.headers()['content-security-policy']).toContain("default-src 'none'");
    await settled(page);

    const sources = page.locator('.panel-sources');
    const tabs: Array<[string, string[]]> = [
      ['Sources', [P.script, P.img, P.js, P.svg]],
      ['Medium', [P.img]],
      ['Campaign', [P.svg, P.script]],
      ['Term', [P.js]],
      ['Content', [P.img]],
    ];
    for (const [tab, texts] of tabs) {
      await sources.getByRole('tab', { name: tab }).click();
      await settled(page);
      await expectTexts(sources, texts, tab);
    }
    // Paths keep the URL's own escaping; a script URL is a path like any other.
    const pages = page.locator('.panel-pages');
    await expectTexts(pages, [`/${P.js}`, '/%3Cscript%3Ewindow.__xss=1%3C/script%3E', '/%22%3E%3Csvg%20onload=window.__xss=1%3E'], 'pages');
    await expectInert(page, 'overview');

    for (const [panel, tab, texts] of [
      ['pages', 'Top pages', [`/${P.js}`]],
      ['sources', 'Sources', [P.script, P.img, P.js, P.svg]],
      ['sources', 'Campaign', [P.svg, P.script]],
    ] as const) {
      const root = page.locator(`.panel-${panel}`);
      await root.getByRole('tab', { name: tab }).click();
      await root.getByRole('button', { name: 'Details' }).click();
      await settled(page);
      const dialog = page.locator('dialog[open]');
      await expectTexts(dialog, [...texts], `${tab} details`);
      await expectInert(page, `${tab} details`);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    }
  });

  it('shows an event’s hostile property keys and values as text, and filters by them', async () => {
    const s = dash();
    const { page } = await s.open({ search: '?period=day' });
    const goals = page.locator('.panel-goals');
    await goals.getByRole('tab', { name: 'Custom events' }).click();
    await settled(page);
    await expectTexts(goals, [P.img], 'custom events');

    await goals.getByRole('tab', { name: 'Properties' }).click();
    await settled(page);
    expect(await goals.getByRole('combobox', { name: 'Event' }).inputValue()).toBe(P.img);
    const property = goals.getByRole('combobox', { name: 'Property' });
    expect((await property.locator('option').allTextContents()).sort()).toEqual([P.svg, 'kind', 'note'].sort());
    await property.selectOption(P.svg);
    await settled(page);
    await expectTexts(goals, [P.script], 'property values');
    expect(await goals.locator('table.bars thead th').first().textContent()).toBe(P.svg);
    await expectInert(page, 'properties');

    await goals.getByRole('button', { name: P.script, exact: true }).click();
    await settled(page);
    expect(await page.locator('.chips .chip-text').allTextContents()).toEqual([`Property ${P.svg} is ${P.script}`]);
    expect(new URL(page.url()).searchParams.getAll('f')).toEqual([`event:props:${P.svg}|is|${P.script}`]);
    await expectInert(page, 'property filter');
  });

  it('filters by a hostile source through its row and shows it in the chip and the realtime view', async () => {
    const s = dash();
    const { page } = await s.open({ search: '?period=day' });
    const sources = page.locator('.panel-sources');
    await sources.getByRole('tab', { name: 'Sources' }).click();
    await settled(page);
    await sources.getByRole('button', { name: P.script, exact: true }).click();
    await settled(page);
    expect(new URL(page.url()).searchParams.getAll('f')).toEqual([`visit:source|is|${P.script}`]);
    const chip = page.locator('.chips .chip-text');
    expect(await chip.allTextContents()).toEqual([`Source is ${P.script}`]);
    expect(await chip.getAttribute('title')).toBe(`Source is ${P.script}`);
    expect(await sources.locator('.panel-sub').textContent()).toBe(`Referrers from ${P.script}`);
    // The referrer shows as its host only, linked as https://host.
    expect(await sources.locator('a.out-link').getAttribute('href')).toBe('https://evil.test');
    await expectInert(page, 'source filter');

    await page.getByRole('button', { name: `Remove filter: Source is ${P.script}` }).click();
    await page.locator('.badge-live').click();
    await page.waitForURL((u) => u.searchParams.get('period') === 'realtime');
    await settled(page);
    await expectTexts(page.getByRole('region', { name: 'Sources' }), [P.script, P.img, P.js, P.svg], 'realtime sources');
    await expectTexts(page.getByRole('region', { name: 'Pages' }), [`/${P.js}`], 'realtime pages');
    await expectInert(page, 'realtime');
  });
});
