import type { EngineFilter } from '../rollup/filter-match.ts';
import { STORED_DIMENSIONS } from '../rollup/stored-dimensions.ts';

const STORED = new Set<string>(STORED_DIMENSIONS);

export type Plan = { source: 'aggregates'; dimension: string | undefined; rowFilter: EngineFilter | null } | { source: 'events' };

/**
 * Aggregates answer a query when it reads what they store per (day, value): no dimension or one
 * stored or time dimension, and no filter except one on the broken-down dimension itself (which
 * then selects rows). Anything else (two dimensions, filters on other dimensions, properties)
 * needs the events, since per-value rows cannot say which visitors they share.
 */
export function planQuery(dimensions: readonly string[], filters: readonly EngineFilter[]): Plan {
  if (dimensions.length > 1) return { source: 'events' };
  const [dimension] = dimensions;
  if (filters.length === 0) {
    if (dimension === undefined || dimension.startsWith('time:') || STORED.has(dimension)) {
      return { source: 'aggregates', dimension, rowFilter: null };
    }
    return { source: 'events' };
  }
  const [only] = filters;
  if (filters.length === 1 && dimension && STORED.has(dimension) && 'dimension' in only! && only.dimension === dimension) {
    return { source: 'aggregates', dimension, rowFilter: only };
  }
  return { source: 'events' };
}
