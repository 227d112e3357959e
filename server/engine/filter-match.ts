import { compileMatchPattern, matchesWithBudget, type MatchPattern } from '../utils/match-pattern.ts';
import { dimensionValues, type DimensionContext } from './dimensions.ts';
import type { RawEvent } from './raw-event.ts';
import type { Visit } from './sessions.ts';

/** The filter shape the engine evaluates; server/query/model.ts parses requests into it. */
export type EngineFilter =
  | { op: 'is' | 'is_not' | 'contains' | 'contains_not' | 'matches' | 'matches_not'; dimension: string; values: string[]; caseSensitive: boolean; patterns?: MatchPattern[] }
  | { op: 'and' | 'or'; filters: EngineFilter[] }
  | { op: 'not'; filter: EngineFilter };

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
  const matches = matchesAny(f);
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

/** Distinct values remembered per leaf; paths and props repeat heavily across events. */
const MEMO_SIZE = 10_000;

/**
 * Whether any of a leaf's patterns occurs in a value. A raw query tests every event, and RE2 costs
 * a few times V8's RegExp per test, so answers are remembered per distinct value, up to
 * `MEMO_SIZE` of them (forgotten all at once when full, which costs one more test per value).
 */
function matchesAny(f: Leaf): (value: string) => boolean {
  if (f.op !== 'matches' && f.op !== 'matches_not') return () => false;
  const patterns = f.patterns ?? f.values.map((v) => compileMatchPattern(v, f.caseSensitive));
  const memo = new Map<string, boolean>();
  return (value) => {
    let answer = memo.get(value);
    if (answer === undefined) {
      answer = patterns.some((p) => matchesWithBudget(p, value));
      if (memo.size >= MEMO_SIZE) memo.clear();
      memo.set(value, answer);
    }
    return answer;
  };
}

/** Every dimension a filter tree reads. */
export function filterDimensions(f: EngineFilter): string[] {
  if (f.op === 'and' || f.op === 'or') return f.filters.flatMap(filterDimensions);
  if (f.op === 'not') return filterDimensions(f.filter);
  return [(f as Extract<EngineFilter, { dimension: string }>).dimension];
}
