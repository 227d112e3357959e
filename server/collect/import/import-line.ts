import { isIP } from 'node:net';
import { badRequest } from '../../errors.ts';
import type { RequestContext } from '../ingest.ts';
import { parseEventPayload, type EventPayload } from '../payload.ts';

/** The collector takes 8 KB bodies; a line also carries ts, ua and ip, so allow more, but not unbounded. */
export const MAX_LINE_LENGTH = 32 * 1024;
/** Clock skew a live collector would never see; beyond it an event is a typo or a wrong unit. */
const MAX_FUTURE_MS = 5 * 60_000;
const EARLIEST = Date.UTC(2000, 0, 1);
// A zone is required: without one, Date.parse reads the time in whatever zone the importing machine is in.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;

export interface ImportLine {
  payload: EventPayload;
  ctx: RequestContext;
  /** The source never records user agents (Common Log Format): skip the bot check, which would drop every line. */
  noUserAgent?: boolean;
}

/**
 * One NDJSON line as the collector would have received it: the event fields become the
 * tracker's body for `domain` and go through the collector's own validation; `ua` and `ip`
 * stand in for the request headers. Throws AppError (400) with a reason fit to show.
 */
export function parseImportLine(text: string, domain: string, now: number): ImportLine {
  if (text.length > MAX_LINE_LENGTH) throw badRequest(`line is longer than ${MAX_LINE_LENGTH} characters`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw badRequest('not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badRequest('line must be a JSON object');
  const line = raw as Record<string, unknown>;
  const ts = parseTimestamp(line.ts, now);
  const payload = parseEventPayload({
    n: line.name ?? 'pageview',
    u: line.url,
    d: domain,
    r: line.referrer,
    p: line.props,
    w: line.w,
    $: line.revenue,
    sd: line.sd,
    e: line.e,
  });
  const ctx: RequestContext = {
    ip: parseIp(line.ip),
    userAgent: optionalString(line.ua, 'ua'),
    // Imports carry no Accept-Language (language stays '') and no DNT signal to honour.
    acceptLanguage: undefined,
    doNotTrack: false,
    ts,
  };
  return { payload, ctx };
}

/** ISO 8601 with a zone, or Unix milliseconds; from 2000 until a few minutes from now. */
export function parseTimestamp(value: unknown, now: number): number {
  let ts: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw badRequest('ts must be a finite number of milliseconds');
    ts = Math.round(value);
  } else if (typeof value === 'string') {
    const text = value.trim();
    ts = ISO_8601.test(text) ? Date.parse(text.replace(' ', 'T')) : Number.NaN;
    if (Number.isNaN(ts)) throw badRequest('ts must be ISO 8601 with a zone (2024-05-01T12:00:00Z) or Unix milliseconds');
  } else {
    throw badRequest('ts is required: an ISO 8601 string or Unix milliseconds');
  }
  if (ts < EARLIEST) {
    // A 10-digit epoch is seconds; say so rather than leave the user puzzling over 1970.
    const hint = typeof value === 'number' && value > 9e8 && value < 1e10 ? ' (seconds? ts takes milliseconds)' : '';
    throw badRequest(`ts is before 2000-01-01${hint}`);
  }
  if (ts > now + MAX_FUTURE_MS) throw badRequest('ts is in the future');
  return ts;
}

function parseIp(value: unknown): string {
  const ip = optionalString(value, 'ip').trim();
  if (ip !== '' && isIP(ip) === 0) throw badRequest('ip is not an IPv4 or IPv6 address');
  return unmapIpv4(ip);
}

/** As the collector's socket address: an IPv4 client seen through dual stack is one visitor, not two. */
export function unmapIpv4(ip: string): string {
  return ip.toLowerCase().startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}

function optionalString(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw badRequest(`${field} must be a string`);
  return value;
}
