import { LIMITS } from '../vocabulary/event-limits.ts';
import { badRequest } from '../errors.ts';
import { emptyProps, type Props } from '../props.ts';

/** A validated event as the client sent it, before enrichment. */
export interface EventPayload {
  name: string;
  url: URL;
  domains: string[];
  referrer: string | undefined;
  props: Props | null;
  revenue: { currency: string; amount: number } | null;
  interactive: boolean | undefined;
  keepHash: boolean;
  width: number | undefined;
  scrollDepth: number | undefined;
  engagedMs: number | undefined;
}


type Json = Record<string, unknown>;

/** Plausible's Events API format, long or short keys, plus Cairn's `w`, `sd` and `e`. */
export function parseEventPayload(body: unknown): EventPayload {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('body must be a JSON object');
  }
  const b = body as Json;
  const pick = (long: string, short: string) => (b[long] !== undefined ? b[long] : b[short]);

  const name = requireString(pick('name', 'n'), 'name', LIMITS.nameLength);
  const url = parseUrl(requireString(pick('url', 'u'), 'url', LIMITS.urlLength));
  const domains = parseDomains(requireString(pick('domain', 'd'), 'domain', 1_000));
  const referrer = optionalString(pick('referrer', 'r'), 'referrer', LIMITS.urlLength);
  const isEngagement = name === 'engagement';
  return {
    name,
    url,
    domains,
    referrer: referrer || undefined,
    props: parseProps(pick('props', 'p')),
    revenue: parseRevenue(pick('revenue', '$')),
    interactive: optionalBoolean(pick('interactive', 'i'), 'interactive'),
    keepHash: optionalBoolean(pick('hash', 'h'), 'h') ?? false,
    width: optionalInteger(b.w, 'w', 0, 100_000),
    scrollDepth: isEngagement ? optionalInteger(b.sd, 'sd', 0, 100) : undefined,
    engagedMs: isEngagement ? optionalInteger(b.e, 'e', 0, LIMITS.engagedMs) : undefined,
  };
}

function requireString(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw badRequest(`${field} is required and must be a string`);
  if (value.length > max) throw badRequest(`${field} is longer than ${max} characters`);
  return value.trim();
}

function optionalString(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`${field} must be a string`);
  if (value.length > max) throw badRequest(`${field} is longer than ${max} characters`);
  return value;
}

function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  throw badRequest(`${field} must be a boolean`);
}

function optionalInteger(value: unknown, field: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max) {
    throw badRequest(`${field} must be a number from ${min} to ${max}`);
  }
  return Math.round(n);
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest('url is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest('url must be http or https');
  return url;
}

function parseDomains(raw: string): string[] {
  // Nearly every event names one domain: skip the split, the Set and the list walk.
  if (!raw.includes(',')) return [raw.trim().toLowerCase()];
  const domains = [...new Set(raw.split(',').map((d) => d.trim().toLowerCase()).filter(Boolean))];
  if (domains.length === 0) throw badRequest('domain is required');
  if (domains.length > LIMITS.domains) throw badRequest(`domain lists at most ${LIMITS.domains} sites`);
  return domains;
}

function parseProps(value: unknown): Props | null {
  if (value === undefined || value === null) return null;
  // Plausible clients sometimes send props as a JSON string.
  const parsed = typeof value === 'string' ? safeJson(value) : value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('props must be an object');
  }
  const entries = Object.entries(parsed);
  if (entries.length > LIMITS.props) throw badRequest(`props has more than ${LIMITS.props} pairs`);
  // Keys are the sender's: on a plain object, `__proto__` would set the prototype and be lost.
  const props = emptyProps();
  for (const [key, raw] of entries) {
    if (raw === null || raw === undefined) continue;
    if (!['string', 'number', 'boolean'].includes(typeof raw)) {
      throw badRequest(`props.${key.slice(0, 50)} must be a string, number or boolean`);
    }
    const text = String(raw);
    if (key === '' || key.length > LIMITS.propKeyLength) {
      throw badRequest(`a props key is empty or longer than ${LIMITS.propKeyLength} characters`);
    }
    if (text.length > LIMITS.propValueLength) {
      throw badRequest(`props.${key.slice(0, 50)} is longer than ${LIMITS.propValueLength} characters`);
    }
    if (text !== '') props[key] = text;
  }
  return Object.keys(props).length > 0 ? props : null;
}

function parseRevenue(value: unknown): EventPayload['revenue'] {
  if (value === undefined || value === null) return null;
  const parsed = typeof value === 'string' ? safeJson(value) : value;
  const r = parsed as { currency?: unknown; amount?: unknown } | null;
  if (typeof r !== 'object' || r === null) throw badRequest('revenue must be {currency, amount}');
  const currency = typeof r.currency === 'string' ? r.currency.trim().toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(currency)) throw badRequest('revenue.currency must be an ISO 4217 code such as EUR');
  const amount = typeof r.amount === 'string' && r.amount.trim() !== '' ? Number(r.amount) : r.amount;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || Math.abs(amount) > 1e12) {
    throw badRequest('revenue.amount must be a number');
  }
  return { currency, amount };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
