import { describe, expect, it } from 'vitest';
import { changeTone, compactNumber, countryCode, countryName, duration, flagEmoji, formatChange, formatMetric, isPlainHostname, referrerHref, valueLabel } from './format.ts';

describe('formatting', () => {
  it('shortens numbers', () => {
    expect(compactNumber(950)).toBe('950');
    expect(compactNumber(1234)).toBe('1.2k');
    expect(compactNumber(15_300)).toBe('15.3k');
    expect(compactNumber(999_999)).toBe('1M');
    expect(compactNumber(2_500_000)).toBe('2.5M');
    expect(compactNumber(1.5)).toBe('1.5');
  });
  it('formats metrics and durations', () => {
    expect(duration(65)).toBe('1m 5s');
    expect(duration(3725)).toBe('1h 2m');
    expect(formatMetric('bounce_rate', 41)).toBe('41%');
    expect(formatMetric('visit_duration', 0)).toBe('0s');
    expect(formatMetric('views_per_visit', 2.456)).toBe('2.46');
    expect(formatMetric('visitors', 12345, true)).toBe('12,345');
    expect(formatMetric('visitors', null)).toBe('—');
  });
  it('shows changes and their tone', () => {
    expect(formatChange('visitors', 12)).toBe('↑ 12%');
    expect(formatChange('bounce_rate', -3.5)).toBe('↓ 3.5 pp');
    expect(formatChange('visitors', 0)).toBe('0%');
    expect(changeTone('visitors', 5)).toBe('good');
    expect(changeTone('bounce_rate', 5)).toBe('bad');
    expect(changeTone('bounce_rate', -5)).toBe('good');
    expect(changeTone('visitors', 0)).toBe('neutral');
  });
  it('makes flags and names from country codes', () => {
    expect(flagEmoji('DE')).toBe('🇩🇪');
    expect(flagEmoji('us')).toBe('🇺🇸');
    expect(flagEmoji('')).toBe('');
    expect(flagEmoji('<b>')).toBe('');
    expect(countryName('DE')).toBe('Germany');
    expect(valueLabel('visit:country', 'FR')).toBe('France');
    expect(valueLabel('visit:source', '')).toBe('Direct / None');
    expect(valueLabel('event:page', '<script>')).toBe('<script>');
    expect(countryCode('Germany')).toBe('DE');
    expect(countryCode(' united states ')).toBe('US');
    expect(countryCode('fr')).toBe('FR');
    expect(countryCode('Atlantis')).toBeNull();
  });
  it('links only plain hostnames, only over https', () => {
    expect(referrerHref('news.ycombinator.com')).toBe('https://news.ycombinator.com');
    for (const bad of ['javascript:alert(1)', 'evil.com/path', 'a b.com', 'localhost', '127.0.0.1', 'x.com:8080', 'Google', 'data:text/html,x', '//evil.com', 'evil.com"onmouseover=x', '-bad.com']) {
      expect(isPlainHostname(bad), bad).toBe(false);
      expect(referrerHref(bad)).toBeNull();
    }
  });
});
