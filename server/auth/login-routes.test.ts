import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../../tests/helpers/test-app.ts';
import { CONTENT_SECURITY_POLICY } from './html.ts';
import { addUser } from './users.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await addUser(t.db.kysely, { email: 'owner@example.com', password: 'correct horse battery' });
});
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
  await t.db.close();
});

const login = (fields: Record<string, string>, app = t, headers: Record<string, string> = {}) =>
  app.send('/login', { method: 'POST', body: new URLSearchParams(fields), headers });
const good = { email: 'Owner@Example.com', password: 'correct horse battery' };
const sessionToken = (res: Response) => /cairn_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

describe('GET /login', () => {
  it('serves the form with a strict CSP and the next path in a hidden field', async () => {
    const res = await t.send('/login?next=%2Fsites%2Fexample.com');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    const html = await res.text();
    expect(html).toContain('<form method="post" action="/login">');
    expect(html).toContain('name="next" value="/sites/example.com"');
    expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/login\.css\?v=[0-9a-f]{12}"/);
    expect(html).not.toMatch(/<script|style=|<style/);
  });

  it('sends a signed-in visitor straight on', async () => {
    const cookie = await signIn(t.db, 'second@example.com');
    const res = await t.send('/login?next=/sites/x', { headers: { cookie } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sites/x');
  });

  it('sends a signed-in visitor only to a path on this server, whatever dot segments next has', async () => {
    const cookie = await signIn(t.db, 'second@example.com');
    for (const next of ['/.//evil.com', '/x/..//evil.com', '/%2e//evil.com']) {
      const res = await t.send(`/login?next=${encodeURIComponent(next)}`, { headers: { cookie } });
      expect(res.status, next).toBe(303);
      expect(res.headers.get('location'), next).toBe('/');
    }
  });
});

describe('POST /login', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and redirects to next', async () => {
    const res = await login({ ...good, next: '/sites/example.com?period=7d' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sites/example.com?period=7d');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^cairn_session=[A-Za-z0-9_-]{43}; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/);
    const me = await t.send('/api/dashboard/me', { headers: { cookie: `cairn_session=${sessionToken(res)}` } });
    expect(await me.json()).toEqual({ kind: 'user', email: 'owner@example.com' });
  });

  it('marks the cookie Secure when BASE_URL is https', async () => {
    const https = await createTestApp({ env: { BASE_URL: 'https://stats.example.com' }, db: t.db });
    expect((await login(good, https)).headers.get('set-cookie')).toMatch(/; Secure/);
    await https.close();
  });

  it('refuses a login form posted from another site', async () => {
    const res = await login(good, t, { origin: 'https://evil.example', host: 'localhost' });
    expect(res.status).toBe(403);
    expect(sessionToken(res)).toBeUndefined();
    expect((await login(good, t, { origin: 'http://localhost', host: 'localhost' })).status).toBe(303);
  });

  it('redirects only to same-origin paths', async () => {
    for (const next of ['//evil.com', 'https://evil.com', '/\\evil', '/\\/evil.com', 'javascript:alert(1)', '', '/.//evil.com', '/x/..//evil.com', '/%2e//evil.com']) {
      const res = await login({ ...good, next });
      expect(res.status, next).toBe(303);
      expect(res.headers.get('location'), next).toBe('/');
    }
  });

  it('answers a wrong password and an unknown email alike: 401, one generic message', async () => {
    const wrong = await login({ ...good, password: 'wrong password!' });
    const unknown = await login({ email: 'nobody@example.com', password: 'correct horse battery' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await res.text()).toContain('role="alert">Wrong email or password.</p>');
    }
  });

  it('escapes what it echoes', async () => {
    const res = await login({ email: '"><script>alert(1)</script>', password: 'x', next: '/"><b>' });
    const html = await res.text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('refuses an email for 15 minutes after 10 failures in 15 minutes, even with the right password', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-03-01T12:00:00Z'));
    for (let i = 0; i < 10; i++) expect((await login({ ...good, password: `wrong ${i} password` })).status).toBe(401);
    const locked = await login(good);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    expect(await locked.text()).toContain('Too many failed attempts');
    vi.setSystemTime(Date.parse('2026-03-01T12:15:00Z'));
    expect((await login(good)).status).toBe(303);
  });

  it('checks at most 10 passwords of 100 sent at once for one email; the rest are 429 with Retry-After', async () => {
    const attempts = Array.from({ length: 100 }, (_, i) => login({ ...good, password: i === 50 ? good.password : `wrong ${i} password` }));
    const answers = await Promise.all(attempts);
    const checked = answers.filter((res) => res.status === 401 || res.status === 303);
    const refused = answers.filter((res) => res.status === 429);
    expect(checked.length).toBeLessThanOrEqual(10);
    expect(checked.length + refused.length).toBe(100);
    for (const res of refused) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('stops one address after 30 failed sign-ins across emails, while another address still signs in', async () => {
    const from = (ip: string) => (fields: Record<string, string>) =>
      t.send('/login', { method: 'POST', body: new URLSearchParams(fields), ip });
    const attacker = from('198.51.100.1');
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => attacker({ email: `guess${i}@example.com`, password: 'wrong password!' })));
    expect(answers.filter((res) => res.status === 401)).toHaveLength(30);
    expect(answers.filter((res) => res.status === 429)).toHaveLength(10);
    const refused = await attacker(good);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await from('198.51.100.2')(good)).status).toBe(303);
  });

  it('lets the owner sign in from another address while failures from one address lock the email', async () => {
    const from = (ip: string) => (fields: Record<string, string>) =>
      t.send('/login', { method: 'POST', body: new URLSearchParams(fields), ip });
    for (let i = 0; i < 10; i++) expect((await from('198.51.100.1')({ ...good, password: `wrong ${i} password` })).status).toBe(401);
    expect((await from('198.51.100.1')(good)).status).toBe(429);
    expect((await from('203.0.113.50')(good)).status).toBe(303);
  });
});

describe('POST /logout', () => {
  it('ends the session, clears the cookie and goes to /login', async () => {
    const cookie = `cairn_session=${sessionToken(await login(good))}`;
    const res = await t.send('/logout', { method: 'POST', headers: { cookie } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
    expect(res.headers.get('set-cookie')).toMatch(/^cairn_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/);
    expect((await t.send('/api/dashboard/me', { headers: { cookie } })).status).toBe(401);
  });

  it('refuses a logout posted from another site and keeps the session', async () => {
    const cookie = `cairn_session=${sessionToken(await login(good))}`;
    const res = await t.send('/logout', { method: 'POST', headers: { cookie, origin: 'https://evil.example', host: 'localhost' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await t.send('/api/dashboard/me', { headers: { cookie } })).status).toBe(200);
    expect((await t.send('/logout', { method: 'POST', headers: { cookie, origin: 'http://localhost', host: 'localhost' } })).status).toBe(303);
  });
});
