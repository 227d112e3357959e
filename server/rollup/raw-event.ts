import type { EventRow } from '../db/schema.ts';

/** The columns the engine reads; loaded without id-independent extras. */
export type RawEvent = Pick<
  EventRow,
  | 'id' | 'ts' | 'visitor' | 'name' | 'hostname' | 'pathname' | 'referrer_source' | 'referrer_host'
  | 'channel' | 'utm_medium' | 'utm_source' | 'utm_campaign' | 'utm_term' | 'utm_content'
  | 'country' | 'region' | 'city' | 'browser' | 'browser_version' | 'os' | 'os_version' | 'device'
  | 'screen' | 'language' | 'props' | 'interactive' | 'revenue_amount' | 'engaged_ms' | 'scroll_depth'
>;

export const RAW_EVENT_COLUMNS = [
  'id', 'ts', 'visitor', 'name', 'hostname', 'pathname', 'referrer_source', 'referrer_host',
  'channel', 'utm_medium', 'utm_source', 'utm_campaign', 'utm_term', 'utm_content',
  'country', 'region', 'city', 'browser', 'browser_version', 'os', 'os_version', 'device',
  'screen', 'language', 'props', 'interactive', 'revenue_amount', 'engaged_ms', 'scroll_depth',
] as const satisfies readonly (keyof RawEvent)[];
