import { describe, expect, it } from 'vitest';
import { cleanParam, extractUtm } from './utm.ts';

describe('extractUtm', () => {
  it('reads all five utm parameters from a real campaign URL', () => {
    const url = new URL('https://example.com/pricing');
    url.search =
      'utm_source=newsletter&utm_medium=email&utm_campaign=spring%20sale' +
      '&utm_term=analytics+tool&utm_content=header-link&other=1';
    expect(extractUtm(url.searchParams)).toEqual({
      source: 'newsletter',
      medium: 'email',
      campaign: 'spring sale',
      term: 'analytics tool',
      content: 'header-link',
    });
  });

  it('uses empty strings for absent or blank parameters', () => {
    const params = new URLSearchParams('utm_source=%20%20&utm_medium=&ref=x');
    const empty = { source: '', medium: '', campaign: '', term: '', content: '' };
    expect(extractUtm(params)).toEqual(empty);
  });

  it('trims whitespace and keeps the first value when repeated', () => {
    const params = new URLSearchParams('utm_campaign=%20launch%0A&utm_campaign=second');
    expect(extractUtm(params).campaign).toBe('launch');
  });

  it('caps each value at 200 characters', () => {
    const params = new URLSearchParams({ utm_term: 'x'.repeat(500) });
    expect(extractUtm(params).term).toHaveLength(200);
  });
});

describe('cleanParam', () => {
  it('does not split a surrogate pair at the cut', () => {
    const value = 'a'.repeat(199) + '😀' + 'tail';
    const cleaned = cleanParam(value);
    expect(cleaned).toBe('a'.repeat(199));
    expect(cleaned.isWellFormed()).toBe(true);
  });

  it('keeps a pair that ends exactly at the cap', () => {
    expect(cleanParam('a'.repeat(198) + '😀' + 'tail')).toBe('a'.repeat(198) + '😀');
  });

  it('handles null', () => {
    expect(cleanParam(null)).toBe('');
  });
});
