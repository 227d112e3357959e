import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { resolveSession, SESSION_TTL_MS } from './sessions.ts';
import type { AuthenticatedUser } from './users.ts';

export const SESSION_COOKIE = 'cairn_session';

export interface SessionCookie {
  read(c: Context): string | undefined;
  write(c: Context, token: string): void;
  clear(c: Context): void;
}

/**
 * HttpOnly (scripts never see the token), SameSite=Lax (cross-site subrequests and form posts
 * go without it), Secure when the public URL is https. BASE_URL decides rather than the request,
 * because behind a TLS-terminating proxy every request arrives as plain http.
 */
export function sessionCookie(baseUrl: string): SessionCookie {
  const options = { httpOnly: true, sameSite: 'Lax', path: '/', secure: baseUrl.startsWith('https:') } as const;
  return {
    read: (c) => getCookie(c, SESSION_COOKIE),
    write: (c, token) => setCookie(c, SESSION_COOKIE, token, { ...options, maxAge: SESSION_TTL_MS / 1000 }),
    clear: (c) => void deleteCookie(c, SESSION_COOKIE, options),
  };
}

/**
 * The signed-in user of this request, or null; reads the cookie only, never an API key.
 * With `refresh`, a valid cookie is sent again with a fresh Max-Age: the server slides the
 * session, and pages pass this so the browser keeps the cookie for as long as the server does.
 */
export async function sessionUser(db: Kysely<Schema>, c: Context, refresh?: SessionCookie): Promise<AuthenticatedUser | null> {
  const token = getCookie(c, SESSION_COOKIE);
  const user = token ? await resolveSession(db, token) : null;
  if (user && refresh) refresh.write(c, token!);
  return user;
}
