/**
 * A conservative static check for regular expressions supplied in `matches` / `matches_not` filters.
 *
 * V8's regex engine backtracks, so some patterns take exponential or high-polynomial time on a
 * crafted value (and visitors can send crafted page paths and props). Plausible runs these filters
 * with RE2, which cannot blow up; we run them with V8, so we refuse the pattern shapes that can:
 *
 * 1. Backreferences (`\1`, `\k<name>`): no linear-time bound exists for them.
 * 2. Nested quantifiers: a repeated group (`*`, `+`, `{n,}`, `{n,m}`) whose body holds a quantifier
 *    of variable count, as in `(a+)+`, `(a*)*`, `(.*)*`, `(a?a)+`; or a repeated group that can
 *    match the empty string, as in `(a|)*`.
 * 3. Overlapping alternatives inside a repeated group, as in `(a|a)*`, `(a|ab)+`, `(\d|\w)+`: every
 *    alternative must start with a different character and none may be empty, so each iteration
 *    has exactly one way in.
 * 4. Ambiguous quantifier chains: two unbounded quantifiers that can trade characters with each
 *    other, like `.*x.*y` or `\w+\d+x`, cost O(n²) per start position, and an unanchored pattern
 *    is tried at every position (another factor of n). An anchored pattern (`^...`) may contain one
 *    such pair; an unanchored one none. A quantifier that ends the pattern cannot fail and so is
 *    exempt (`foo.*` and `.*foo.*` are fine).
 *
 * With values capped at 2,000 characters (see `matchesWithBudget`), what remains is at most
 * quadratic: a few milliseconds per value. The check works on a parse tree of the pattern
 * (which has already compiled, so its syntax is valid) and models characters as the 128 ASCII
 * code points plus one symbol for "any non-ASCII character", which only errs towards refusing.
 */

/** Character sets as bit masks: bits 0..127 are ASCII, bit 128 stands for every non-ASCII character. */
type CharSet = bigint;

const NON_ASCII = 1n << 128n;
const ALL: CharSet = (1n << 129n) - 1n;
const EMPTY: CharSet = 0n;

const bit = (code: number): CharSet => (code < 128 ? 1n << BigInt(code) : NON_ASCII);

function range(lo: number, hi: number): CharSet {
  if (hi < lo) return EMPTY;
  let set = EMPTY;
  for (let c = lo; c <= Math.min(hi, 127); c++) set |= 1n << BigInt(c);
  if (hi >= 128) set |= NON_ASCII;
  return set;
}

const DIGIT = range(48, 57);
const WORD = DIGIT | range(65, 90) | range(97, 122) | bit(95);
const SPACE = bit(9) | bit(10) | bit(11) | bit(12) | bit(13) | bit(32) | NON_ASCII;
const DOT = ALL & ~(bit(10) | bit(13)); // the non-ASCII line terminators stay in the NON_ASCII symbol
/** Everything else; the non-ASCII symbol stays in, since it stands for many characters. */
const complement = (set: CharSet): CharSet => (ALL & ~set) | NON_ASCII;

function fold(set: CharSet): CharSet {
  let out = set;
  for (let c = 65; c <= 90; c++) {
    const upper = 1n << BigInt(c);
    const lower = 1n << BigInt(c + 32);
    if (set & (upper | lower)) out |= upper | lower;
  }
  return out;
}

type Node =
  | { kind: 'set'; set: CharSet }
  | { kind: 'assert'; start?: boolean }
  | { kind: 'backref' }
  | { kind: 'group'; alts: Term[][]; lookaround: boolean };

interface Term {
  node: Node;
  min: number;
  max: number;
}

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly ignoreCase: boolean,
  ) {}

  parse(): Term[][] {
    return this.alternation();
  }

  private peek(offset = 0): string {
    return this.src[this.i + offset] ?? '';
  }

  private alternation(): Term[][] {
    const alts: Term[][] = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return alts;
  }

  private sequence(): Term[] {
    const terms: Term[] = [];
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const node = this.atom();
      const [min, max] = this.quantifier();
      terms.push({ node, min, max });
    }
    return terms;
  }

  private set(set: CharSet): Node {
    return { kind: 'set', set: this.ignoreCase ? fold(set) : set };
  }

  private atom(): Node {
    const c = this.src[this.i++];
    switch (c) {
      case '^':
        return { kind: 'assert', start: true };
      case '$':
        return { kind: 'assert' };
      case '.':
        return this.set(DOT);
      case '[':
        return this.set(this.charClass());
      case '(':
        return this.group();
      case '\\':
        return this.escape();
      default:
        return this.set(bit(c.charCodeAt(0)));
    }
  }

  private group(): Node {
    let lookaround = false;
    if (this.peek() === '?') {
      const next = this.peek(1);
      if (next === ':') this.i += 2;
      else if (next === '=' || next === '!') {
        this.i += 2;
        lookaround = true;
      } else if (next === '<' && (this.peek(2) === '=' || this.peek(2) === '!')) {
        this.i += 3;
        lookaround = true;
      } else if (next === '<') {
        this.i = this.src.indexOf('>', this.i) + 1; // named group; the name was validated by RegExp
      }
    }
    const alts = this.alternation();
    this.i++; // ')'
    return { kind: 'group', alts, lookaround };
  }

  /** An escape outside a class; returns a set, an assertion or a backreference. */
  private escape(): Node {
    const c = this.src[this.i];
    if (c === 'b' || c === 'B') {
      this.i++;
      return { kind: 'assert' };
    }
    if (c >= '1' && c <= '9') {
      this.i++;
      return { kind: 'backref' };
    }
    if (c === 'k' && this.peek(1) === '<') {
      this.i++;
      return { kind: 'backref' };
    }
    return this.set(this.escapeSet(false));
  }

  /** The character set of an escape (the backslash already consumed). */
  private escapeSet(inClass: boolean): CharSet {
    const c = this.src[this.i++];
    switch (c) {
      case 'd':
        return DIGIT;
      case 'D':
        return complement(DIGIT);
      case 'w':
        return WORD;
      case 'W':
        return complement(WORD);
      case 's':
        return SPACE;
      case 'S':
        return complement(SPACE);
      case 'n':
        return bit(10);
      case 'r':
        return bit(13);
      case 't':
        return bit(9);
      case 'v':
        return bit(11);
      case 'f':
        return bit(12);
      case 'b':
        return inClass ? bit(8) : EMPTY;
      case '0': {
        // NUL, or a legacy octal escape: consume up to two more octal digits.
        let code = 0;
        for (let k = 0; k < 2 && /[0-7]/.test(this.peek()); k++) code = code * 8 + Number(this.src[this.i++]);
        return bit(code);
      }
      case 'x':
        if (/^[0-9a-fA-F]{2}$/.test(this.src.slice(this.i, this.i + 2))) {
          const code = Number.parseInt(this.src.slice(this.i, this.i + 2), 16);
          this.i += 2;
          return bit(code);
        }
        return bit(120);
      case 'u':
        if (/^[0-9a-fA-F]{4}$/.test(this.src.slice(this.i, this.i + 4))) {
          const code = Number.parseInt(this.src.slice(this.i, this.i + 4), 16);
          this.i += 4;
          return bit(code);
        }
        return bit(117);
      case 'c':
        if (/[a-zA-Z]/.test(this.peek())) return bit(this.src.charCodeAt(this.i++) % 32);
        this.i--; // Annex B: a lone "\c" is a backslash followed by "c"
        return bit(92);
      default:
        if (inClass && c >= '1' && c <= '9') return ALL; // legacy octal in a class; be conservative
        return bit(c.charCodeAt(0));
    }
  }

  private charClass(): CharSet {
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.i++;
    }
    let set = EMPTY;
    while (this.i < this.src.length && this.peek() !== ']') {
      const lo = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '' && lo.code !== undefined) {
        const save = this.i;
        this.i++;
        const hi = this.classAtom();
        if (hi.code !== undefined) {
          set |= range(lo.code, hi.code);
          continue;
        }
        // "[\w-z]" style: the dash is literal (Annex B)
        this.i = save;
      }
      set |= lo.set;
    }
    this.i++; // ']'
    if (this.ignoreCase) set = fold(set);
    return negate ? complement(set) : set;
  }

  /** One class member: a single character (with its code, so it can start a range) or a class escape. */
  private classAtom(): { set: CharSet; code?: number } {
    const c = this.src[this.i++];
    if (c !== '\\') return { set: bit(c.charCodeAt(0)), code: c.charCodeAt(0) };
    const start = this.i;
    const set = this.escapeSet(true);
    const text = this.src.slice(start, this.i);
    if (/^[dDwWsS]$/.test(text) || set === ALL) return { set };
    // A single-character escape: recover its code for ranges such as [\x00-\x1f].
    for (let code = 0; code < 128; code++) if (set === 1n << BigInt(code)) return { set, code };
    return { set, code: 128 };
  }

  private quantifier(): [number, number] {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return [1, 1]; // a literal "{" (Annex B), read as an atom next
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length - 1;
    } else return [1, 1];
    this.i++;
    if (this.peek() === '?') this.i++; // lazy: same cost profile
    return [min, max];
  }
}

// ---------------------------------------------------------------------------------------------

/** Every character the node can consume. */
function charsOf(node: Node): CharSet {
  switch (node.kind) {
    case 'set':
      return node.set;
    case 'assert':
      return EMPTY;
    case 'backref':
      return ALL;
    case 'group':
      return node.lookaround ? EMPTY : node.alts.flat().reduce((acc, t) => acc | charsOf(t.node), EMPTY);
  }
}

function canBeEmpty(term: Term): boolean {
  if (term.min === 0) return true;
  const node = term.node;
  if (node.kind === 'assert') return true;
  if (node.kind === 'group') return node.lookaround || node.alts.some((alt) => alt.every(canBeEmpty));
  return false;
}

/** Characters that can start a match of the sequence. */
function firstChars(seq: Term[]): CharSet {
  let set = EMPTY;
  for (const term of seq) {
    const node = term.node;
    if (node.kind === 'set') set |= node.set;
    else if (node.kind === 'backref') set |= ALL;
    else if (node.kind === 'group' && !node.lookaround) for (const alt of node.alts) set |= firstChars(alt);
    if (!canBeEmpty(term)) break;
  }
  return set;
}

const isVariable = (t: Term) => t.min !== t.max;
/** Quantifiers with this much slack count as unbounded for the chain check (`.{0,1000}` is as bad as `.*`). */
const WIDE = 16;
const isWide = (t: Term) => t.max - t.min >= WIDE;

function someTerm(seqs: Term[][], pred: (t: Term) => boolean): boolean {
  return seqs.some((seq) =>
    seq.some((t) => pred(t) || (t.node.kind === 'group' && someTerm(t.node.alts, pred))),
  );
}

class Rejection extends Error {}

/** Rules 1 to 3, recursively. */
function checkStructure(seqs: Term[][], insideRepeat: boolean): void {
  if (insideRepeat && seqs.length > 1) {
    const firsts = seqs.map(firstChars);
    for (let a = 0; a < seqs.length; a++) {
      if (seqs[a].every(canBeEmpty)) {
        throw new Rejection('an empty alternative inside a repeated group, as in (a|)*, can take exponential time');
      }
      for (let b = a + 1; b < seqs.length; b++) {
        if (firsts[a] & firsts[b]) {
          throw new Rejection(
            'alternatives inside a repeated group that can start with the same character, as in (a|a)* or (a|ab)+, can take exponential time',
          );
        }
      }
    }
  }
  for (const seq of seqs) {
    for (const term of seq) {
      const node = term.node;
      if (node.kind === 'backref') throw new Rejection('backreferences are not supported');
      if (node.kind !== 'group') continue;
      const repeated = term.max > 1;
      if (repeated) {
        if (someTerm(node.alts, isVariable)) {
          throw new Rejection('nested quantifiers, as in (a+)+, (a*)* or (.*)*, can take exponential time');
        }
        if (node.alts.some((alt) => alt.every(canBeEmpty))) {
          throw new Rejection('a repeated group that can match nothing, as in (a?)* or (a|)*, can take exponential time');
        }
      }
      checkStructure(node.alts, insideRepeat || repeated);
    }
  }
}

interface Flat {
  set: CharSet;
  unbounded: boolean;
  mandatory: boolean;
  zeroWidth: boolean;
}

/** A sequence with plain groups (`(...)`, `(?:...)`, one alternative, no quantifier) inlined. */
function flatten(seq: Term[], out: Flat[] = []): Flat[] {
  for (const term of seq) {
    const node = term.node;
    if (node.kind === 'assert' || (node.kind === 'group' && node.lookaround)) {
      out.push({ set: EMPTY, unbounded: false, mandatory: false, zeroWidth: true });
    } else if (node.kind === 'group' && node.alts.length === 1 && term.min === 1 && term.max === 1) {
      flatten(node.alts[0], out);
    } else {
      const composite = node.kind === 'group';
      out.push({
        set: charsOf(node),
        unbounded: isWide(term) || (composite && someTerm((node as { alts: Term[][] }).alts, isWide)),
        mandatory: !canBeEmpty(term),
        zeroWidth: false,
      });
    }
  }
  return out;
}

/** Length of the longest chain of quantifiers that can trade characters (rule 4). */
function longestAmbiguousChain(seq: Term[], exemptLast: boolean): number {
  const flat = flatten(seq);
  const lastIndex = flat.length - 1;
  const open: Array<{ set: CharSet; middles: CharSet[]; chain: number }> = [];
  let longest = 0;
  flat.forEach((term, index) => {
    if (term.zeroWidth) return;
    if (term.unbounded) {
      let chain = 0;
      if (!(exemptLast && index === lastIndex)) {
        for (const o of open) {
          const shared = o.set & term.set;
          if (shared && o.middles.every((m) => m & shared)) chain = Math.max(chain, o.chain + 1);
        }
      }
      longest = Math.max(longest, chain);
      if (term.mandatory) for (const o of open) o.middles.push(term.set);
      open.push({ set: term.set, middles: [], chain });
    } else if (term.mandatory) {
      for (const o of open) o.middles.push(term.set);
    }
  });
  return longest;
}

/** `anchored`: the enclosing top-level alternative starts with `^`, so it is tried at one position only. */
function checkChains(seqs: Term[][], topLevel: boolean, anchoredAbove = false): void {
  for (const seq of seqs) {
    const first = seq[0]?.node;
    const anchored = anchoredAbove || (topLevel && first?.kind === 'assert' && first.start === true);
    if (longestAmbiguousChain(seq, topLevel) > (anchored ? 1 : 0)) {
      throw new Rejection(
        anchored
          ? 'quantifiers that can match the same characters, as in ^.*a.*b.*c, can take very long on long values; use narrower classes such as [^/]*'
          : 'quantifiers that can match the same characters, as in .*a.*b or \\w+\\d+, can take very long on long values; anchor the pattern with ^, drop a leading .*, or use narrower classes such as [^/]*',
      );
    }
    for (const term of seq) {
      if (term.node.kind === 'group') checkChains(term.node.alts, false, anchored);
    }
  }
}

/**
 * Why `source` (which must already compile with `new RegExp(source, ignoreCase ? 'i' : '')`) is
 * unsafe to run against untrusted values, or null when it is safe.
 */
export function regexRisk(source: string, ignoreCase: boolean): string | null {
  const tree = new Parser(source, ignoreCase).parse();
  try {
    checkStructure(tree, false);
    checkChains(tree, true);
  } catch (e) {
    if (e instanceof Rejection) return e.message;
    throw e;
  }
  return null;
}
