/**
 * What each panel and tab asks for: its dimension(s), the metrics of the short list and of the
 * details view, and the CSV file of the export. Pure data plus `activeTab`, which swaps in the
 * drill-down list (referrers of a source) when the dashboard is filtered that way.
 */
import type { ApiFilter } from '../api/types.ts';
import { isFilterValue, type DashState } from '../state/url-state.ts';

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
export const NOT_BUILTIN: ApiFilter = ['is_not', 'event:name', ['pageview', 'engagement']];

const visitTab = (id: string, label: string, dimension: string, heading: string, file: string): TabDef => ({
  id,
  label,
  dimensions: [dimension],
  heading,
  metrics: VISIT_LIST,
  detailMetrics: VISIT_DETAILS,
  file,
});

export const PANELS: PanelDef[] = [
  {
    id: 'sources',
    title: 'Top sources',
    tabs: [
      visitTab('channels', 'Channels', 'visit:channel', 'Channel', 'channels.csv'),
      visitTab('sources', 'Sources', 'visit:source', 'Source', 'sources.csv'),
      visitTab('utm_medium', 'Medium', 'visit:utm_medium', 'UTM medium', 'utm_mediums.csv'),
      visitTab('utm_source', 'UTM source', 'visit:utm_source', 'UTM source', 'utm_sources.csv'),
      visitTab('utm_campaign', 'Campaign', 'visit:utm_campaign', 'UTM campaign', 'utm_campaigns.csv'),
      visitTab('utm_term', 'Term', 'visit:utm_term', 'UTM term', 'utm_terms.csv'),
      visitTab('utm_content', 'Content', 'visit:utm_content', 'UTM content', 'utm_contents.csv'),
    ],
  },
  {
    id: 'pages',
    title: 'Top pages',
    tabs: [
      { id: 'pages', label: 'Top pages', dimensions: ['event:page'], heading: 'Page', metrics: VISIT_LIST, detailMetrics: PAGE_DETAILS, file: 'pages.csv' },
      visitTab('entry_pages', 'Entry pages', 'visit:entry_page', 'Entry page', 'entry_pages.csv'),
      visitTab('exit_pages', 'Exit pages', 'visit:exit_page', 'Exit page', 'exit_pages.csv'),
    ],
  },
  {
    id: 'locations',
    title: 'Locations',
    tabs: [
      visitTab('countries', 'Countries', 'visit:country', 'Country', 'countries.csv'),
      visitTab('regions', 'Regions', 'visit:region', 'Region', 'regions.csv'),
      visitTab('cities', 'Cities', 'visit:city', 'City', 'cities.csv'),
    ],
  },
  {
    id: 'devices',
    title: 'Devices',
    tabs: [
      visitTab('devices', 'Devices', 'visit:device', 'Device', 'devices.csv'),
      visitTab('browsers', 'Browsers', 'visit:browser', 'Browser', 'browsers.csv'),
      { ...visitTab('browser_versions', 'Versions', 'visit:browser', 'Browser version', 'browser_versions.csv'), dimensions: ['visit:browser', 'visit:browser_version'] },
      visitTab('os', 'OS', 'visit:os', 'Operating system', 'operating_systems.csv'),
      { ...visitTab('os_versions', 'OS versions', 'visit:os', 'OS version', 'os_versions.csv'), dimensions: ['visit:os', 'visit:os_version'] },
      visitTab('screens', 'Screens', 'visit:screen', 'Screen size', 'screens.csv'),
      visitTab('languages', 'Languages', 'visit:language', 'Language', 'languages.csv'),
    ],
  },
  {
    id: 'goals',
    title: 'Goals & events',
    tabs: [
      { id: 'goals', label: 'Goals', dimensions: ['event:goal'], heading: 'Goal', metrics: ['visitors', 'events', 'conversion_rate'], detailMetrics: ['visitors', 'events', 'conversion_rate'], file: 'goals.csv' },
      { id: 'events', label: 'Custom events', dimensions: ['event:name'], heading: 'Event', metrics: EVENT_LIST, detailMetrics: EVENT_LIST, file: 'custom_events.csv', filters: [NOT_BUILTIN] },
    ],
  },
];

/** Referrers of one source: the Sources tab once the dashboard is filtered to a single source. */
export function referrersTab(source: string): TabDef {
  return { ...visitTab('referrers', 'Sources', 'visit:referrer', 'Referrer', ''), file: undefined, title: `Referrers from ${source || 'Direct / None'}` };
}

/** Export-only: every referrer with its source. */
export const REFERRERS_EXPORT: TabDef = { ...visitTab('referrers', 'Referrers', 'visit:referrer', 'Referrer', 'referrers.csv'), dimensions: ['visit:source', 'visit:referrer'] };

/** Property breakdown of one custom event. */
export function propsTab(eventName: string, key: string): TabDef {
  return {
    id: 'props',
    label: 'Properties',
    dimensions: [`event:props:${key}`],
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
