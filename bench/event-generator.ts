/**
 * A fast, seeded generator of a year of analytics traffic for the query bench. Per event it only
 * draws from value tables: the tables are enriched once, at start, by the collector's own
 * enrichers (user agents, referrers, UTM tags, channels, screen classes), so rows hold exactly
 * what the collector would have stored, without parsing a user agent or a URL per event.
 *
 * Shape: daily volume with weekly seasonality, a growth trend, noise and two launch spikes; a
 * diurnal curve in the site's zone; visits of 1-6 pageviews 10 s - 5 min apart; ~30% of visits
 * by returning visitors (same device and place, a new visitor key each day, as daily salts give);
 * Zipf page popularity over ~300 pages plus ~8% of pageviews on /p/<id> pages, enough distinct
 * paths a day to hit the rollup's per-day value cap; ~8% engagement and ~3% custom events.
 */
import { channelFor } from '../server/collect/enrich/channel.ts';
import { publicIp } from '../server/collect/enrich/ip-address.ts';
import { resolveReferrer } from '../server/collect/enrich/referrer.ts';
import { screenClass } from '../server/collect/enrich/screen.ts';
import { createUserAgentParser } from '../server/collect/enrich/user-agent.ts';
import { extractUtm } from '../server/collect/enrich/utm.ts';
import type { EventInsert } from '../server/db/event-appender.ts';
import { addDays, createClock, dayStartUtc } from '../server/calendar.ts';
import { USER_AGENTS } from './event-pool.ts';

export const BENCH_SITE = 'bench.test';
const ORIGIN = `https://${BENCH_SITE}`;

// ---------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: small, fast, seeded; Math.random would make runs incomparable. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3's finalizer: a well-mixed 32-bit hash of a 32-bit integer. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A sampler over weighted items: binary search on cumulative weights. */
function weighted<T>(entries: ReadonlyArray<readonly [T, number]>, rand: () => number): () => T {
  const items = entries.map(([item]) => item);
  const cumulative = new Float64Array(entries.length);
  let sum = 0;
  entries.forEach(([, w], i) => (cumulative[i] = sum += w));
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

/** Log-uniform in [min, max]: many short gaps and engagement times, a few long ones. */
const logUniform = (rand: () => number, min: number, max: number) => Math.round(min * (max / min) ** rand());

// ---------------------------------------------------------------------------------------------
// Value tables

/** A device: the collector's parse of a real user agent, and the viewport widths it comes with. */
interface Device {
  ua: string;
  browser: string;
  browser_version: string;
  os: string;
  os_version: string;
  device: string;
  widths: () => number;
}

interface Place {
  country: string;
  region: string;
  city: string;
  language: () => string;
}

/** Where a visit comes from: what the tracker would send, and what the collector stores for it. */
export interface Source {
  /** document.referrer ('' for none) and the landing URL's query string. */
  referrer: string;
  query: string;
  referrer_source: string;
  referrer_host: string;
  utm_medium: string;
  utm_source: string;
  utm_campaign: string;
  utm_term: string;
  utm_content: string;
  channel: string;
}

interface Props {
  object: Record<string, string>;
  json: string;
}

/** A (possibly returning) visitor: what stays the same across their visits. */
export interface Profile {
  id: number;
  device: Device;
  place: Place;
  language: string;
  width: number;
  screen: string;
  /** A public address, made up on demand for the import lines. */
  ip?: string;
}

/** One generated event; `source` is set on a visit's landing pageview only. */
export interface GeneratedEvent {
  ts: number;
  visitor: number;
  profile: Profile;
  name: string;
  pathname: string;
  source: Source | null;
  props: Props | null;
  engagedMs: number | null;
  scrollDepth: number | null;
}

const DESKTOP_WIDTHS: Array<[number, number]> = [[1280, 10], [1366, 12], [1440, 14], [1536, 12], [1600, 5], [1920, 35], [2560, 12]];
const MOBILE_WIDTHS: Array<[number, number]> = [[360, 15], [375, 10], [390, 22], [393, 15], [412, 18], [414, 8], [430, 12]];
const TABLET_WIDTHS: Array<[number, number]> = [[768, 25], [810, 25], [820, 25], [1024, 25]];

/** Share of traffic per parsed (device, browser): desktop ~55%, mobile ~40%, tablet ~5%. */
function deviceWeight(device: string, browser: string): number {
  if (device === 'tablet') return 1;
  if (device === 'mobile') return ({ Safari: 5, Chrome: 4, 'Samsung Internet': 2.5 } as Record<string, number>)[browser] ?? 0.8;
  return ({ Chrome: 5.5, 'Microsoft Edge': 3, Safari: 4, Firefox: 2.5, Opera: 1.5 } as Record<string, number>)[browser] ?? 1.5;
}

function deviceTable(rand: () => number): Array<[Device, number]> {
  const parse = createUserAgentParser();
  return USER_AGENTS.map((ua) => {
    const info = parse(ua);
    const widths = info.device === 'mobile' ? MOBILE_WIDTHS : info.device === 'tablet' ? TABLET_WIDTHS : DESKTOP_WIDTHS;
    const device: Device = {
      ua,
      browser: info.browser,
      browser_version: info.browserVersion,
      os: info.os,
      os_version: info.osVersion,
      device: info.device,
      widths: weighted(widths, rand),
    };
    return [device, deviceWeight(info.device, info.browser)];
  });
}

/** ~40 countries; a few with regions and cities ('' where the lookup would find none). */
const COUNTRIES: Array<[string, number, string]> = [
  ['US', 18, 'en'], ['DE', 12, 'de'], ['GB', 7, 'en'], ['FR', 5, 'fr'], ['IN', 5, 'en'], ['CA', 3, 'en'],
  ['NL', 3, 'nl'], ['BR', 3, 'pt'], ['ES', 2.5, 'es'], ['IT', 2.5, 'it'], ['PL', 2, 'pl'], ['AU', 2, 'en'],
  ['JP', 2, 'ja'], ['SE', 1.5, 'sv'], ['CH', 1.5, 'de'], ['AT', 1.5, 'de'], ['CN', 1, 'zh'], ['KR', 1, 'ko'],
  ['RU', 1, 'ru'], ['UA', 1, 'uk'], ['BE', 1, 'nl'], ['MX', 1, 'es'], ['TR', 1, 'tr'], ['ID', 1, 'id'],
  ['DK', 0.8, 'da'], ['NO', 0.8, 'nb'], ['CZ', 0.8, 'cs'], ['PT', 0.8, 'pt'], ['VN', 0.8, 'vi'], ['FI', 0.7, 'fi'],
  ['IE', 0.7, 'en'], ['AR', 0.6, 'es'], ['PH', 0.6, 'en'], ['SG', 0.6, 'en'], ['RO', 0.6, 'ro'], ['IL', 0.5, 'he'],
  ['ZA', 0.5, 'en'], ['NG', 0.5, 'en'], ['CO', 0.5, 'es'], ['CL', 0.4, 'es'], ['EG', 0.4, 'ar'], ['NZ', 0.4, 'en'],
  ['GR', 0.4, 'el'], ['HU', 0.4, 'hu'],
];

const CITIES: Record<string, Array<[region: string, city: string, weight: number]>> = {
  DE: [['DE-BE', 'Berlin', 25], ['DE-BY', 'Munich', 18], ['DE-HH', 'Hamburg', 12], ['DE-NW', 'Cologne', 12], ['DE-HE', 'Frankfurt am Main', 10], ['DE-BW', 'Stuttgart', 10], ['DE-SN', 'Leipzig', 5], ['', '', 8]],
  US: [['US-NY', 'New York', 18], ['US-CA', 'San Francisco', 15], ['US-CA', 'Los Angeles', 10], ['US-TX', 'Austin', 8], ['US-WA', 'Seattle', 8], ['US-IL', 'Chicago', 7], ['US-MA', 'Boston', 6], ['US-FL', 'Miami', 5], ['US-CO', 'Denver', 4], ['', '', 10]],
  GB: [['GB-ENG', 'London', 50], ['GB-ENG', 'Manchester', 12], ['GB-SCT', 'Edinburgh', 8], ['GB-ENG', 'Bristol', 8], ['GB-WLS', 'Cardiff', 4], ['', '', 10]],
  FR: [['FR-IDF', 'Paris', 50], ['FR-ARA', 'Lyon', 15], ['FR-PAC', 'Marseille', 10], ['FR-OCC', 'Toulouse', 10], ['', '', 10]],
};

/** A sampler of places: country by weight, then its city if it has a city table. */
function placeSampler(rand: () => number): () => Place {
  const byCountry = new Map<string, () => Place>();
  for (const [country, , native] of COUNTRIES) {
    // Most visitors browse in their country's language, many in English; 2% send none.
    const language = weighted<string>(native === 'en' ? [['en', 97], ['es', 1], ['', 2]] : [[native, 72], ['en', 26], ['', 2]], rand);
    const cities = CITIES[country] ?? [['', '', 1]];
    const places = cities.map(([region, city, w]) => [{ country, region, city, language }, w] as const);
    byCountry.set(country, weighted(places, rand));
  }
  const country = weighted(COUNTRIES.map(([c, w]) => [c, w] as const), rand);
  return () => byCountry.get(country())!();
}

/** Sources with rough weights (direct ~40%): search, social, news, newsletters, a few paid and tagged links. */
const SOURCES: Array<[referrer: string, query: string, weight: number]> = [
  ['', '', 40],
  ['https://www.google.com/', '', 22],
  ['https://www.google.de/', '', 3],
  ['https://www.google.co.uk/', '', 1.5],
  ['https://www.google.com/', '?utm_source=google&utm_medium=cpc&utm_campaign=brand&utm_term=self-hosted+analytics', 1.5],
  ['https://www.bing.com/', '', 4],
  ['https://duckduckgo.com/', '', 3.5],
  ['https://www.ecosia.org/', '', 0.8],
  ['https://search.brave.com/', '', 0.7],
  ['https://t.co/', '', 2.5],
  ['https://t.co/', '?utm_source=twitter&utm_medium=social&utm_campaign=launch', 0.8],
  ['https://x.com/', '', 0.7],
  ['https://www.facebook.com/', '', 2],
  ['https://l.facebook.com/', '', 0.8],
  ['https://www.linkedin.com/', '', 1],
  ['https://www.reddit.com/', '', 2],
  ['https://news.ycombinator.com/', '', 2],
  ['', '?utm_source=newsletter&utm_medium=email&utm_campaign=weekly-digest', 2.5],
  ['', '?utm_source=newsletter&utm_medium=email&utm_campaign=product-update', 1],
  ['', '?utm_source=newsletter&utm_medium=email&utm_campaign=spring-launch', 0.5],
  ['https://github.com/', '', 2],
  ['https://stackoverflow.com/', '', 0.8],
  ['https://dev.to/', '', 0.6],
  ['https://alternativeto.net/', '', 0.5],
  ['', '?ref=producthunt', 0.6],
  ['https://blog.example.org/', '', 0.4],
];

function sourceTable(): Array<[Source, number]> {
  const isOwnHost = (host: string) => host === BENCH_SITE;
  return SOURCES.map(([referrer, query, weight]) => {
    const params = new URLSearchParams(query);
    const r = resolveReferrer({ referrer: referrer || undefined, pageParams: params, isOwnHost });
    const utm = extractUtm(params);
    const source: Source = {
      referrer,
      query,
      referrer_source: r.source,
      referrer_host: r.host,
      utm_medium: utm.medium,
      utm_source: utm.source,
      utm_campaign: utm.campaign,
      utm_term: utm.term,
      utm_content: utm.content,
      channel: channelFor({ source: r.source, utmMedium: utm.medium, utmSource: utm.source }),
    };
    return [source, weight];
  });
}

const words = (list: string) => list.split(' ');
const TOP_PAGES = words(
  '/ /pricing /features /docs /blog /signup /about /login /changelog /integrations /contact /privacy /terms /security /careers /status',
);
const DOC_SECTIONS = words('getting-started install tracker api self-hosting privacy integrations goals imports retention');
const DOC_TOPICS = words('overview setup configuration examples troubleshooting faq reference limits');
const BLOG_WORDS = words('privacy sqlite analytics cookies gdpr speed dashboards tracking open-source metrics funnels');

/** ~300 paths, most popular first: pages every site has, then docs, then blog posts. */
function pagePaths(rand: () => number): string[] {
  const paths = [...TOP_PAGES];
  for (const section of DOC_SECTIONS) for (const topic of DOC_TOPICS) paths.push(`/docs/${section}/${topic}`);
  const pick = () => BLOG_WORDS[Math.floor(rand() * BLOG_WORDS.length)]!;
  for (let i = 1; paths.length < 300; i++) paths.push(`/blog/${i}-${pick()}-${pick()}-${pick()}`);
  return paths;
}

/** Share of pageviews on /p/<id> pages, and how many ids there are: ~1,900 distinct a day at 10M a year. */
const ID_PAGE_SHARE = 0.08;
const ID_PAGES = 60_000;
/** Visit length in pageviews, 1-6: ~45% bounce. */
const PAGEVIEWS: Array<[number, number]> = [[1, 45], [2, 20], [3, 13], [4, 10], [5, 7], [6, 5]];
/** Per pageview: an engagement report (~8% of events) and a custom event (~3%). */
const ENGAGEMENT_PER_VIEW = 0.09;
const CUSTOM_PER_VIEW = 0.034;
const RETURNING_SHARE = 0.3;
const RETURNING_POOL = 200_000;
/** Visits by hour of the site-local day (mostly European traffic with an American evening). */
const DIURNAL = [0.3, 0.2, 0.15, 0.12, 0.12, 0.18, 0.35, 0.6, 0.9, 1.1, 1.2, 1.2, 1.15, 1.2, 1.25, 1.25, 1.2, 1.1, 1.0, 1.0, 1.0, 0.9, 0.7, 0.5];
/** Sunday first, as Date#getUTCDay counts. */
const WEEKDAY = [0.65, 1.05, 1.1, 1.08, 1.05, 0.95, 0.7];

function customEvents(rand: () => number): () => { name: string; props: Props } {
  const props = (object: Record<string, string>): Props => ({ object, json: JSON.stringify(object) });
  return weighted(
    [
      [{ name: 'Signup', props: props({ plan: 'free' }) }, 30],
      [{ name: 'Signup', props: props({ plan: 'pro' }) }, 10],
      [{ name: 'Download', props: props({ file: 'cairn-linux-x64.tar.gz' }) }, 30],
      [{ name: 'Download', props: props({ file: 'cairn-macos-arm64.tar.gz' }) }, 20],
      [{ name: 'Download', props: props({ file: 'whitepaper.pdf' }) }, 10],
    ],
    rand,
  );
}

// ---------------------------------------------------------------------------------------------
// The generator

export interface GeneratorOptions {
  /** Roughly how many events (the last visits may add a few). */
  events: number;
  /** Days ending with today (included up to `now`). */
  days: number;
  now: number;
  timezone: string;
  seed?: number;
}

interface Day {
  day: string;
  start: number;
  end: number;
  weight: number;
}

/** The days, each with its share of traffic; today's share is the part of its diurnal curve before `now`. */
function dayPlan(opts: GeneratorOptions, rand: () => number): Day[] {
  const today = createClock(opts.timezone)(opts.now).day;
  const hourly = DIURNAL.reduce((a, b) => a + b, 0);
  const spikes = new Set([Math.floor(opts.days * 0.35), Math.floor(opts.days * 0.8)]);
  const days: Day[] = [];
  for (let i = 0; i < opts.days; i++) {
    const day = addDays(today, i - opts.days + 1);
    const start = dayStartUtc(day, opts.timezone);
    const end = Math.min(dayStartUtc(addDays(day, 1), opts.timezone), opts.now + 1);
    const trend = 0.7 + (0.6 * i) / Math.max(1, opts.days - 1);
    const noise = 0.9 + 0.2 * rand();
    let weight = WEEKDAY[new Date(`${day}T00:00:00Z`).getUTCDay()]! * trend * noise * (spikes.has(i) ? 3 : 1);
    if (day === today) {
      const hours = (opts.now - start) / 3_600_000;
      let before = 0;
      for (let h = 0; h < 24; h++) before += DIURNAL[h]! * Math.max(0, Math.min(1, hours - h));
      weight *= before / hourly;
    }
    days.push({ day, start, end, weight });
  }
  return days;
}

/**
 * Yields the events of each day in time order (a visit that runs past midnight lands in the
 * next day's batch), so a consumer can append them in the order a collector would have.
 */
export function* generateEvents(opts: GeneratorOptions): Generator<GeneratedEvent[]> {
  const rand = prng(opts.seed ?? 20_260_619);
  const devices = weighted(deviceTable(rand), rand);
  const place = placeSampler(rand);
  const source = weighted(sourceTable(), rand);
  const paths = pagePaths(rand);
  const zipfPage = weighted(paths.map((p, rank) => [p, 1 / (rank + 1)] as const), rand);
  const page = () => (rand() < ID_PAGE_SHARE ? `/p/${1 + Math.floor(rand() * ID_PAGES)}` : zipfPage());
  const pageviews = weighted(PAGEVIEWS, rand);
  const hour = weighted(DIURNAL.map((w, h) => [h, w] as const), rand);
  const custom = customEvents(rand);

  const days = dayPlan(opts, rand);
  const totalWeight = days.reduce((a, d) => a + d.weight, 0);
  const pool: Profile[] = [];
  const todays: Profile[] = [];
  let profiles = 0;

  const newProfile = (): Profile => {
    const device = devices();
    const where = place();
    const width = device.widths();
    return { id: ++profiles, device, place: where, language: where.language(), width, screen: screenClass(width) };
  };

  let carry: GeneratedEvent[] = [];
  for (let d = 0; d < days.length; d++) {
    const { start, end, weight } = days[d]!;
    const target = Math.round((opts.events * weight) / totalWeight);
    const events = carry;
    let made = 0;
    while (made < target) {
      const visitStart = start + hour() * 3_600_000 + Math.floor(rand() * 3_600_000);
      if (visitStart >= end) continue; // past now (today), or the missing hour of a DST day
      let profile: Profile;
      if (pool.length > 0 && rand() < RETURNING_SHARE) profile = pool[Math.floor(rand() * pool.length)]!;
      else todays.push((profile = newProfile()));
      // Daily salts: the same person is a new visitor key every day, and the same one all day.
      const visitor = (mix32(profile.id ^ Math.imul(d + 1, 0x9e3779b1)) >>> 6) * 2 ** 26 + (mix32(profile.id * 31 + d) >>> 6);
      const landing = source();
      const views = pageviews();
      let ts = visitStart;
      for (let v = 0; v < views; v++) {
        if (v > 0) ts += logUniform(rand, 10_000, 300_000);
        const pathname = page();
        events.push(event(ts, visitor, profile, 'pageview', pathname, v === 0 ? landing : null, null));
        made++;
        if (rand() < ENGAGEMENT_PER_VIEW) {
          const e = event(ts + logUniform(rand, 1_000, 240_000), visitor, profile, 'engagement', pathname, null, null);
          e.engagedMs = e.ts - ts;
          e.scrollDepth = Math.min(100, Math.floor(15 + rand() * 95));
          events.push(e);
          made++;
        }
        if (rand() < CUSTOM_PER_VIEW) {
          const c = custom();
          events.push(event(ts + logUniform(rand, 2_000, 60_000), visitor, profile, c.name, pathname, null, c.props));
          made++;
        }
      }
    }
    // Nothing from the future: today's last visits stop at `now`.
    const kept = d === days.length - 1 ? events.filter((e) => e.ts <= opts.now) : events;
    kept.sort((a, b) => a.ts - b.ts);
    const next = d + 1 < days.length ? days[d + 1]!.start : Infinity;
    let split = kept.length;
    while (split > 0 && kept[split - 1]!.ts >= next) split--;
    carry = kept.slice(split);
    yield kept.slice(0, split);

    for (const p of todays) {
      if (pool.length < RETURNING_POOL) pool.push(p);
      else pool[Math.floor(rand() * RETURNING_POOL)] = p;
    }
    todays.length = 0;
  }
}

function event(
  ts: number,
  visitor: number,
  profile: Profile,
  name: string,
  pathname: string,
  source: Source | null,
  props: Props | null,
): GeneratedEvent {
  return { ts, visitor, profile, name, pathname, source, props, engagedMs: null, scrollDepth: null };
}

const NO_SOURCE: Source = {
  referrer: '', query: '', referrer_source: '', referrer_host: '', utm_medium: '', utm_source: '',
  utm_campaign: '', utm_term: '', utm_content: '', channel: 'Direct',
};

/** The row the collector would have stored for the event. */
export function toEventRow(siteId: number, e: GeneratedEvent): EventInsert {
  const s = e.source ?? NO_SOURCE;
  const { device: d, place, language, screen } = e.profile;
  const engagement = e.name === 'engagement';
  return {
    site_id: siteId, ts: e.ts, visitor: e.visitor, name: e.name, hostname: BENCH_SITE, pathname: e.pathname,
    referrer_source: s.referrer_source, referrer_host: s.referrer_host, utm_medium: s.utm_medium,
    utm_source: s.utm_source, utm_campaign: s.utm_campaign, utm_term: s.utm_term, utm_content: s.utm_content,
    country: place.country, region: place.region, city: place.city, browser: d.browser,
    browser_version: d.browser_version, os: d.os, os_version: d.os_version, device: d.device,
    screen: engagement ? '' : screen, language, props: e.props?.json ?? null,
    interactive: e.name === 'pageview' || engagement ? 0 : 1, revenue_amount: null, revenue_currency: null,
    engaged_ms: e.engagedMs, scroll_depth: e.scrollDepth, channel: s.channel,
  };
}

/**
 * The event as a `cairn import` NDJSON line: the URL, referrer and props the tracker would send,
 * a real user agent and a public client address. Later pageviews of a visit have the site itself
 * as referrer, as browsers send it.
 */
export function toImportLine(e: GeneratedEvent): string {
  const p = e.profile;
  p.ip ??= addressFor(p.id);
  const line: Record<string, unknown> = { ts: e.ts, url: `${ORIGIN}${e.pathname}${e.source?.query ?? ''}`, ua: p.device.ua, ip: p.ip };
  if (e.name === 'engagement') {
    line.name = 'engagement';
    line.e = e.engagedMs;
    line.sd = e.scrollDepth;
  } else {
    line.referrer = e.source ? e.source.referrer || null : `${ORIGIN}/`;
    line.name = e.name;
    if (e.props) line.props = e.props.object;
    line.w = p.width;
  }
  return JSON.stringify(line);
}

/** A public address derived from the profile: IPv4 for most, IPv6 for ~12%. */
function addressFor(id: number): string {
  for (let salt = 0; ; salt++) {
    const h = mix32(id * 7919 + salt);
    const g = mix32(h ^ 0x5bd1e995);
    const ip =
      h % 100 < 12
        ? `2a0${h % 4}:${(g & 0xffff).toString(16)}:${(g >>> 16).toString(16)}:${(h >>> 8) & 0xfff}::${(id & 0xffff).toString(16)}`
        : `${1 + (h % 223)}.${(g >>> 24) & 255}.${(g >>> 16) & 255}.${(g >>> 8) & 255}`;
    if (publicIp(ip)) return ip;
  }
}
