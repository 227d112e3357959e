/**
 * The realtime view: visitors now (last 5 minutes) and the pages and sources of the last 30
 * minutes, all refreshed every 5 seconds.
 */
import { currentVisitorsQuery, panelQuery, type QueryContext } from '../api/queries.ts';
import { errorText } from '../api/client.ts';
import { useQuery } from '../api/use-query.ts';
import { activeTab, PANELS, type TabDef } from '../panels/definitions.ts';
import type { FilterSpec } from '../state/dimensions.ts';
import { apiFilters } from '../api/queries.ts';
import { BarList } from './bar-list.tsx';

const REFRESH_MS = 5000;
const tab = (panel: string, id: string) => PANELS.find((p) => p.id === panel)!.tabs.find((t) => t.id === id)!;

function RealtimeList({ ctx, tab: t, title, onFilter }: { ctx: QueryContext; tab: TabDef; title: string; onFilter: (f: FilterSpec[]) => void }) {
  const q = useQuery(panelQuery(ctx, t, { limit: 10 }), REFRESH_MS);
  const shown = activeTab(t, ctx.state);
  return (
    <section class="card panel" aria-label={title}>
      <div class="panel-head">
        <h2>{shown.title ?? title}</h2>
        <span class="muted small">last 30 minutes</span>
      </div>
      <BarList tab={shown} query={q} metrics={['visitors']} onFilter={onFilter} />
    </section>
  );
}

export function RealtimeView({ ctx, onFilter }: { ctx: QueryContext; onFilter: (f: FilterSpec[]) => void }) {
  const filters = apiFilters(ctx.state.filters);
  const now = useQuery({ ...currentVisitorsQuery(ctx.site), ...(filters.length ? { filters } : {}) }, REFRESH_MS);
  const n = now.data ? (now.data.results[0]?.metrics[0] ?? 0) : undefined;
  return (
    <>
      <section class="card realtime-now" aria-live="polite">
        <span class="pulse big" aria-hidden="true" />
        {now.error ? (
          <p class="error-text">{errorText(now.error)}</p>
        ) : (
          <p>
            <strong class="realtime-count">{n ?? '…'}</strong> visitor{n === 1 ? '' : 's'} on the site now
            <span class="muted small"> (last 5 minutes, updated every 5 seconds)</span>
          </p>
        )}
      </section>
      <div class="panels">
        <RealtimeList ctx={ctx} tab={tab('sources', 'sources')} title="Sources" onFilter={onFilter} />
        <RealtimeList ctx={ctx} tab={tab('pages', 'pages')} title="Pages" onFilter={onFilter} />
      </div>
    </>
  );
}
