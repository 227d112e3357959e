import type { Generated, Insertable, Selectable } from 'kysely';

/** Table types, one interface per table; kysely checks every query against them. */
export interface Schema {
  sites: SitesTable;
  events: EventsTable;
  salts: SaltsTable;
  agg_daily: AggDailyTable;
  agg_monthly: AggMonthlyTable;
  agg_hourly: AggHourlyTable;
  rollup_days: RollupDaysTable;
  rollup_months: RollupMonthsTable;
  rollup_state: RollupStateTable;
  rollup_failures: RollupFailuresTable;
  locks: LocksTable;
  goals: GoalsTable;
  api_keys: ApiKeysTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  instance_state: InstanceStateTable;
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
  /** Raw events are kept this many days; 0 keeps them only until their day is rolled up. */
  raw_retention_days: Generated<number>;
  /** Aggregates are kept this many months; 0 keeps them forever. */
  aggregate_retention_months: Generated<number>;
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
  /** Acquisition channel derived at ingest from source and UTM medium. */
  channel: Generated<string>;
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

/** The additive components every aggregate row carries; metrics are computed from them. */
export interface MetricColumns {
  visitors: number;
  visits: number;
  pageviews: number;
  events: number;
  bounces: number;
  duration_ms: number;
  engaged_ms: number;
  engaged_views: number;
  scroll_sum: number;
  scroll_views: number;
  revenue: number;
}

export interface AggDailyTable extends MetricColumns {
  site_id: number;
  dim: string;
  /** Site-local `YYYY-MM-DD`. */
  day: string;
  value: string;
}

export interface AggMonthlyTable extends MetricColumns {
  site_id: number;
  dim: string;
  /** Site-local `YYYY-MM`. */
  month: string;
  value: string;
}

export interface AggHourlyTable extends MetricColumns {
  site_id: number;
  /** Site-local `YYYY-MM-DDTHH`. */
  hour: string;
}

export interface RollupDaysTable {
  site_id: number;
  day: string;
  max_event_id: number;
  rolled_at: number;
  raw_purged: Generated<number>;
  /** ROLLUP_VERSION of the rollup that wrote the day (server/rollup/stored-dimensions.ts). */
  version: Generated<number>;
}

/** Which rolled days a month's agg_monthly rows sum: `days` of them, the oldest written by `version`. */
export interface RollupMonthsTable {
  site_id: number;
  month: string;
  days: number;
  version: number;
}

export interface RollupStateTable {
  site_id: number;
  last_event_id: number;
  goals_hash: Generated<string>;
}

/** A day (YYYY-MM-DD) or month (YYYY-MM) the rollup failed to write, retried from `retry_at` on (migration 0005). */
export interface RollupFailuresTable {
  site_id: number;
  day: string;
  error: string;
  attempts: number;
  failed_at: number;
  retry_at: number;
}

export interface LocksTable {
  name: string;
  owner: string;
  expires_at: number;
}

export interface GoalsTable {
  id: Generated<number>;
  site_id: number;
  kind: 'page' | 'event';
  /** Shown in reports and used as the `event:goal` value. */
  name: string;
  /** A path pattern (`/signup/**`) for page goals, an event name for event goals. */
  pattern: string;
  created_at: number;
}

export interface ApiKeysTable {
  id: Generated<number>;
  /** The key's first characters, stored in clear to find it and to show it. */
  prefix: string;
  /** SHA-256 of the whole key; the key itself is shown once and never stored. */
  key_hash: string;
  /** null: every site. */
  site_id: number | null;
  scope: 'read' | 'write' | 'admin';
  name: string;
  created_at: number;
  last_used_at: number | null;
}

export type Goal = Selectable<GoalsTable>;
export type ApiKey = Selectable<ApiKeysTable>;

export interface UsersTable {
  id: Generated<number>;
  /** Always lower-cased. */
  email: string;
  /** `scrypt$N$r$p$salt_b64$hash_b64`. */
  password_hash: string;
  created_at: number;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the random token; the token itself lives only in the cookie. */
  id_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}

/** Sign-in attempts that have not succeeded, per email and per client address (migration 0006; see server/auth/login-throttle.ts). */
export interface LoginThrottleTable {
  /** `email:<email>` or `addr:<SHA-256 hex>`: an address is never stored in clear. */
  key: string;
  attempts: number;
  window_started_at: number;
  /** 0 when not locked. */
  locked_until: Generated<number>;
}

export type User = Selectable<UsersTable>;

/** Shared counters (migration 0007): see server/db/instance-state.queries.ts. */
export interface InstanceStateTable {
  key: string;
  value: number;
}
