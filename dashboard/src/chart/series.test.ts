import { describe, expect, it } from 'vitest';
import type { QueryResponse } from '../api/types.ts';
import { alignTo, toSeries } from './series.ts';

const res = (rows: Array<[string, number]>): QueryResponse => ({
  results: rows.map(([k, v]) => ({ dimensions: [k], metrics: [v] })),
  meta: {},
  query: { date_range: ['', ''], metrics: ['visitors'], dimensions: ['time:day'] },
});

describe('chart series', () => {
  it('fills gaps with zeros and leaves the future empty', () => {
    const s = toSeries(res([['2025-10-02', 5]]), 'time:day', ['2025-10-01', '2025-10-04'], '2025-10-03T10');
    expect(s.keys).toEqual(['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04']);
    expect(s.values).toEqual([0, 5, 0, null]);
    const h = toSeries(res([['2025-10-03T09', 2]]), 'time:hour', ['2025-10-03', '2025-10-03'], '2025-10-03T10');
    expect(h.values.slice(8, 12)).toEqual([0, 2, 0, null]);
  });
  it('aligns the comparison bucket by bucket', () => {
    const cur = toSeries(res([]), 'time:day', ['2025-03-01', '2025-03-03'], '2025-12-31T00');
    const prev = toSeries(res([['2025-02-27', 4]]), 'time:day', ['2025-02-26', '2025-02-27'], '2025-12-31T00');
    expect(alignTo(cur, prev)).toEqual({ keys: ['2025-02-26', '2025-02-27', ''], values: [0, 4, null] });
  });
});
