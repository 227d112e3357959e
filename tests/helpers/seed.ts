/**
 * Test data for the dashboard: deterministic history for the import path (rolled up into
 * aggregates afterwards), and live events sent through the real collector. Everything is a
 * function of the site's "today", so numbers never depend on when the suite runs.
 */
import { addGoal } from '../../server/admin/goals.ts';
import { findSiteByDomain } from '../../server/admin/sites.queries.ts';
import { addUser } from '../../server/auth/users.ts';
import { openGeoLookup } from '../../server/collect/enrich/geo.ts';
import { importEvents } from '../../server/collect/import/import-events.ts';
import { addDays, localDay } from '../../server/calendar.ts';
import { openDatabase, type Db } from '../../server/db/connect.ts';
import { runRollup } from '../../server/rollup/run.ts';

export const UA = {
  chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
};
const AGENTS = [UA.chromeWindows, UA.safariIphone, UA.firefoxLinux];
const WIDTHS = [1440, 390, 1280];
/** Address prefixes the bundled country database places in DE, US, GB, FR and JP. */
const NETWORKS = ['85.214.132.', '8.8.8.', '81.2.69.', '62.210.16.', '133.242.0.'];
/** Indexes into NETWORKS, so the countries are not all equal. */
const COUNTRY_MIX = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 4];
const PAGES = ['/', '/pricing', '/blog/hello-world', '/docs/start', '/about'];

/** `YYYY-MM-DD` today in a time zone. */
export const todayIn = (timezone: string, now = Date.now()): string => localDay(now, timezone);

/** Where a visitor came from: a referrer, UTM tags on the landing page, or nothing. */
function origin(h: number): { referrer?: string; query?: string } {
  if (h < 35) return { referrer: 'https://www.google.com/' };
  if (h < 55) return {};
  if (h < 67) return { referrer: 'https://news.ycombinator.com/item?id=1' };
  if (h < 77) return { referrer: 'https://duckduckgo.com/' };
  if (h < 86) return { query: '?utm_source=newsletter&utm_medium=email&utm_campaign=spring-sale' };
  if (h < 93) return { referrer: 'https://www.bing.com/' };
  return { referrer: 'https://github.com/cairn/cairn' };
}

/**
 * NDJSON lines for `days` whole days before `today`: 30 to 49 visitors a day from five countries,
 * three browsers and seven sources, one to three page views each, some engagement, and custom
 * events (Signup with plan and seats, outbound clicks). About 1,400 visitors and 2,800 page views.
 */
export function historyLines(domain: string, today: string, days = 35): string[] {
  const lines: string[] = [];
  for (let d = 1; d <= days; d++) {
    const day = addDays(today, -d);
    const visitors = 30 + ((d * 7) % 20);
    for (let i = 0; i < visitors; i++) {
      const h = (i * 31 + d * 17) % 100;
      const ua = AGENTS[i % 3]!;
      const ip = `${NETWORKS[COUNTRY_MIX[(i * 7 + d) % COUNTRY_MIX.length]!]}${(i % 250) + 1}`;
      const w = WIDTHS[i % 3];
      const { referrer, query = '' } = origin(h);
      let ts = Date.parse(`${day}T08:00:00Z`) + i * 7 * 60_000;
      const views = 1 + ((i + d) % 3);
      for (let v = 0; v < views; v++) {
        const page = PAGES[(h + v * 2) % PAGES.length]!;
        const url = `https://${domain}${page}${v === 0 ? query : ''}`;
        lines.push(JSON.stringify({ ts, url, ua, ip, w, ...(v === 0 && referrer ? { referrer } : {}) }));
        if ((i + v) % 4 === 0) lines.push(JSON.stringify({ ts: ts + 30_000, name: 'engagement', url, ua, ip, sd: 40 + ((i * 13) % 60), e: 5_000 + ((i * 977) % 60_000) }));
        ts += 40_000;
      }
      if (i % 5 === 0) {
        const props = { plan: i % 2 ? 'pro' : 'free', seats: String((i % 4) + 1) };
        lines.push(JSON.stringify({ ts, name: 'Signup', url: `https://${domain}/pricing`, ua, ip, props }));
      }
      if (i % 7 === 3) lines.push(JSON.stringify({ ts: ts + 1000, name: 'Outbound Link: Click', url: `https://${domain}/`, ua, ip, props: { url: 'https://github.com/cairn' } }));
    }
  }
  return lines;
}

async function* iterate(lines: string[]) {
  yield* lines;
}

/** Imports lines into a site of the database file, with the bundled country database. */
export async function importLines(db: Db, domain: string, lines: string[]): Promise<void> {
  const site = await findSiteByDomain(db.kysely, domain);
  if (!site) throw new Error(`no site ${domain}`);
  const summary = await importEvents(db, site, iterate(lines), { geo: await openGeoLookup({}) });
  if (summary.imported !== lines.length) throw new Error(`import skipped lines: ${JSON.stringify(summary)}`);
}

/** Folds closed days into the aggregates; waits while the server's own rollup holds the lease. */
export async function rollUp(db: Db): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (!(await runRollup(db)).locked) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the rollup lease stayed taken');
}

export interface CollectorEvent {
  name?: string;
  url: string;
  referrer?: string;
  props?: Record<string, string>;
  width?: number;
}

/**
 * One event through the real collector, as a browser at `ip` would send it (the server must run
 * with TRUST_PROXY=true so X-Forwarded-For stands for the address). Throws unless stored.
 */
export async function sendEvent(baseUrl: string, domain: string, e: CollectorEvent, client: { ip: string; ua?: string }): Promise<void> {
  const res = await fetch(`${baseUrl}/api/event`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': client.ua ?? UA.chromeWindows, 'x-forwarded-for': client.ip, 'accept-language': 'en-US,en;q=0.9' },
    body: JSON.stringify({ n: e.name ?? 'pageview', u: e.url, d: domain, r: e.referrer, p: e.props, w: e.width ?? 1440 }),
  });
  const dropped = res.headers.get('x-cairn-dropped');
  if (res.status !== 202 || dropped) throw new Error(`event not stored: ${res.status} ${dropped ?? (await res.text())}`);
}

export interface SeedOptions {
  domain: string;
  email: string;
  password: string;
  /** Days of imported history before today (0: none). */
  historyDays?: number;
  goals?: Array<{ event: string } | { page: string; name?: string }>;
}

/** A user, goals, imported history and the rollup, written to the server's database file. */
export async function seedDatabase(dbFile: string, opts: SeedOptions, today: string): Promise<void> {
  const db = openDatabase(dbFile);
  try {
    await addUser(db.kysely, { email: opts.email, password: opts.password });
    for (const goal of opts.goals ?? []) await addGoal(db.kysely, opts.domain, goal);
    if (opts.historyDays) {
      await importLines(db, opts.domain, historyLines(opts.domain, today, opts.historyDays));
      await rollUp(db);
    }
  } finally {
    await db.close();
  }
}
