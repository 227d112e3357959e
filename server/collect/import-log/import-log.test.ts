import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addSite, changeSite } from '../../admin/sites.ts';
import type { Db } from '../../db/connect.ts';
import { AppError } from '../../errors.ts';
import type { Site } from '../../db/schema.ts';
import { openTestDatabase } from '../../../tests/helpers/test-db.ts';
import type { GeoInfo } from '../enrich/geo.ts';
import { ImportLineError, type ImportOptions } from '../import/import-events.ts';
import { importLog, logLineParser } from './import-log.ts';
import { CHROME, expectedSkip, generateLog, IPS, type GeneratedLine, type LogFormat } from '../../../tests/helpers/test-log.ts';

const geo = (): GeoInfo => ({ country: '', region: '', city: '' });
const FORMATS: LogFormat[] = ['combined', 'common', 'caddy-json'];
const LINES = 5_000;

let db: Db;
let site: Site;
beforeEach(async () => {
  db = await openTestDatabase();
  site = await addSite(db.kysely, { domain: 'example.com', timezone: 'UTC' });
});
afterEach(() => db.close());

async function* from(lines: string[]) {
  yield* lines;
}
const run = (format: LogFormat, lines: string[], options: Partial<ImportOptions> = {}) => importLog(db, site, from(lines), format, { geo, ...options });
const rows = () => db.kysely.selectFrom('events').selectAll().orderBy('id').execute();

function expected(lines: GeneratedLine[], format: LogFormat) {
  const views = new Map<string, number>();
  const visitors = new Map<string, Set<string>>();
  const skippedBy: Record<string, number> = {};
  for (const line of lines) {
    const skip = expectedSkip(line.kind, format);
    if (skip) {
      skippedBy[skip] = (skippedBy[skip] ?? 0) + 1;
      continue;
    }
    const day = new Date(line.ts).toISOString().slice(0, 10);
    views.set(`${day} ${line.path}`, (views.get(`${day} ${line.path}`) ?? 0) + 1);
    // Without user agents, one address is one visitor a day.
    const who = format === 'common' ? line.ip : `${line.ip} ${line.ua}`;
    visitors.set(day, (visitors.get(day) ?? new Set()).add(who));
  }
  return { views, visitors: new Map([...visitors].map(([day, set]) => [day, set.size])), skippedBy, imported: [...views.values()].reduce((a, b) => a + b, 0) };
}

async function stored() {
  const all = await rows();
  const byPage = new Map<string, number>();
  const byDay = new Map<string, Set<number>>();
  for (const row of all) {
    const day = new Date(row.ts).toISOString().slice(0, 10);
    byPage.set(`${day} ${row.pathname}`, (byPage.get(`${day} ${row.pathname}`) ?? 0) + 1);
    byDay.set(day, (byDay.get(day) ?? new Set()).add(row.visitor));
  }
  return { rows: all, views: byPage, visitors: new Map([...byDay].map(([day, set]) => [day, set.size])) };
}

describe.each(FORMATS)('importLog --format %s', (format) => {
  const log = generateLog(format, LINES, 7);
  const texts = log.map((l) => l.text);
  const want = expected(log, format);

  it(`turns a generated ${LINES.toLocaleString('en-US')}-line log into exactly the expected page views, by day and page`, async () => {
    const summary = await run(format, texts);
    expect(summary).toEqual({ lines: LINES, imported: want.imported, skipped: LINES - want.imported, skippedBy: want.skippedBy, rejected: 0, rejections: [] });
    const got = await stored();
    expect(got.views).toEqual(want.views);
    expect(got.views.size).toBeGreaterThan(25); // several days and pages
    expect(got.visitors).toEqual(want.visitors);
    // The time comes from the log, with its offset.
    const times = (list: number[]) => list.sort((a, b) => a - b);
    expect(times(got.rows.map((r) => r.ts))).toEqual(times(log.filter((l) => !expectedSkip(l.kind, format)).map((l) => l.ts)));
    expect(got.rows.every((r) => r.name === 'pageview' && r.hostname === 'example.com' && r.interactive === 0)).toBe(true);
  });

  it('stores no address or user agent in any column, and no salt', async () => {
    await run(format, texts);
    const all = await rows();
    expect(all.length).toBe(want.imported);
    const values = all.flatMap((row) => Object.values(row).map(String)).join('\n');
    for (const secret of [...IPS, '203.0.113', '2001:db8', CHROME, 'Chrome/124.0.0.0']) expect(values).not.toContain(secret);
    expect(await db.kysely.selectFrom('salts').selectAll().execute()).toEqual([]);
  });

  it('stops at an unreadable line naming its number; with skipInvalid counts it and goes on', async () => {
    const broken = [...texts];
    broken[1233] = 'this is not a log line';
    const error = await run(format, broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportLineError);
    expect(error).toMatchObject({ line: 1234 });
    expect((error as Error).message).toMatch(/^line 1234: not (in the \w+ log format|valid JSON)/);

    await db.kysely.deleteFrom('events').execute();
    const summary = await run(format, broken, { skipInvalid: true });
    const lost = expectedSkip(log[1233]!.kind, format) ? 0 : 1;
    expect(summary).toMatchObject({ lines: LINES, rejected: 1, rejections: [{ line: 1234 }], imported: want.imported - lost });
  });
});

describe('importLog', () => {
  const combined = (over: { target?: string; ip?: string; ua?: string; referrer?: string; status?: number } = {}) =>
    `${over.ip ?? '203.0.113.7'} - - [01/Mar/2026:10:00:00 +0000] "GET ${over.target ?? '/'} HTTP/1.1" ${over.status ?? 200} 512 "${over.referrer ?? '-'}" "${over.ua ?? CHROME}"`;

  it('enriches as the collector does: referrer, UTM, browser, and language from Caddy', async () => {
    await run('combined', [combined({ target: '/Pricing/?utm_source=newsletter&utm_medium=email', referrer: 'https://www.google.com/search?q=x' })]);
    expect(await rows()).toMatchObject([{ pathname: '/Pricing', utm_source: 'newsletter', utm_medium: 'email', referrer_source: 'newsletter', browser: 'Chrome', os: 'Windows', language: '' }]);
    await db.kysely.deleteFrom('events').execute();
    const caddy = generateLog('caddy-json', 50, 3).find((l) => l.kind === 'page' && l.ua === CHROME)!;
    await run('caddy-json', [caddy.text]);
    expect(await rows()).toMatchObject([{ language: 'de', browser: 'Chrome' }]);
  });

  it("applies the site's excluded paths and addresses, and its other settings", async () => {
    await changeSite(db.kysely, 'example.com', { excludedPaths: ['/wp-admin/**'], excludedIps: ['10.0.0.0/8'] });
    site = (await db.kysely.selectFrom('sites').selectAll().executeTakeFirst())!;
    const summary = await run('combined', [combined({ target: '/wp-admin/options.php' }), combined({ ip: '10.1.2.3' }), combined({ ip: '::ffff:10.1.2.3' }), combined()]);
    expect(summary).toMatchObject({ imported: 1, skippedBy: { excluded_path: 1, excluded_ip: 2 } });
  });

  it('keeps a page view whose query string is too long, and cuts a long referrer to its origin', async () => {
    const summary = await run('combined', [combined({ target: `/search?q=${'x'.repeat(3000)}`, referrer: `https://news.example.org/${'y'.repeat(3000)}` })]);
    expect(summary).toMatchObject({ imported: 1, rejected: 0 });
    expect(await rows()).toMatchObject([{ pathname: '/search', referrer_source: 'news.example.org' }]);
  });

  it('skips a bogus Host, and counts the common format as no bots but one visitor per address and day', async () => {
    const bogus = JSON.parse(generateLog('caddy-json', 50, 3).find((l) => l.kind === 'page')!.text);
    bogus.request.host = 'evil.example/../x';
    expect(await run('caddy-json', [JSON.stringify(bogus)])).toMatchObject({ imported: 0, skippedBy: { hostname_not_allowed: 1 } });
    const common = (ip: string, time: string) => `${ip} - - [${time} +0000] "GET / HTTP/1.1" 200 512`;
    const summary = await run('common', [common('203.0.113.7', '01/Mar/2026:10:00:00'), common('203.0.113.7', '01/Mar/2026:18:00:00'), common('203.0.113.8', '01/Mar/2026:10:00:00'), common('203.0.113.7', '02/Mar/2026:10:00:00')]);
    expect(summary).toMatchObject({ imported: 4, skipped: 0 });
    const [a, b, c, d] = (await rows()).map((r) => r.visitor);
    expect(b).toBe(a);
    expect(new Set([a, c, d]).size).toBe(3);
    expect((await rows())[0]).toMatchObject({ browser: '', os: '', device: '' });
  });

  it('refuses an unknown format', () => {
    expect(() => logLineParser('apache', 'example.com')).toThrow('unknown log format "apache": use combined, common, caddy-json');
    expect(() => logLineParser('constructor', 'example.com')).toThrow(/unknown log format/);
  });

  it('answers any line, however broken, with an event, a skip or a reason: never a crash', () => {
    const samples = FORMATS.flatMap((format) => generateLog(format, 40, 5).map((l) => [format, l.text] as const));
    const mutated = fc.tuple(fc.constantFrom(...samples), fc.nat(), fc.nat({ max: 40 }), fc.string({ unit: 'binary' })).map(
      ([[format, text], at, cut, insert]) => [format, text.slice(0, at % text.length) + insert + text.slice((at % text.length) + cut)] as const,
    );
    const random = fc.tuple(fc.constantFrom(...FORMATS), fc.string({ unit: 'binary', maxLength: 300 }));
    fc.assert(
      fc.property(fc.oneof(mutated, random), ([format, text]) => {
        try {
          logLineParser(format, 'example.com')(text, Date.now());
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 3_000 },
    );
  });
});
