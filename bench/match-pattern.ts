/**
 * What running `matches` filters with RE2 (re2js) costs next to V8's RegExp, and what the engine's
 * per-leaf memo of answers buys back: each pattern against a million page paths shaped like
 * bench/event-generator.ts's (Zipf over ~300 pages, ~8% one-off /p/<id> pages).
 *
 *   npm run bench -- match-pattern
 */
import { RE2JS } from 're2js';
import { matchesLeaf } from '../server/engine/filter-match.ts';
import { compileMatchPattern } from '../server/utils/match-pattern.ts';
import { prng } from './event-generator.ts';

const EVENTS = 1_000_000;
const PATTERNS: Array<[string, boolean]> = [
  ['^/blog/.*', true],
  ['(foo|bar)\\d+', true],
  ['\\.(pdf|zip|docx?)$', false],
  ['^/docs/[^/]+/install$', true],
];

function paths(oneOffShare: number): string[] {
  const rand = prng(42);
  const sections = ['blog', 'docs', 'products', 'pricing', 'about', 'careers', 'files'];
  const pages = Array.from({ length: 300 }, (_, i) => {
    const section = sections[i % sections.length];
    if (section === 'products') return `/products/${i % 2 ? 'foo' : 'widget'}${i}`;
    if (section === 'files') return `/files/report-${i}.${i % 3 ? 'pdf' : 'html'}`;
    if (section === 'docs') return `/docs/v${i % 4}/${i % 5 ? 'install' : `guide-${i}`}`;
    return `/${section}/${'post-about-something-'.slice(0, 5 + (i % 16))}${i}`;
  });
  const zipf = pages.map((_, i) => 1 / (i + 1));
  const total = zipf.reduce((a, b) => a + b, 0);
  const pick = () => {
    let x = rand() * total;
    for (let i = 0; i < zipf.length; i++) if ((x -= zipf[i]) <= 0) return pages[i];
    return pages[0];
  };
  // Strings as the engine sees them: one object per event, not interned copies of one literal.
  return Array.from({ length: EVENTS }, () => (rand() < oneOffShare ? `/p/${Math.floor(rand() * 1e9)}` : pick()).split('').join(''));
}

function time(run: () => number): { ms: number; hits: number } {
  const started = performance.now();
  const hits = run();
  return { ms: performance.now() - started, hits };
}

/** RE2 behind a memo like the engine's, without the engine's per-leaf bookkeeping around it. */
function memoized(test: (s: string) => boolean): (s: string) => boolean {
  const memo = new Map<string, boolean>();
  return (s) => {
    let answer = memo.get(s);
    if (answer === undefined) {
      answer = test(s);
      if (memo.size >= 10_000) memo.clear();
      memo.set(s, answer);
    }
    return answer;
  };
}

/** Prints the table for paths with and without one-off pages. */
export function runMatchPatternBench(): void {
  for (const oneOffShare of [0.08, 0]) {
    const all = paths(oneOffShare);
    console.log(`\n${EVENTS.toLocaleString('en')} paths, ${new Set(all).size.toLocaleString('en')} distinct (${oneOffShare * 100}% one-off /p/<id> pages)`);
    console.log('pattern                     | V8 RegExp   | re2js test() | re2js find() | test() + memo | engine leaf (RE2 + memo)');
    for (const [source, caseSensitive] of PATTERNS) {
      const v8 = new RegExp(source, caseSensitive ? '' : 'i');
      const re2 = RE2JS.compile(source, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
      const count = (test: (s: string) => boolean) => () => all.reduce((n, s) => n + (test(s) ? 1 : 0), 0);
      for (let round = 0; round < 2; round++) {
        // The first round warms the JIT and RE2's DFA; the second is printed. Memos start empty in
        // each round, as every query parses (and so compiles) its own filters.
        const compiled = compileMatchPattern(source, caseSensitive);
        const leaf = { op: 'matches' as const, dimension: 'event:page', values: [source], caseSensitive, patterns: [compiled] };
        const results = [
          time(count((s) => v8.test(s))),
          time(count((s) => re2.test(s))),
          time(count((s) => re2.matcher(s).find())),
          time(count(memoized((s) => re2.test(s)))),
          time(count((s) => matchesLeaf(leaf, [s]))),
        ];
        if (new Set(results.map((r) => r.hits)).size !== 1) throw new Error(`${source}: engines disagree`);
        if (round === 1) {
          const cells = results.map((r) => `${r.ms.toFixed(0).padStart(6)} ms`.padEnd(12)).join(' | ');
          console.log(`${`${source}${caseSensitive ? '' : ' (i)'}`.padEnd(27)} | ${cells} (${results[0].hits.toLocaleString('en')} match)`);
        }
      }
    }
  }
}
