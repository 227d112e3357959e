/**
 * The regular expressions of `matches` / `matches_not` filters, compiled in one place for the query
 * model and the engine.
 *
 * Query authors write the patterns and visitors write the values they run against (page paths,
 * props), so a backtracking engine (V8's) can be made to spend minutes on one value. RE2 runs
 * in time linear in the value; it is also the syntax Plausible documents for these filters. The
 * price is what RE2 leaves out: backreferences and lookaround, which no linear-time engine can
 * offer, are refused with a reason.
 */
import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';

/** A compiled pattern: whether it occurs anywhere in a value. */
export interface MatchPattern {
  test(input: string): boolean;
}

/** Why a pattern cannot be used, in words for the client (the caller adds which field it was). */
export class PatternError extends Error {}

/** Longer values never match: matching stays linear, but its cost is still per character. */
export const MAX_MATCH_INPUT = 2_000;

/**
 * RE2 runs in O(value × program), so the program's size is the other factor of the cost. Counted
 * repetitions multiply it (`.{0,1000}` alone is 2,000 instructions, over 100 ms on one
 * 2,000-character value); at 500 the worst value costs about 20 ms, while a 200-character pattern
 * without large counts stays far below (a literal is one instruction per character).
 */
export const MAX_PROGRAM_SIZE = 500;

export function compileMatchPattern(source: string, caseSensitive: boolean): MatchPattern {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  } catch (e) {
    if (e instanceof RE2JSException) throw new PatternError(explain(e));
    throw e;
  }
  const size = re.programSize();
  if (size > MAX_PROGRAM_SIZE) {
    const hint = 'use smaller repetition counts such as {1,50}';
    throw new PatternError(`too large once compiled (${size} instructions, at most ${MAX_PROGRAM_SIZE}); ${hint}`);
  }
  // `test` is RE2's unanchored search (as `matcher(input).find()`), without capture groups, so
  // RE2JS may answer it with its DFA.
  return { test: (input) => re.test(input) };
}

/** Runs a compiled pattern, refusing (false) values longer than `MAX_MATCH_INPUT`. */
export function matchesWithBudget(pattern: MatchPattern, input: string): boolean {
  return input.length <= MAX_MATCH_INPUT && pattern.test(input);
}

/** RE2's own words, with a hint where the pattern is JavaScript that RE2 does not have. */
function explain(e: RE2JSException): string {
  if (!(e instanceof RE2JSSyntaxException)) return e.message;
  const at = e.input ?? '';
  if (/^\\([1-9]|k)/.test(at)) return `backreferences such as ${at} are not supported (patterns use RE2 syntax)`;
  if (/^\(\?<?[=!]/.test(at)) return 'lookahead and lookbehind are not supported (patterns use RE2 syntax)';
  return at === '' ? e.getDescription() : `${e.getDescription()}: ${at}`;
}
