/**
 * "Export CSV": runs every export query (a few at a time) over the days on screen, turns each answer
 * into a CSV and downloads them together as cairn-<domain>-<from>-<to>.zip.
 */
import { postQuery } from '../api/client.ts';
import { exportQueries, type QueryContext } from '../api/queries.ts';
import type { QueryResponse } from '../api/types.ts';
import { bucketKeys, intervalFor, type Interval } from '../state/dates.ts';
import { toCsv, type Cell } from './csv.ts';
import { zip } from './zip.ts';

const PARALLEL = 3;

/** The time series with every bucket of the range, empty ones as zeros. */
export function timeseriesRows(res: QueryResponse, interval: Interval): Cell[][] {
  const [from, to] = res.query.date_range;
  const byKey = new Map(res.results.map((r) => [r.dimensions[0], r.metrics]));
  const zeros = res.query.metrics.map(() => 0);
  return bucketKeys(interval, from.slice(0, 10), to.slice(0, 10)).map((k) => [k, ...(byKey.get(k) ?? zeros)]);
}

export const exportFileName = (domain: string, from: string, to: string) =>
  `cairn-${domain.replace(/[^a-z0-9.-]/gi, '_')}-${from}-${to}.zip`;

/** `days`: the days on screen, as the server resolved them for the view. */
export async function runExport(ctx: QueryContext, days: readonly [string, string], hasGoals: boolean): Promise<void> {
  const [from, to] = days;
  // Buckets as on screen, where "last 12 months" and a long "all time" count months.
  const interval = intervalFor(ctx.state.period, from, to);
  // The days themselves, not the preset once more: past the site's midnight the preset would
  // resolve to other days than the ones shown.
  const shown: QueryContext = { ...ctx, state: { ...ctx.state, period: 'custom', from, to, date: undefined } };
  const items = exportQueries(shown, interval, hasGoals);
  const answers: QueryResponse[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      answers[i] = await postQuery(items[i].body);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));

  const enc = new TextEncoder();
  const files = items.map((item, i) => {
    const res = answers[i];
    const rows: Cell[][] = item.file === 'visitors.csv' ? timeseriesRows(res, interval) : res.results.map((r) => [...r.dimensions, ...r.metrics]);
    return { name: item.file, data: enc.encode(toCsv(item.heading, rows)) };
  });
  const blob = new Blob([zip(files)], { type: 'application/zip' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = exportFileName(ctx.site, from, to);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
