/** "Export CSV": every panel's data for the active range and filters, as one zip of CSV files. */
import { useState } from 'preact/hooks';
import { errorText } from '../api/client.ts';
import type { QueryContext } from '../api/queries.ts';
import { runExport } from '../export/run-export.ts';
import { intervalFor } from '../state/dates.ts';
import { resolveRange } from '../state/periods.ts';

export function ExportButton({ ctx, hasGoals, range }: { ctx: QueryContext; hasGoals: boolean; range?: [string, string] }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const days = range ? { from: range[0], to: range[1] } : resolveRange(ctx.state, ctx.today);

  const run = () => {
    if (!days) return;
    setBusy(true);
    setError(null);
    runExport(ctx, intervalFor(ctx.state.period, days.from, days.to), hasGoals)
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <span class="export">
      <button type="button" class="btn btn-small" onClick={run} disabled={busy || !days} aria-busy={busy}>
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
