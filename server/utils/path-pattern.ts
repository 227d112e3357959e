/**
 * Admin path patterns (a site's excluded paths, page goals): `*` matches a run of characters
 * within one path segment (no `/`), `**` any run, across segments; everything else is literal.
 *
 * Patterns run on the collector's hot path against visitor-controlled paths, so they are not
 * translated to a RegExp: V8 backtracks, and `/**a` ten times took 5 s on a 62-character path
 * (each further `/a` doubling it). Patterns with one wildcard are a prefix and a suffix; the others
 * keep the set of pattern positions the path so far can have reached (an NFA simulation), which
 * costs at most path length × pattern length / 32.
 */

/** Longer patterns are refused when an admin sets them (see `validatePathPattern`). */
export const MAX_PATH_PATTERN_LENGTH = 500;

const SLASH = 0x2f;
const STAR = 0x2a;
/** Token kinds; a literal token is its UTF-16 code unit (0..0xffff), as RegExp without `u` saw it. */
const SEGMENT = -1; // `*`
const ANY = -2; // `**` (and any longer run of stars, which matches the same paths)

export function compilePathPattern(pattern: string): (path: string) => boolean {
  const tokens = tokenize(pattern);
  const wildcards = tokens.filter((t) => t < 0).length;
  if (wildcards === 0) return (path) => path === pattern;
  if (wildcards === 1) return oneWildcard(tokens);
  return nfa(tokens);
}

/** Runs of stars collapse into one token, so no two wildcards are adjacent. */
function tokenize(pattern: string): number[] {
  const tokens: number[] = [];
  for (let i = 0; i < pattern.length; ) {
    if (pattern.charCodeAt(i) !== STAR) {
      tokens.push(pattern.charCodeAt(i++));
      continue;
    }
    const first = i;
    while (pattern.charCodeAt(i) === STAR) i++;
    tokens.push(i - first === 1 ? SEGMENT : ANY);
  }
  return tokens;
}

/** `/admin/**`, `/blog/*`, `**.pdf`: a literal prefix and suffix around the one wildcard. */
function oneWildcard(tokens: number[]): (path: string) => boolean {
  const at = tokens.findIndex((t) => t < 0);
  const prefix = String.fromCharCode(...tokens.slice(0, at));
  const suffix = String.fromCharCode(...tokens.slice(at + 1));
  const segmentOnly = tokens[at] === SEGMENT;
  return (path) => {
    const end = path.length - suffix.length;
    if (end < prefix.length || !path.startsWith(prefix) || !path.endsWith(suffix)) return false;
    if (!segmentOnly) return true;
    const slash = path.indexOf('/', prefix.length);
    return slash === -1 || slash >= end;
  };
}

/**
 * Bit i of the state means "the first i tokens are matched" (16 words for the longest pattern
 * allowed). A character moves each set bit whose token is that character one place up
 * and keeps each set bit whose token is a wildcard that takes it; a wildcard may also match
 * nothing, so its bit brings the next one along. No two wildcards are adjacent, so one step of
 * that closure is enough. Masks and state are built once per pattern: the collector calls this
 * for every event.
 */
function nfa(tokens: number[]): (path: string) => boolean {
  const end = tokens.length;
  const words = (end >> 5) + 1;
  const any = new Uint32Array(words);
  const segment = new Uint32Array(words);
  const byChar = new Map<number, Uint32Array>();
  tokens.forEach((t, i) => {
    let mask = t === ANY ? any : t === SEGMENT ? segment : byChar.get(t);
    if (!mask) byChar.set(t, (mask = new Uint32Array(words)));
    mask[i >> 5] |= 1 << (i & 31);
  });
  const wild = any.map((bits, w) => bits | segment[w]);
  const endWord = end >> 5;
  const endBit = 1 << (end & 31);
  const acceptsRest = tokens[end - 1] === ANY;
  let state = new Uint32Array(words);
  let next = new Uint32Array(words);

  const close = (bits: Uint32Array) => {
    let carry = 0;
    for (let w = 0; w < words; w++) {
      const from = bits[w] & wild[w];
      bits[w] |= (from << 1) | carry;
      carry = from >>> 31;
    }
  };

  return (path) => {
    state.fill(0);
    state[0] = 1;
    close(state);
    for (let i = 0; i < path.length; i++) {
      // A trailing `**` that has been reached takes whatever is left.
      if (acceptsRest && (state[endWord] & endBit) !== 0) return true;
      const c = path.charCodeAt(i);
      const literal = byChar.get(c);
      const stays = c === SLASH ? any : wild;
      let carry = 0;
      let alive = 0;
      for (let w = 0; w < words; w++) {
        const moved = literal ? state[w] & literal[w] : 0;
        next[w] = (moved << 1) | carry | (state[w] & stays[w]);
        carry = moved >>> 31;
        alive |= next[w];
      }
      if (alive === 0) return false;
      close(next);
      const done = state;
      state = next;
      next = done;
    }
    return (state[endWord] & endBit) !== 0;
  };
}
