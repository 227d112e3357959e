import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { AppError, badRequest } from '../errors.ts';
import { deleteApiKey, findApiKeyByPrefix, insertApiKey, listApiKeyRows, touchApiKey, type ApiKeyListing } from './api-keys.queries.ts';
import { findSiteByDomain } from './sites.queries.ts';
import { normalizeDomain } from './sites.ts';

/** Ordered weakest first: each scope may do everything the ones before it may. */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface VerifiedKey {
  id: number;
  /** null: every site. */
  siteId: number | null;
  scope: Scope;
}

export interface CreatedApiKey {
  /** The whole key: shown once, never stored. */
  key: string;
  prefix: string;
  siteId: number | null;
  scope: Scope;
}

const MARK = 'cairn_';
const PREFIX_LENGTH = 12;
const KEY_LENGTH = MARK.length + 43; // 32 bytes in unpadded base64url
const TOUCH_INTERVAL_MS = 60_000;

export const scopeAllows = (scope: Scope, needed: Scope) => SCOPES.indexOf(scope) >= SCOPES.indexOf(needed);
const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');

export function parseScope(value: string): Scope {
  if (!(SCOPES as readonly string[]).includes(value)) throw badRequest(`scope must be read, write or admin, not "${value}"`, 'invalid_scope');
  return value as Scope;
}

export async function createApiKey(
  db: Kysely<Schema>,
  input: { siteDomain?: string; scope: string; name?: string },
  now = Date.now(),
): Promise<CreatedApiKey> {
  const scope = parseScope(input.scope);
  const name = (input.name ?? '').trim();
  if (name.length > 100) throw badRequest('name is longer than 100 characters', 'invalid_name');
  let siteId: number | null = null;
  if (input.siteDomain !== undefined) {
    // An admin key can create and change every site, so tying it to one would promise a limit it cannot keep.
    if (scope === 'admin') throw badRequest('admin keys cover every site; create it without a site', 'invalid_scope');
    const site = await findSiteByDomain(db, normalizeDomain(input.siteDomain));
    if (!site) throw badRequest(`no site ${input.siteDomain}`, 'unknown_site');
    siteId = site.id;
  }
  // The 6 random characters in the prefix can collide (1 in 2^36 per pair); draw again if so.
  for (let attempt = 0; ; attempt++) {
    const key = MARK + randomBytes(32).toString('base64url');
    const prefix = key.slice(0, PREFIX_LENGTH);
    try {
      await insertApiKey(db, { prefix, key_hash: sha256(key), site_id: siteId, scope, name, created_at: now });
      return { key, prefix, siteId, scope };
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE' || attempt >= 3) throw error;
    }
  }
}

/** The key's identity, or null when it is malformed, unknown or revoked. */
export async function verifyApiKey(db: Kysely<Schema>, key: string, now = Date.now()): Promise<VerifiedKey | null> {
  if (key.length !== KEY_LENGTH || !key.startsWith(MARK)) return null;
  const row = await findApiKeyByPrefix(db, key.slice(0, PREFIX_LENGTH));
  if (!row) return null;
  // The prefix is public (it is listed); the rest must match without leaking, through timing, how much of it did.
  const given = Buffer.from(sha256(key), 'hex');
  const stored = Buffer.from(row.key_hash, 'hex');
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) return null;
  if (row.last_used_at === null || row.last_used_at < now - TOUCH_INTERVAL_MS) {
    await touchApiKey(db, row.id, now, now - TOUCH_INTERVAL_MS);
  }
  return { id: row.id, siteId: row.site_id, scope: row.scope };
}

export const listApiKeys = (db: Kysely<Schema>): Promise<ApiKeyListing[]> => listApiKeyRows(db);

/** Takes the prefix, or the whole key when that is what the owner has at hand. */
export async function revokeApiKey(db: Kysely<Schema>, prefix: string): Promise<void> {
  const deleted = await deleteApiKey(db, prefix.trim().slice(0, PREFIX_LENGTH));
  if (deleted === 0) throw new AppError(404, 'not_found', `no API key with prefix ${prefix}`);
}
