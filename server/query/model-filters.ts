/**
 * The `filters` of a `POST /api/v2/query` body: Plausible's filter trees (simple filters under
 * and / or / not), parsed and bounded (depth, node count, values, pattern size). Part of the
 * request model in model.ts.
 */
import { compileMatchPattern, PatternError, type MatchPattern } from '../utils/match-pattern.ts';
import { parseDimension, QUERY_LIMITS, type EventDimension, type Filter, type FilterOperator, type SimpleFilter, type VisitDimension } from './model.ts';
import { describe, fail, isObject, show } from './model-json.ts';
import { takesCountryCodes } from '../vocabulary/dimensions.ts';

const SIMPLE_OPERATORS: readonly string[] = ['is', 'is_not', 'contains', 'contains_not', 'matches', 'matches_not'];
const LOGICAL_OPERATORS: readonly string[] = ['and', 'or', 'not'];
/** Plausible operators Cairn does not (yet) evaluate; named in the error so the client knows why. */
const UNSUPPORTED_OPERATORS: readonly string[] = ['has_done', 'has_not_done', 'matches_wildcard', 'matches_wildcard_not'];

/** Every simple filter in the tree, depth first. */
export function filterLeaves(filters: readonly Filter[]): SimpleFilter[] {
  const out: SimpleFilter[] = [];
  const walk = (f: Filter) => {
    if ('filters' in f) f.filters.forEach(walk);
    else if ('filter' in f) walk(f.filter);
    else out.push(f);
  };
  filters.forEach(walk);
  return out;
}

export function parseFilters(value: unknown): Filter[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw fail('filters', `must be an array of filters, got ${describe(value)}`);
  const budget: Budget = { nodes: 0, patterns: 0 };
  return value.map((f, i) => parseFilter(f, `filters[${i}]`, 1, budget));
}

/** What a query's filters have spent so far of QUERY_LIMITS. */
interface Budget {
  nodes: number;
  patterns: number;
}

function parseFilter(value: unknown, path: string, depth: number, budget: Budget): Filter {
  if (depth > QUERY_LIMITS.filterDepth) throw fail(path, `filters may be nested at most ${QUERY_LIMITS.filterDepth} levels deep`);
  if (++budget.nodes > QUERY_LIMITS.filterNodes) throw fail(path, `a query may hold at most ${QUERY_LIMITS.filterNodes} filter expressions`);
  if (!Array.isArray(value) || value.length === 0) {
    throw fail(path, 'must be a filter such as ["is", "visit:country", ["DE"]] or ["and", [...]]');
  }
  const op = value[0];
  if (typeof op !== 'string') throw fail(`${path}[0]`, `filter operator must be a string, got ${describe(op)}`);

  if (op === 'and' || op === 'or') {
    if (value.length !== 2) throw fail(path, `"${op}" takes exactly one list of filters: ["${op}", [filter, ...]]`);
    const list = value[1];
    if (!Array.isArray(list) || list.length === 0) throw fail(`${path}[1]`, `"${op}" needs a non-empty array of filters`);
    return { op, filters: list.map((f, i) => parseFilter(f, `${path}[1][${i}]`, depth + 1, budget)) };
  }
  if (op === 'not') {
    if (value.length !== 2) throw fail(path, '"not" takes exactly one filter: ["not", filter]');
    return { op, filter: parseFilter(value[1], `${path}[1]`, depth + 1, budget) };
  }
  if (UNSUPPORTED_OPERATORS.includes(op)) throw fail(`${path}[0]`, `filter operator ${show(op)} is not supported`);
  if (!SIMPLE_OPERATORS.includes(op)) {
    throw fail(`${path}[0]`, `unknown filter operator ${show(op)} (expected one of ${[...SIMPLE_OPERATORS, ...LOGICAL_OPERATORS].join(', ')})`);
  }
  return parseSimpleFilter(op as FilterOperator, value, path, budget);
}

function parseSimpleFilter(op: FilterOperator, value: unknown[], path: string, budget: Budget): Filter {
  if (value.length < 3 || value.length > 4) throw fail(path, `must be [operator, dimension, values] with an optional 4th { "case_sensitive": false }`);
  const dimension = parseDimension(value[1], `${path}[1]`, false) as VisitDimension | EventDimension;

  // Plausible documents only `is` and `contains` for goals (goals are names, not stored values).
  if (dimension === 'event:goal' && op !== 'is' && op !== 'contains') {
    throw fail(`${path}[0]`, `only "is" and "contains" can filter event:goal (wrap in "not" to exclude)`);
  }

  const regex = op === 'matches' || op === 'matches_not';
  const maxLength = regex ? QUERY_LIMITS.patternLength : QUERY_LIMITS.filterValueLength;
  const list = value[2];
  if (!Array.isArray(list) || list.length === 0) throw fail(`${path}[2]`, 'must be a non-empty array of strings');
  if (list.length > QUERY_LIMITS.filterValues) throw fail(`${path}[2]`, `at most ${QUERY_LIMITS.filterValues} values are allowed, got ${list.length}`);
  // Each pattern costs up to a millisecond to compile and megabytes of RE2 cache: a hundred
  // leaves of a hundred patterns would be seconds and gigabytes for one query.
  if (regex && (budget.patterns += list.length) > QUERY_LIMITS.patterns) {
    throw fail(`${path}[2]`, `a query may hold at most ${QUERY_LIMITS.patterns} matches patterns in all`);
  }
  const values = list.map((v, i) => {
    // Plausible also takes integers for visit:city (GeoName IDs); Cairn's values are all strings.
    if (typeof v !== 'string') throw fail(`${path}[2][${i}]`, `must be a string, got ${describe(v)}`);
    if (v.length > maxLength) throw fail(`${path}[2][${i}]`, `is longer than ${maxLength} characters`);
    return v;
  });

  // Plausible: country codes for is/is_not must be ISO 3166-1 alpha-2 ("DE", not "Germany").
  if (takesCountryCodes(dimension) && (op === 'is' || op === 'is_not')) {
    values.forEach((v, i) => {
      if (!/^[A-Za-z]{2}$/.test(v)) throw fail(`${path}[2][${i}]`, `${dimension} takes 2-letter country codes such as "DE", got ${show(v)}`);
    });
  }

  let caseSensitive = true;
  if (value.length === 4) {
    const modifiers = value[3];
    if (!isObject(modifiers)) throw fail(`${path}[3]`, 'must be an object such as { "case_sensitive": false }');
    for (const key of Object.keys(modifiers)) {
      if (key !== 'case_sensitive') throw fail(`${path}[3]`, `unknown filter modifier ${show(key)} (expected case_sensitive)`);
    }
    if (modifiers.case_sensitive !== undefined) {
      if (typeof modifiers.case_sensitive !== 'boolean') throw fail(`${path}[3].case_sensitive`, 'must be true or false');
      caseSensitive = modifiers.case_sensitive;
    }
  }

  const filter: SimpleFilter = { op, dimension, values, caseSensitive };
  if (regex) filter.patterns = values.map((v, i) => compilePattern(v, caseSensitive, `${path}[2][${i}]`));
  return filter;
}

/**
 * Compiles a `matches` value with RE2 (see utils/match-pattern.ts), Plausible's syntax too.
 * Patterns are searched anywhere in the value, as in Plausible: anchor them with ^ and $ to match
 * whole values.
 */
function compilePattern(source: string, caseSensitive: boolean, path: string): MatchPattern {
  try {
    return compileMatchPattern(source, caseSensitive);
  } catch (e) {
    if (e instanceof PatternError) throw fail(path, `invalid regular expression ${show(source)}: ${e.message}`);
    throw e;
  }
}
