/**
 * Where to go after login: a path on this server, or `/`. Anything that a browser could read
 * as another origin is refused: `//evil.com` and `/\evil.com` (browsers treat `\` as `/`),
 * absolute URLs, and whitespace or control characters, which URL parsers silently drop.
 */
export function safeNext(next: string | null | undefined): string {
  if (typeof next !== 'string' || next.length > 2000) return '/';
  if (!/^\/[\x21-\x7e]*$/.test(next) || next.startsWith('//') || next.includes('\\')) return '/';
  // Belt and braces: whatever the checks above missed, the parsed URL must stay on our origin.
  const base = 'http://cairn.invalid';
  const url = new URL(next, base);
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
}
