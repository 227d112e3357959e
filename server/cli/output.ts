/** Prints a command's result: JSON with --json, else a plain table or message. */
export interface Output {
  json: boolean;
  write(text: string): void;
}

export function printRows(out: Output, rows: Record<string, unknown>[], empty: string) {
  if (out.json) return out.write(`${JSON.stringify(rows, null, 2)}\n`);
  if (rows.length === 0) return out.write(`${empty}\n`);
  const columns = Object.keys(rows[0]!);
  const cell = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? ''));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  out.write(`${[line(columns), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n')}\n`);
}

export function printObject(out: Output, value: Record<string, unknown>, message: string) {
  out.write(out.json ? `${JSON.stringify(value, null, 2)}\n` : `${message}\n`);
}
