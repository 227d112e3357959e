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

/** What every computation reads: identity, time, the event itself and its engagement. */
const BASE_COLUMNS = ['id', 'ts', 'visitor', 'name', 'pathname', 'interactive', 'revenue_amount', 'engaged_ms', 'scroll_depth'] as const;

/** The column each column-backed dimension reads (visit dimensions read it on the visit's first event). */
export const DIMENSION_COLUMNS: Record<string, keyof RawEvent> = {
  'visit:source': 'referrer_source',
  'visit:referrer': 'referrer_host',
  'visit:channel': 'channel',
  'visit:utm_medium': 'utm_medium',
  'visit:utm_source': 'utm_source',
  'visit:utm_campaign': 'utm_campaign',
  'visit:utm_content': 'utm_content',
  'visit:utm_term': 'utm_term',
  'visit:country': 'country',
  'visit:region': 'region',
  'visit:city': 'city',
  'visit:device': 'device',
  'visit:browser': 'browser',
  'visit:browser_version': 'browser_version',
  'visit:os': 'os',
  'visit:os_version': 'os_version',
  'visit:screen': 'screen',
  'visit:language': 'language',
  'event:hostname': 'hostname',
};

/** The column a dimension reads, if it is one of DIMENSION_COLUMNS' own keys (not `constructor` or `toString`). */
const columnOf = (dimension: string): keyof RawEvent | undefined =>
  Object.hasOwn(DIMENSION_COLUMNS, dimension) ? DIMENSION_COLUMNS[dimension] : undefined;

/** The columns a query over these dimensions needs: loading 10 columns instead of 29 halves a raw scan. */
export function columnsFor(dimensions: readonly string[]): Array<keyof RawEvent> {
  const columns = new Set<keyof RawEvent>(BASE_COLUMNS);
  for (const d of dimensions) {
    const column = columnOf(d);
    if (column) columns.add(column);
    if (d.startsWith('event:props:')) columns.add('props');
  }
  return [...columns];
}
