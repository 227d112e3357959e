import type { Generated, Insertable, Selectable } from 'kysely';

/** Table types, one interface per table; kysely checks every query against them. */
export interface Schema {
  sites: SitesTable;
  events: EventsTable;
  salts: SaltsTable;
}

export interface SitesTable {
  id: Generated<number>;
  domain: string;
  timezone: string;
  /** JSON array of extra hostname patterns (`*.example.org`) allowed to send events. */
  hostnames: string;
  /** JSON array of CIDR ranges whose events are dropped. */
  excluded_ips: Generated<string>;
  /** JSON array of path patterns (`/admin/**`) whose events are dropped. */
  excluded_paths: Generated<string>;
  honor_dnt: Generated<number>;
  created_at: number;
}

/**
 * Raw events. Text dimensions are '' when unknown so aggregates never juggle NULLs.
 * No client address, user agent, query string or full referrer is ever stored.
 */
export interface EventsTable {
  id: Generated<number>;
  site_id: number;
  /** Unix milliseconds. */
  ts: number;
  /** Keyed hash of (daily salt, site, address, user agent), 52 bits. */
  visitor: number;
  name: string;
  hostname: string;
  pathname: string;
  referrer_source: string;
  referrer_host: string;
  utm_medium: string;
  utm_source: string;
  utm_campaign: string;
  utm_term: string;
  utm_content: string;
  country: string;
  region: string;
  city: string;
  browser: string;
  browser_version: string;
  os: string;
  os_version: string;
  device: string;
  screen: string;
  language: string;
  /** JSON object of string values, or null. */
  props: string | null;
  interactive: number;
  revenue_amount: number | null;
  revenue_currency: string | null;
  engaged_ms: number | null;
  scroll_depth: number | null;
}

export interface SaltsTable {
  /** The site-local calendar day the salt serves, `YYYY-MM-DD`. */
  day: string;
  salt: Uint8Array;
  created_at: number;
}

export type Site = Selectable<SitesTable>;
export type NewEvent = Insertable<EventsTable>;
export type EventRow = Selectable<EventsTable>;
