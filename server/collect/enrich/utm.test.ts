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

describe('Matomo campaign parameters', () => {
  it('reads mtm_* and pk_* names when there is no utm_* value', () => {
    const mtm = new URLSearchParams('mtm_campaign=spring&mtm_source=newsletter&mtm_medium=email&mtm_kwd=tool&mtm_content=top');
    expect(extractUtm(mtm)).toEqual({ campaign: 'spring', source: 'newsletter', medium: 'email', term: 'tool', content: 'top' });
    const pk = new URLSearchParams('pk_campaign=fall&pk_source=blog&pk_medium=social&pk_kwd=stats&pk_content=side');
    expect(extractUtm(pk)).toEqual({ campaign: 'fall', source: 'blog', medium: 'social', term: 'stats', content: 'side' });
  });

  it('knows the older aliases and prefers utm_, then mtm_, then pk_', () => {
    expect(extractUtm(new URLSearchParams('piwik_campaign=a&pk_keyword=b')).campaign).toBe('a');
    expect(extractUtm(new URLSearchParams('piwik_campaign=a&pk_keyword=b')).term).toBe('b');
    expect(extractUtm(new URLSearchParams('pk_campaign=c&mtm_campaign=b&utm_campaign=a')).campaign).toBe('a');
    expect(extractUtm(new URLSearchParams('pk_source=c&mtm_source=b')).source).toBe('b');
    expect(extractUtm(new URLSearchParams('utm_medium=&pk_medium=cpc')).medium).toBe('cpc');
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
