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
 * Site limits are the route's to check, with readableSite (server/api/principal.ts), once it knows the site.
 * Every answer behind it, refusals included, is `no-store` (privateAnswer).
 */
export function requireApiKey(db: Kysely<Schema>, minScope: Scope) {
  return createMiddleware<AuthEnv>((c, next) =>
    privateAnswer(c, async () => {
      c.set('apiKey', await bearerKey(db, c, minScope));
      await next();
    }),
  );
}

/**
 * Runs an authentication middleware so that whatever the caller hears is `Cache-Control: no-store`:
 * statistics, settings and errors alike are for this caller only, and must not be kept by a
 * shared cache or on the disk of a shared computer. Set before, for the 401 or 403 that
 * authentication itself throws (the error handler renders on this context); set after, for
 * whatever the route answered, also a Response it built itself or an error it threw.
 */
export async function privateAnswer(c: Context, run: () => Promise<void>): Promise<void> {
  c.header('Cache-Control', 'no-store');
  await run();
  c.res.headers.set('Cache-Control', 'no-store');
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
