/**
 * `useQuery(body)`: runs a `POST /api/v2/query` whenever the body changes (by value), cancels the
 * one it replaces, and optionally refreshes every `refreshMs` (realtime). While refreshing, the last
 * answer stays on screen. `body = null` runs nothing.
 */
import { useEffect, useState } from 'preact/hooks';
import { postQuery } from './client.ts';
import type { QueryBody, QueryResponse } from './types.ts';

export interface QueryState {
  data: QueryResponse | null;
  error: unknown;
  loading: boolean;
  /** Runs the query again (after a failure). */
  retry?: () => void;
}

export function useQuery(body: QueryBody | null, refreshMs = 0): QueryState {
  const key = body ? JSON.stringify(body) : '';
  const [state, setState] = useState<QueryState>({ data: null, error: null, loading: body !== null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!body) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    let controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    setState({ data: null, error: null, loading: true });

    const run = (refresh: boolean) => {
      controller = new AbortController();
      postQuery(body, controller.signal).then(
        (data) => !stopped && setState({ data, error: null, loading: false }),
        (error: unknown) => {
          if (stopped || (error as Error)?.name === 'AbortError') return;
          // A failed refresh keeps the numbers already shown.
          setState((prev) => (refresh && prev.data ? { ...prev, loading: false } : { data: null, error, loading: false }));
        },
      ).finally(() => {
        if (!stopped && refreshMs > 0) timer = setTimeout(tick, refreshMs);
      });
    };
    // A hidden tab does not refresh; it catches up as soon as it is visible again.
    const tick = () => (document.hidden ? (timer = setTimeout(tick, 1000)) : run(true));
    run(false);
    return () => {
      stopped = true;
      controller.abort();
      if (timer) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, refreshMs, attempt]);

  return { ...state, retry: () => setAttempt((n) => n + 1) };
}
