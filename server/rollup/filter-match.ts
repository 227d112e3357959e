import { dimensionValues, type DimensionContext } from './dimensions.ts';
import type { RawEvent } from './raw-event.ts';
import type { Visit } from './sessions.ts';

/** The filter shape the engine evaluates; server/query/model.ts parses requests into it. */
export type EngineFilter =
  | { op: 'is' | 'is_not' | 'contains' | 'contains_not' | 'matches' | 'matches_not'; dimension: string; values: string[]; caseSensitive: boolean; patterns?: RegExp[] }
  | { op: 'and' | 'or'; filters: EngineFilter[] }
  | { op: 'not'; filter: EngineFilter };

const MAX_MATCH_INPUT = 2_000;

/** Whether an event (seen with its visit) passes a filter tree. */
export function matchesFilter(f: EngineFilter, e: RawEvent, v: Visit, ctx: DimensionContext): boolean {
  switch (f.op) {
    case 'and':
      return f.filters.every((g) => matchesFilter(g, e, v, ctx));
    case 'or':
      return f.filters.some((g) => matchesFilter(g, e, v, ctx));
    case 'not':
      return !matchesFilter(f.filter, e, v, ctx);
    default: {
      const actual = dimensionValues(f.dimension, e, v, ctx, e.ts);
      return matchesLeaf(f, actual);
    }
  }
}

/** A leaf filter over a dimension's values; also used on aggregate rows' values. */
export function matchesLeaf(f: Extract<EngineFilter, { dimension: string }>, actual: string[]): boolean {
  const fold = (s: string) => (f.caseSensitive ? s : s.toLowerCase());
  const wanted = f.values.map(fold);
  switch (f.op) {
    case 'is':
      return actual.some((a) => wanted.includes(fold(a)));
    case 'is_not':
      return !actual.some((a) => wanted.includes(fold(a)));
    case 'contains':
      return actual.some((a) => wanted.some((w) => fold(a).includes(w)));
    case 'contains_not':
      return !actual.some((a) => wanted.some((w) => fold(a).includes(w)));
    case 'matches':
      return actual.some((a) => a.length <= MAX_MATCH_INPUT && patterns(f).some((re) => re.test(a)));
    case 'matches_not':
      return !actual.some((a) => a.length <= MAX_MATCH_INPUT && patterns(f).some((re) => re.test(a)));
  }
}

function patterns(f: Extract<EngineFilter, { dimension: string }>): RegExp[] {
  return f.patterns ?? f.values.map((v) => new RegExp(v, f.caseSensitive ? '' : 'i'));
}

/** Every dimension a filter tree reads. */
export function filterDimensions(f: EngineFilter): string[] {
  if (f.op === 'and' || f.op === 'or') return f.filters.flatMap(filterDimensions);
  if (f.op === 'not') return filterDimensions(f.filter);
  return [(f as Extract<EngineFilter, { dimension: string }>).dimension];
}
