/**
 * Builds the dashboard: dashboard/src/main.tsx (Preact + chart.js, with its CSS imported) into
 * dashboard/dist/app.<hash>.js and app.<hash>.css, plus dashboard/dist/manifest.json
 * `{"app.js": "app.<hash>.js", "app.css": "app.<hash>.css"}` that the server reads to fill the
 * HTML shell. Hash: first 10 hex of the content's sha256, so files can be cached forever.
 *
 *   node --import tsx dashboard/build.ts      (part of npm run build)
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const DASHBOARD_DIR = dirname(fileURLToPath(import.meta.url));
export const DIST_DIR = join(DASHBOARD_DIR, 'dist');
const ENTRY = join(DASHBOARD_DIR, 'src', 'main.tsx');

/** All JavaScript, gzip -9 bytes; size.test.ts asserts it. */
export const JS_BUDGET = 150 * 1024;

export interface DashboardManifest {
  'app.js': string;
  'app.css': string;
}

export interface BuildResult {
  manifest: DashboardManifest;
  js: { bytes: number; gzipBytes: number };
  css: { bytes: number; gzipBytes: number };
}

export const gzipSize = (data: string | Uint8Array): number => gzipSync(data, { level: 9 }).length;
const hashOf = (data: Uint8Array) => createHash('sha256').update(data).digest('hex').slice(0, 10);

/** The minified JS and CSS, in memory. */
export async function bundleDashboard(): Promise<{ js: Uint8Array; css: Uint8Array }> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    outdir: DIST_DIR,
    entryNames: 'app',
    format: 'esm',
    target: 'es2020',
    platform: 'browser',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    charset: 'utf8',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'));
  if (!js || !css) throw new Error('dashboard build: esbuild did not produce both app.js and app.css');
  return { js: js.contents, css: css.contents };
}

/** Write-then-rename, so a concurrent reader never sees a half-written file. */
async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

export async function buildDashboard(): Promise<BuildResult> {
  const { js, css } = await bundleDashboard();
  await mkdir(DIST_DIR, { recursive: true });
  const manifest: DashboardManifest = { 'app.js': `app.${hashOf(js)}.js`, 'app.css': `app.${hashOf(css)}.css` };
  await writeAtomic(join(DIST_DIR, manifest['app.js']), js);
  await writeAtomic(join(DIST_DIR, manifest['app.css']), css);
  await writeAtomic(join(DIST_DIR, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  // Older builds' files: only the current ones stay.
  const keep = new Set(Object.values(manifest));
  for (const file of await readdir(DIST_DIR)) {
    if (/^app\.[0-9a-f]{10}\.(js|css)$/.test(file) && !keep.has(file)) await unlink(join(DIST_DIR, file)).catch(() => {});
  }
  return {
    manifest,
    js: { bytes: js.length, gzipBytes: gzipSize(js) },
    css: { bytes: css.length, gzipBytes: gzipSize(css) },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildDashboard().then(
    ({ manifest, js, css }) => {
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      console.log(`${manifest['app.js']}: ${kb(js.bytes)}, ${kb(js.gzipBytes)} gzip -9 (budget ${kb(JS_BUDGET)})`);
      console.log(`${manifest['app.css']}: ${kb(css.bytes)}, ${kb(css.gzipBytes)} gzip -9`);
      if (js.gzipBytes > JS_BUDGET) {
        console.error('dashboard JavaScript is over its gzip budget');
        process.exit(1);
      }
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
