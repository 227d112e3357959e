/** "● 3 current visitors": visitors in the last 5 minutes, refreshed every 10 seconds. */
import { currentVisitorsQuery } from '../api/queries.ts';
import { useQuery } from '../api/use-query.ts';

export function RealtimeBadge({ site, onOpen, active }: { site: string; onOpen: () => void; active: boolean }) {
  const { data } = useQuery(currentVisitorsQuery(site), 10_000);
  const n = data ? (data.results[0]?.metrics[0] ?? 0) : undefined;
  const text = n === undefined ? 'Current visitors' : `${n} current visitor${n === 1 ? '' : 's'}`;
  return (
    <button type="button" class={`badge-live${active ? ' active' : ''}`} onClick={onOpen} aria-pressed={active} title="Open the realtime view">
      <span class="pulse" aria-hidden="true" />
      <span aria-live="polite">{text}</span>
    </button>
  );
}
