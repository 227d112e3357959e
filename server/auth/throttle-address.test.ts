import { describe, expect, it } from 'vitest';
import { sender, throttleAddressKey } from './throttle-address.ts';

describe('throttle address', () => {
  it('counts IPv4 by address and IPv6 by its /64, whatever the spelling', () => {
    expect(sender('198.51.100.7')).toBe('198.51.100.7');
    expect(sender('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(sender('::FFFF:c633:6407')).toBe('198.51.100.7');
    expect(sender('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(sender('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(sender('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(sender('::1')).toBe('0:0:0:0::/64');
    expect(sender('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(sender('')).toBe('');
  });

  it('keys by a labelled SHA-256, never the address', () => {
    const key = throttleAddressKey('198.51.100.7');
    expect(key).toMatch(/^addr:[0-9a-f]{64}$/);
    expect(key).not.toContain('198');
    expect(throttleAddressKey('2001:db8:1:2::1')).toBe(throttleAddressKey('2001:db8:1:2::9'));
    expect(throttleAddressKey('2001:db8:1:2::1')).not.toBe(throttleAddressKey('2001:db8:1:3::1'));
  });
});
