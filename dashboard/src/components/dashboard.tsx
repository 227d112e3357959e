/**
 * One site's dashboard: the toolbar (dates, comparison, filters, export), then either the realtime
 * view or the top stats, the main chart and the panels. Left/right arrows step the period. The days
 * on screen are the ones the top stats' answer says the server resolved; the chart, the picker's
 * title and the export take them from there.
 */
import { useEffect, useMemo } from 'preact/hooks';
import type { QueryContext } from '../api/queries.ts';
import { topStatsQuery } from '../api/queries.ts';
import type { Site } from '../api/types.ts';
import { useCurrentAnswer } from '../api/use-current-answer.ts';
import { useQuery } from '../api/use-query.ts';
import { PANELS } from '../panels/definitions.ts';
import { stepPeriod, viewDays } from '../state/periods.ts';
import { siteNow } from '../state/site-now.ts';
import { useUrlState } from '../state/use-url-state.ts';
import { withFilter, type DashState } from '../state/url-state.ts';
import type { FilterSpec } from '../state/dimensions.ts';
import { DatePicker } from './date-picker.tsx';
import { ExportButton } from './export-button.tsx';
import { FilterBar } from './filter-bar.tsx';
import { MainChart } from './main-chart.tsx';
import { Panel } from './panel.tsx';
import { RealtimeBadge } from './realtime-badge.tsx';
import { RealtimeView } from './realtime.tsx';
import { TopStats } from './top-stats.tsx';

const TYPING = /^(INPUT|SELECT|TEXTAREA)$/;

export function Dashboard({ site }: { site: Site }) {
  const [state, navigate] = useUrlState();
  const today = siteNow(site.timezone).day;
  const ctx: QueryContext = useMemo(() => ({ site: site.domain, today, state }), [site.domain, today, state]);
  const realtime = state.period === 'realtime';
  const topBody = useMemo(() => (realtime ? null : topStatsQuery(ctx)), [realtime, ctx]);
  const top = useQuery(topBody);
  const answer = useCurrentAnswer(topBody, top.data);
  const days = useMemo(() => viewDays(state, answer?.query.date_range, today), [state, answer, today]);

  useEffect(() => {
    document.title = `${site.domain} · Cairn`;
  }, [site.domain]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t && (TYPING.test(t.tagName) || t.isContentEditable || t.getAttribute('role') === 'tab')) return;
      if (document.querySelector('dialog[open]')) return;
      const next = stepPeriod(state, e.key === 'ArrowLeft' ? -1 : 1, days, today);
      if (next !== state) {
        e.preventDefault();
        navigate(next);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [state, days, today, navigate]);

  const addFilters = (filters: FilterSpec[]) => navigate(filters.reduce<DashState>((s, f) => withFilter(s, f), state));

  return (
    <div class="dashboard">
      <div class="toolbar">
        <div class="toolbar-row">
          <RealtimeBadge site={site.domain} onOpen={() => navigate({ ...state, period: 'realtime', date: undefined })} active={realtime} />
          <span class="spacer" />
          <DatePicker state={state} days={days} today={today} navigate={navigate} />
        </div>
        <div class="toolbar-row">
          <FilterBar ctx={ctx} navigate={navigate} goals={site.goals} />
          <span class="spacer" />
          {!realtime && <ExportButton ctx={ctx} hasGoals={site.goals.length > 0} range={answer?.query.date_range} />}
        </div>
      </div>
      {realtime ? (
        <RealtimeView ctx={ctx} onFilter={addFilters} />
      ) : (
        <>
          <section class="card overview" aria-label="Overview">
            <TopStats ctx={ctx} query={top} onSelect={(metric) => navigate({ ...state, metric })} />
            <MainChart ctx={ctx} answer={answer} failed={Boolean(top.error)} timezone={site.timezone} />
          </section>
          <div class="panels">
            {PANELS.map((p) => (
              <Panel key={p.id} panel={p} ctx={ctx} onFilter={addFilters} site={site} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
