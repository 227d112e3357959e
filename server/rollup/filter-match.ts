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

type Leaf = Extract<EngineFilter, { dimension: string }>;

/** A leaf filter over a dimension's values; also used on aggregate rows' values. */
export function matchesLeaf(f: Leaf, actual: string[]): boolean {
  return leafTest(f)(actual);
}

/** Compiled once per filter: raw queries test a leaf for every event. */
const compiled = new WeakMap<Leaf, (actual: string[]) => boolean>();

function leafTest(f: Leaf): (actual: string[]) => boolean {
  let test = compiled.get(f);
  if (!test) compiled.set(f, (test = compile(f)));
  return test;
}

function compile(f: Leaf): (actual: string[]) => boolean {
  const fold = f.caseSensitive ? (s: string) => s : (s: string) => s.toLowerCase();
  const wanted = f.values.map(fold);
  const set = new Set(wanted);
  const any = (test: (a: string) => boolean) => (actual: string[]) => actual.some(test);
  const none = (test: (a: string) => boolean) => (actual: string[]) => !actual.some(test);
  const equal = (a: string) => set.has(fold(a));
  const contains = (a: string) => {
    const folded = fold(a);
    return wanted.some((w) => folded.includes(w));
  };
  const regexes = patterns(f);
  const matches = (a: string) => a.length <= MAX_MATCH_INPUT && regexes.some((re) => re.test(a));
  switch (f.op) {
    case 'is':
      return any(equal);
    case 'is_not':
      return none(equal);
    case 'contains':
      return any(contains);
    case 'contains_not':
      return none(contains);
    case 'matches':
      return any(matches);
    case 'matches_not':
      return none(matches);
  }
}

function patterns(f: Leaf): RegExp[] {
  if (f.op !== 'matches' && f.op !== 'matches_not') return [];
  return f.patterns ?? f.values.map((v) => new RegExp(v, f.caseSensitive ? '' : 'i'));
}

/** Every dimension a filter tree reads. */
export function filterDimensions(f: EngineFilter): string[] {
  if (f.op === 'and' || f.op === 'or') return f.filters.flatMap(filterDimensions);
  if (f.op === 'not') return filterDimensions(f.filter);
  return [(f as Extract<EngineFilter, { dimension: string }>).dimension];
}
