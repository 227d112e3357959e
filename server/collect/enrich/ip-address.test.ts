import { describe, expect, it } from 'vitest';
import { publicIp } from './ip-address.ts';

describe('publicIp', () => {
  it('accepts public IPv4 and IPv6 addresses', () => {
    expect(publicIp('8.8.8.8')).toEqual({ address: '8.8.8.8', family: 4 });
    const google = '2001:4860:4860::8888';
    expect(publicIp(google)).toEqual({ address: google, family: 6 });
    expect(publicIp(' 1.1.1.1 ')).toEqual({ address: '1.1.1.1', family: 4 });
  });

  it('unwraps IPv4-mapped IPv6 addresses from dual-stack sockets', () => {
    expect(publicIp('::ffff:8.8.8.8')).toEqual({ address: '8.8.8.8', family: 4 });
    expect(publicIp('::FFFF:9.9.9.9')).toEqual({ address: '9.9.9.9', family: 4 });
    expect(publicIp('::ffff:192.168.1.1')).toBeNull();
  });

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.5',
    '192.168.0.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '239.1.1.1',
    '::1',
    '::',
    'fd12:3456:789a::1',
    'fe80::1%eth0',
    'ff02::1',
    '0:0:0:0:0:0:0:1',
    '64:ff9b::808:808',
    '4000::1',
  ])('rejects non-public %s', (ip) => {
    expect(publicIp(ip)).toBeNull();
  });

  const malformed = ['', 'garbage', '1.2.3', '256.1.1.1', '01.2.3.4', '1.2.3.4.5', ':::'];
  it.each([...malformed, '1.2.3.4/24', 'x'.repeat(100)])('rejects malformed %j', (ip) => {
    expect(publicIp(ip)).toBeNull();
  });

  it('keeps public neighbours of private ranges', () => {
    expect(publicIp('172.32.0.1')).not.toBeNull();
    expect(publicIp('11.0.0.1')).not.toBeNull();
    expect(publicIp('100.128.0.1')).not.toBeNull();
    expect(publicIp('100.63.255.1')).not.toBeNull();
    expect(publicIp('169.253.0.1')).not.toBeNull();
    expect(publicIp('172.15.0.1')).not.toBeNull();
    expect(publicIp('192.169.0.1')).not.toBeNull();
    expect(publicIp('223.255.255.1')).not.toBeNull();
    expect(publicIp('3fff:ffff::1')).not.toBeNull();
  });
});
