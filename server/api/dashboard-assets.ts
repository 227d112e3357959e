import fs from 'node:fs';
import path from 'node:path';
import type { Context } from 'hono';
import { PUBLIC_DIR } from '../auth/pages.ts';

/** Where the UI build (dashboard/build.ts) writes its hashed bundles and manifest.json. */
export const DIST_DIR = new URL('../../dashboard/dist/', import.meta.url);

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
/** One flat file name: no slashes, no leading dot, so a request can never leave the two folders. */
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface Manifest {
  appJs: string;
  appCss: string;
}

/**
 * The built bundle names, or null while the UI is not built (or its manifest is unusable).
 * Re-read when the file changes, so `npm run build` next to a running server needs no restart.
 */
export function manifestReader(distDir: URL): () => Manifest | null {
  let cached: { mtimeMs: number; manifest: Manifest | null } | undefined;
  return () => {
    const file = new URL('manifest.json', distDir);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat) return null;
    if (cached?.mtimeMs !== stat.mtimeMs) cached = { mtimeMs: stat.mtimeMs, manifest: parseManifest(fs.readFileSync(file, 'utf8')) };
    return cached.manifest;
  };
}

function parseManifest(text: string): Manifest | null {
  try {
    const m = JSON.parse(text) as Record<string, unknown>;
    const [appJs, appCss] = [m['app.js'], m['app.css']];
    if (typeof appJs === 'string' && typeof appCss === 'string' && SAFE_NAME.test(appJs) && SAFE_NAME.test(appCss)) return { appJs, appCss };
  } catch {
    // a half-written or hand-edited manifest reads as "not built"
  }
  return null;
}

/**
 * GET /assets/<file>: built files, whose names carry their content hash, are immutable for a year;
 * hand-written files from dashboard/public are immutable only when linked with `?v=<hash>`.
 */
export function assetHandler(distDir: URL) {
  return async (c: Context) => {
    const name = c.req.param('file') ?? '';
    const type = TYPES[path.extname(name)];
    if (!SAFE_NAME.test(name) || !type) return c.notFound();
    for (const [dir, immutable] of [[distDir, true], [PUBLIC_DIR, c.req.query('v') !== undefined]] as const) {
      const body = await fs.promises.readFile(new URL(name, dir)).catch(() => null);
      if (!body) continue;
      c.header('Content-Type', type);
      c.header('Cache-Control', immutable ? IMMUTABLE : 'no-cache');
      c.header('X-Content-Type-Options', 'nosniff');
      return c.body(body);
    }
    return c.notFound();
  };
}
