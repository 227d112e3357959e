import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

/** Two unrelated origins with paths, as a browser resolves Location against the request's URL. */
const BASES = ['http://cairn.invalid/login?next=x', 'https://stats.example.org:8443/deep/path/'];

/** What a browser may do with a Location header: it must stay a path on the origin that sent it. */
function expectSameOrigin(next: string) {
  const result = safeNext(next);
  if (result === '/') return;
  expect(result, next).toMatch(/^\/(?![/\\])/);
  expect(result, next).not.toMatch(/[\s\\\x00-\x1f\x7f]/);
  for (const base of BASES) {
    const url = new URL(result, base);
    expect(url.origin, `${next} → ${result}`).toBe(new URL(base).origin);
    expect(`${url.pathname}${url.search}${url.hash}`, `${next} → ${result}`).toBe(result);
  }
}

describe('safeNext', () => {
  it('keeps same-origin paths with their query and hash', () => {
    expect(safeNext('/sites/example.com')).toBe('/sites/example.com');
    expect(safeNext('/sites/example.com?period=7d#top')).toBe('/sites/example.com?period=7d#top');
    expect(safeNext('/sites/a//b')).toBe('/sites/a//b');
    expect(safeNext('/sites/./x/../example.com')).toBe('/sites/example.com');
    expect(safeNext('/')).toBe('/');
  });

  it('sends everything else to /', () => {
    for (const next of [
      undefined, null, '', 'sites', '//evil.com', '///evil.com', 'https://evil.com', '/\\evil', '\\/evil.com',
      '/\t/evil.com', '/\n/evil.com', ' /x', 'javascript:alert(1)', '/x y', `/${'a'.repeat(2000)}`, '/é', '//[', '/.//[',
    ]) {
      expect(safeNext(next), JSON.stringify(next)).toBe('/');
    }
  });

  it('judges the path it returns, not the one it was given: dot segments cannot make it //host', () => {
    for (const next of ['/.//evil.com', '/x/..//evil.com', '/%2e//evil.com', '/%2E%2E//evil.com', '/a/%2e%2e//evil.com', '/..//evil.com', '/./\\evil.com']) {
      expect(safeNext(next), next).toBe('/');
    }
  });

  it('never returns a path another origin could be read from (generated)', () => {
    // Whole segments, so dot segments, empty ones (`//`) and look-alikes of `/` meet often.
    const segment = fc.constantFrom('', '', '.', '..', '%2e', '%2E%2e', '.%2E', 'x', 'evil.com', '\\', '%5c', '%2f', '%09', '\t', ' ', '@', ':', 'http:');
    const separator = fc.constantFrom('/', '/', '/', '\\', '?', '#');
    const path = fc.array(fc.tuple(segment, separator), { maxLength: 8 }).map((parts) => parts.flat().join(''));
    fc.assert(fc.property(path, (rest) => expectSameOrigin(`/${rest}`)), { numRuns: 5000 });
    fc.assert(fc.property(fc.string(), (any) => expectSameOrigin(any)), { numRuns: 2000 });
  });
});
