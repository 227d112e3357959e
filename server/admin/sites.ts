import { BlockList, isIP } from 'node:net';
import type { Kysely } from 'kysely';
import type { Schema, Site } from '../db/schema.ts';
import { badRequest } from '../errors.ts';
import { MAX_PATH_PATTERN_LENGTH } from '../utils/path-pattern.ts';
import { findSiteByDomain, insertSite, updateSite } from './sites.queries.ts';

/** `https://WWW.Example.com/path` → `www.example.com`; punycode for IDNs; rejects what is not a host name. */
export function normalizeDomain(input: string): string {
  const raw = input.trim().toLowerCase();
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(raw) ? raw : `http://${raw}`).hostname;
  } catch {
    throw badRequest(`"${input}" is not a valid domain`, 'invalid_domain');
  }
  if (!host || host.length > 253 || !/^[a-z0-9.-]+$/.test(host) || host.startsWith('.') || host.endsWith('.')) {
    throw badRequest(`"${input}" is not a valid domain`, 'invalid_domain');
  }
  return host;
}

export function validateTimezone(timezone: string): string {
  try {
    // Canonicalises the case ("europe/berlin" → "Europe/Berlin") and rejects unknown zones.
    return new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    throw badRequest(`"${timezone}" is not an IANA time zone such as Europe/Berlin`, 'invalid_timezone');
  }
}

/** `*.example.org`, `shop.example.org`, or `localhost`. */
export function validateHostnamePattern(pattern: string): string {
  const value = pattern.trim().toLowerCase();
  if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(value)) {
    throw badRequest(`"${pattern}" is not a hostname or *.hostname pattern`, 'invalid_hostname');
  }
  return value;
}

export function validateCidr(range: string): string {
  const [address, bits, extra] = range.trim().split('/');
  const family = isIP(address ?? '');
  const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
  const max = family === 6 ? 128 : 32;
  if (!family || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    throw badRequest(`"${range}" is not an IP address or CIDR range`, 'invalid_cidr');
  }
  new BlockList().addSubnet(address!, prefix, family === 6 ? 'ipv6' : 'ipv4');
  return `${address}/${prefix}`;
}

/** `/admin/**`, `/blog/*`; matching costs up to path length × pattern length per event, hence the cap. */
export function validatePathPattern(pattern: string): string {
  const value = pattern.trim();
  if (value.length > MAX_PATH_PATTERN_LENGTH) {
    throw badRequest(`path pattern "${value.slice(0, 40)}..." is longer than ${MAX_PATH_PATTERN_LENGTH} characters`, 'invalid_path');
  }
  if (!value.startsWith('/')) throw badRequest(`"${pattern}" must be a path pattern starting with /`, 'invalid_path');
  return value;
}

export async function addSite(
  db: Kysely<Schema>,
  input: { domain: string; timezone?: string; hostnames?: string[] },
): Promise<Site> {
  const domain = normalizeDomain(input.domain);
  const timezone = validateTimezone(input.timezone ?? 'UTC');
  const hostnames = (input.hostnames ?? []).map(validateHostnamePattern);
  if (await findSiteByDomain(db, domain)) {
    throw badRequest(`site ${domain} already exists`, 'site_exists');
  }
  return insertSite(db, { domain, timezone, hostnames });
}

export interface SiteChanges {
  timezone?: string;
  hostnames?: string[];
  excludedIps?: string[];
  excludedPaths?: string[];
  honorDnt?: boolean;
  /** Days raw events are kept, 0..3650 (0: until their day is rolled up). */
  rawRetentionDays?: number;
  /** Months aggregates are kept, 0..1200 (0: forever). */
  aggregateRetentionMonths?: number;
}

export async function changeSite(db: Kysely<Schema>, domain: string, changes: SiteChanges): Promise<Site> {
  const site = await findSiteByDomain(db, normalizeDomain(domain));
  if (!site) throw badRequest(`no site ${domain}`, 'unknown_site');
  await updateSite(db, site.id, {
    timezone: changes.timezone === undefined ? undefined : validateTimezone(changes.timezone),
    hostnames: json(changes.hostnames?.map(validateHostnamePattern)),
    excluded_ips: json(changes.excludedIps?.map(validateCidr)),
    excluded_paths: json(changes.excludedPaths?.map(validatePathPattern)),
    honor_dnt: changes.honorDnt === undefined ? undefined : Number(changes.honorDnt),
    raw_retention_days: retention(changes.rawRetentionDays, 'raw retention days', 3650),
    aggregate_retention_months: retention(changes.aggregateRetentionMonths, 'aggregate retention months', 1200),
  });
  return (await findSiteByDomain(db, site.domain))!;
}

/** Whole numbers only: a fractional day or month would be rounded silently by the purge job. */
function retention(value: number | undefined, label: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw badRequest(`${label} must be a whole number from 0 to ${max}, not ${value}`, 'invalid_retention');
  }
  return value;
}

const json = (list: string[] | undefined) => (list === undefined ? undefined : JSON.stringify(list));
