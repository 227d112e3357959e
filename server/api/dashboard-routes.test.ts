import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../../tests/helpers/test-app.ts';
import { addSite } from '../admin/sites.ts';
import { CONTENT_SECURITY_POLICY } from '../auth/html.ts';
import { loginRoutes } from '../auth/login-routes.ts';
import { createErrorHandler } from '../errors.ts';
import { createLogger } from '../log.ts';
import { dashboardRoutes } from './dashboard-routes.ts';

let t: TestApp;
let dist: string;
let app: Hono;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  await addSite(t.db.kysely, { domain: 'example.com' });
  cookie = await signIn(t.db);
  // The UI's build output lives in a temporary folder, so these tests do not depend on (or race) a real build.
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-dist-'));
  app = new Hono();
  app.onError(createErrorHandler(createLogger('silent')));
  app.notFound((c) => c.json({ error: 'not found', code: 'not_found' }, 404));
  app.route('/', loginRoutes(t.config, t.db));
  app.route('/', dashboardRoutes(t.config, t.db, { distDir: pathToFileURL(`${dist}/`) }));
});
afterEach(async () => {
  fs.rmSync(dist, { recursive: true, force: true });
  await t.close();
  await t.db.close();
});

const get = (url: string, headers: Record<string, string> = { cookie }) => app.request(url, { headers });
function build() {
  fs.writeFileSync(path.join(dist, 'app.3f2a9c1d.js'), 'console.log("dashboard")');
  fs.writeFileSync(path.join(dist, 'app.77aa00bb.css'), 'body{color:red}');
  fs.writeFileSync(path.join(dist, 'manifest.json'), JSON.stringify({ 'app.js': 'app.3f2a9c1d.js', 'app.css': 'app.77aa00bb.css' }));
}
function expectHtmlHeaders(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('same-origin');
}

describe('dashboard pages', () => {
  it('send visitors without a session to the login page, keeping where they were going', async () => {
    expect((await get('/', {})).headers.get('location')).toBe('/login');
    const res = await get('/sites/example.com?period=7d', { cookie: 'cairn_session=expired-or-forged' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fsites%2Fexample.com%3Fperiod%3D7d');
  });

  it('treat an expired session as none', async () => {
    await t.db.kysely.updateTable('sessions').set({ expires_at: Date.now() - 1 }).execute();
    const res = await get('/');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
  });

  it('fill the shell: built asset paths, the site escaped in data-site, no inline code', async () => {
    build();
    const res = await get('/sites/Example.com');
    expect(res.status).toBe(200);
    expectHtmlHeaders(res);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('set-cookie')).toMatch(/^cairn_session=.*Max-Age=2592000/); // the browser's copy slides too
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/assets/app.3f2a9c1d.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/assets/app.77aa00bb.css" />');
    expect(html).toContain('<body data-site="example.com" data-base-url="http://localhost:8080">');
    expect(html).not.toMatch(/\{\{|<script>|<style|style=/);
    expect(await (await get('/')).text()).toContain('<body data-site="" ');
  });

  it('answer an unknown site with a 404 page', async () => {
    build();
    for (const url of ['/sites/nope.example', '/sites/%22%3E%3Cscript%3E']) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expectHtmlHeaders(res);
      expect(await res.text()).not.toContain('<script');
    }
  });

  it('serve a placeholder, not a 500, until the UI is built', async () => {
    for (const url of ['/', '/sites/example.com']) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expectHtmlHeaders(res);
      expect(await res.text()).toContain('npm run build');
    }
    fs.writeFileSync(path.join(dist, 'manifest.json'), '{"app.js": "../../etc/passwd"');
    expect(await (await get('/')).text()).toContain('npm run build');
  });

  it('send the security headers on the login page too', async () => {
    expectHtmlHeaders(await get('/login', {}));
  });
});

describe('GET /assets/<file>', () => {
  it('serves built files as immutable, with their content types', async () => {
    build();
    const js = await get('/assets/app.3f2a9c1d.js', {});
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log("dashboard")');
    expect((await get('/assets/app.77aa00bb.css', {})).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves the login stylesheet, immutable when versioned', async () => {
    const html = await (await get('/login', {})).text();
    const href = /href="(\/assets\/login\.css\?v=[0-9a-f]+)"/.exec(html)![1]!;
    const css = await get(href, {});
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await css.text()).toContain('prefers-color-scheme: dark');
  });

  it('refuses names outside the two folders and unknown types', async () => {
    build();
    for (const url of ['/assets/manifest.json', '/assets/..%2Fpackage.json', '/assets/.hidden.js', '/assets/missing.js', '/assets/login.html']) {
      expect((await get(url, {})).status, url).toBe(404);
    }
  });
});

describe('GET /favicon.ico', () => {
  it('answers with an ICO holding a 32×32 PNG, without a session', async () => {
    const res = await get('/favicon.ico', {});
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    const body = Buffer.from(await res.arrayBuffer());
    expect([...body.subarray(0, 6)]).toEqual([0, 0, 1, 0, 1, 0]);
    expect(body.readUInt32LE(18)).toBe(22);
    const png = body.subarray(22);
    expect(png.readUInt32LE(0)).toBe(0x474e5089);
    expect(png.length).toBe(body.readUInt32LE(14));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([32, 32]);
  });
});

describe('the full app', () => {
  it('mounts the dashboard: / goes to /login without a session', async () => {
    const res = await t.send('/');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
  });
});
