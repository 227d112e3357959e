import type { Kysely } from 'kysely';
import { scopeAllows, verifyApiKey, type VerifiedKey } from '../../admin/api-keys.ts';
import type { Schema } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { param, type Params } from './params.ts';

/** Parameters that rewrite who sent an event or where from: only with token_auth (lat/long are then ignored). */
export const PROTECTED_PARAMS = ['cip', 'country', 'region', 'city', 'lat', 'long'] as const;

/** Verifies each token once per HTTP request, so a bulk request with one token costs one lookup. */
export type TokenCheck = (token: string) => Promise<VerifiedKey | null>;

export function tokenCheck(db: Kysely<Schema>): TokenCheck {
  const seen = new Map<string, Promise<VerifiedKey | null>>();
  return (token) => {
    let result = seen.get(token);
    if (!result) seen.set(token, (result = verifyApiKey(db, token)));
    return result;
  };
}

/**
 * Throws unless `token_auth` is a Cairn API key with write access to the site, when the request
 * uses any protected parameter (`extra` names a `cdt`/`cdo` more than a day back). Without such
 * parameters the token is not looked at.
 */
export async function requireToken(params: Params, siteId: number, extra: string | undefined, check: TokenCheck): Promise<void> {
  const used: string[] = PROTECTED_PARAMS.filter((name) => param(params, name) !== undefined);
  if (extra) used.push(`${extra} (more than 24 hours back)`);
  if (used.length === 0) return;
  const need = `${used.join(', ')} ${used.length > 1 ? 'need' : 'needs'}`;
  const token = param(params, 'token_auth');
  if (!token) throw new AppError(400, 'token_required', `${need} token_auth: a Cairn API key with write access to this site`);
  const key = await check(token);
  if (!key) throw new AppError(401, 'invalid_token', 'token_auth is not a valid Cairn API key');
  if (!scopeAllows(key.scope, 'write')) throw new AppError(403, 'forbidden', `token_auth is a ${key.scope} key; ${need} a write key`);
  if (key.siteId !== null && key.siteId !== siteId) throw new AppError(403, 'forbidden', `token_auth is not a key for site ${siteId}`);
}
