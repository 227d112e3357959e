/**
 * A pool of realistic collector requests for the ingest bench: real browser user agents,
 * public client addresses, Zipf-distributed page popularity, search/social/news referrers,
 * some UTM tags, and the tracker's mix of pageviews, engagement pings and custom events.
 * Seeded, so every run sends the same traffic and figures stay comparable.
 */
import type { Request } from 'autocannon';
import { createBotDetector } from '../server/collect/enrich/bot.ts';
import { publicIp } from '../server/collect/enrich/ip-address.ts';

export const BENCH_DOMAIN = 'bench.test';
const ORIGIN = `https://${BENCH_DOMAIN}`;

/** Desktop and mobile browsers roughly as they show up in 2025-26 traffic. No bots, no headless. */
export const USER_AGENTS = [
  // Chrome desktop
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36',
  // Edge and Opera desktop
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 Edg/138.0.0.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36 Edg/137.0.0.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 Edg/138.0.0.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36 OPR/121.0.0.0',
  // Firefox desktop
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:139.0) Gecko/20100101 Firefox/139.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:140.0) Gecko/20100101 Firefox/140.0',
  'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:139.0) Gecko/20100101 Firefox/139.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0',
  // Safari desktop
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Safari/605.1.15',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
  // iPhone and iPad
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 16_7_10 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/138.0.7204.119 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/140.0 Mobile/15E148 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) EdgiOS/138.0.3351.77 Version/18.0 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPad; CPU OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1',
  // Android: Chrome, Samsung Internet, Firefox, Edge
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.7204.63 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/28.0 Chrome/130.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/27.0 Chrome/125.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/28.0 Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Android 14; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Mobile Safari/537.36 EdgA/138.0.0.0',
  'Mozilla/5.0 (Linux; Android 12; Redmi Note 11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; Tablet; rv:140.0) Gecko/140.0 Firefox/140.0',
];

const LANGUAGES = [
  'en-US,en;q=0.9',
  'en-GB,en;q=0.9',
  'de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7',
  'fr-FR,fr;q=0.9,en;q=0.8',
  'es-ES,es;q=0.9',
  'pt-BR,pt;q=0.9,en;q=0.8',
  'ja,en-US;q=0.9,en;q=0.8',
  'nl-NL,nl;q=0.9,en;q=0.8',
  'de-CH,de;q=0.9,fr;q=0.8,en;q=0.7',
  'pl-PL,pl;q=0.9,en;q=0.8',
  'en-IN,en;q=0.9,hi;q=0.8',
  'it-IT,it;q=0.9',
];

/** Where visits come from, with rough weights; '' is direct traffic (no Referer). */
const REFERRERS: [string, number][] = [
  ['', 38],
  ['https://www.google.com/', 22],
  ['https://www.google.de/', 3],
  ['https://www.google.co.uk/', 2],
  ['https://www.bing.com/', 4],
  ['https://duckduckgo.com/', 4],
  ['https://t.co/', 2],
  ['https://x.com/', 1],
  ['https://news.ycombinator.com/', 3],
  ['https://www.reddit.com/', 3],
  ['https://www.nytimes.com/', 1],
  ['https://www.theguardian.com/', 1],
  ['https://www.bbc.co.uk/', 1],
  ['https://www.facebook.com/', 2],
  ['https://www.linkedin.com/', 1],
  ['https://github.com/', 2],
  [`${ORIGIN}/`, 10], // internal navigation
];

const UTM_TAGS = [
  '?utm_source=newsletter&utm_medium=email&utm_campaign=june-2026',
  '?utm_source=twitter&utm_medium=social&utm_campaign=launch',
  '?utm_source=google&utm_medium=cpc&utm_campaign=brand&utm_term=self-hosted+analytics',
  '?utm_source=producthunt',
  '?ref=hackernews',
];

const words = (list: string) => list.split(' ');
const TOP_PAGES = words('/ /pricing /features /docs /blog /about /signup /login /contact /terms');
const DOC_SECTIONS = words('getting-started install tracker api self-hosting privacy integrations');
const WORDS = words('privacy sqlite analytics cookies gdpr speed dashboards tracking open-source');

/** ~200 distinct paths, most popular first: pages every site has, then docs, then blog posts. */
function pagePaths(rand: () => number): string[] {
  const paths = [...TOP_PAGES];
  for (const section of DOC_SECTIONS) {
    for (let i = 1; i <= 8; i++) paths.push(`/docs/${section}/page-${i}`);
  }
  for (let i = 1; paths.length < 200; i++) {
    paths.push(`/blog/${i}-${pick(rand, WORDS)}-${pick(rand, WORDS)}`);
  }
  return paths;
}

/** Small fast seeded PRNG (mulberry32); Math.random would make runs incomparable. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, list: readonly T[]): T =>
  list[Math.floor(rand() * list.length)];

/** Draws from weights by cumulative sum; used for Zipf page popularity and the referrer mix. */
function weighted<T>(items: readonly T[], weights: readonly number[], rand: () => number): () => T {
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
}

/** A public unicast address: IPv4 from 1.0.0.0-223.255.255.255 minus private ranges, ~12% IPv6. */
function clientAddress(rand: () => number): string {
  for (;;) {
    let ip: string;
    if (rand() < 0.12) {
      const hex = () => Math.floor(rand() * 0x10000).toString(16);
      // Prefixes from RIPE, ARIN, APNIC, LACNIC and AFRINIC allocations.
      const prefix = pick(rand, words('2a00 2a01 2a02 2a03 2600 2601 2406 2800 2c0f'));
      ip = `${prefix}:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}:${hex()}`;
    } else {
      const octet = () => Math.floor(rand() * 256);
      ip = `${1 + Math.floor(rand() * 223)}.${octet()}.${octet()}.${octet()}`;
    }
    if (publicIp(ip)) return ip; // the server's own test, so no address lands in a private range
  }
}

interface Visitor {
  ip: string;
  userAgent: string;
  language: string;
  width: number;
}

function visitor(rand: () => number): Visitor {
  const userAgent = pick(rand, USER_AGENTS);
  const mobile = /Mobile|iPhone|Android/.test(userAgent);
  const tablet = /iPad|Tablet|SM-X/.test(userAgent);
  const width = tablet
    ? pick(rand, [768, 810, 820, 1024])
    : mobile
      ? pick(rand, [360, 375, 390, 393, 412, 414, 430])
      : pick(rand, [1280, 1366, 1440, 1536, 1600, 1920, 2560]);
  return { ip: clientAddress(rand), userAgent, language: pick(rand, LANGUAGES), width };
}

/** The JSON the tracker would send for one event, ~85% pageviews, ~10% engagement, ~5% custom. */
function eventBody(rand: () => number, path: string, referrer: string, width: number): string {
  const url = `${ORIGIN}${path}`;
  const kind = rand();
  if (kind < 0.85) {
    const tagged = rand() < 0.08 ? url + pick(rand, UTM_TAGS) : url;
    const r = referrer || null; // as the tracker sends document.referrer
    return JSON.stringify({ n: 'pageview', u: tagged, d: BENCH_DOMAIN, r, w: width });
  }
  if (kind < 0.95) {
    const e = 1_000 + Math.floor(rand() * 240_000);
    const sd = Math.floor(rand() * 101);
    return JSON.stringify({ n: 'engagement', u: url, d: BENCH_DOMAIN, sd, e });
  }
  const custom = pick(rand, [
    { n: 'Signup', p: { plan: pick(rand, ['free', 'pro', 'team']) } },
    { n: 'Outbound Link: Click', p: { url: pick(rand, ['https://github.com/', 'https://x.com']) } },
    { n: 'File Download', p: { url: `${ORIGIN}/files/${pick(rand, ['guide', 'paper'])}.pdf` } },
    { n: 'Newsletter', p: { position: pick(rand, ['footer', 'sidebar', 'inline']) } },
  ]);
  return JSON.stringify({ ...custom, u: url, d: BENCH_DOMAIN, w: width });
}

/**
 * `size` ready-to-send requests from ~size/3 visitors (so visitors repeat, as real ones do).
 * Throws if any user agent would be dropped as a bot: a drop answers 202 without storing,
 * which would make the committed-count check report phantom losses.
 */
export function buildEventPool(size = 4_000, seed = 20_260_619): Request[] {
  const rand = prng(seed);
  const isBot = createBotDetector();
  const bots = USER_AGENTS.filter((ua) => isBot(ua));
  if (bots.length > 0) throw new Error(`user agents Cairn takes for bots: ${bots.join(' | ')}`);

  const paths = pagePaths(rand);
  const page = weighted(paths, paths.map((_, rank) => 1 / (rank + 1) ** 1.1), rand);
  const referrer = weighted(
    REFERRERS.map(([r]) => r),
    REFERRERS.map(([, w]) => w),
    rand,
  );
  const visitors = Array.from({ length: Math.ceil(size / 3) }, () => visitor(rand));

  return Array.from({ length: size }, () => {
    const v = pick(rand, visitors);
    return {
      method: 'POST',
      path: '/api/event',
      headers: {
        'content-type': 'text/plain;charset=UTF-8',
        'user-agent': v.userAgent,
        'accept-language': v.language,
        'x-forwarded-for': v.ip,
        origin: ORIGIN,
      },
      body: eventBody(rand, page(), referrer(), v.width),
    };
  });
}
