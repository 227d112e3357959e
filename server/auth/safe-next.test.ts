import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

describe('safeNext', () => {
  it('keeps same-origin paths with their query and hash', () => {
    expect(safeNext('/sites/example.com')).toBe('/sites/example.com');
    expect(safeNext('/sites/example.com?period=7d#top')).toBe('/sites/example.com?period=7d#top');
    expect(safeNext('/')).toBe('/');
  });

  it('sends everything else to /', () => {
    for (const next of [
      undefined, null, '', 'sites', '//evil.com', '///evil.com', 'https://evil.com', '/\\evil', '\\/evil.com',
      '/\t/evil.com', '/\n/evil.com', ' /x', 'javascript:alert(1)', '/x y', `/${'a'.repeat(2000)}`, '/é',
    ]) {
      expect(safeNext(next), JSON.stringify(next)).toBe('/');
    }
  });
});
