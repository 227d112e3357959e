import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { readBody } from '../utils/body.ts';
import { clientAddress } from '../utils/client-address.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { htmlHeaders } from './html.ts';
import { loginSucceeded, reserveLogin } from './login-throttle.ts';
import { loginPage, noticePage } from './pages.ts';
import { dummyHash } from './password.ts';
import { safeNext } from './safe-next.ts';
import { isSameOrigin } from './same-origin.ts';
import { sessionCookie, sessionUser } from './session-cookie.ts';
import { createSession, endSession } from './sessions.ts';
import { checkLogin, normalizeEmail } from './users.ts';

const MAX_FORM_BYTES = 8 * 1024;

/** GET/POST /login and POST /logout. The form posts here; nothing on these pages runs script. */
export function loginRoutes(config: Config, db: Db) {
  const k = db.kysely;
  const cookie = sessionCookie(config.baseUrl);
  // Made now, so the first login for an unknown email is not the one that pays for it (and shows).
  void dummyHash();
  const page = (c: Context, status: ContentfulStatusCode, values: Parameters<typeof loginPage>[0]) => {
    c.header('Cache-Control', 'no-store');
    return c.html(loginPage(values), status);
  };
  const app = new Hono();

  app.get('/login', htmlHeaders(), async (c) => {
    const next = safeNext(c.req.query('next'));
    if (await sessionUser(k, c)) return c.redirect(next, 303);
    return page(c, 200, { next });
  });

  app.post('/login', htmlHeaders(), async (c) => {
    if (!isSameOrigin(c, config.baseUrl)) return page(c, 403, { error: 'Sign in from this server’s own login page.', next: '/' });
    const form = new URLSearchParams((await readBody(c, MAX_FORM_BYTES)).toString('utf8'));
    const email = normalizeEmail(form.get('email') ?? '');
    const password = form.get('password') ?? '';
    const next = safeNext(form.get('next'));
    if (email === '' || password === '') return page(c, 400, { error: 'Enter your email and password.', email, next });
    const now = Date.now();
    const reservation = await reserveLogin(k, email, clientAddress(c, config.trustProxy), now);
    if ('retryAfterMs' in reservation) {
      const wait = reservation.retryAfterMs;
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return page(c, 429, { error: `Too many failed attempts. Try again in ${Math.ceil(wait / 60_000)} minutes.`, email, next });
    }
    const user = await checkLogin(k, email, password);
    // A failure needs no bookkeeping: the reservation already counted it.
    // One message for an unknown email and a wrong password: the form must not say which accounts exist.
    if (!user) return page(c, 401, { error: 'Wrong email or password.', email, next });
    await loginSucceeded(k, reservation.ticket);
    const previous = cookie.read(c);
    if (previous) await endSession(k, previous);
    cookie.write(c, await createSession(k, user.id, now));
    return c.redirect(next, 303);
  });

  // A cross-site form could sign the user out even without the cookie (SameSite=Lax withholds it,
  // but the answer's Set-Cookie still clears it), and a signed-out user is easier to lead to a
  // look-alike login page. Hence the same Origin check as the login form.
  app.post('/logout', htmlHeaders(), async (c) => {
    if (!isSameOrigin(c, config.baseUrl)) {
      c.header('Cache-Control', 'no-store');
      return c.html(noticePage('Not signed out', 'Sign out from this server’s own pages.'), 403);
    }
    const token = cookie.read(c);
    if (token) await endSession(k, token);
    cookie.clear(c);
    return c.redirect('/login', 303);
  });
  return app;
}
