/**
 * Custom properties of one custom event: pick the event (from this period's custom events) and a
 * property name, see its values (event:props:<name> with a filter on event:name).
 */
import { useEffect, useState } from 'preact/hooks';
import { ErrorNote } from './error-note.tsx';
import { panelQuery, type QueryContext } from '../api/queries.ts';
import { useQuery } from '../api/use-query.ts';
import { PANELS, propsTab, type TabDef } from '../panels/definitions.ts';
import type { FilterSpec } from '../state/dimensions.ts';
import { BarList } from './bar-list.tsx';

const EVENTS_TAB = PANELS.find((p) => p.id === 'goals')!.tabs.find((t) => t.id === 'events')!;
/** Property names the tracker itself sends, offered as suggestions. */
const KNOWN_KEYS: Record<string, string> = { 'Outbound Link: Click': 'url', 'File Download': 'url', '404': 'path' };

interface Props {
  ctx: QueryContext;
  onFilter: (filters: FilterSpec[]) => void;
  onDetails: (tab: TabDef) => void;
}

export function PropsBreakdown({ ctx, onFilter, onDetails }: Props) {
  const events = useQuery(panelQuery(ctx, EVENTS_TAB, { limit: 100 }));
  const names = events.data?.results.map((r) => r.dimensions[0]) ?? [];
  const [event, setEvent] = useState('');
  const [keyText, setKeyText] = useState('');
  const [key, setKey] = useState('');
  const chosen = names.includes(event) ? event : (names[0] ?? '');

  useEffect(() => {
    const suggestion = KNOWN_KEYS[chosen] ?? '';
    setKeyText(suggestion);
    setKey(suggestion);
  }, [chosen]);
  useEffect(() => {
    const t = setTimeout(() => setKey(keyText.trim()), 400);
    return () => clearTimeout(t);
  }, [keyText]);

  const tab = chosen && key ? propsTab(chosen, key) : null;
  const query = useQuery(tab ? panelQuery(ctx, tab) : null);

  if (events.error) return <ErrorNote error={events.error} retry={events.retry} />;
  if (events.data && names.length === 0) return <p class="panel-message muted">No custom events in this period.</p>;
  return (
    <div class="props-breakdown">
      <div class="props-controls">
        <label>
          <span class="field-label">Event</span>
          <select value={chosen} onChange={(e) => setEvent((e.target as HTMLSelectElement).value)} disabled={names.length === 0}>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span class="field-label">Property</span>
          <input type="text" value={keyText} maxLength={300} placeholder="e.g. plan" onInput={(e) => setKeyText((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      {tab ? (
        <>
          <BarList tab={tab} query={query} metrics={tab.metrics} onFilter={onFilter} />
          {query.data && query.data.results.length > 0 && (
            <div class="panel-foot">
              <button type="button" class="btn btn-quiet btn-small" onClick={() => onDetails(tab)}>
                Details
              </button>
            </div>
          )}
        </>
      ) : (
        <p class="panel-message muted">{events.data ? 'Type the name of a property this event sends.' : 'Loading…'}</p>
      )}
    </div>
  );
}
