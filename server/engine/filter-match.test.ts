import { describe, expect, it } from 'vitest';
import { matchesFilter, matchesLeaf, type EngineFilter } from './filter-match.ts';
import { buildVisits } from './sessions.ts';
import { ev, testContext } from '../../tests/helpers/test-events.ts';

type Leaf = Extract<EngineFilter, { dimension: string }>;
const leaf = (op: Leaf['op'], values: string[], caseSensitive = true): Leaf => ({ op, dimension: 'event:page', values, caseSensitive });

describe('matches / matches_not in the engine', () => {
  const paths = ['/', '/blog', '/blog/hello', '/Blog/Edit', '/blog/2024/edit', '/user/42', '/de/pricing', '/docs/a.html', '/files/x.PDF', 'foo12', '/bar7/x'];
  const safe = ['^/blog/.*', '(foo|bar)\\d+', '^/user/\\d+$', '\\.(pdf|html?)$', '^/(en|de)/pricing/?$', '/edit$', '^/$'];

  it('answers raw events as V8 did, for the patterns both engines read alike', () => {
    const events = paths.map((pathname, i) => ev(i, i + 1, { pathname }));
    const { visits, visitOf } = buildVisits(events);
    const ctx = testContext();
    for (const p of safe) {
      for (const caseSensitive of [true, false]) {
        const reference = new RegExp(p, caseSensitive ? '' : 'i');
        const matches = leaf('matches', [p], caseSensitive);
        const matchesNot = leaf('matches_not', [p], caseSensitive);
        events.forEach((e, i) => {
          const visit = visits[visitOf[i]];
          expect(matchesFilter(matches, e, visit, ctx), `${p} ~ ${e.pathname}`).toBe(reference.test(e.pathname));
          expect(matchesFilter(matchesNot, e, visit, ctx), `not ${p} ~ ${e.pathname}`).toBe(!reference.test(e.pathname));
        });
      }
    }
  });

  it('reads patterns as RE2 does, also when the filter was not compiled by the query model', () => {
    expect(matchesLeaf(leaf('matches', ['^/\\pL+$']), ['/héllo'])).toBe(true);
    expect(matchesLeaf(leaf('matches', ['^/(?i)blog$']), ['/BLOG'])).toBe(true);
    expect(() => matchesLeaf(leaf('matches', ['(a)\\1']), ['aa'])).toThrow(/backreferences/);
  });

  it('runs a pattern that made V8 backtrack in linear time', () => {
    const f = leaf('matches', ['.{0,15}'.repeat(12) + '!']);
    const value = 'a'.repeat(2_000);
    const started = performance.now();
    expect(matchesLeaf(f, [value])).toBe(false);
    expect(matchesLeaf(f, [`${value.slice(1)}b`])).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('never matches values over 2,000 characters', () => {
    const long = `/${'a'.repeat(2_000)}`;
    expect(matchesLeaf(leaf('matches', ['^/a']), [long])).toBe(false);
    expect(matchesLeaf(leaf('matches', ['^/a']), [long.slice(0, 2_000)])).toBe(true);
    expect(matchesLeaf(leaf('matches_not', ['^/a']), [long])).toBe(true);
  });

  it('keeps its answers right once the memo of values fills and starts over', () => {
    const f = leaf('matches', ['^/p/\\d*[05]$']);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 25_000; i += 2) expect(matchesLeaf(f, [`/p/${i}`]), `/p/${i}`).toBe(i % 5 === 0);
    }
  });

  it('matches when any value of any pattern does', () => {
    const f = leaf('matches', ['^/blog', 'edit$'], false);
    expect(matchesLeaf(f, ['/news', '/BLOG/x'])).toBe(true);
    expect(matchesLeaf(f, ['/x/EDIT'])).toBe(true);
    expect(matchesLeaf(f, ['/news'])).toBe(false);
    expect(matchesLeaf(leaf('matches_not', ['^/blog', 'edit$'], false), ['/news'])).toBe(true);
  });
});
