import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePathPattern } from './path-pattern.ts';

/** The RegExp translation path patterns used to compile to: the reference for what they mean. */
function referenceRegExp(pattern: string): RegExp {
  const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const source = pattern
    .split('**')
    .map((part) => part.split('*').map(escape).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

/** What the reference says, where it can answer in time: only `**` alone is cheap for it. */
function referenceAnswer(pattern: string, path: string): boolean {
  if (/^\*+$/.test(pattern)) return referenceRegExp(pattern).test(path);
  return false; // every other crafted pattern needs more slashes or a final "!" that no path has
}

/** Milliseconds for `run`, the best of three so a GC pause does not fail the test. */
function bestOf3(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('compilePathPattern', () => {
  it('matches * within a segment and ** across segments', () => {
    const cases: Array<[string, string, boolean]> = [
      ['/admin/**', '/admin/users/1', true],
      ['/admin/**', '/admin/', true],
      ['/admin/**', '/admin', false],
      ['/blog/*', '/blog/hello', true],
      ['/blog/*', '/blog/', true],
      ['/blog/*', '/blog/hello/comments', false],
      ['/exact', '/exact', true],
      ['/exact', '/exact/more', false],
      ['/**/edit', '/a/b/edit', true],
      ['/**/edit', '/edit', false],
      ['/*/edit', '/a/edit', true],
      ['/*/edit', '/a/b/edit', false],
      ['**.pdf', '/files/a.pdf', true],
      ['*/x', '/x', true],
      ['/a*b*c', '/aXbYc', true],
      ['/a*b*c', '/aX/bYc', false],
      ['/**/a/**', '/x/a/y/z', true],
      ['/**/a/**', '/x/b/y', false],
      ['/***', '/a/b', true],
      ['/a.b(c)', '/a.b(c)', true],
      ['/a.b(c)', '/axb(c)', false],
    ];
    for (const [pattern, path, expected] of cases) expect(compilePathPattern(pattern)(path), `${pattern} ~ ${path}`).toBe(expected);
  });

  const text = (parts: string[], maxLength: number) => fc.array(fc.constantFrom(...parts), { maxLength }).map((list) => list.join(''));

  it('means what the old RegExp translation meant', () => {
    const pattern = text(['a', 'b', '/', '*', '**'], 8);
    const path = text(['a', 'b', '/'], 12);
    fc.assert(
      fc.property(pattern, fc.array(path, { minLength: 1, maxLength: 8 }), (p, paths) => {
        const matches = compilePathPattern(p);
        const reference = referenceRegExp(p);
        for (const s of paths) expect(matches(s), `${p} ~ ${s}`).toBe(reference.test(s));
      }),
      { numRuns: 3_000 },
    );
  });

  it('means the same past 32 pattern characters, where its state takes a second word', () => {
    // A literal lead-in keeps the reference RegExp cheap while the wildcards sit around bit 32.
    const lead = fc.integer({ min: 20, max: 70 }).map((n) => 'ab/'.repeat(24).slice(0, n));
    const tail = text(['a', '/', '*', '**'], 10);
    fc.assert(
      fc.property(lead, tail, tail, fc.array(text(['a', 'b', '/'], 12), { minLength: 1, maxLength: 6 }), (l, t1, t2, rests) => {
        const p = `${l}${t1}${t2}`;
        const matches = compilePathPattern(p);
        const reference = referenceRegExp(p);
        for (const rest of rests) {
          for (const s of [`${l}${rest}`, `${l.slice(0, -1)}${rest}`]) expect(matches(s), `${p} ~ ${s}`).toBe(reference.test(s));
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('cannot be made to backtrack: crafted patterns on 2,000-character paths', () => {
    // As RegExps, `/**a` ten times took 5 s on a 62-character path like the first one, and these
    // paths are 2,000 characters; the starred runs backtracked similarly.
    const paths = [`${'/a'.repeat(999)}/x`, `/${'a'.repeat(1_999)}`, '/'.repeat(2_000)];
    const crafted = ['/**a'.repeat(10), '/*a'.repeat(10), '**'.repeat(50), `${'**a'.repeat(30)}!`, `${'*a'.repeat(60)}!`];
    for (const p of crafted) {
      const matches = compilePathPattern(p);
      for (const path of paths) {
        expect(matches(path), `${p} ~ ${path.slice(0, 8)}`).toBe(referenceAnswer(p, path));
        expect(bestOf3(() => matches(path)), `${p} ~ ${path.slice(0, 8)}`).toBeLessThan(10);
      }
    }
  });

  it('stays quick with the longest pattern an admin may set', () => {
    const matches = compilePathPattern(`${'/**a*b'.repeat(83)}!`);
    const path = `/${'ab/'.repeat(666)}`;
    expect(bestOf3(() => matches(path))).toBeLessThan(10);
  });
});
