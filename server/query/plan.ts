import type { EngineFilter } from '../engine/filter-match.ts';
import { CUSTOM_EVENTS_DIM, CUSTOM_EVENTS_FILTER, pairDimension, STORED_DIMENSIONS, STORED_PAIRS } from '../engine/stored-dimensions.ts';
import { isTimeDimension } from '../vocabulary/dimensions.ts';

const STORED = new Set<string>(STORED_DIMENSIONS);

/**
 * How aggregate rows answer a query. `dimension` is the stored dimension read (undefined: the
 * totals); `shape` says how a row's value becomes the query's dimension values; `version` is the
 * oldest rollup version whose days hold that dimension.
 */
export interface AggregatePlan {
  source: 'aggregates';
  dimension: string | undefined;
  shape: 'totals' | 'value' | 'pair' | 'reversed-pair';
  rowFilter: EngineFilter | null;
  version: number;
}

export type Plan = AggregatePlan | { source: 'events' };

const plan = (dimension: string | undefined, shape: AggregatePlan['shape'], rowFilter: EngineFilter | null = null, version = 1): Plan => ({
  source: 'aggregates',
  dimension,
  shape,
  rowFilter,
  version,
});

/**
 * Aggregates answer a query when it reads what they store per (day, value): no dimension, one
 * stored or time dimension, or a stored pair (a browser and its versions), and no filter except
 * one on the broken-down dimension itself (which then selects rows), or, for the totals, the
 * custom-events filter whose totals are stored. Anything else (other pairs, filters on other
 * dimensions, properties) needs the events, since per-value rows cannot say which visitors
 * they share.
 */
export function planQuery(dimensions: readonly string[], filters: readonly EngineFilter[]): Plan {
  if (dimensions.length === 2 && filters.length === 0) {
    for (const pair of STORED_PAIRS) {
      const [a, b] = dimensions;
      if (a === pair[0] && b === pair[1]) return plan(pairDimension(pair), 'pair', null, 2);
      if (a === pair[1] && b === pair[0]) return plan(pairDimension(pair), 'reversed-pair', null, 2);
    }
  }
  if (dimensions.length > 1) return { source: 'events' };
  const [dimension] = dimensions;
  const shape = dimension === undefined ? 'totals' : 'value';
  if (filters.length === 0) {
    if (dimension === undefined || isTimeDimension(dimension) || STORED.has(dimension)) return plan(dimension, shape);
    return { source: 'events' };
  }
  const [only] = filters;
  if (filters.length > 1 || !('dimension' in only!)) return { source: 'events' };
  if (dimension === undefined && sameLeaf(only, CUSTOM_EVENTS_FILTER)) return plan(CUSTOM_EVENTS_DIM, 'totals', null, 2);
  if (dimension && STORED.has(dimension) && only.dimension === dimension) return plan(dimension, shape, only);
  return { source: 'events' };
}

/** Whether two leaf filters select the same events: values compared as sets. */
function sameLeaf(a: EngineFilter, b: EngineFilter): boolean {
  if (!('dimension' in a) || !('dimension' in b)) return false;
  const set = new Set(a.values);
  return (
    a.op === b.op &&
    a.dimension === b.dimension &&
    a.caseSensitive === b.caseSensitive &&
    set.size === new Set(b.values).size &&
    b.values.every((v) => set.has(v))
  );
}
