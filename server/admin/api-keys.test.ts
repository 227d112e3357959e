import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.ts';
import { openTestDatabase } from '../../tests/helpers/test-db.ts';
import { createApiKey, listApiKeys, revokeApiKey, scopeAllows, verifyApiKey } from './api-keys.ts';
import { addSite } from './sites.ts';

let db: Db;
beforeEach(async () => {
  db = await openTestDatabase();
  await addSite(db.kysely, { domain: 'example.com' });
});
afterEach(() => db.close());

const row = (prefix: string) => db.kysely.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).executeTakeFirstOrThrow();

describe('API keys', () => {
  it('creates a random key, storing only its prefix and hash', async () => {
    const a = await createApiKey(db.kysely, { siteDomain: 'EXAMPLE.com', scope: 'read', name: ' ci ' });
    const b = await createApiKey(db.kysely, { scope: 'admin' });
    expect(a.key).toMatch(/^cairn_[A-Za-z0-9_-]{43}$/);
    expect(a).toMatchObject({ prefix: a.key.slice(0, 12), siteId: 1, scope: 'read' });
    expect(b).toMatchObject({ siteId: null, scope: 'admin' });
    expect(a.key).not.toBe(b.key);
    const stored = await row(a.prefix);
    expect(stored).toMatchObject({ name: 'ci', site_id: 1, last_used_at: null });
    expect(stored.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await db.kysely.selectFrom('api_keys').selectAll().execute())).not.toContain(a.key.slice(12));
  });

  it('refuses bad scopes, unknown sites and site-bound admin keys', async () => {
    await expect(createApiKey(db.kysely, { scope: 'root' })).rejects.toThrow(/read, write or admin/);
    await expect(createApiKey(db.kysely, { scope: 'read', siteDomain: 'nope.org' })).rejects.toThrow(/no site/);
    await expect(createApiKey(db.kysely, { scope: 'admin', siteDomain: 'example.com' })).rejects.toThrow(/every site/);
  });

  it('verifies a key, and nothing that merely resembles it', async () => {
    const { key, prefix } = await createApiKey(db.kysely, { siteDomain: 'example.com', scope: 'write' });
    expect(await verifyApiKey(db.kysely, key)).toEqual({ id: 1, siteId: 1, scope: 'write' });
    const last = key.at(-1) === 'A' ? 'B' : 'A';
    for (const bad of [key.slice(0, -1) + last, key.slice(0, -1), `${key}x`, prefix, '', key.replace('cairn_', 'cairn-')]) {
      expect(await verifyApiKey(db.kysely, bad)).toBeNull();
    }
  });

  it('records use at most once a minute', async () => {
    const { key, prefix } = await createApiKey(db.kysely, { scope: 'read' });
    await verifyApiKey(db.kysely, key, 1_000_000);
    expect((await row(prefix)).last_used_at).toBe(1_000_000);
    await verifyApiKey(db.kysely, key, 1_030_000);
    expect((await row(prefix)).last_used_at).toBe(1_000_000);
    await verifyApiKey(db.kysely, key, 1_060_001);
    expect((await row(prefix)).last_used_at).toBe(1_060_001);
  });

  it('lists keys without hashes and revokes them by prefix or whole key', async () => {
    const a = await createApiKey(db.kysely, { siteDomain: 'example.com', scope: 'read', name: 'dash' });
    const b = await createApiKey(db.kysely, { scope: 'admin' });
    const list = await listApiKeys(db.kysely);
    expect(list).toMatchObject([
      { prefix: a.prefix, site: 'example.com', scope: 'read', name: 'dash' },
      { prefix: b.prefix, site: null, scope: 'admin', name: '' },
    ]);
    expect(list[0]).not.toHaveProperty('key_hash');
    await revokeApiKey(db.kysely, a.prefix);
    await revokeApiKey(db.kysely, b.key);
    expect(await verifyApiKey(db.kysely, a.key)).toBeNull();
    expect(await listApiKeys(db.kysely)).toEqual([]);
    await expect(revokeApiKey(db.kysely, a.prefix)).rejects.toMatchObject({ status: 404 });
  });

  it('orders scopes read < write < admin', () => {
    expect(scopeAllows('admin', 'write')).toBe(true);
    expect(scopeAllows('write', 'read')).toBe(true);
    expect(scopeAllows('write', 'admin')).toBe(false);
    expect(scopeAllows('read', 'write')).toBe(false);
  });
});
