/**
 * "Export CSV": every panel's data for the days on screen and the active filters, as one zip of CSV
 * files. It waits for the top stats' answer, which says which days those are.
 */
import { useState } from 'preact/hooks';
import { errorText } from '../api/client.ts';
import type { QueryContext } from '../api/queries.ts';
import { runExport } from '../export/run-export.ts';

/** `range`: the days on screen, as the top stats' answer resolved them. */
export function ExportButton({ ctx, hasGoals, range }: { ctx: QueryContext; hasGoals: boolean; range?: [string, string] }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = () => {
    if (!range) return;
    setBusy(true);
    setError(null);
    runExport(ctx, range, hasGoals)
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <span class="export">
      <button type="button" class="btn btn-small" onClick={run} disabled={busy || !range} aria-busy={busy}>
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
      {error ? (
        <span class="error-text small" role="alert">
          {errorText(error)}
        </span>
      ) : null}
    </span>
  );
}
