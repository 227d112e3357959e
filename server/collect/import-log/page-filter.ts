import type { LogEntry } from './log-entry.ts';

/** Why a request is not a page view; summed in the import's summary under these names. */
export type PageSkipReason = 'not_get' | 'status' | 'not_page' | 'asset' | 'not_html';

/**
 * Files a page pulls in or links to, by extension. Downloads (pdf, zip, ...) are left out too:
 * one PDF view is often several range requests, and a crawler's fetch looks the same as a click.
 * The tracker's extended build counts download clicks as `File Download` events instead.
 */
const ASSET_EXTENSIONS = new Set([
  'css', 'js', 'mjs', 'cjs', 'map', 'wasm', 'json', 'webmanifest', 'xml', 'rss', 'atom', 'txt', 'csv',
  'png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'ico', 'bmp', 'tif', 'tiff', 'heic',
  'woff', 'woff2', 'ttf', 'eot', 'otf',
  'mp4', 'webm', 'ogv', 'mov', 'm4v', 'mp3', 'ogg', 'oga', 'wav', 'flac', 'm4a', 'aac', 'vtt',
  'pdf', 'zip', 'gz', 'tgz', 'bz2', 'xz', '7z', 'rar', 'tar', 'dmg', 'exe', 'msi', 'pkg', 'deb', 'rpm', 'apk', 'iso',
  'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'epub',
]);

/**
 * Paths that are never pages: what browsers and crawlers fetch on their own, and Cairn's own
 * endpoints (when Cairn is served from the site's domain, or for Matomo-compatible tracking).
 * Admin areas and probes are left to the site's excluded paths (`/wp-admin/**`), which apply as well.
 */
const NOT_PAGES = new Set([
  '/favicon.ico', '/robots.txt', '/sitemap.xml', '/ads.txt', '/humans.txt',
  '/api/event', '/cairn.js', '/cairn.ext.js', '/p.gif', '/matomo.php', '/piwik.php',
]);

/**
 * Kept: GET (not HEAD: browsers do not load pages with it; monitors and link checkers do),
 * answered 2xx or 304 (a browser revalidating a page it has cached is a view too), for a path
 * without an asset extension, and, when the log has the response's Content-Type, an HTML one.
 */
export function pageSkipReason(entry: LogEntry, path: string): PageSkipReason | undefined {
  if (entry.method !== 'GET') return 'not_get';
  if (!((entry.status >= 200 && entry.status <= 299) || entry.status === 304)) return 'status';
  // `*`, or an absolute-form target (`GET http://other.example/ HTTP/1.1`): a proxy probe.
  if (!path.startsWith('/')) return 'not_page';
  const lower = path.toLowerCase();
  if (NOT_PAGES.has(lower) || lower.startsWith('/.well-known/') || lower.startsWith('/js/cairn.')) return 'not_page';
  if (ASSET_EXTENSIONS.has(extension(lower))) return 'asset';
  if (entry.contentType && !isHtml(entry.contentType)) return 'not_html';
  return undefined;
}

/** The path of a request target: the part before `?` or `#`. */
export function targetPath(target: string): string {
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}

function extension(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot + 1);
}

function isHtml(contentType: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'text/html' || type === 'application/xhtml+xml';
}
