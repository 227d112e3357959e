/**
 * Every dimension a query can name, declared once: where its value comes from, whether the
 * aggregates store it, whether a query may filter on it, and how the dashboard shows it. The
 * request model, the engine, the rollup, the raw reads and the dashboard all read this table, so
 * they cannot disagree about a dimension. Pure data: the dashboard's browser bundle imports it too.
 *
 * The order is the dashboard's (the filter editor lists them so); nothing on the server depends on it.
 */

/** The dashboard panel that lists a dimension (as a tab, a drill-down or half of a pair); the filter editor groups by it. */
export type PanelId = 'sources' | 'pages' | 'locations' | 'devices' | 'goals';

/**
 * Where a dimension's value comes from. `column` is the raw event column it reads, which the
 * engine loads for it and the raw-query narrowing tests in SQL.
 * - `visit`: the column on the visit's first event (a visit has one source, one country)
 * - `event`: the event's own column
 * - `entry-page`, `exit-page`: the visit's first and last page, values of `pathname`
 * - `goal`: the site's goals the event completes (none, one or several)
 * - `time`: a site-local bucket of the event's time (of the visit's start, for visit metrics)
 */
type Source =
  | { from: 'visit' | 'event'; column: string }
  | { from: 'entry-page' | 'exit-page'; column: 'pathname' }
  | { from: 'goal' }
  | { from: 'time'; bucket: 'hour' | 'day' | 'week' | 'month' };

export type DimensionDef = Source & {
  name: string;
  /** The rollup stores it per day and month; any other breakdown is computed from raw events. */
  stored: boolean;
  /** A filter may name it; time is chosen by the date range instead. */
  filterable: boolean;
  /** Its name in the dashboard: filter editor, filter bar, the heading of its column. */
  label: string;
  /** How the dashboard shows its empty value, where that means more than "(not set)". */
  emptyLabel?: string;
  /** Its values are ISO 3166-1 alpha-2 codes: `is` filters take codes, the dashboard shows names. */
  countryCodes?: true;
  /** Where the dashboard lists it; time buckets are the main chart's. */
  panel: PanelId | null;
};

export const DIMENSIONS = [
  { name: 'visit:channel', from: 'visit', column: 'channel', stored: true, filterable: true, label: 'Channel', emptyLabel: 'Direct', panel: 'sources' },
  { name: 'visit:source', from: 'visit', column: 'referrer_source', stored: true, filterable: true, label: 'Source', emptyLabel: 'Direct / None', panel: 'sources' },
  { name: 'visit:referrer', from: 'visit', column: 'referrer_host', stored: true, filterable: true, label: 'Referrer', emptyLabel: 'Direct / None', panel: 'sources' },
  { name: 'visit:utm_medium', from: 'visit', column: 'utm_medium', stored: true, filterable: true, label: 'UTM medium', panel: 'sources' },
  { name: 'visit:utm_source', from: 'visit', column: 'utm_source', stored: true, filterable: true, label: 'UTM source', panel: 'sources' },
  { name: 'visit:utm_campaign', from: 'visit', column: 'utm_campaign', stored: true, filterable: true, label: 'UTM campaign', panel: 'sources' },
  { name: 'visit:utm_term', from: 'visit', column: 'utm_term', stored: true, filterable: true, label: 'UTM term', panel: 'sources' },
  { name: 'visit:utm_content', from: 'visit', column: 'utm_content', stored: true, filterable: true, label: 'UTM content', panel: 'sources' },
  { name: 'event:page', from: 'event', column: 'pathname', stored: true, filterable: true, label: 'Page', panel: 'pages' },
  { name: 'visit:entry_page', from: 'entry-page', column: 'pathname', stored: true, filterable: true, label: 'Entry page', panel: 'pages' },
  { name: 'visit:exit_page', from: 'exit-page', column: 'pathname', stored: true, filterable: true, label: 'Exit page', panel: 'pages' },
  { name: 'event:hostname', from: 'event', column: 'hostname', stored: true, filterable: true, label: 'Hostname', panel: 'pages' },
  { name: 'visit:country', from: 'visit', column: 'country', stored: true, filterable: true, label: 'Country', countryCodes: true, panel: 'locations' },
  { name: 'visit:region', from: 'visit', column: 'region', stored: true, filterable: true, label: 'Region', panel: 'locations' },
  { name: 'visit:city', from: 'visit', column: 'city', stored: true, filterable: true, label: 'City', panel: 'locations' },
  { name: 'visit:device', from: 'visit', column: 'device', stored: true, filterable: true, label: 'Device', panel: 'devices' },
  { name: 'visit:browser', from: 'visit', column: 'browser', stored: true, filterable: true, label: 'Browser', panel: 'devices' },
  { name: 'visit:browser_version', from: 'visit', column: 'browser_version', stored: true, filterable: true, label: 'Browser version', panel: 'devices' },
  { name: 'visit:os', from: 'visit', column: 'os', stored: true, filterable: true, label: 'Operating system', panel: 'devices' },
  { name: 'visit:os_version', from: 'visit', column: 'os_version', stored: true, filterable: true, label: 'OS version', panel: 'devices' },
  { name: 'visit:screen', from: 'visit', column: 'screen', stored: true, filterable: true, label: 'Screen size', panel: 'devices' },
  { name: 'visit:language', from: 'visit', column: 'language', stored: true, filterable: true, label: 'Language', panel: 'devices' },
  { name: 'event:goal', from: 'goal', stored: true, filterable: true, label: 'Goal', panel: 'goals' },
  { name: 'event:name', from: 'event', column: 'name', stored: true, filterable: true, label: 'Event name', panel: 'goals' },
  // Not stored as dimensions: the aggregates' daily and hourly totals are these buckets already.
  { name: 'time:hour', from: 'time', bucket: 'hour', stored: false, filterable: false, label: 'Hour', panel: null },
  { name: 'time:day', from: 'time', bucket: 'day', stored: false, filterable: false, label: 'Day', panel: null },
  { name: 'time:week', from: 'time', bucket: 'week', stored: false, filterable: false, label: 'Week', panel: null },
  { name: 'time:month', from: 'time', bucket: 'month', stored: false, filterable: false, label: 'Month', panel: null },
] as const satisfies readonly DimensionDef[];

export type DimensionEntry = (typeof DIMENSIONS)[number];
export type DimensionName = DimensionEntry['name'];
export type VisitDimension = Extract<DimensionName, `visit:${string}`>;
export type TimeDimension = Extract<DimensionName, `time:${string}`>;

// Looked up by names from requests and URLs: a Map answers only for these, never `constructor`.
const BY_NAME: ReadonlyMap<string, DimensionDef> = new Map(DIMENSIONS.map((d) => [d.name, d]));

/** The declaration of a dimension named in a request or a URL; undefined for properties and unknown names. */
export const dimensionDef = (name: string): DimensionDef | undefined => BY_NAME.get(name);
export const isDimensionName = (name: string): name is DimensionName => BY_NAME.has(name);

/** The table's names whose API prefix (`visit:`, `event:`, `time:`) is `prefix`, in table order. */
export const dimensionNames = <P extends 'visit:' | 'event:' | 'time:'>(prefix: P) =>
  DIMENSIONS.map((d) => d.name).filter((n): n is Extract<DimensionName, `${P}${string}`> => n.startsWith(prefix));

export const isFilterable = (name: string) => dimensionDef(name)?.filterable === true;

/** The site-local bucket a time dimension groups by; undefined for every other name. */
export function timeBucket(name: string): 'hour' | 'day' | 'week' | 'month' | undefined {
  const def = dimensionDef(name);
  return def?.from === 'time' ? def.bucket : undefined;
}

export const isTimeDimension = (name: unknown): name is TimeDimension => typeof name === 'string' && timeBucket(name) !== undefined;

/** Whether a dimension's values are country codes (see `countryCodes`). */
export const takesCountryCodes = (name: string) => dimensionDef(name)?.countryCodes === true;

/**
 * Custom properties are dimensions too: `event:props:<key>` reads the event's prop `key`, for any
 * key a site sends, so they are a prefix rather than rows of the table.
 */
export const PROPERTY_PREFIX = 'event:props:';
export type PropertyDimension = `${typeof PROPERTY_PREFIX}${string}`;
/** True for the bare prefix too: callers that need a key check `propertyKey(d) !== ''`. */
export const isPropertyDimension = (name: string): name is PropertyDimension => name.startsWith(PROPERTY_PREFIX);
export const propertyKey = (name: PropertyDimension): string => name.slice(PROPERTY_PREFIX.length);
export const propertyDimension = (key: string): PropertyDimension => `${PROPERTY_PREFIX}${key}`;

/** The events that are not custom events: what the tracker sends by itself. */
export const NOT_CUSTOM_EVENTS = ['pageview', 'engagement'] as const;

/**
 * The custom-events filter: the dashboard's Custom events tab sends exactly this, and the
 * aggregates store the totals under it (the base of that tab's percentages).
 */
export const CUSTOM_EVENTS = { op: 'is_not', dimension: 'event:name', values: NOT_CUSTOM_EVENTS } as const satisfies {
  op: string;
  dimension: DimensionName;
  values: readonly string[];
};
