import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OTHER } from '../engine/stored-dimensions.ts';
import { topRows, type QuerySpec, type ResultRow } from './run-query.ts';

const spec = (over: Partial<QuerySpec> = {}): QuerySpec => ({
  metrics: ['visitors', 'pageviews'],
  dimensions: ['event:page'],
  filters: [],
  orderBy: [],
  limit: 10,
  offset: 0,
  totalRows: false,
  ...over,
});
const row = (page: string, visitors: number, pageviews = visitors): ResultRow => ({ dimensions: [page], metrics: [visitors, pageviews] });

describe('topRows', () => {
  it('orders by the first metric, ties by value, and puts (other) last however large', () => {
    const rows = [row('/b', 5), row(OTHER, 90), row('/a', 5), row('/c', 7)];
    expect(topRows(spec(), rows, 10).map((r) => r.dimensions[0])).toEqual(['/c', '/a', '/b', OTHER]);
    expect(topRows(spec({ orderBy: [{ key: 'event:page', direction: 'desc' }] }), rows, 2).map((r) => r.dimensions[0])).toEqual(['/c', '/b']);
  });

  it('keeps the best few as a full sort would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ page: fc.constantFrom('/a', '/b', '/c', '/d', OTHER, '/e'), visitors: fc.integer({ min: 0, max: 5 }), views: fc.integer({ min: 0, max: 5 }) }), { minLength: 100, maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom<QuerySpec['orderBy']>([], [{ key: 'pageviews', direction: 'asc' }], [{ key: 'visitors', direction: 'desc' }, { key: 'pageviews', direction: 'desc' }]),
        (generated, count, orderBy) => {
          // Distinct values, as groups are.
          const rows = generated.map((g, i) => row(g.page === OTHER ? OTHER : `${g.page}${i}`, g.visitors, g.views));
          const unique = rows.filter((r, i) => r.dimensions[0] !== OTHER || rows.findIndex((x) => x.dimensions[0] === OTHER) === i);
          const q = spec({ orderBy });
          // A count over 256, or over an eighth of the rows, takes the full sort: compare both ways.
          const full = topRows(q, unique, 100_000).slice(0, count);
          expect(topRows(q, unique, count)).toEqual(full);
        },
      ),
      { numRuns: 300 },
    );
  });
});
