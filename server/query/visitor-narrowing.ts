import type { EngineFilter } from '../engine/filter-match.ts';
import type { VisitorNarrowing } from '../engine/events.queries.ts';
import { DIMENSION_COLUMNS, type RawEvent } from '../engine/raw-event.ts';

/** Dimensions whose values are always some event's column value; visit dimensions read the visit's first event. */
const COLUMNS = new Map<string, keyof RawEvent>([
  ...Object.entries(DIMENSION_COLUMNS),
  ['event:page', 'pathname'],
  ['event:name', 'name'],
  ['visit:entry_page', 'pathname'],
  ['visit:exit_page', 'pathname'],
]);

/**
 * What a raw query may skip before it reads a row: for each positive, case-sensitive `is` leaf
 * that every kept event must pass (the query's filters are and-ed), only visitors with an event
 * in the window whose column holds one of the values can have a matching event or visit. Whole
 * visitors are kept, so their visits come out the same as without narrowing.
 */
export function visitorNarrowings(filters: readonly EngineFilter[]): VisitorNarrowing[] {
  const out: VisitorNarrowing[] = [];
  const visit = (f: EngineFilter) => {
    if (f.op === 'and') return f.filters.forEach(visit);
    if (f.op !== 'is' || !f.caseSensitive) return;
    const column = COLUMNS.get(f.dimension);
    if (column && f.values.length > 0) out.push({ column, values: f.values });
  };
  filters.forEach(visit);
  return out;
}
