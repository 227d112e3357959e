import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.ts';
import { openTestDatabase } from '../../tests/helpers/test-db.ts';
import { addSite, changeSite, normalizeDomain, validateCidr, validateTimezone } from './sites.ts';

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
});
afterEach(() => db.close());

describe('sites', () => {
  it('normalises domains the way people paste them', () => {
    expect(normalizeDomain('https://WWW.Example.com/path?q=1')).toBe('www.example.com');
    expect(normalizeDomain(' shop.example.org ')).toBe('shop.example.org');
    expect(normalizeDomain('bücher.de')).toBe('xn--bcher-kva.de');
    for (const bad of ['', 'not a domain', 'exa mple.com', 'http://']) expect(() => normalizeDomain(bad)).toThrow(/not a valid domain/);
  });

  it('validates time zones and CIDR ranges', () => {
    expect(validateTimezone('europe/berlin')).toBe('Europe/Berlin');
    expect(() => validateTimezone('Mars/Olympus')).toThrow(/IANA/);
    expect(validateCidr('10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(validateCidr('2001:db8::1')).toBe('2001:db8::1/128');
    for (const bad of ['10.0.0.0/33', '300.1.1.1', '10.0.0.0/8/1', 'x']) expect(() => validateCidr(bad)).toThrow(/CIDR/);
  });

  it('adds a site once, with numeric ids', async () => {
    const a = await addSite(db.kysely, { domain: 'example.com', timezone: 'Europe/Berlin' });
    const b = await addSite(db.kysely, { domain: 'other.org' });
    expect([a.id, b.id]).toEqual([1, 2]);
    expect(b.timezone).toBe('UTC');
    await expect(addSite(db.kysely, { domain: 'EXAMPLE.com' })).rejects.toThrow(/already exists/);
  });

  it('changes only the settings given', async () => {
    await addSite(db.kysely, { domain: 'example.com', timezone: 'Europe/Berlin', hostnames: ['*.example.org'] });
    const site = await changeSite(db.kysely, 'example.com', { excludedIps: ['10.0.0.0/8'], honorDnt: true });
    expect(site).toMatchObject({
      timezone: 'Europe/Berlin',
      hostnames: '["*.example.org"]',
      excluded_ips: '["10.0.0.0/8"]',
      excluded_paths: '[]',
      honor_dnt: 1,
    });
    await expect(changeSite(db.kysely, 'nope.org', { honorDnt: true })).rejects.toThrow(/no site/);
    await expect(changeSite(db.kysely, 'example.com', { excludedPaths: ['admin'] })).rejects.toThrow(/starting with \//);
  });
});
