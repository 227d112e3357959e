/**
 * A report panel: tabs, the top rows as bars, and a Details button that opens up to 100 rows with
 * all of the tab's metrics. The chosen tab is remembered per panel in localStorage.
 */
import { useState } from 'preact/hooks';
import { panelQuery, type QueryContext } from '../api/queries.ts';
import type { Site } from '../api/types.ts';
import { useQuery } from '../api/use-query.ts';
import { activeTab, type PanelDef, type TabDef } from '../panels/definitions.ts';
import type { FilterSpec } from '../state/dimensions.ts';
import { BarList } from './bar-list.tsx';
import { Details } from './details.tsx';
import { PropsBreakdown } from './props-breakdown.tsx';
import { Tabs } from './tabs.tsx';

interface Props {
  panel: PanelDef;
  ctx: QueryContext;
  site: Site;
  onFilter: (filters: FilterSpec[]) => void;
}

const PROPS_TAB = { id: 'props', label: 'Properties' };

function useStoredTab(panel: string, fallback: string): [string, (id: string) => void] {
  const key = `cairn.tab.${panel}`;
  const [tab, setTab] = useState(() => {
    try {
      return localStorage.getItem(key) ?? fallback;
    } catch {
      return fallback;
    }
  });
  const choose = (id: string) => {
    setTab(id);
    try {
      localStorage.setItem(key, id);
    } catch {
      // storage disabled: the choice lasts until reload
    }
  };
  return [tab, choose];
}

function TabBody({ ctx, tab, onFilter, onDetails }: { ctx: QueryContext; tab: TabDef; onFilter: Props['onFilter']; onDetails: () => void }) {
  const query = useQuery(panelQuery(ctx, tab));
  const shown = activeTab(tab, ctx.state);
  return (
    <>
      {shown.title && <p class="panel-sub">{shown.title}</p>}
      <BarList tab={shown} query={query} metrics={shown.metrics} onFilter={onFilter} />
      {query.data && query.data.results.length > 0 && (
        <div class="panel-foot">
          <button type="button" class="btn btn-quiet btn-small" onClick={onDetails}>
            Details
          </button>
        </div>
      )}
    </>
  );
}

export function Panel({ panel, ctx, site, onFilter }: Props) {
  const items = panel.id === 'goals' ? [...panel.tabs, PROPS_TAB] : panel.tabs;
  const [selected, select] = useStoredTab(panel.id, panel.tabs[0].id);
  const [details, setDetails] = useState<TabDef | null>(null);
  const tabId = items.some((t) => t.id === selected) ? selected : items[0].id;
  const tab = panel.tabs.find((t) => t.id === tabId);
  const idPrefix = `tab-${panel.id}`;

  return (
    <section class={`card panel panel-${panel.id}`} aria-labelledby={`${panel.id}-title`}>
      <div class="panel-head">
        <h2 id={`${panel.id}-title`}>{panel.title}</h2>
        <Tabs items={items} selected={tabId} onSelect={select} label={`${panel.title} views`} idPrefix={idPrefix} />
      </div>
      <div class="panel-body" id={`${idPrefix}-panel`} role="tabpanel" aria-labelledby={`${idPrefix}-${tabId}`}>
        {tab ? (
          <>
            {tab.id === 'goals' && site.goals.length === 0 ? (
              <p class="panel-message muted">
                No goals yet. Add one with <code>npx cairn goal add {site.domain} --event Signup</code> or <code>--page /thanks</code>.
              </p>
            ) : (
              <TabBody ctx={ctx} tab={tab} onFilter={onFilter} onDetails={() => setDetails(tab)} />
            )}
          </>
        ) : (
          <PropsBreakdown ctx={ctx} onFilter={onFilter} onDetails={setDetails} />
        )}
      </div>
      {details && <Details ctx={ctx} tab={details} onFilter={onFilter} onClose={() => setDetails(null)} />}
    </section>
  );
}
