import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Kysely } from 'kysely';
import { scopeAllows, verifyApiKey, type Scope, type VerifiedKey } from '../admin/api-keys.ts';
import type { Schema } from '../db/schema.ts';
import { AppError } from '../errors.ts';

export type { Scope, VerifiedKey } from '../admin/api-keys.ts';

/** What requireApiKey leaves on the context: `c.get('apiKey')`. */
export type AuthVariables = { apiKey: VerifiedKey };
export type AuthEnv = { Variables: AuthVariables };

/**
 * Accepts `Authorization: Bearer <key>` whose scope is at least `minScope`.
 * Site limits are the route's to check, with assertSiteAccess, once it knows the site.
 */
export function requireApiKey(db: Kysely<Schema>, minScope: Scope) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    c.set('apiKey', await bearerKey(db, c, minScope));
    await next();
  });
}

/** The request's Bearer key with at least `minScope`, or a 401 (with a challenge) or 403; shared with server/api/principal.ts. */
export async function bearerKey(db: Kysely<Schema>, c: Context, minScope: Scope): Promise<VerifiedKey> {
  const match = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '');
  const key = match ? await verifyApiKey(db, match[1]!) : null;
  if (!key) {
    // Set before throwing: the error handler renders on this same context, so the header survives.
    c.header('WWW-Authenticate', match ? 'Bearer error="invalid_token"' : 'Bearer');
    throw new AppError(401, 'unauthorized', match ? 'the API key is invalid or revoked' : 'send an API key as Authorization: Bearer <key>');
  }
  if (!scopeAllows(key.scope, minScope)) {
    throw new AppError(403, 'forbidden', `this API key has the ${key.scope} scope; ${minScope} is needed`);
  }
  return key;
}

/** A key made for one site must never reach another, whatever the route. */
export function assertSiteAccess(key: VerifiedKey, siteId: number): void {
  if (key.siteId !== null && key.siteId !== siteId) {
    throw new AppError(403, 'forbidden', `this API key cannot read site ${siteId}`);
  }
}
