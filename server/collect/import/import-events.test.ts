import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOTYPE_NAMES, propsOfEveryName } from '../../../tests/helpers/prototype-names.ts';
import { addSite, changeSite } from '../../admin/sites.ts';
import type { Db } from '../../db/connect.ts';
import type { Site } from '../../db/schema.ts';
import { openTestDatabase } from '../../../tests/helpers/test-db.ts';
import type { GeoInfo } from '../enrich/geo.ts';
import { ImportLineError, importEvents, type ImportOptions } from './import-events.ts';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const BERLIN: GeoInfo = { country: 'DE', region: 'DE-BE', city: 'Berlin' };
const geo = (ip: string): GeoInfo => (ip === '203.0.113.7' ? BERLIN : { country: '', region: '', city: '' });

let db: Db;
let site: Site;
beforeEach(async () => {
  db = await openTestDatabase();
  site = await addSite(db.kysely, { domain: 'example.com', timezone: 'Europe/Berlin' });
});
afterEach(() => db.close());

const event = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ ts: '2026-05-01T10:00:00Z', url: 'https://example.com/', ua: CHROME, ip: '203.0.113.7', ...over });
async function* from(lines: string[]) {
  yield* lines;
}
const run = (lines: string[], options: Partial<ImportOptions> = {}) => importEvents(db, site, from(lines), { geo, ...options });
const rows = () => db.kysely.selectFrom('events').selectAll().orderBy('id').execute();

describe('importEvents', () => {
  it('stores rows enriched exactly as the collector would', async () => {
    const summary = await run([
      event({ url: 'https://www.example.com/Pricing/?utm_source=newsletter&utm_medium=email&secret=1', referrer: 'https://www.google.com/search?q=private', w: 1440 }),
      event({ ts: Date.UTC(2026, 4, 1, 11), url: 'https://example.com/checkout', name: 'Purchase', props: { plan: 'pro' }, revenue: { currency: 'EUR', amount: '49.90' }, ua: IPHONE, ip: '198.51.100.1' }),
      event({ name: 'engagement', sd: 80, e: 15_000 }),
    ]);
    expect(summary).toEqual({ lines: 3, imported: 3, skipped: 0, skippedBy: {}, rejected: 0, rejections: [] });
    const [view, purchase, engagement] = await rows();
    expect(view).toMatchObject({
      site_id: site.id, ts: Date.UTC(2026, 4, 1, 10), name: 'pageview', hostname: 'example.com', pathname: '/Pricing',
      referrer_source: 'newsletter', utm_source: 'newsletter', utm_medium: 'email', channel: 'Email',
      country: 'DE', region: 'DE-BE', city: 'Berlin', browser: 'Chrome', browser_version: '124', os: 'Windows',
      device: 'desktop', screen: 'desktop', language: '', interactive: 0, props: null,
    });
    expect(purchase).toMatchObject({ name: 'Purchase', ts: Date.UTC(2026, 4, 1, 11), browser: 'Safari', device: 'mobile', country: '', props: '{"plan":"pro"}', revenue_amount: 49.9, revenue_currency: 'EUR', interactive: 1 });
    expect(engagement).toMatchObject({ name: 'engagement', scroll_depth: 80, engaged_ms: 15_000 });
  });

  it('stores prop keys, values and event names named like Object.prototype members as sent', async () => {
    const lines = PROTOTYPE_NAMES.map((name) => event({ name, props: propsOfEveryName(() => name) }));
    expect(await run(lines)).toMatchObject({ imported: PROTOTYPE_NAMES.length, rejected: 0 });
    const stored = await rows();
    expect(stored.map((r) => r.name)).toEqual(PROTOTYPE_NAMES);
    for (const [i, name] of PROTOTYPE_NAMES.entries()) expect(stored[i]!.props).toBe(JSON.stringify(propsOfEveryName(() => name)));
  });

  it('stores no address, user agent, query string or full referrer in any column, and no salt', async () => {
    await run([event({ referrer: 'https://news.example.org/item?id=secret', url: 'https://example.com/?private=1' }), event({ ua: IPHONE, ip: '2001:db8::7' })]);
    const stored = await rows();
    expect(stored).toHaveLength(2);
    for (const row of stored) {
      for (const [column, value] of Object.entries(row)) {
        for (const secret of ['203.0.113.7', '2001:db8', CHROME, IPHONE, 'Chrome/124', 'secret', 'private']) {
          expect(String(value), column).not.toContain(secret);
        }
      }
    }
    expect(await db.kysely.selectFrom('salts').selectAll().execute()).toEqual([]);
  });

  it('keeps a visitor key within a site-local day, and changes it across days and imports', async () => {
    await run([
      event({ ts: '2026-05-01T06:00:00Z' }),
      event({ ts: '2026-05-01T21:30:00Z' }), // 23:30 in Berlin: the same day
      event({ ts: '2026-05-01T22:30:00Z' }), // 00:30 in Berlin: the next day, no continuation
      event({ ts: '2026-05-01T06:00:00Z', ip: '198.51.100.1' }),
    ]);
    await run([event({ ts: '2026-05-01T06:00:00Z' })]); // a second import has its own salts
    const [a, b, c, d, e] = (await rows()).map((r) => r.visitor);
    expect(b).toBe(a);
    expect(new Set([a, c, d, e]).size).toBe(4);
  });

  it('skips and counts what the collector drops: bots, other hostnames, excluded paths and addresses', async () => {
    await changeSite(db.kysely, 'example.com', { excludedPaths: ['/admin/**'], excludedIps: ['10.0.0.0/8'] });
    site = (await db.kysely.selectFrom('sites').selectAll().executeTakeFirst())!;
    const summary = await run([
      event({ ua: GOOGLEBOT }),
      event({ ua: undefined }),
      event({ url: 'https://scraper.example.net/' }),
      event({ url: 'https://example.com/admin/users' }),
      event({ ip: '10.1.2.3' }),
      event({ url: 'https://blog.example.com/' }),
    ]);
    expect(summary).toMatchObject({
      imported: 1, skipped: 5, rejected: 0,
      skippedBy: { bot: 2, hostname_not_allowed: 1, excluded_path: 1, excluded_ip: 1 },
    });
    expect(await rows()).toMatchObject([{ hostname: 'blog.example.com' }]);
  });

  it('stops at the first malformed line, naming it, and keeps what came before', async () => {
    const lines = [event(), '', event({ ts: 1_777_629_600_000 }), event({ url: 'ftp://example.com/' }), event()];
    const error = await run(lines).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportLineError);
    expect((error as Error).message).toBe('line 4: url must be http or https (imported 2 events before line 4)');
    expect(error).toMatchObject({ line: 4, reason: 'url must be http or https', summary: { imported: 2, lines: 4 } });
    expect(await rows()).toHaveLength(2);
  });

  it('keeps what was read when the input breaks off, and closes the input on a bad line', async () => {
    async function* truncated() {
      yield event();
      yield event();
      throw new Error('unexpected end of file');
    }
    await expect(importEvents(db, site, truncated(), { geo, skipInvalid: true })).rejects.toThrow(
      'line 3: cannot read the input: unexpected end of file (imported 2 events before line 3)',
    );
    expect(await rows()).toHaveLength(2);
    let closed = false;
    async function* input() {
      try {
        yield* [event(), 'nonsense', event()];
      } finally {
        closed = true;
      }
    }
    await expect(importEvents(db, site, input(), { geo })).rejects.toBeInstanceOf(ImportLineError);
    expect(closed).toBe(true);
  });

  it('with skipInvalid, counts malformed lines, names the first ten and goes on', async () => {
    const bad = Array.from({ length: 12 }, (_, i) => (i % 2 ? '{oops' : event({ ts: '2999-01-01T00:00:00Z' })));
    const summary = await run([event(), ...bad, event()], { skipInvalid: true });
    expect(summary).toMatchObject({ lines: 14, imported: 2, rejected: 12 });
    expect(summary.rejections).toHaveLength(10);
    expect(summary.rejections.slice(0, 2)).toEqual([
      { line: 2, reason: 'ts is in the future' },
      { line: 3, reason: 'not valid JSON' },
    ]);
  });

  it('reads ISO and epoch-millisecond timestamps and reports progress', async () => {
    const seen: number[] = [];
    await run([event({ ts: '2026-05-01T12:00:00+02:00' }), event({ ts: Date.UTC(2026, 4, 1, 10, 0, 0, 5) })], { onProgress: (n) => seen.push(n) });
    expect((await rows()).map((r) => r.ts)).toEqual([Date.UTC(2026, 4, 1, 10), Date.UTC(2026, 4, 1, 10, 0, 0, 5)]);
    expect(seen.at(-1)).toBe(2);
  });

  it('commits in batches across a large import', async () => {
    const lines = Array.from({ length: 12_345 }, (_, i) => event({ ts: Date.UTC(2026, 4, 1) + i * 1000, url: `https://example.com/p${i % 50}` }));
    expect(await run(lines)).toMatchObject({ imported: 12_345 });
    const { n } = await db.kysely.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(n).toBe(12_345);
  });
});
