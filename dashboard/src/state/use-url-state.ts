/** The URL state as a hook: pushState on change, popstate on back/forward. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { parseState, serializeState, type DashState } from './url-state.ts';

export function useUrlState(): [DashState, (next: DashState) => void] {
  const [state, setState] = useState(() => parseState(location.search));

  useEffect(() => {
    const onPop = () => setState(parseState(location.search));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback((next: DashState) => {
    const search = serializeState(next);
    if (search !== location.search) history.pushState(null, '', location.pathname + search);
    setState(parseState(search));
  }, []);

  return [state, navigate];
}
