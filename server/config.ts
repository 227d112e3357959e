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
  /** Only behind a reverse proxy may X-Forwarded-For name the client. */
  readonly trustProxy: boolean;
  readonly logLevel: LogLevel;
  /** Optional city-level MMDB; the bundled database gives countries only. */
  readonly geoipDb: string | undefined;
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
  const trustProxy = parseBoolean('TRUST_PROXY', get('TRUST_PROXY') ?? 'false', problems);
  const logLevel = (get('LOG_LEVEL') ?? 'info').toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${get('LOG_LEVEL')}"`);
  }
  const geoipDb = get('GEOIP_DB') && path.resolve(cwd, get('GEOIP_DB')!);

  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return Object.freeze({ port, host, dataDir, databasePath, baseUrl, trustProxy, logLevel, geoipDb });
}

function parsePort(raw: string, problems: string[]): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 0 || port > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535, got "${raw}"`);
  }
  return port;
}

function parseBoolean(name: string, raw: string, problems: string[]): boolean {
  const value = raw.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  problems.push(`${name} must be true or false, got "${raw}"`);
  return false;
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
