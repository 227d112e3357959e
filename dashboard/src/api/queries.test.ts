import { describe, expect, it } from 'vitest';
import { PANELS } from '../panels/definitions.ts';
import { DEFAULT_STATE, type DashState } from '../state/url-state.ts';
import { apiFilters, chartMetric, currentVisitorsQuery, exportQueries, panelQuery, timeseriesQuery, topStatsMetrics, topStatsQuery, type QueryContext } from './queries.ts';

const TODAY = '2025-10-15';
const ctx = (state: Partial<DashState> = {}): QueryContext => ({ site: 'example.com', today: TODAY, state: { ...DEFAULT_STATE, ...state } });
const tab = (panel: string, id: string) => PANELS.find((p) => p.id === panel)!.tabs.find((t) => t.id === id)!;

describe('query builders', () => {
  it('turns filters into the API form; contains ignores case', () => {
    expect(
      apiFilters([
        { dimension: 'visit:source', op: 'is', value: 'Google' },
        { dimension: 'event:page', op: 'contains_not', value: '/Admin' },
      ]),
    ).toEqual([
      ['is', 'visit:source', ['Google']],
      ['contains_not', 'event:page', ['/Admin'], { case_sensitive: false }],
    ]);
  });

  it('builds the top stats with comparison', () => {
    expect(topStatsQuery(ctx({ compare: 'year_over_year' }))).toEqual({
      site_id: 'example.com',
      date_range: '30d',
      metrics: ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration'],
      include: { comparisons: { mode: 'year_over_year' } },
    });
    expect(topStatsQuery(ctx()).include).toBeUndefined();
  });

  it('swaps metrics the server refuses with a page filter, adds conversion rate for goals', () => {
    const page = [{ dimension: 'event:page', op: 'is' as const, value: '/' }];
    expect(topStatsMetrics(page)).not.toContain('views_per_visit');
    expect(topStatsMetrics(page)).toContain('time_on_page');
    expect(topStatsMetrics([{ dimension: 'event:goal', op: 'is', value: 'Signup' }])).toContain('conversion_rate');
    expect(chartMetric({ ...DEFAULT_STATE, metric: 'views_per_visit', filters: page })).toBe('visitors');
    expect(chartMetric({ ...DEFAULT_STATE, metric: 'bounce_rate' })).toBe('bounce_rate');
  });

  it('asks for a time series over explicit days with the filters', () => {
    const q = timeseriesQuery(ctx({ filters: [{ dimension: 'visit:country', op: 'is', value: 'DE' }] }), 'visits', 'time:day', ['2025-09-15', '2025-10-14']);
    expect(q).toEqual({
      site_id: 'example.com',
      date_range: ['2025-09-15', '2025-10-14'],
      filters: [['is', 'visit:country', ['DE']]],
      metrics: ['visits'],
      dimensions: ['time:day'],
    });
  });

  it('builds panel lists, details and drill-downs', () => {
    expect(panelQuery(ctx(), tab('sources', 'sources'))).toEqual({
      site_id: 'example.com',
      date_range: '30d',
      metrics: ['visitors', 'percentage'],
      dimensions: ['visit:source'],
      pagination: { limit: 9 },
    });
    const drilled = panelQuery(ctx({ filters: [{ dimension: 'visit:source', op: 'is', value: 'Google' }] }), tab('sources', 'sources'), { details: true, search: 'www' });
    expect(drilled.dimensions).toEqual(['visit:referrer']);
    expect(drilled.filters).toEqual([
      ['is', 'visit:source', ['Google']],
      ['contains', 'visit:referrer', ['www'], { case_sensitive: false }],
    ]);
    expect(drilled.pagination).toEqual({ limit: 100 });
    expect(drilled.include).toEqual({ total_rows: true });
    expect(panelQuery(ctx(), tab('goals', 'events')).filters).toEqual([['is_not', 'event:name', ['pageview', 'engagement']]]);
    expect(panelQuery(ctx(), tab('pages', 'pages'), { details: true }).metrics).toContain('scroll_depth');
  });

  it('uses realtime metrics in the realtime view', () => {
    const q = panelQuery(ctx({ period: 'realtime' }), tab('pages', 'pages'), { limit: 10 });
    expect(q).toMatchObject({ date_range: 'realtime', metrics: ['visitors'], dimensions: ['event:page'] });
    expect(currentVisitorsQuery('example.com')).toEqual({ site_id: 'example.com', date_range: 'realtime', metrics: ['visitors'] });
  });

  it('exports every tab once, with the time series first', () => {
    const items = exportQueries(ctx({ period: '7d' }), 'time:day', true);
    const files = items.map((i) => i.file);
    expect(files[0]).toBe('visitors.csv');
    expect(new Set(files).size).toBe(files.length);
    for (const f of ['sources.csv', 'channels.csv', 'referrers.csv', 'pages.csv', 'entry_pages.csv', 'exit_pages.csv', 'countries.csv', 'regions.csv', 'cities.csv', 'browsers.csv', 'browser_versions.csv', 'operating_systems.csv', 'os_versions.csv', 'screens.csv', 'languages.csv', 'devices.csv', 'goals.csv', 'custom_events.csv', 'utm_campaigns.csv']) {
      expect(files).toContain(f);
    }
    for (const i of items.slice(1)) {
      expect(i.body.pagination).toEqual({ limit: 1000 });
      expect(i.heading).toHaveLength(i.body.metrics.length + (i.body.dimensions?.length ?? 0));
    }
    expect(items[0].body).toMatchObject({ date_range: '7d', dimensions: ['time:day'] });
    expect(exportQueries(ctx(), 'time:day', false).map((i) => i.file)).not.toContain('goals.csv');
    const paged = exportQueries(ctx({ filters: [{ dimension: 'event:page', op: 'is', value: '/' }] }), 'time:day', false);
    expect(paged.every((i) => !i.body.metrics.includes('views_per_visit'))).toBe(true);
  });
});
