import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has defaults that serve on 8080 with a SQLite file under ./data', () => {
    const config = loadConfig({}, '/srv/cairn');
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/srv/cairn/data',
      databasePath: '/srv/cairn/data/cairn.db',
      baseUrl: 'http://localhost:8080',
      trustProxy: { mode: 'off' },
      logLevel: 'info',
      geoipDb: undefined,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        HOST: '127.0.0.1',
        DATA_DIR: '/var/lib/cairn',
        DATABASE_URL: 'sqlite:///tmp/x.db',
        BASE_URL: 'https://stats.example.com/',
        TRUST_PROXY: 'true',
        LOG_LEVEL: 'WARN',
        GEOIP_DB: 'geo/city.mmdb',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      dataDir: '/var/lib/cairn',
      databasePath: '/tmp/x.db',
      baseUrl: 'https://stats.example.com',
      trustProxy: { mode: 'hops', hops: 1 },
      logLevel: 'warn',
      geoipDb: path.resolve('/srv', 'geo/city.mmdb'),
    });
  });

  it('accepts a bare relative path as DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'db/a.sqlite' }, '/srv').databasePath).toBe('/srv/db/a.sqlite');
  });

  it('reports every bad value at once, by name', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', TRUST_PROXY: 'maybe', LOG_LEVEL: 'loud', BASE_URL: 'ftp://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'TRUST_PROXY', 'LOG_LEVEL', 'BASE_URL']) expect(message).toContain(name);
  });

  describe('TRUST_PROXY', () => {
    const trust = (value: string) => loadConfig({ TRUST_PROXY: value }).trustProxy;

    it('is off by default and for false, 0, no, off', () => {
      for (const value of ['false', 'FALSE', '0', 'no', 'off', ' ']) expect(trust(value)).toEqual({ mode: 'off' });
    });

    it('counts proxy hops: true and 1 are one, a number N is N', () => {
      for (const value of ['true', 'True', '1', 'yes', 'on']) expect(trust(value)).toEqual({ mode: 'hops', hops: 1 });
      expect(trust('2')).toEqual({ mode: 'hops', hops: 2 });
      expect(trust(' 3 ')).toEqual({ mode: 'hops', hops: 3 });
    });

    it('takes a list of trusted proxy addresses and CIDR ranges', () => {
      expect(trust('10.0.0.0/8, 127.0.0.1,::1,fd00::/8,::ffff:192.0.2.1')).toEqual({
        mode: 'list',
        ranges: [
          { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
          { address: '127.0.0.1', prefix: 32, family: 'ipv4' },
          { address: '::1', prefix: 128, family: 'ipv6' },
          { address: 'fd00::', prefix: 8, family: 'ipv6' },
          // Mapped addresses are matched as the IPv4 address they carry.
          { address: '192.0.2.1', prefix: 32, family: 'ipv4' },
        ],
      });
      expect(trust('192.0.2.1')).toMatchObject({ mode: 'list', ranges: [{ address: '192.0.2.1', prefix: 32 }] });
    });

    it('is frozen all the way down', () => {
      const list = trust('10.0.0.0/8');
      expect(Object.isFrozen(list)).toBe(true);
      expect(list.mode === 'list' && Object.isFrozen(list.ranges) && Object.isFrozen(list.ranges[0])).toBe(true);
    });

    it('refuses junk, naming the variable and the bad part', () => {
      for (const [value, part] of [
        ['maybe', 'maybe'],
        ['-1', '-1'],
        ['1.5', '1.5'],
        ['1e2', '1e2'],
        ['1000', '1000'],
        ['10.0.0.0/33', '10.0.0.0/33'],
        ['10.0.0.0/8/8', '10.0.0.0/8/8'],
        ['10.0.0.0/', '10.0.0.0/'],
        ['::1/129', '::1/129'],
        ['10.0.0.300', '10.0.0.300'],
        ['10.0.0.0/8,proxy.internal', 'proxy.internal'],
        ['true,10.0.0.1', 'true'],
        [',', ','],
      ]) {
        expect(() => trust(value), value).toThrow(ConfigError);
        expect(() => trust(value), value).toThrow(new RegExp(`TRUST_PROXY.*${part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
      }
    });

    it('reports a bad list together with the other problems', () => {
      expect(() => loadConfig({ PORT: 'eighty', TRUST_PROXY: '10.0.0.0/8,nope,10.0.0.300' })).toThrow(/PORT[\s\S]*TRUST_PROXY.*"nope".*"10\.0\.0\.300"/);
    });
  });

  it('says PostgreSQL is not there yet rather than failing later', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toThrow(/PostgreSQL is not supported yet/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u@h/db' })).toThrow(/DATABASE_URL/);
  });

  it('rejects an out-of-range port', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });
});
