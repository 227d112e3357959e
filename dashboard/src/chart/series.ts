/**
 * The main chart's series: every bucket of the range (gaps as 0, buckets after now as null so the
 * line stops at the present), and the comparison aligned to it bucket by bucket. Pure; tested.
 */
import type { QueryResponse } from '../api/types.ts';
import { bucketKeys, type Interval } from '../state/dates.ts';

export interface Series {
  keys: string[];
  values: Array<number | null>;
}

/** `nowKey`: the current bucket in the site's zone (an hour key or a day); later buckets are null. */
export function toSeries(res: QueryResponse, interval: Interval, range: [string, string], nowKey: string): Series {
  const keys = bucketKeys(interval, range[0], range[1]);
  const byKey = new Map(res.results.map((r) => [r.dimensions[0], r.metrics[0]]));
  const cut = interval === 'time:hour' ? nowKey : nowKey.slice(0, 10);
  const values = keys.map((k) => {
    const v = byKey.get(k);
    if (v !== undefined) return v;
    return (interval === 'time:hour' || interval === 'time:day') && k > cut ? null : 0;
  });
  return { keys, values };
}

/** The comparison's values cut or padded (with null) to the current series' length. */
export function alignTo(current: Series, comparison: Series): Series {
  const n = current.keys.length;
  return {
    keys: Array.from({ length: n }, (_, i) => comparison.keys[i] ?? ''),
    values: Array.from({ length: n }, (_, i) => (i < comparison.values.length ? comparison.values[i] : null)),
  };
}
