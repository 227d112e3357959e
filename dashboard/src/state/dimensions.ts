/** The dimensions a person can filter by, with the names the dashboard shows for them. */

export const DIMENSION_LABELS: Record<string, string> = {
  'visit:channel': 'Channel',
  'visit:source': 'Source',
  'visit:referrer': 'Referrer',
  'visit:utm_medium': 'UTM medium',
  'visit:utm_source': 'UTM source',
  'visit:utm_campaign': 'UTM campaign',
  'visit:utm_term': 'UTM term',
  'visit:utm_content': 'UTM content',
  'event:page': 'Page',
  'visit:entry_page': 'Entry page',
  'visit:exit_page': 'Exit page',
  'event:hostname': 'Hostname',
  'visit:country': 'Country',
  'visit:region': 'Region',
  'visit:city': 'City',
  'visit:device': 'Device',
  'visit:browser': 'Browser',
  'visit:browser_version': 'Browser version',
  'visit:os': 'Operating system',
  'visit:os_version': 'OS version',
  'visit:screen': 'Screen size',
  'visit:language': 'Language',
  'event:goal': 'Goal',
  'event:name': 'Event name',
};

export const FILTER_DIMENSIONS = Object.keys(DIMENSION_LABELS);

export const PROPS_PREFIX = 'event:props:';

export const isFilterDimension = (dimension: string) =>
  FILTER_DIMENSIONS.includes(dimension) ||
  (dimension.startsWith(PROPS_PREFIX) && dimension.length > PROPS_PREFIX.length && dimension.length <= PROPS_PREFIX.length + 300);

// Looked up by name from the URL: a Map answers only for these names, never `constructor`.
const LABELS = new Map(Object.entries(DIMENSION_LABELS));

export function dimensionLabel(dimension: string): string {
  if (dimension.startsWith(PROPS_PREFIX)) return `Property ${dimension.slice(PROPS_PREFIX.length)}`;
  return LABELS.get(dimension) ?? dimension;
}

export type FilterOp = 'is' | 'is_not' | 'contains' | 'contains_not';
export const FILTER_OPS: FilterOp[] = ['is', 'is_not', 'contains', 'contains_not'];
export const OP_LABELS: Record<FilterOp, string> = {
  is: 'is',
  is_not: 'is not',
  contains: 'contains',
  contains_not: 'does not contain',
};

/** Operators the server accepts for a dimension (goals are names: only is / contains). */
export const opsFor = (dimension: string): FilterOp[] => (dimension === 'event:goal' ? ['is', 'contains'] : FILTER_OPS);

export interface FilterSpec {
  dimension: string;
  op: FilterOp;
  value: string;
}

/** Why the server would refuse this filter, in words for the filter editor; null when fine. */
export function filterProblem(f: FilterSpec): string | null {
  if (!isFilterDimension(f.dimension)) return 'Choose what to filter by.';
  if (!opsFor(f.dimension).includes(f.op)) return `${dimensionLabel(f.dimension)} can only be filtered with “is” or “contains”.`;
  if (f.value.length > 2000) return 'The value is longer than 2,000 characters.';
  if (f.dimension === 'visit:country' && (f.op === 'is' || f.op === 'is_not') && !/^[A-Za-z]{2}$/.test(f.value)) {
    return 'Use a two-letter country code such as DE or US.';
  }
  if ((f.op === 'contains' || f.op === 'contains_not') && f.value === '') return 'Type the text to look for.';
  return null;
}
