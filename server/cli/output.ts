/** Prints a command's result: JSON with --json, else a plain table or message. */
export interface Output {
  json: boolean;
  write(text: string): void;
}

/**
 * What a terminal acts on instead of showing: C0 controls (tab and newline too, since inside a
 * field they would fake a new row or line), DEL, C1 controls (0x9b alone starts a CSI sequence,
 * as ESC [ does) and the bidi embeddings, overrides and isolates that reorder what follows. Goal,
 * key and site names, emails and import errors quoting a file all reach the terminal, and some
 * come from whoever can write an access log or a dashboard field.
 */
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

/** Text for a person's terminal: every character it would act on shown as a visible escape. */
export function visible(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? (c <= '\xff' ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/**
 * JSON for a machine that a person may `cat` too: JSON.stringify escapes C0 but writes DEL, C1
 * and bidi controls raw, which JSON allows; as \u escapes they read back the same.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}
/** UNSAFE but C0, which JSON.stringify escapes in strings; outside them its newlines are the layout. */
const UNSAFE_IN_JSON = /[\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/** One line of text for a person, on stdout or stderr, with its fields already in it. */
export const line = (text: string) => `${visible(text)}\n`;

export function printRows(out: Output, rows: Record<string, unknown>[], empty: string) {
  if (out.json) return out.write(`${jsonText(rows)}\n`);
  if (rows.length === 0) return out.write(line(empty));
  const columns = Object.keys(rows[0]!);
  const cell = (v: unknown) => visible(typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? ''));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const row = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  out.write(`${[row(columns.map(visible)), ...rows.map((r) => row(columns.map((c) => cell(r[c]))))].join('\n')}\n`);
}

export function printObject(out: Output, value: Record<string, unknown>, message: string) {
  out.write(out.json ? `${jsonText(value)}\n` : line(message));
}
