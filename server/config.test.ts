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
      trustProxy: false,
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
      trustProxy: true,
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

  it('says PostgreSQL is not there yet rather than failing later', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toThrow(/PostgreSQL is not supported yet/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u@h/db' })).toThrow(/DATABASE_URL/);
  });

  it('rejects an out-of-range port', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });
});
