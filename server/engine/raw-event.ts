import type { EventRow } from '../db/schema.ts';
import { DIMENSIONS, isPropertyDimension } from '../vocabulary/dimensions.ts';

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

/** What every computation reads: identity, time, the event itself and its engagement. */
const BASE_COLUMNS = ['id', 'ts', 'visitor', 'name', 'pathname', 'interactive', 'revenue_amount', 'engaged_ms', 'scroll_depth'] as const;

/**
 * The column each column-backed dimension reads (visit dimensions read it on the visit's first
 * event; entry and exit pages are values of `pathname`). A Map, so `constructor` is no dimension.
 */
export const DIMENSION_COLUMNS: ReadonlyMap<string, keyof RawEvent> = new Map(
  DIMENSIONS.flatMap((d): Array<[string, keyof RawEvent]> => ('column' in d ? [[d.name, d.column]] : [])),
);

/** The columns a query over these dimensions needs: loading 10 columns instead of 29 halves a raw scan. */
export function columnsFor(dimensions: readonly string[]): Array<keyof RawEvent> {
  const columns = new Set<keyof RawEvent>(BASE_COLUMNS);
  for (const d of dimensions) {
    const column = DIMENSION_COLUMNS.get(d);
    if (column) columns.add(column);
    if (isPropertyDimension(d)) columns.add('props');
  }
  return [...columns];
}

/** Events within [from, to): events are in time order, so two binary searches. */
export function eventsWithin(events: RawEvent[], from: number, to: number): RawEvent[] {
  return events.slice(lowerBound(events, from), lowerBound(events, to));
}

function lowerBound(events: RawEvent[], ts: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.ts < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
