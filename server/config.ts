import { BlockList, isIP } from 'node:net';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Absolute path of the SQLite file. */
  readonly databasePath: string;
  /** Public origin of this server, used in snippets and links. */
  readonly baseUrl: string;
  /** Which proxies in front may name the client in X-Forwarded-For (see server/utils/client-address.ts). */
  readonly trustProxy: TrustProxy;
  readonly logLevel: LogLevel;
  /** Optional city-level MMDB; the bundled database gives countries only. */
  readonly geoipDb: string | undefined;
  /** Open connections at most; past it new ones are closed at once (see server/http-server.ts). */
  readonly maxConnections: number;
  /** What one API query may cost before it is stopped with a 503 (see server/api/query-executor.ts). */
  readonly queryLimits: { readonly timeoutMs: number; readonly memoryMb: number };
}

/**
 * `off`: X-Forwarded-For is ignored. `hops`: that many proxies stand in front, so the client is
 * the hops-th entry from the right. `list`: the proxies are known by address, so entries are
 * walked from the socket's peer leftwards while they are one of them.
 */
export type TrustProxy =
  | { readonly mode: 'off' }
  | { readonly mode: 'hops'; readonly hops: number }
  | { readonly mode: 'list'; readonly ranges: readonly AddressRange[] };

export interface AddressRange {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

export class ConfigError extends Error {}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

type Env = Record<string, string | undefined>;

/** Reads the environment once; every problem is reported together so a bad deploy fails in one go. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  const port = parsePort(get('PORT') ?? '8080', problems);
  const host = get('HOST') ?? '0.0.0.0';
  const dataDir = path.resolve(cwd, get('DATA_DIR') ?? 'data');
  const databasePath = parseDatabaseUrl(get('DATABASE_URL'), dataDir, cwd, problems);
  const baseUrl = parseBaseUrl(get('BASE_URL') ?? `http://localhost:${port}`, problems);
  const trustProxy = parseTrustProxy(get('TRUST_PROXY') ?? 'false', problems);
  const logLevel = (get('LOG_LEVEL') ?? 'info').toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${get('LOG_LEVEL')}"`);
  }
  const geoipDb = get('GEOIP_DB') && path.resolve(cwd, get('GEOIP_DB')!);
  const maxConnections = parseWhole('MAX_CONNECTIONS', get('MAX_CONNECTIONS') ?? '10000', [1, 1_000_000], problems);
  const queryLimits = Object.freeze({
    timeoutMs: parseWhole('QUERY_TIMEOUT_SECONDS', get('QUERY_TIMEOUT_SECONDS') ?? '30', [1, 3_600], problems) * 1000,
    memoryMb: parseWhole('QUERY_MEMORY_MB', get('QUERY_MEMORY_MB') ?? '1024', [64, 65_536], problems),
  });

  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return Object.freeze({ port, host, dataDir, databasePath, baseUrl, trustProxy, logLevel, geoipDb, maxConnections, queryLimits });
}

function parseWhole(name: string, raw: string, [min, max]: [number, number], problems: string[]): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function parsePort(raw: string, problems: string[]): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 0 || port > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535, got "${raw}"`);
  }
  return port;
}

/** More proxies than this in a row is a typo, not a network. */
const MAX_PROXY_HOPS = 32;

function parseTrustProxy(raw: string, problems: string[]): TrustProxy {
  const value = raw.toLowerCase();
  if (['false', 'no', 'off'].includes(value)) return Object.freeze({ mode: 'off' });
  if (['true', 'yes', 'on'].includes(value)) return Object.freeze({ mode: 'hops', hops: 1 });
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops <= MAX_PROXY_HOPS) return Object.freeze(hops === 0 ? { mode: 'off' } : { mode: 'hops', hops });
    problems.push(`TRUST_PROXY counts the proxies in front, at most ${MAX_PROXY_HOPS}; got "${raw}"`);
    return Object.freeze({ mode: 'off' });
  }
  const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  const ranges = entries.map(parseAddressRange);
  const bad = entries.filter((_, i) => ranges[i] === undefined);
  if (entries.length === 0 || bad.length > 0) {
    const named = bad.length > 0 ? `; not an address or CIDR range: ${bad.map((b) => `"${b}"`).join(', ')}` : `, got "${raw}"`;
    problems.push(`TRUST_PROXY must be false, true, a number of proxies, or a comma list of proxy addresses and CIDR ranges${named}`);
    return Object.freeze({ mode: 'off' });
  }
  return Object.freeze({ mode: 'list', ranges: Object.freeze(ranges as AddressRange[]) });
}

/** `a.b.c.d`, `a.b.c.d/n`, `v6`, `v6/n`; an IPv4-mapped v6 address becomes the IPv4 address it carries, as the peer does. */
function parseAddressRange(text: string): AddressRange | undefined {
  const match = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(text);
  if (!match) return undefined;
  let address = match[1]!;
  let family = isIP(address);
  let max = family === 6 ? 128 : 32;
  let prefix = match[2] === undefined ? max : Number(match[2]);
  if (family === 6 && /^::ffff:/i.test(address) && isIP(address.slice(7)) === 4 && prefix >= 96) {
    address = address.slice(7);
    family = 4;
    max = 32;
    prefix -= 96;
  }
  if (family === 0 || prefix > max) return undefined;
  const range: AddressRange = Object.freeze({ address: address.toLowerCase(), prefix, family: family === 6 ? 'ipv6' : 'ipv4' });
  try {
    // What the collector will build from it: refused here, not at the first request.
    new BlockList().addSubnet(range.address, range.prefix, range.family);
  } catch {
    return undefined;
  }
  return range;
}

function parseBaseUrl(raw: string, problems: string[]): string {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    return url.href.replace(/\/+$/, '');
  } catch {
    problems.push(`BASE_URL must be an http(s) URL, got "${raw}"`);
    return raw;
  }
}

/** Accepts a bare path, `sqlite:path`, `sqlite://path` or `file:path`; PostgreSQL is not wired in yet. */
function parseDatabaseUrl(
  raw: string | undefined,
  dataDir: string,
  cwd: string,
  problems: string[],
): string {
  if (raw === undefined) return path.join(dataDir, 'cairn.db');
  if (/^postgres(ql)?:/i.test(raw)) {
    problems.push('DATABASE_URL: PostgreSQL is not supported yet; use a SQLite path');
    return raw;
  }
  const match = /^(?:sqlite|file):(?:\/\/)?(.*)$/i.exec(raw);
  const file = match ? match[1] : raw;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && !match) {
    problems.push(`DATABASE_URL must be a SQLite path or sqlite: URL, got "${raw}"`);
  }
  if (!file) {
    problems.push('DATABASE_URL names no file');
    return raw;
  }
  return path.resolve(cwd, file);
}
