/**
 * An error shown in place of a panel's data, in the server's own words. Raw events past the
 * site's retention are an expected limit, not a fault: they get a calm note instead of red text.
 * Network and server faults offer to try again.
 */
import { ApiError, errorText } from '../api/client.ts';

export function ErrorNote({ error, retry, class: extra = '' }: { error: unknown; retry?: () => void; class?: string }) {
  const expected = error instanceof ApiError && error.code === 'raw_events_expired';
  const transient = !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
  return (
    <div class={`panel-message ${expected ? 'note' : 'error-text'} ${extra}`} role="alert">
      <p>{errorText(error)}</p>
      {transient && retry && (
        <button type="button" class="btn btn-small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}
