/**
 * One spelling per page: no trailing slash (but the root), upper-case percent-escapes,
 * and at most 2,000 characters. `/Blog/`, `/Blog` and `/%7eme` vs `/%7Eme` are then one row.
 */
export function normalizePath(pathname: string): string {
  let path = pathname.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
  if (path.length > 1) path = path.replace(/\/+$/, '') || '/';
  return path.slice(0, 2_000);
}
