import type { EngineFilter } from '../engine/filter-match.ts';
import type { VisitorNarrowing } from '../engine/events.queries.ts';
import { DIMENSION_COLUMNS } from '../engine/raw-event.ts';

/**
 * What a raw query may skip before it reads a row: for each positive, case-sensitive `is` leaf
 * that every kept event must pass (the query's filters are and-ed), only visitors with an event
 * in the window whose column holds one of the values can have a matching event or visit. Whole
 * visitors are kept, so their visits come out the same as without narrowing. This holds for every
 * dimension with a column (DIMENSION_COLUMNS): its value is always some event's value of that
 * column, for a visit dimension the visit's first or last event's.
 */
export function visitorNarrowings(filters: readonly EngineFilter[]): VisitorNarrowing[] {
  const out: VisitorNarrowing[] = [];
  const visit = (f: EngineFilter) => {
    if (f.op === 'and') return f.filters.forEach(visit);
    if (f.op !== 'is' || !f.caseSensitive) return;
    const column = DIMENSION_COLUMNS.get(f.dimension);
    if (column && f.values.length > 0) out.push({ column, values: f.values });
  };
  filters.forEach(visit);
  return out;
}
