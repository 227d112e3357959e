/**
 * Custom properties of one custom event: pick the event (from this period's custom events) and one
 * of the property keys it carries (asked of the server for the same days), see the values
 * (the property's dimension, filtered to the event's name). If the keys cannot be loaded, a text
 * box takes the key instead.
 */
import { useEffect, useState } from 'preact/hooks';
import { ErrorNote } from './error-note.tsx';
import { getPropKeys } from '../api/client.ts';
import { panelQuery, type QueryContext } from '../api/queries.ts';
import { useQuery } from '../api/use-query.ts';
import { CUSTOM_EVENTS_TAB, propsTab, type TabDef } from '../panels/definitions.ts';
import { pickKey, suggestedKey } from '../panels/prop-keys.ts';
import type { FilterSpec } from '../state/dimensions.ts';
import { BarList } from './bar-list.tsx';

interface Props {
  ctx: QueryContext;
  onFilter: (filters: FilterSpec[]) => void;
  onDetails: (tab: TabDef) => void;
}

type KeysState = { keys: string[] | null; failed: boolean };

/** The keys `event` carries in the days `range`; null while loading (or with nothing to ask). */
function usePropKeys(site: string, event: string, range: [string, string] | undefined): KeysState {
  const [state, setState] = useState<KeysState>({ keys: null, failed: false });
  const [from, to] = range ?? ['', ''];
  useEffect(() => {
    setState({ keys: null, failed: false });
    if (!event || !from || !to) return;
    const controller = new AbortController();
    getPropKeys(site, event, from.slice(0, 10), to.slice(0, 10), controller.signal).then(
      (res) => setState({ keys: res.keys, failed: false }),
      (err: unknown) => {
        if ((err as Error)?.name !== 'AbortError') setState({ keys: null, failed: true });
      },
    );
    return () => controller.abort();
  }, [site, event, from, to]);
  return state;
}

export function PropsBreakdown({ ctx, onFilter, onDetails }: Props) {
  const events = useQuery(panelQuery(ctx, CUSTOM_EVENTS_TAB, { limit: 100 }));
  const names = events.data?.results.map((r) => r.dimensions[0]) ?? [];
  const [event, setEvent] = useState('');
  const chosen = names.includes(event) ? event : (names[0] ?? '');
  const { keys, failed } = usePropKeys(ctx.site, chosen, events.data?.query.date_range);

  // Picked from the list; typed only when the list could not be loaded.
  const [picked, setPicked] = useState('');
  const [keyText, setKeyText] = useState('');
  const [typed, setTyped] = useState('');
  useEffect(() => {
    if (!failed) return;
    const suggestion = suggestedKey(chosen);
    setKeyText(suggestion);
    setTyped(suggestion);
  }, [chosen, failed]);
  useEffect(() => {
    const t = setTimeout(() => setTyped(keyText.trim()), 400);
    return () => clearTimeout(t);
  }, [keyText]);

  const key = failed ? typed : keys ? pickKey(keys, picked, chosen) : '';
  const tab = chosen && key ? propsTab(chosen, key) : null;
  const query = useQuery(tab ? panelQuery(ctx, tab) : null);

  if (events.error) return <ErrorNote error={events.error} retry={events.retry} />;
  if (events.data && names.length === 0) return <p class="panel-message muted">No custom events in this period.</p>;
  let message = 'Loading…';
  if (failed) message = 'Type the name of a property this event sends.';
  else if (keys && keys.length === 0) message = 'This event carries no properties in this period.';
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
          {failed ? (
            <input type="text" value={keyText} maxLength={300} placeholder="e.g. plan" onInput={(e) => setKeyText((e.target as HTMLInputElement).value)} />
          ) : (
            <select value={key} onChange={(e) => setPicked((e.target as HTMLSelectElement).value)} disabled={!keys || keys.length === 0} aria-busy={keys === null}>
              {(keys ?? []).map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          )}
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
        <p class="panel-message muted">{message}</p>
      )}
    </div>
  );
}
