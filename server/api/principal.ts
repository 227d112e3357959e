import { createMiddleware } from 'hono/factory';
import type { Kysely } from 'kysely';
import { sessionUser } from '../auth/session-cookie.ts';
import type { Schema } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { bearerKey, type Scope, type VerifiedKey } from './auth.ts';

/** Who is asking: a person signed in to the dashboard, or an API key. */
export type Principal = { kind: 'user'; userId: number; email: string } | { kind: 'key'; key: VerifiedKey };

/** What authenticate leaves on the context: `c.get('principal')`. */
export type PrincipalEnv = { Variables: { principal: Principal } };

/**
 * The one place that decides who may read a site. Keys keep their site limit. Every user reads
 * every site for now; roles and per-site membership (and shared links, as a third principal
 * kind) plug in here, and every route that reads a site already asks through this function.
 */
export function canReadSite(p: Principal, siteId: number): boolean {
  if (p.kind === 'key') return p.key.siteId === null || p.key.siteId === siteId;
  return true;
}

export function assertCanReadSite(p: Principal, siteId: number): void {
  if (!canReadSite(p, siteId)) {
    throw new AppError(403, 'forbidden', p.kind === 'key' ? `this API key cannot read site ${siteId}` : `you cannot read site ${siteId}`);
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const isJson = (contentType: string | undefined) => /^application\/json\s*(;|$)/i.test(contentType ?? '');

/**
 * Accepts a Bearer key with at least `minKeyScope` or, with `allowSession`, the session cookie.
 * An Authorization header is an explicit choice and is checked even when a cookie comes too.
 * Without either the answer is the API's 401 with a Bearer challenge, as for key-only routes.
 */
export function authenticate(db: Kysely<Schema>, options: { allowSession: boolean; minKeyScope: Scope }) {
  return createMiddleware<PrincipalEnv>(async (c, next) => {
    if (options.allowSession && c.req.header('authorization') === undefined) {
      const user = await sessionUser(db, c);
      if (user) {
        // The browser sends the cookie by itself. A cross-site form can post only form or text
        // bodies, and a cross-origin script cannot send JSON without a preflight we never allow,
        // so demanding JSON on writes closes the CSRF gap that SameSite=Lax leaves (same-site origins).
        if (!SAFE_METHODS.has(c.req.method) && !isJson(c.req.header('content-type'))) {
          throw new AppError(403, 'forbidden', 'with a session cookie, send Content-Type: application/json');
        }
        c.set('principal', { kind: 'user', userId: user.id, email: user.email });
        await next();
        return;
      }
    }
    c.set('principal', { kind: 'key', key: await bearerKey(db, c, options.minKeyScope) });
    await next();
  });
}
