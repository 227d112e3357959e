import type { EngineFilter } from './filter-match.ts';
import { CUSTOM_EVENTS, DIMENSIONS, type DimensionName } from '../vocabulary/dimensions.ts';

/** The dimensions the rollup stores per day; every other breakdown is answered from raw events. */
export const STORED_DIMENSIONS: readonly DimensionName[] = DIMENSIONS.filter((d) => d.stored).map((d) => d.name);

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

/**
 * The rollup's version, stored with each day it writes. Version 2 added the stored pairs and
 * the custom-event totals below; days written by an older rollup do not have them, so the query
 * engine reads raw events for those days when a query needs them.
 */
export const ROLLUP_VERSION = 2;

/**
 * Breakdowns by two dimensions the dashboard always asks for together (a browser's versions are
 * meaningless without the browser), stored as one dimension whose value joins both.
 */
export const STORED_PAIRS = [
  ['visit:browser', 'visit:browser_version'],
  ['visit:os', 'visit:os_version'],
] as const satisfies ReadonlyArray<readonly [DimensionName, DimensionName]>;
export const pairDimension = (pair: readonly string[]) => pair.join('+');
/** Joins a pair's values: browser and OS names and versions come from ua-parser, never with control characters. */
export const PAIR_SEP = '\u001f';

/**
 * Totals of the visitors, visits and events that had a custom event (any name but pageview and
 * engagement): the base of the percentages in the dashboard's custom-events tab. Visitors cannot
 * be summed over the per-name rows, since one visitor may send several names.
 */
export const CUSTOM_EVENTS_DIM = '#custom_events';

/** The filter whose totals are stored as CUSTOM_EVENTS_DIM; the planner answers exactly this filter from them. */
export const CUSTOM_EVENTS_FILTER: EngineFilter = { ...CUSTOM_EVENTS, values: [...CUSTOM_EVENTS.values], caseSensitive: true };
