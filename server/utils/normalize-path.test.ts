import { describe, expect, it } from 'vitest';
import { normalizePath } from './normalize-path.ts';

describe('normalizePath', () => {
  it('drops trailing slashes but keeps the root', () => {
    expect(normalizePath('/')).toBe('/');
    expect(normalizePath('/blog/')).toBe('/blog');
    expect(normalizePath('/blog//')).toBe('/blog');
    expect(normalizePath('//')).toBe('/');
  });

  it('upper-cases percent-escapes and leaves the rest alone', () => {
    expect(normalizePath('/caf%c3%a9/%7eme')).toBe('/caf%C3%A9/%7Eme');
    expect(normalizePath('/CaseMatters')).toBe('/CaseMatters');
  });

  it('caps the length', () => {
    expect(normalizePath(`/${'a'.repeat(3_000)}`)).toHaveLength(2_000);
  });
});
