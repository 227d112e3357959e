/**
 * Builds the browser tracker: tracker/dist/cairn.js (default) and
 * tracker/dist/cairn.ext.js (+ file downloads and tagged events) from the one
 * source tracker/src/cairn.ts, switched by the compile-time `EXT` flag; and
 * tracker/dist/matomo.js (the Matomo `_paq` snippet's script) from
 * tracker/src/matomo.ts.
 *
 *   node --import tsx tracker/build.ts      (npm run build)
 *
 * Also writes tracker/dist/manifest.json with a content hash (for cache
 * busting / integrity checks by the server) and raw + gzip -9 sizes.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface ManifestEntry {
  /** First 10 hex chars of the sha256 of the file. */
  hash: string;
  bytes: number;
  /** gzip level 9 size, the number the size budget is about. */
  gzipBytes: number;
}
export type Manifest = Record<'cairn.js' | 'cairn.ext.js' | 'matomo.js', ManifestEntry>;

export const TRACKER_DIR = dirname(fileURLToPath(import.meta.url));
export const DIST_DIR = join(TRACKER_DIR, 'dist');
const ENTRY = join(TRACKER_DIR, 'src', 'cairn.ts');
const MATOMO_ENTRY = join(TRACKER_DIR, 'src', 'matomo.ts');

/** Hard budgets (gzip -9 bytes); size.test.ts asserts them. */
export const BUDGETS: Record<keyof Manifest, number> = { 'cairn.js': 1000, 'cairn.ext.js': 1400, 'matomo.js': 2000 };

export const gzipSize = (code: string | Uint8Array): number => gzipSync(code, { level: 9 }).length;

/** Minified code of one variant of cairn.js, in memory. */
export const bundle = (ext: boolean): Promise<string> => minified(ENTRY, ext);

/** Minified matomo.js, in memory. */
export const bundleMatomo = (): Promise<string> => minified(MATOMO_ENTRY, false);

async function minified(entry: string, ext: boolean): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    // Every browser with fetch keepalive runs ES2020; keeps `?.` native.
    target: 'es2020',
    platform: 'browser',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    define: { EXT: String(ext) },
    logLevel: 'silent',
  });
  // esbuild ends the file with a newline; drop it, every byte counts.
  // The IIFE does not need "use strict" (nothing relies on strict semantics).
  return result.outputFiles[0].text.replace(/^"use strict";/, "").trimEnd();
}

/** Write-then-rename, so a concurrent reader (another test worker) never sees a half-written file. */
async function writeAtomic(path: string, data: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

export async function buildTracker(): Promise<Manifest> {
  const [main, ext, matomo] = await Promise.all([bundle(false), bundle(true), bundleMatomo()]);
  await mkdir(DIST_DIR, { recursive: true });
  const manifest = {} as Manifest;
  for (const [file, code] of [
    ['cairn.js', main],
    ['cairn.ext.js', ext],
    ['matomo.js', matomo],
  ] as const) {
    await writeAtomic(join(DIST_DIR, file), code);
    manifest[file] = {
      hash: createHash('sha256').update(code).digest('hex').slice(0, 10),
      bytes: Buffer.byteLength(code),
      gzipBytes: gzipSize(code),
    };
  }
  await writeAtomic(join(DIST_DIR, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildTracker().then(
    (manifest) => {
      for (const [file, m] of Object.entries(manifest)) {
        const budget = BUDGETS[file as keyof Manifest];
        console.log(`${file}: ${m.bytes} B, ${m.gzipBytes} B gzip -9 (budget ${budget}) ${m.hash}`);
      }
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
