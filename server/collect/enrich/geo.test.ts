import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Reader, type CityResponse } from 'maxmind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MmdbUint, writeMmdb, type MmdbNetwork } from '../../../tests/helpers/mmdb-writer.ts';
import { openGeoLookup, type GeoLookup } from './geo.ts';

const EMPTY = { country: '', region: '', city: '' };

const CITY_NETWORKS: MmdbNetwork[] = [
  {
    network: '203.0.113.0/24',
    data: {
      city: { geoname_id: 2950159, names: { en: 'Berlin', de: 'Berlin' } },
      country: { geoname_id: 2921044, iso_code: 'DE', names: { en: 'Germany' } },
      location: { latitude: 52.52, longitude: 13.405, accuracy_radius: 20 },
      subdivisions: [{ geoname_id: 2950157, iso_code: 'BE', names: { en: 'Land Berlin' } }],
    },
  },
  {
    network: '2001:db8::/32',
    data: {
      city: { names: { en: 'Paris' } },
      country: { iso_code: 'fr' },
      subdivisions: [{ iso_code: 'IDF' }, { iso_code: '75' }],
    },
  },
  // No country in the city file: the bundled database must still supply one.
  { network: '8.8.8.0/24', data: { city: { names: { en: 'Mountain View' } } } },
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-geo-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeDb(name: string, buffer: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, buffer);
  return path;
}

describe('test MMDB writer', () => {
  it('produces files maxmind reads back, with correct metadata and prefixes', () => {
    const databaseType = 'Cairn-Test-City';
    const reader = new Reader<CityResponse>(
      writeMmdb({ ipVersion: 6, databaseType, networks: CITY_NETWORKS }),
    );
    expect(reader.metadata).toMatchObject({ ipVersion: 6, recordSize: 24, databaseType });
    // mmdb-lib reports IPv4 prefix lengths without the 96-bit IPv6 prefix.
    expect(reader.getWithPrefixLength('203.0.113.77')).toEqual([CITY_NETWORKS[0]!.data, 24]);
    expect(reader.get('2001:db8:1234::1')?.city?.names.en).toBe('Paris');
    expect(reader.get('203.0.114.1')).toBeNull();
    expect(reader.get('198.51.100.1')).toBeNull();
  });

  it('encodes long strings, booleans, doubles, and 64-bit integers', () => {
    const data = {
      long: 'ü'.repeat(400),
      yes: true,
      no: false,
      pi: 3.25,
      big: new MmdbUint(64, 2n ** 40n),
      list: [1, 'two'],
    };
    const networks = [{ network: '10.0.0.0/8', data }];
    const db = writeMmdb({ ipVersion: 4, databaseType: 'x', networks });
    expect(new Reader(db).get('10.1.2.3')).toEqual({ ...data, big: 2n ** 40n });
  });
});

describe('openGeoLookup with the bundled country database', () => {
  let lookup: GeoLookup;
  beforeAll(async () => {
    lookup = await openGeoLookup({});
  });

  it.each([
    ['8.8.8.8', 'US'],
    ['2001:4860:4860::8888', 'US'],
    ['::ffff:8.8.8.8', 'US'],
    ['130.149.7.201', 'DE'], // TU Berlin
    ['2003::1', 'DE'], // Deutsche Telekom
  ])('%s -> %s', (ip, country) => {
    expect(lookup(ip)).toEqual({ country, region: '', city: '' });
  });

  it.each([
    '127.0.0.1',
    '::1',
    '10.0.0.1',
    '192.168.1.20',
    'fe80::1%en0',
    '',
    'garbage',
    '999.1.1.1',
    '1.2.3.4; DROP',
  ])('%j -> empty', (ip) => {
    expect(lookup(ip)).toEqual(EMPTY);
  });

  it('never throws, even on non-string input', () => {
    expect(lookup(undefined as unknown as string)).toEqual(EMPTY);
    expect(lookup({} as unknown as string)).toEqual(EMPTY);
  });
});

describe('openGeoLookup with a city database', () => {
  it('takes country, ISO 3166-2 region and city from the city file', async () => {
    const db = writeMmdb({ ipVersion: 6, databaseType: 'GeoLite2-City', networks: CITY_NETWORKS });
    const lookup = await openGeoLookup({ cityDbPath: writeDb('city.mmdb', db) });
    const berlin = { country: 'DE', region: 'DE-BE', city: 'Berlin' };
    expect(lookup('203.0.113.9')).toEqual(berlin);
    expect(lookup('::ffff:203.0.113.9')).toEqual(berlin);
    expect(lookup('2001:db8::42')).toEqual({ country: 'FR', region: 'FR-IDF', city: 'Paris' });
    expect(lookup('8.8.8.8')).toEqual({ country: 'US', region: '', city: 'Mountain View' });
    // Not in the city file: falls back to the bundled country data.
    expect(lookup('130.149.7.201')).toEqual({ country: 'DE', region: '', city: '' });
    expect(lookup('127.0.0.1')).toEqual(EMPTY);
  });

  it('does not query an IPv4-only city file with IPv6 addresses', async () => {
    const data = { country: { iso_code: 'NL' }, city: { names: { en: 'Amsterdam' } } };
    const networks = [{ network: '0.0.0.0/1', data }];
    const db = writeMmdb({ ipVersion: 4, databaseType: 'GeoLite2-City', networks });
    const lookup = await openGeoLookup({ cityDbPath: writeDb('v4.mmdb', db) });
    expect(lookup('8.8.8.8')).toEqual({ country: 'NL', region: '', city: 'Amsterdam' });
    expect(lookup('2001:4860:4860::8888')).toEqual({ country: 'US', region: '', city: '' });
  });

  it('rejects with the path when the file is missing or not an MMDB', async () => {
    const missing = join(dir, 'nope.mmdb');
    await expect(openGeoLookup({ cityDbPath: missing })).rejects.toThrow(/nope\.mmdb/);
    const junk = writeDb('junk.mmdb', Buffer.from('this is not a database'));
    await expect(openGeoLookup({ cityDbPath: junk })).rejects.toThrow(/junk\.mmdb/);
  });
});
