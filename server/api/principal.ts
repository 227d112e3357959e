import type { Context, Next } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Kysely } from 'kysely';
import { sessionUser } from '../auth/session-cookie.ts';
import type { Schema } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { bearerKey, privateAnswer, type Scope, type VerifiedKey } from './auth.ts';

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

/** Whether the principal may read every site, so that hearing which ones do not exist tells it nothing new. */
export function canReadEverySite(p: Principal): boolean {
  return p.kind === 'user' || p.key.siteId === null;
}

/**
 * The site a request names, when the principal may read it. Someone who may read every site hears
 * `missing()` (a 400 or 404 naming it) for a site that does not exist. Anyone else hears the same
 * 403 for a missing site as for another's, naming only what they asked for: otherwise a key for
 * one site could learn which domains this server counts, or the ids of other sites.
 */
export function readableSite<S extends { id: number }>(p: Principal, site: S | undefined, asked: string, missing: () => AppError): S {
  if (site && canReadSite(p, site.id)) return site;
  if (!site && canReadEverySite(p)) throw missing();
  throw new AppError(403, 'forbidden', `${p.kind === 'key' ? 'this API key' : 'you'} cannot read ${asked}`);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const isJson = (contentType: string | undefined) => /^application\/json\s*(;|$)/i.test(contentType ?? '');

/**
 * Accepts a Bearer key with at least `minKeyScope` or, with `allowSession`, the session cookie.
 * An Authorization header is an explicit choice and is checked even when a cookie comes too.
 * Without either the answer is the API's 401 with a Bearer challenge, as for key-only routes.
 * Every answer behind it, refusals included, is `no-store` (privateAnswer).
 */
export function authenticate(db: Kysely<Schema>, options: { allowSession: boolean; minKeyScope: Scope }) {
  const identify = async (c: Context<PrincipalEnv>, next: Next) => {
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
  };
  return createMiddleware<PrincipalEnv>((c, next) => privateAnswer(c, () => identify(c, next)));
}
