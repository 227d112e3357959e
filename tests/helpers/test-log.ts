/**
 * Generated access logs for tests: a seeded mix of page views, assets, bots, errors, POSTs and
 * more, each line labelled with what it is, so a test can work out the expected import from the
 * labels alone, without the parser and filter it checks.
 */
export type LogFormat = 'combined' | 'common' | 'caddy-json';
export type LineKind =
  | 'page' | 'asset' | 'bot' | 'no_ua' | 'error' | 'post' | 'head' | 'redirect' | 'not_page'
  | 'not_html' | 'other_logger' | 'other_host';

export interface GeneratedLine {
  text: string;
  kind: LineKind;
  ts: number;
  /** The path as it should be stored. */
  path: string;
  ip: string;
  ua: string;
}

export const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
export const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1';
export const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0';
const BROWSERS = [CHROME, IPHONE, FIREFOX];
const BOTS = ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'curl/8.5.0', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'];
export const IPS = [...Array.from({ length: 12 }, (_, i) => `203.0.113.${i + 10}`), '2001:db8::1', '2001:db8::2', '198.51.100.77'];
const PAGES = ['/', '/about', '/pricing', '/blog/first-post', '/blog/second-post', '/docs/install', '/index.php'];
const ASSETS = ['/assets/app.css', '/assets/app.js', '/img/logo.png', '/img/hero.webp', '/fonts/inter.woff2', '/files/report.pdf', '/feed.xml'];
const NOT_PAGES = ['/robots.txt', '/favicon.ico', '/.well-known/security.txt', '/cairn.js', '/api/event', '/matomo.php'];
const REFERRERS = ['', '', 'https://www.google.com/', 'https://news.ycombinator.com/item?id=1', 'https://example.com/'];
const OFFSETS = [0, -7 * 60, 2 * 60, 5 * 60 + 30];
const START = Date.UTC(2026, 2, 1);
const SPAN_MS = 5 * 86_400_000;

/** mulberry32: small, seeded, good enough to shuffle test data. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]! };
}

const KINDS: Record<LogFormat, [LineKind, number][]> = {
  combined: [['page', 50], ['asset', 20], ['bot', 8], ['no_ua', 2], ['error', 6], ['post', 4], ['head', 2], ['redirect', 3], ['not_page', 5]],
  common: [['page', 55], ['asset', 20], ['bot', 8], ['error', 6], ['post', 4], ['head', 2], ['redirect', 3], ['not_page', 5]],
  'caddy-json': [['page', 45], ['asset', 18], ['bot', 8], ['no_ua', 2], ['error', 6], ['post', 4], ['head', 2], ['redirect', 3], ['not_page', 4], ['not_html', 3], ['other_logger', 3], ['other_host', 2]],
};

export function generateLog(format: LogFormat, count: number, seed = 1): GeneratedLine[] {
  const rnd = random(seed);
  const weighted = KINDS[format].flatMap(([kind, weight]) => Array<LineKind>(weight).fill(kind));
  return Array.from({ length: count }, () => {
    const kind = rnd.pick(weighted);
    // Common and combined logs have whole seconds; Caddy's have fractions.
    const ms = Math.floor(rnd.next() * SPAN_MS);
    const ts = START + (format === 'caddy-json' ? ms : ms - (ms % 1000));
    const ip = rnd.pick(IPS);
    const ua = kind === 'bot' ? rnd.pick(BOTS) : kind === 'no_ua' ? '' : rnd.pick(BROWSERS);
    const path = kind === 'asset' ? rnd.pick(ASSETS) : kind === 'not_page' ? rnd.pick(NOT_PAGES) : kind === 'not_html' ? '/api/items' : rnd.pick(PAGES);
    const query = path !== '/api/event' && rnd.next() < 0.2 ? '?utm_source=newsletter&utm_medium=email' : '';
    const method = kind === 'post' ? 'POST' : kind === 'head' ? 'HEAD' : 'GET';
    const status = kind === 'error' ? rnd.pick([404, 404, 500, 403]) : kind === 'redirect' ? rnd.pick([301, 302])
      // A 304 has no Content-Type, so only a 200 tells a JSON response from a page.
      : kind !== 'not_html' && rnd.next() < 0.1 ? 304 : 200;
    const request = { method, target: path + query, status, ip, ua, ts, referrer: rnd.pick(REFERRERS) };
    const text = format === 'caddy-json'
      ? caddyLine(request, kind)
      : clfLine(request, rnd.pick(OFFSETS), format === 'combined');
    return { text, kind, ts, path, ip, ua };
  });
}

/** What each kind of generated line should come to, worked out from its label, not by the parser. */
export function expectedSkip(kind: LineKind, format: LogFormat): string | undefined {
  const reasons: Record<LineKind, string | undefined> = {
    page: undefined,
    // The common format has no user agents: crawlers cannot be told from people and are counted.
    bot: format === 'common' ? undefined : 'bot',
    no_ua: 'bot',
    asset: 'asset',
    error: 'status',
    redirect: 'status',
    post: 'not_get',
    head: 'not_get',
    not_page: 'not_page',
    not_html: 'not_html',
    other_logger: 'not_access_log',
    other_host: 'hostname_not_allowed',
  };
  return reasons[kind];
}

interface Request { method: string; target: string; status: number; ip: string; ua: string; ts: number; referrer: string }

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** `[10/Oct/2000:13:55:36 -0700]`: the instant `ts` written in the zone `offsetMinutes` east of UTC. */
export function clfTime(ts: number, offsetMinutes: number): string {
  const d = new Date(ts + offsetMinutes * 60_000);
  const zone = `${offsetMinutes < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offsetMinutes) / 60))}${two(Math.abs(offsetMinutes) % 60)}`;
  return `[${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${zone}]`;
}

function clfLine(r: Request, offset: number, combined: boolean): string {
  const common = `${r.ip} - - ${clfTime(r.ts, offset)} "${r.method} ${r.target} HTTP/1.1" ${r.status} ${r.status === 304 ? 0 : 5120}`;
  return combined ? `${common} "${r.referrer || '-'}" "${r.ua || '-'}"` : common;
}

function caddyLine(r: Request, kind: LineKind): string {
  if (kind === 'other_logger') {
    return JSON.stringify({ level: 'info', ts: r.ts / 1000, logger: 'tls.obtain', msg: 'certificate obtained successfully', identifier: 'example.com' });
  }
  const headers: Record<string, string[]> = { 'Accept-Language': ['de-DE,de;q=0.9,en;q=0.8'] };
  if (r.ua) headers['User-Agent'] = [r.ua];
  if (r.referrer) headers.Referer = [r.referrer];
  const type = kind === 'not_html' ? 'application/json' : kind === 'asset' ? 'application/octet-stream' : 'text/html; charset=utf-8';
  return JSON.stringify({
    level: 'info', ts: r.ts / 1000, logger: 'http.log.access.log0', msg: 'handled request',
    request: {
      remote_ip: '10.0.0.1', remote_port: '51234', client_ip: r.ip, proto: 'HTTP/2.0', method: r.method,
      host: kind === 'other_host' ? 'other.org' : 'example.com', uri: r.target, headers,
    },
    bytes_read: 0, user_id: '', duration: 0.0012, size: 5120, status: r.status,
    resp_headers: r.status === 304 ? { Server: ['Caddy'] } : { Server: ['Caddy'], 'Content-Type': [type] },
  });
}
