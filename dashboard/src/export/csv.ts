/**
 * CSV per RFC 4180: CRLF line ends, fields with a comma, quote, CR or LF quoted, quotes doubled.
 * Text cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a
 * leading ' first, since page paths, referrers and property values come from visitors.
 * Numbers are written as numbers.
 */

export type Cell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(heading: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  return [heading, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
