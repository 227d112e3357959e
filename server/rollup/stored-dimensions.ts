/** The dimensions the rollup stores per day; every other breakdown is answered from raw events. */
export const STORED_DIMENSIONS = [
  'visit:entry_page', 'visit:exit_page', 'visit:source', 'visit:referrer', 'visit:channel',
  'visit:utm_medium', 'visit:utm_source', 'visit:utm_campaign', 'visit:utm_content', 'visit:utm_term',
  'visit:country', 'visit:region', 'visit:city', 'visit:device', 'visit:browser', 'visit:browser_version',
  'visit:os', 'visit:os_version', 'visit:screen', 'visit:language',
  'event:page', 'event:hostname', 'event:name', 'event:goal',
] as const;

/** Property keys stored per day, most used first; more would let a site's props flood the table. */
export const MAX_PROPERTY_KEYS = 30;

/**
 * Distinct values kept per dimension per day; the rest is summed into OTHER. A site that puts
 * ids in its URLs then costs at most this many rows a day per dimension.
 */
export const MAX_VALUES_PER_DAY = 1_000;
export const OTHER = '(other)';

/** The same cap for a month's sums of days. */
export const MAX_VALUES_PER_MONTH = 1_000;

export const TOTALS_DIM = '';
