/**
 * The dashboard under test: the real server process with a seeded site and user, Chromium, and
 * pages signed in through the real login form. Every page opened here reports its console errors
 * and uncaught exceptions into `errors`, which the test files assert empty after each test.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium } from './chromium.ts';
import { seedDatabase, sendEvent, todayIn, type CollectorEvent, type SeedOptions } from './seed.ts';
import { startServer, type RunningServer } from './start-server.ts';

export const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

export interface QueryResult {
  results: Array<{ dimensions: string[]; metrics: number[]; comparison?: { metrics: number[]; change: Array<number | null> } }>;
  meta: { total_rows?: number; comparison_date_range?: [string, string] };
  query: { date_range: [string, string]; metrics: string[]; dimensions: string[] };
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** The session cookie of this context, for calling the API as the page does. */
  cookie: string;
}

export interface OpenOptions extends BrowserContextOptions {
  search?: string;
  site?: string;
  form?: boolean;
  clock?: boolean;
}

export interface DashboardSession {
  cairn: RunningServer;
  browser: Browser;
  domain: string;
  timezone: string;
  /** The site's today when the session started. */
  today: string;
  /** Console errors and page errors of every page opened through this session. */
  errors: string[];
  /** A new context whose pages report errors; sign in with `signIn`. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Closes every context opened so far (after each test). */
  closeContexts(): Promise<void>;
  /** Signs in through the login form, landing on `next` (the site's dashboard by default). */
  signIn(page: Page, next?: string): Promise<void>;
  /**
   * A signed-in page on the site's dashboard (plus `search`), with every panel loaded. The first
   * call of a file signs in through the login form; later ones reuse that session's cookie
   * unless `form` is set. `clock` installs Playwright's clock first, so a test can move time on.
   */
  open(options?: OpenOptions): Promise<OpenedPage>;
  /** POST /api/v2/query with a session cookie, as the dashboard sends it. */
  query(cookie: string, body: Record<string, unknown>): Promise<QueryResult>;
  /** One event through the real collector. */
  send(event: CollectorEvent, client: { ip: string; ua?: string }, domain?: string): Promise<void>;
  close(): Promise<void>;
}

export interface DashboardOptions extends Partial<Omit<SeedOptions, 'domain'>> {
  domain?: string;
  timezone?: string;
  /** Further sites, without data. */
  extraSites?: string[];
  /** Live events for today, sent through the collector after seeding. */
  live?: Array<{ event: CollectorEvent; ip: string; ua?: string }>;
}

export async function startDashboard(options: DashboardOptions = {}): Promise<DashboardSession> {
  const domain = options.domain ?? 'shop.test';
  const timezone = options.timezone ?? 'Europe/Berlin';
  const email = options.email ?? 'owner@shop.test';
  const password = options.password ?? 'correct horse battery staple';
  // TRUST_PROXY: events sent by the test stand for visitors at the X-Forwarded-For address.
  const [started, launched] = await Promise.allSettled([startServer({ TRUST_PROXY: 'true', LOG_LEVEL: 'warn' }), launchChromium()]);
  if (started.status === 'rejected' || launched.status === 'rejected') {
    if (started.status === 'fulfilled') await started.value.stop();
    if (launched.status === 'fulfilled') await launched.value.close();
    throw started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
  }
  const [cairn, browser] = [started.value, launched.value];
  const errors: string[] = [];
  try {
    await cairn.addSite(domain, { timezone });
    for (const extra of options.extraSites ?? []) await cairn.addSite(extra, { timezone });
    const today = todayIn(timezone);
    const goals = options.goals ?? [{ event: 'Signup' }, { page: '/pricing', name: 'Pricing' }];
    await seedDatabase(path.join(cairn.dataDir, 'cairn.db'), { domain, email, password, historyDays: options.historyDays ?? 35, goals }, today);
    for (const { event, ip, ua } of options.live ?? []) await sendEvent(cairn.baseUrl, domain, event, { ip, ua });

    const watch = (page: Page) => {
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()} (${page.url()}${m.location().url ? `, ${m.location().url}` : ''})`);
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${String(e)} (${page.url()})`));
    };
    let signedIn: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;
    const contexts = new Set<BrowserContext>();
    const newContext = async (contextOptions: BrowserContextOptions = {}) => {
      // Reduced motion: the chart draws at once, so tests need not wait out its animation.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, reducedMotion: 'reduce', ...contextOptions });
      context.on('page', watch);
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
      return context;
    };
    const signIn = async (page: Page, next = `/sites/${domain}`) => {
      await page.goto(`${cairn.baseUrl}/login?next=${encodeURIComponent(next)}`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await Promise.all([page.waitForURL((u) => u.pathname === next.split('?')[0]), page.getByRole('button', { name: 'Sign in' }).click()]);
    };
    const session: DashboardSession = {
      cairn,
      browser,
      domain,
      timezone,
      today,
      errors,
      newContext,
      async closeContexts() {
        await Promise.all([...contexts].map((c) => c.close()));
      },
      signIn,
      async open({ search = '', site = domain, form = false, clock = false, ...contextOptions } = {}) {
        const context = await newContext({ ...(signedIn && !form ? { storageState: signedIn } : {}), ...contextOptions });
        if (clock) await context.clock.install();
        const page = await context.newPage();
        const next = `/sites/${site}${search}`;
        if (signedIn && !form) {
          await page.goto(`${cairn.baseUrl}${next}`);
        } else {
          await signIn(page, next);
          signedIn = await context.storageState();
        }
        await settled(page);
        const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
        return { context, page, cookie };
      },
      async query(cookie, body) {
        const res = await fetch(`${cairn.baseUrl}/api/v2/query`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ site_id: domain, ...body }),
        });
        if (!res.ok) throw new Error(`query failed: ${res.status} ${await res.text()}`);
        return (await res.json()) as QueryResult;
      },
      send: (event, client, site = domain) => sendEvent(cairn.baseUrl, site, event, client),
      async close() {
        await browser.close();
        await cairn.stop();
      },
    };
    return session;
  } catch (error) {
    await browser.close();
    await cairn.stop();
    throw error;
  }
}

/** Two animation frames and a task: Preact's effects (which start queries and draw charts) have run. */
const effectsRun = (page: Page) =>
  page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)))));

/** Waits until nothing on the page is loading or refreshing: skeletons gone, charts drawn. */
export async function settled(page: Page): Promise<void> {
  await effectsRun(page);
  await page.waitForFunction(
    () =>
      document.querySelector('#app > *') !== null &&
      document.querySelector('[aria-busy="true"], .skeleton-text, .skeleton-row, .chart-box.loading, table.bars.refreshing') === null,
    undefined,
    { timeout: 10_000 },
  );
  await effectsRun(page);
  // Without reduced motion the chart animates for 250 ms after it is drawn.
  if (!(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches))) await page.waitForTimeout(300);
}

/** Saves a full-page screenshot as test-artifacts/<name>.png and returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  // From the top: a full-page capture of a scrolled page would show the sticky toolbar mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// ---------- numbers as the dashboard shows them (written from the spec, not imported from the UI) ----------

/** 950 → "950", 1234 → "1.2k", 15300 → "15.3k", 123456 → "123k", 2.5e6 → "2.5M". */
export function compact(n: number): string {
  const abs = Math.abs(n);
  const sign = n < 0 ? '-' : '';
  const unit = (v: number, suffix: string) => `${sign}${v >= 100 ? Math.round(v) : Math.round(v * 10) / 10}${suffix}`;
  if (abs >= 999_950_000) return unit(abs / 1e9, 'B');
  if (abs >= 999_950) return unit(abs / 1e6, 'M');
  if (abs >= 1000) return unit(abs / 1e3, 'k');
  return String(Math.round(n * 100) / 100);
}

export function shown(metric: string, value: number): string {
  switch (metric) {
    case 'bounce_rate':
    case 'conversion_rate':
    case 'percentage':
    case 'scroll_depth':
      return `${Math.round(value * 10) / 10}%`;
    case 'visit_duration':
    case 'time_on_page': {
      const s = Math.max(0, Math.round(value));
      if (s < 60) return `${s}s`;
      if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
      return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
    }
    case 'views_per_visit':
      return String(Math.round(value * 100) / 100);
    default:
      return compact(value);
  }
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** A dimension value as its row label. */
export function label(dimension: string, value: string): string {
  if (value === '') return dimension === 'visit:source' || dimension === 'visit:referrer' ? 'Direct / None' : dimension === 'visit:channel' ? 'Direct' : '(not set)';
  if (dimension === 'visit:country') return regionNames.of(value) ?? value;
  if (dimension === 'visit:device' || dimension === 'visit:screen') return value[0]!.toUpperCase() + value.slice(1);
  return value;
}

/** The top stats as shown: label → value text. */
export async function topStats(page: Page): Promise<Record<string, string>> {
  return page.$$eval('.top-stats .stat', (stats) =>
    Object.fromEntries(stats.map((s) => [s.querySelector('.stat-label')!.textContent!.trim(), s.querySelector('.stat-value')!.textContent!.trim()])),
  );
}

/** The rows of the bar list inside `root` (a CSS selector): [label, ...metric texts]. */
export async function barRows(page: Page, root: string): Promise<string[][]> {
  return page.$$eval(`${root} table.bars tbody tr`, (rows) =>
    rows.map((tr) => [
      (tr.querySelector('.value-btn, .value-text')?.textContent ?? '').trim(),
      ...[...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()),
    ]),
  );
}

export const TOP_STAT_LABELS: Record<string, string> = {
  visitors: 'Unique visitors',
  visits: 'Total visits',
  pageviews: 'Total pageviews',
  views_per_visit: 'Views per visit',
  bounce_rate: 'Bounce rate',
  visit_duration: 'Visit duration',
  time_on_page: 'Time on page',
  scroll_depth: 'Scroll depth',
  conversion_rate: 'Conversion rate',
};

/** The top stats the API gives for the same range and filters, formatted as the UI shows them. */
export async function expectedTopStats(s: DashboardSession, cookie: string, range: Record<string, unknown>, metrics: string[]): Promise<Record<string, string>> {
  const res = await s.query(cookie, { ...range, metrics });
  const row = res.results[0]?.metrics ?? metrics.map(() => 0);
  return Object.fromEntries(metrics.map((m, i) => [TOP_STAT_LABELS[m]!, shown(m, row[i]!)]));
}

/** A breakdown from the API as rows of the bar list: label, then each metric as shown. */
export async function expectedRows(s: DashboardSession, cookie: string, body: Record<string, unknown> & { dimensions: string[]; metrics: string[] }): Promise<string[][]> {
  const res = await s.query(cookie, body);
  return res.results.map((r) => [r.dimensions.map((v, i) => (i > 0 && v === '' ? '' : label(body.dimensions[i]!, v))).filter(Boolean).join(' '), ...body.metrics.map((m, i) => shown(m, r.metrics[i]!))]);
}

/**
 * The usual hooks of a dashboard test file: one session for the file, contexts closed after each
 * test, and no console or page error allowed in any test. Returns the session's getter.
 */
export function useDashboardSession(options: DashboardOptions = {}): () => DashboardSession {
  let session: DashboardSession | undefined;
  beforeAll(async () => {
    session = await startDashboard(options);
  });
  afterAll(async () => {
    await session?.close();
  });
  afterEach(async () => {
    await session?.closeContexts();
    const errors = session?.errors.splice(0) ?? [];
    expect(errors, 'console errors and page errors').toEqual([]);
  });
  return () => {
    if (!session) throw new Error('the dashboard session did not start');
    return session;
  };
}

export interface Ink {
  /** Pixels of the colour on the main chart's canvas. */
  count: number;
  /** Leftmost and rightmost column holding it, as fractions of the canvas width (-1 when none). */
  left: number;
  right: number;
  /** The canvas and its box, in CSS pixels. */
  canvasWidth: number;
  boxWidth: number;
}

/** Where the main chart drew a theme colour (a CSS custom property such as --accent), read from its pixels. */
export async function chartInk(page: Page, cssVar: string): Promise<Ink> {
  return page.evaluate((name) => {
    const canvas = document.querySelector<HTMLCanvasElement>('.chart-box canvas')!;
    const box = canvas.parentElement!.getBoundingClientRect();
    const probe = document.createElement('span');
    probe.style.color = `var(${name})`;
    document.body.append(probe);
    const [r, g, b] = getComputedStyle(probe).color.match(/\d+/g)!.map(Number);
    probe.remove();
    const { width, height } = canvas;
    const data = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    let count = 0;
    let left = width;
    let right = -1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        if (data[i + 3]! > 200 && Math.abs(data[i]! - r!) <= 6 && Math.abs(data[i + 1]! - g!) <= 6 && Math.abs(data[i + 2]! - b!) <= 6) {
          count++;
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
    }
    return { count, left: right < 0 ? -1 : left / width, right: right < 0 ? -1 : right / width, canvasWidth: canvas.getBoundingClientRect().width, boxWidth: box.width };
  }, cssVar);
}

/** The document scrolls sideways (the phone test's "no horizontal scrolling"). */
export const horizontalOverflow = (page: Page) =>
  page.evaluate(() => {
    const root = document.documentElement;
    return root.scrollWidth > root.clientWidth ? `${root.scrollWidth} > ${root.clientWidth}` : '';
  });
