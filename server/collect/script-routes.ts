import fs from 'node:fs';
import { Hono } from 'hono';

const DIST = new URL('../../tracker/dist/', import.meta.url);
const SCRIPTS = ['cairn.js', 'cairn.ext.js', 'matomo.js'] as const;

interface Script {
  body: string;
  hash: string;
}

function loadScripts(): Map<string, Script> {
  const manifestFile = new URL('manifest.json', DIST);
  if (!fs.existsSync(manifestFile)) {
    throw new Error('tracker/dist is missing: run `npm run build` first (npm start does it for you)');
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, { hash: string }>;
  return new Map(
    SCRIPTS.map((name) => [name, { body: fs.readFileSync(new URL(name, DIST), 'utf8'), hash: manifest[name]!.hash }]),
  );
}

/**
 * Serves the tracker. The embed URL `/cairn.js` never changes, so it is cached for a day and
 * revalidated by ETag; `/cairn.js?v=<hash>` and `/js/cairn.<hash>.js` are immutable for a year.
 *
 * matomo.js, for the Matomo `_paq` snippet, answers at `/matomo.js` and `/piwik.js` only: no
 * hashed `/js/…` copy (paths under `/js/` belong to the Matomo tracking API), and no path prefixes
 * (a mid-path wildcard or regex route turns Hono's router from RegExpRouter to TrieRouter for
 * every route, the collector's included).
 */
export function scriptRoutes() {
  const scripts = loadScripts();
  const app = new Hono();
  for (const [name, script] of scripts) {
    const etag = `"${script.hash}"`;
    const hashed = name.replace(/\.js$/, `.${script.hash}.js`);
    const serve = (immutable: boolean) => (c: import('hono').Context) => {
      const versioned = immutable || c.req.query('v') === script.hash;
      c.header('Content-Type', 'application/javascript; charset=utf-8');
      c.header('ETag', etag);
      c.header('Access-Control-Allow-Origin', '*');
      c.header(
        'Cache-Control',
        versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=86400, stale-while-revalidate=604800',
      );
      if (c.req.header('if-none-match') === etag) return c.body(null, 304);
      return c.body(script.body);
    };
    if (name === 'matomo.js') {
      app.get('/matomo.js', serve(false));
      app.get('/piwik.js', serve(false));
      continue;
    }
    app.get(`/${name}`, serve(false));
    app.get(`/js/${hashed}`, serve(true));
  }
  return app;
}
