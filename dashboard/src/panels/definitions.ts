/**
 * What each panel and tab asks for: its dimension(s), the metrics of the short list and of the
 * details view, and the CSV file of the export. Pure data plus `activeTab`, which swaps in the
 * drill-down list (referrers of a source) when the dashboard is filtered that way.
 */
import type { ApiFilter } from '../api/types.ts';
import { isFilterValue, type DashState } from '../state/url-state.ts';
import { dimensionLabel } from '../state/dimensions.ts';
import { valueLabel } from '../format.ts';
import { CUSTOM_EVENTS, propertyDimension, type DimensionName } from '../../../server/vocabulary/dimensions.ts';

export interface TabDef {
  id: string;
  label: string;
  dimensions: string[];
  /** Column heading for the value. */
  heading: string;
  metrics: string[];
  detailMetrics: string[];
  /** Export file; none for drill-downs already covered by another file. */
  file?: string;
  /** Extra filters this tab always applies. */
  filters?: ApiFilter[];
  /** Heading shown above the list instead of the tab's own (drill-downs). */
  title?: string;
}

export interface PanelDef {
  id: string;
  title: string;
  tabs: TabDef[];
}

const VISIT_LIST = ['visitors', 'percentage'];
const VISIT_DETAILS = ['visitors', 'percentage', 'visits', 'bounce_rate', 'visit_duration'];
const PAGE_DETAILS = ['visitors', 'percentage', 'visits', 'pageviews', 'bounce_rate', 'time_on_page', 'scroll_depth'];
const EVENT_LIST = ['visitors', 'events', 'percentage'];
/** Custom events only: page views and engagement reports have their own panels. */
export const NOT_BUILTIN: ApiFilter = [CUSTOM_EVENTS.op, CUSTOM_EVENTS.dimension, [...CUSTOM_EVENTS.values]];

const visitTab = (id: string, label: string, dimensions: DimensionName[], file: string): TabDef => ({
  id,
  label,
  dimensions,
  // The value column shows the last dimension (a browser's versions, a source's referrers).
  heading: dimensionLabel(dimensions[dimensions.length - 1]),
  metrics: VISIT_LIST,
  detailMetrics: VISIT_DETAILS,
  file,
});

/** Custom events by name; the Properties breakdown picks its events from this tab's list. */
export const CUSTOM_EVENTS_TAB: TabDef = {
  id: 'events',
  label: 'Custom events',
  dimensions: ['event:name'],
  heading: 'Event',
  metrics: EVENT_LIST,
  detailMetrics: EVENT_LIST,
  file: 'custom_events.csv',
  filters: [NOT_BUILTIN],
};

export const PANELS: PanelDef[] = [
  {
    id: 'sources',
    title: 'Top sources',
    tabs: [
      visitTab('channels', 'Channels', ['visit:channel'], 'channels.csv'),
      visitTab('sources', 'Sources', ['visit:source'], 'sources.csv'),
      visitTab('utm_medium', 'Medium', ['visit:utm_medium'], 'utm_mediums.csv'),
      visitTab('utm_source', 'UTM source', ['visit:utm_source'], 'utm_sources.csv'),
      visitTab('utm_campaign', 'Campaign', ['visit:utm_campaign'], 'utm_campaigns.csv'),
      visitTab('utm_term', 'Term', ['visit:utm_term'], 'utm_terms.csv'),
      visitTab('utm_content', 'Content', ['visit:utm_content'], 'utm_contents.csv'),
    ],
  },
  {
    id: 'pages',
    title: 'Top pages',
    tabs: [
      { id: 'pages', label: 'Top pages', dimensions: ['event:page'], heading: dimensionLabel('event:page'), metrics: VISIT_LIST, detailMetrics: PAGE_DETAILS, file: 'pages.csv' },
      visitTab('entry_pages', 'Entry pages', ['visit:entry_page'], 'entry_pages.csv'),
      visitTab('exit_pages', 'Exit pages', ['visit:exit_page'], 'exit_pages.csv'),
    ],
  },
  {
    id: 'locations',
    title: 'Locations',
    tabs: [
      visitTab('countries', 'Countries', ['visit:country'], 'countries.csv'),
      visitTab('regions', 'Regions', ['visit:region'], 'regions.csv'),
      visitTab('cities', 'Cities', ['visit:city'], 'cities.csv'),
    ],
  },
  {
    id: 'devices',
    title: 'Devices',
    tabs: [
      visitTab('devices', 'Devices', ['visit:device'], 'devices.csv'),
      visitTab('browsers', 'Browsers', ['visit:browser'], 'browsers.csv'),
      visitTab('browser_versions', 'Versions', ['visit:browser', 'visit:browser_version'], 'browser_versions.csv'),
      visitTab('os', 'OS', ['visit:os'], 'operating_systems.csv'),
      visitTab('os_versions', 'OS versions', ['visit:os', 'visit:os_version'], 'os_versions.csv'),
      visitTab('screens', 'Screens', ['visit:screen'], 'screens.csv'),
      visitTab('languages', 'Languages', ['visit:language'], 'languages.csv'),
    ],
  },
  {
    id: 'goals',
    title: 'Goals & events',
    tabs: [
      { id: 'goals', label: 'Goals', dimensions: ['event:goal'], heading: dimensionLabel('event:goal'), metrics: ['visitors', 'events', 'conversion_rate'], detailMetrics: ['visitors', 'events', 'conversion_rate'], file: 'goals.csv' },
      CUSTOM_EVENTS_TAB,
    ],
  },
];

/** Referrers of one source: the Sources tab once the dashboard is filtered to a single source. */
export function referrersTab(source: string): TabDef {
  return { ...visitTab('referrers', 'Sources', ['visit:referrer'], ''), file: undefined, title: `Referrers from ${valueLabel('visit:source', source)}` };
}

/** Export-only: every referrer with its source. */
export const REFERRERS_EXPORT: TabDef = visitTab('referrers', 'Referrers', ['visit:source', 'visit:referrer'], 'referrers.csv');

/** Property breakdown of one custom event. */
export function propsTab(eventName: string, key: string): TabDef {
  return {
    id: 'props',
    label: 'Properties',
    dimensions: [propertyDimension(key)],
    heading: key,
    metrics: EVENT_LIST,
    detailMetrics: EVENT_LIST,
    filters: [['is', 'event:name', [eventName]]],
    title: `${eventName}: ${key}`,
  };
}

/** The tab as it should show now: Sources drills down to referrers when one source is selected. */
export function activeTab(tab: TabDef, state: DashState): TabDef {
  if (tab.id === 'sources') {
    const source = isFilterValue(state, 'visit:source');
    if (source !== undefined) return referrersTab(source);
  }
  return tab;
}

export const ALL_TABS = PANELS.flatMap((p) => p.tabs);
