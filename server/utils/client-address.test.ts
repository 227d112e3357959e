import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, postEvent, type TestApp } from '../../tests/helpers/test-app.ts';
import { addSite } from '../admin/sites.ts';
import { loadConfig } from '../config.ts';
import { pickClientAddress } from './client-address.ts';

const trust = (value: string) => loadConfig({ TRUST_PROXY: value }).trustProxy;
const pick = (value: string, peer: string, forwarded?: string) => pickClientAddress(peer, forwarded, trust(value));

describe('pickClientAddress', () => {
  it('ignores X-Forwarded-For unless a proxy is trusted', () => {
    expect(pick('false', '203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
    expect(pick('false', '::ffff:203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
  });

  it('with one hop takes the right-most entry, whatever the client wrote to its left', () => {
    // The client wrote "198.51.100.1, 192.0.2.2"; the proxy appended the address it saw.
    expect(pick('true', '10.0.0.1', '198.51.100.1, 192.0.2.2, 203.0.113.50')).toBe('203.0.113.50');
    expect(pick('1', '10.0.0.1', '203.0.113.50')).toBe('203.0.113.50');
    expect(pick('true', '10.0.0.1', 'not an address, 203.0.113.50')).toBe('203.0.113.50');
    expect(pick('true', '10.0.0.1', undefined)).toBe('10.0.0.1');
  });

  it('with N hops takes the N-th entry from the right', () => {
    expect(pick('2', '10.0.0.2', '198.51.100.1, 203.0.113.50, 10.0.0.1')).toBe('203.0.113.50');
    expect(pick('3', '10.0.0.3', '198.51.100.1, 203.0.113.50, 10.0.0.1, 10.0.0.2')).toBe('203.0.113.50');
    // Fewer entries than hops: the furthest address any proxy vouched for.
    expect(pick('3', '10.0.0.3', '203.0.113.50')).toBe('203.0.113.50');
  });

  it('with a list walks left from the peer while the address is a trusted proxy', () => {
    const list = '10.0.0.0/8, 127.0.0.1, fd00::/8';
    expect(pick(list, '127.0.0.1', '198.51.100.1, 203.0.113.50, 10.1.2.3')).toBe('203.0.113.50');
    expect(pick(list, '::ffff:127.0.0.1', '198.51.100.1, 2001:db8::5, fd00::1')).toBe('2001:db8::5');
    // Only trusted proxies in the header: the left-most is as far as anyone vouches.
    expect(pick(list, '127.0.0.1', '10.9.9.9, 10.1.2.3')).toBe('10.9.9.9');
    expect(pick(list, '127.0.0.1', undefined)).toBe('127.0.0.1');
  });

  it('ignores the header when the peer is not a trusted proxy', () => {
    expect(pick('10.0.0.0/8', '203.0.113.50', '10.1.2.3, 198.51.100.1')).toBe('203.0.113.50');
    expect(pick('10.0.0.0/8', '::ffff:203.0.113.50', '198.51.100.1')).toBe('203.0.113.50');
  });

  it('stops at an entry it cannot read rather than skipping past it', () => {
    // Skipping would hand the choice to whatever the client wrote further left.
    expect(pick('10.0.0.0/8', '10.0.0.1', '198.51.100.1, garbage, 10.1.2.3')).toBe('10.1.2.3');
    expect(pick('2', '10.0.0.2', '198.51.100.1, unknown')).toBe('10.0.0.2');
  });

  it('reads ports and mapped addresses in entries', () => {
    expect(pick('true', '10.0.0.1', '198.51.100.1, 203.0.113.50:4711')).toBe('203.0.113.50');
    expect(pick('true', '10.0.0.1', '198.51.100.1, [2001:db8::1]:443')).toBe('2001:db8::1');
    expect(pick('true', '10.0.0.1', '198.51.100.1, [2001:db8::1]')).toBe('2001:db8::1');
    expect(pick('true', '10.0.0.1', '198.51.100.1, ::ffff:203.0.113.50')).toBe('203.0.113.50');
    expect(pick('10.0.0.0/8', '10.0.0.1', '203.0.113.50, ::ffff:10.1.2.3')).toBe('203.0.113.50');
  });
});

describe('the collector behind a proxy', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    await t?.db.close();
  });

  async function addressSeen(env: Record<string, string>, peer: string, forwarded: string): Promise<string[]> {
    const seen: string[] = [];
    t = await createTestApp({ env, geo: (ip) => (seen.push(ip), { country: 'DE', region: '', city: '' }) });
    await addSite(t.db.kysely, { domain: 'example.com' });
    const res = await t.send('/api/event', { ...postEvent({ n: 'pageview', u: 'https://example.com/', d: 'example.com' }, { 'x-forwarded-for': forwarded }), ip: peer });
    expect(res.status).toBe(202);
    return seen;
  }

  it('does not let a client choose its address by writing X-Forwarded-For itself', async () => {
    expect(await addressSeen({ TRUST_PROXY: 'true' }, '10.0.0.1', '198.51.100.1, 203.0.113.50')).toEqual(['203.0.113.50']);
  });

  it('trusts a list of proxies given in TRUST_PROXY', async () => {
    expect(await addressSeen({ TRUST_PROXY: '10.0.0.0/8' }, '10.0.0.1', '198.51.100.1, 203.0.113.50, 10.0.0.2')).toEqual(['203.0.113.50']);
    await t!.close();
    await t!.db.close();
    expect(await addressSeen({ TRUST_PROXY: '10.0.0.0/8' }, '203.0.113.9', '198.51.100.1')).toEqual(['203.0.113.9']);
  });
});
