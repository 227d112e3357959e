import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOTYPE_NAMES, propsOfEveryName } from '../../../tests/helpers/prototype-names.ts';
import { createTestApp, type TestApp } from '../../../tests/helpers/test-app.ts';
import { addGoal } from '../../admin/goals.ts';
import { closeApp, hit, matomoApp, storedEvents } from '../../../tests/helpers/matomo-testing.ts';

let t: TestApp;
beforeEach(async () => {
  t = await matomoApp();
});
afterEach(() => closeApp(t));

const events = () => storedEvents(t);
const FIREFOX = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0';

describe('page views', () => {
  it('maps url, urlref, res, lang and ua, and ignores action_name', async () => {
    const res = await hit(t, {
      url: 'https://www.example.com/docs/?secret=1',
      urlref: 'https://www.google.com/search?q=private',
      action_name: 'Docs / Start',
      res: '1280x800',
      lang: 'fr-CH,fr;q=0.9',
      ua: FIREFOX,
    });
    expect(res.status).toBe(200);
    const [row] = await events();
    expect(row).toMatchObject({
      name: 'pageview',
      hostname: 'example.com',
      pathname: '/docs',
      referrer_source: 'Google',
      referrer_host: 'google.com',
      channel: 'Organic Search',
      screen: 'laptop',
      language: 'fr',
      browser: 'Firefox',
      os: 'macOS',
      interactive: 0,
      props: null,
    });
    for (const text of ['secret', 'private', 'Docs / Start', 'rv:125']) expect(JSON.stringify(row)).not.toContain(text);
  });

  it('takes the language from Accept-Language and the browser from User-Agent without lang and ua', async () => {
    await hit(t, { res: 'unknown' }, { headers: { 'accept-language': 'de-DE,de;q=0.9' } });
    expect(await events()).toMatchObject([{ language: 'de', browser: 'Chrome', screen: '' }]);
  });

  it('reads Matomo campaign parameters in the page URL', async () => {
    await hit(t, { url: 'https://example.com/?mtm_campaign=spring&mtm_source=newsletter&mtm_medium=email&mtm_kwd=tool&mtm_content=top' });
    await hit(t, { url: 'https://example.com/?pk_campaign=fall&pk_source=blog&pk_medium=social&pk_kwd=stats&pk_content=side' });
    await hit(t, { url: 'https://example.com/?utm_campaign=a&pk_campaign=b' });
    expect(await events()).toMatchObject([
      { utm_campaign: 'spring', utm_source: 'newsletter', utm_medium: 'email', utm_term: 'tool', utm_content: 'top', referrer_source: 'newsletter', channel: 'Email' },
      { utm_campaign: 'fall', utm_source: 'blog', utm_medium: 'social', utm_term: 'stats', utm_content: 'side', referrer_source: 'blog' },
      { utm_campaign: 'a' },
    ]);
  });
});

describe('events, clicks and searches', () => {
  it('maps e_c/e_a/e_n/e_v to a custom event', async () => {
    await hit(t, { e_c: 'Video', e_a: 'Play', e_n: 'Intro', e_v: '12.5' });
    await hit(t, { e_c: 'Video', e_a: 'Pause' });
    expect(await events()).toMatchObject([
      { name: 'Video: Play', props: '{"name":"Intro","value":"12.5"}', interactive: 1, pathname: '/pricing' },
      { name: 'Video: Pause', props: null },
    ]);
  });

  it('cuts long names to the collector’s limit and refuses an event without its action', async () => {
    await hit(t, { e_c: 'c'.repeat(100), e_a: 'a'.repeat(100) });
    expect((await events())[0]!.name).toHaveLength(120);
    const res = await hit(t, { e_c: 'Video' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: expect.stringContaining('e_a') });
  });

  it('maps link and download to the names Cairn’s tracker uses', async () => {
    await hit(t, { link: 'https://github.com/cairn' });
    await hit(t, { download: 'https://cdn.example.net/report.pdf' });
    expect(await events()).toMatchObject([
      { name: 'Outbound Link: Click', props: '{"url":"https://github.com/cairn"}', pathname: '/pricing' },
      { name: 'File Download', props: '{"url":"https://cdn.example.net/report.pdf"}' },
    ]);
  });

  it('maps site search with its category and result count', async () => {
    await hit(t, { search: 'pricing plans', search_cat: 'Docs', search_count: '4' });
    await hit(t, { search: 'refund' });
    expect(await events()).toMatchObject([
      { name: 'Site Search', props: '{"query":"pricing plans","category":"Docs","count":"4"}' },
      { name: 'Site Search', props: '{"query":"refund"}' },
    ]);
  });

  it('maps ping to a heartbeat: an engagement event without time, which lengthens the visit but is no engaged view', async () => {
    await hit(t, { ping: '1', pv_id: 'abc123' });
    expect(await events()).toMatchObject([{ name: 'engagement', interactive: 0, engaged_ms: null, scroll_depth: null }]);
  });

  it('records nothing for actions Cairn has no event for', async () => {
    for (const params of [{ ca: '1' }, { c_n: 'Banner', c_p: 'hero.png' }, { ma_id: 'video1' }, { idgoal: '0', revenue: '10' }]) {
      expect((await hit(t, params)).status).toBe(200);
    }
    expect(await events()).toEqual([]);
  });
});

describe('goals and revenue', () => {
  it('records the event of an event goal the id names, else Matomo goal <id>', async () => {
    const goal = await addGoal(t.db.kysely, 'example.com', { event: 'Signup' });
    const page = await addGoal(t.db.kysely, 'example.com', { page: '/thanks' });
    // The site cache keeps goals a few seconds; an app started now reads them at once.
    await t.close();
    t = await createTestApp({ db: t.db });
    await hit(t, { idgoal: String(goal.id), revenue: '29.90' });
    await hit(t, { idgoal: String(page.id) });
    await hit(t, { idgoal: '42', revenue: '5', currency: 'usd' });
    expect(await events()).toMatchObject([
      { name: 'Signup', revenue_amount: 29.9, revenue_currency: 'EUR', interactive: 1 },
      { name: `Matomo goal ${page.id}`, revenue_amount: null, revenue_currency: null },
      { name: 'Matomo goal 42', revenue_amount: 5, revenue_currency: 'USD' },
    ]);
  });

  it('records an ecommerce order (idgoal=0 with ec_id) with its revenue, never the order id', async () => {
    await hit(t, { idgoal: '0', ec_id: 'ORDER-77', revenue: '120.5', ec_items: '[["SKU1","Shoe","",60.25,2]]' });
    const rows = await events();
    expect(rows).toMatchObject([{ name: 'Ecommerce Order', revenue_amount: 120.5, revenue_currency: 'EUR', props: null }]);
    expect(JSON.stringify(rows)).not.toContain('ORDER-77');
  });

  it('answers 400 for a malformed goal id, revenue or currency', async () => {
    for (const params of [{ idgoal: 'x' }, { idgoal: '1', revenue: 'ten' }, { idgoal: '1', revenue: '1', currency: 'euro' }]) {
      expect((await hit(t, params)).status).toBe(400);
    }
  });
});

describe('leniency', () => {
  it('accepts and ignores legacy, plugin and unknown parameters', async () => {
    const legacy = {
      _idts: '1700000000', _idvc: '3', _viewts: '1700000000', _ects: '1700000000', _ref: 'https://old.example.org/', _refts: '1',
      gt_ms: '120', cvar: '{"1":["a","b"]}', _cvar: '{}', fla: '0', java: '0', qt: '0', realp: '0', pdf: '1', wma: '0', ag: '0',
      cookie: '1', h: '12', m: '30', s: '5', r: '123456', pf_net: '10', pf_srv: '20', dimension1: 'x', bots: '1', rand: '42',
      apiv: '1', new_visit: '1', uadata: '{}', something_new: 'ok',
    };
    expect((await hit(t, legacy)).status).toBe(200);
    const [row] = await events();
    expect(row).toMatchObject({ name: 'pageview', referrer_source: '' });
    expect(JSON.stringify(row)).not.toContain('old.example.org');
  });
});

describe('names that ordinary objects inherit', () => {
  it('are data in events, searches, links, custom variables and parameter names', async () => {
    for (const name of PROTOTYPE_NAMES) {
      const cvar = JSON.stringify({ 1: [name, name], [name]: [name, name] });
      const res = await hit(t, { e_c: name, e_a: name, e_n: name, e_v: name, _cvar: cvar, cvar, [name]: name });
      expect(res.status, name).toBe(200);
      await hit(t, { search: name, search_cat: name, search_count: name });
      await hit(t, { link: `https://other.example.org/${name}` });
    }
    const rows = await events();
    expect(rows).toHaveLength(3 * PROTOTYPE_NAMES.length);
    PROTOTYPE_NAMES.forEach((name, i) => {
      expect(rows[3 * i]).toMatchObject({ name: `${name}: ${name}`, props: JSON.stringify({ name, value: name }) });
      expect(rows[3 * i + 1]).toMatchObject({ name: 'Site Search', props: JSON.stringify({ query: name, category: name, count: name }) });
      expect(rows[3 * i + 2]).toMatchObject({ name: 'Outbound Link: Click', props: JSON.stringify({ url: `https://other.example.org/${name}` }) });
    });
  });

  it('are data as the keys of a bulk item', async () => {
    const item = { ...propsOfEveryName((name) => name), idsite: 1, rec: 1, url: 'https://example.com/bulk', e_c: '__proto__', e_a: 'constructor' };
    const res = await t.send('/matomo.php', { method: 'POST', body: JSON.stringify({ requests: [item] }), headers: { 'content-type': 'application/json' } });
    expect(await res.json()).toEqual({ status: 'success', tracked: 1, invalid: 0 });
    expect(await events()).toMatchObject([{ name: '__proto__: constructor', pathname: '/bulk', props: null }]);
  });
});
