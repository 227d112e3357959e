/**
 * The Details view of a tab: a modal <dialog> (Esc closes, focus stays inside) with up to 100
 * rows, every metric of the tab, and a search box (a case-insensitive "contains" on the value).
 * Time on page and scroll depth columns appear only when some row has engagement data.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { panelQuery, type QueryContext } from '../api/queries.ts';
import { useQuery } from '../api/use-query.ts';
import { activeTab, type TabDef } from '../panels/definitions.ts';
import type { FilterSpec } from '../state/dimensions.ts';
import { BarList } from './bar-list.tsx';

const ENGAGEMENT = ['time_on_page', 'scroll_depth'];

interface Props {
  ctx: QueryContext;
  tab: TabDef;
  onFilter: (filters: FilterSpec[]) => void;
  onClose: () => void;
}

export function Details({ ctx, tab, onFilter, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  useEffect(() => {
    const t = setTimeout(() => setSearch(text.trim()), 300);
    return () => clearTimeout(t);
  }, [text]);

  const shown = activeTab(tab, ctx.state);
  const query = useQuery(panelQuery(ctx, tab, { details: true, search }));
  const data = query.data;
  const metrics = shown.detailMetrics.filter((m) => {
    if (!ENGAGEMENT.includes(m)) return true;
    if (!data) return false;
    const at = data.query.metrics.indexOf(m);
    return data.results.some((r) => (r.metrics[at] ?? 0) > 0);
  });
  const total = data?.meta.total_rows;
  const title = shown.title ?? tab.label;

  const close = () => ref.current?.close();
  return (
    <dialog
      ref={ref}
      class="details"
      aria-labelledby="details-title"
      onClose={onClose}
      onClick={(e) => {
        if (e.target === ref.current) close();
      }}
    >
      <div class="details-inner">
        <div class="details-head">
          <h2 id="details-title">{title}</h2>
          <button type="button" class="btn btn-icon" aria-label="Close details" onClick={close}>
            ×
          </button>
        </div>
        <label class="details-search">
          <span class="sr-only">Search {shown.heading}</span>
          <input type="search" placeholder={`Search ${shown.heading.toLowerCase()}`} value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        </label>
        <div class="table-scroll">
          <BarList
            tab={shown}
            query={query}
            metrics={metrics}
            placeholderRows={10}
            wide
            onFilter={(f) => {
              onFilter(f);
              close();
            }}
          />
        </div>
        {data && total !== undefined && (
          <p class="muted small" aria-live="polite">
            Showing {data.results.length} of {total} {total === 1 ? 'row' : 'rows'}
            {total > data.results.length ? ' (the export has up to 1,000)' : ''}.
          </p>
        )}
      </div>
    </dialog>
  );
}
