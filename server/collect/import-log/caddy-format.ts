import { badRequest } from '../../errors.ts';
import { parseTimestamp } from '../import/import-line.ts';
import { checkTime, type LogEntry, type NotAnEntry } from './log-entry.ts';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One line of Caddy's JSON access log (`log` directive, logger `http.log.access…`). Lines from
 * Caddy's other loggers (TLS, the admin API) are passed over, not rejected.
 */
export function parseCaddyLine(text: string, now: number): LogEntry | NotAnEntry {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    throw badRequest('not valid JSON (caddy-json takes one JSON object per line, as Caddy writes them)');
  }
  if (!isObject(line)) throw badRequest('line must be a JSON object');
  const { logger, request } = line;
  if (typeof logger === 'string' ? !logger.startsWith('http.log.access') : !isObject(request)) return { skip: 'not_access_log' };
  if (!isObject(request)) throw badRequest('request must be an object');
  const headers = isObject(request.headers) ? request.headers : {};
  const respHeaders = isObject(line.resp_headers) ? line.resp_headers : {};
  const status = line.status;
  if (typeof status !== 'number' || !Number.isInteger(status)) throw badRequest('status must be an integer');
  return {
    ip: clientIp(request),
    ts: caddyTime(line.ts, now),
    method: requiredString(request.method, 'request.method').toUpperCase(),
    target: requiredString(request.uri, 'request.uri'),
    status,
    referrer: header(headers, 'Referer') ?? '',
    userAgent: header(headers, 'User-Agent') ?? '',
    acceptLanguage: header(headers, 'Accept-Language'),
    // As the collector reads them (client.ts); Go writes header names as Dnt and Sec-Gpc.
    doNotTrack: header(headers, 'Dnt') === '1' || header(headers, 'Sec-Gpc') === '1',
    host: typeof request.host === 'string' ? request.host : undefined,
    contentType: header(respHeaders, 'Content-Type'),
  };
}

/** `client_ip` is the client behind trusted proxies (Caddy 2.7+); `remote_ip` the peer; `remote_addr` (older) has a port. */
function clientIp(request: Json): string {
  for (const field of ['client_ip', 'remote_ip'] as const) {
    const value = request[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  const addr = request.remote_addr;
  if (typeof addr !== 'string') return '';
  return /^\[(.*)\]:\d+$/.exec(addr)?.[1] ?? /^([^:]*):\d+$/.exec(addr)?.[1] ?? addr;
}

/**
 * Caddy writes `ts` as float seconds by default; its `time_format` option can make it
 * milliseconds, nanoseconds or an ISO 8601 / RFC 3339 string. Numbers are told apart by size.
 */
function caddyTime(value: unknown, now: number): number {
  if (typeof value === 'string') return parseTimestamp(value, now);
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badRequest('ts is required: Unix seconds (or an ISO 8601 string)');
  const ms = value < 1e11 ? value * 1000 : value < 1e14 ? value : value / 1e6;
  return checkTime(Math.round(ms), `ts ${value}`, now);
}

/** Caddy logs each header as an array of values; the first is the one that counts. */
function header(headers: Json, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw badRequest(`${field} is required and must be a string`);
  return value;
}
