import { describe, expect, it } from 'vitest';
import { channelFor } from './channel.ts';

const ch = (source: string, utmMedium = '', utmSource = '') => channelFor({ source, utmMedium, utmSource });

describe('channelFor', () => {
  it('groups sources into channels', () => {
    expect(ch('')).toBe('Direct');
    expect(ch('Google')).toBe('Organic Search');
    expect(ch('DuckDuckGo')).toBe('Organic Search');
    expect(ch('Facebook')).toBe('Organic Social');
    expect(ch('Google', 'cpc')).toBe('Paid Search');
    expect(ch('Facebook', 'paid_social')).toBe('Paid Social');
    expect(ch('newsletter', 'email')).toBe('Email');
    expect(ch('Youtube')).toBe('Organic Video');
    expect(ch('partner.example', 'affiliate')).toBe('Affiliates');
    expect(ch('ads.example', 'display')).toBe('Display');
    expect(ch('example.org')).toBe('Referral');
    expect(ch('', 'organic')).toBe('Organic Search');
    expect(ch('unknown-thing', 'cpc')).toBe('Paid Other');
  });
});
