/** Two unrelated origins: a path that stays on both is read as a path wherever a browser resolves it. */
const BASES = ['http://cairn.invalid', 'https://other.invalid:8443'] as const;

/**
 * Where to go after login: a path on this server, or `/`. What is judged is the path this returns
 * (it goes into Location), not what was given: URL parsing resolves dot segments, including
 * encoded ones, so `/.//evil.com` and `/%2e//evil.com` both come out as `//evil.com`, which a
 * browser reads as another host. Anything outside printable ASCII is refused up front, since URL
 * parsers silently drop tabs and newlines.
 */
export function safeNext(next: string | null | undefined): string {
  if (typeof next !== 'string' || next.length > 2000 || !/^\/[\x21-\x7e]*$/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, BASES[0]);
  } catch {
    return '/'; // `//[` names a host that does not parse
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === BASES[0] && isPathOnly(path) ? path : '/';
}

/**
 * A path-absolute reference a browser cannot read as another origin: no `//` or `/\` at its start
 * (browsers treat `\` as `/`), no backslash, whitespace or control character anywhere, and a
 * fixed point of parsing, so resolving it again, against any origin, gives back the same path.
 */
function isPathOnly(path: string): boolean {
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(path) || path.includes('\\')) return false;
  return BASES.every((base) => {
    const url = new URL(path, base);
    return url.origin === base && `${url.pathname}${url.search}${url.hash}` === path;
  });
}
