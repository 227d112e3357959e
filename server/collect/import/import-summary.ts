import { AppError } from '../../errors.ts';

/** How many rejected lines the summary names; the rest are only counted. */
export const MAX_REJECTIONS_LISTED = 10;

export interface ImportSummary {
  /** Lines read, blank ones included, so the number matches the file's line numbers. */
  lines: number;
  imported: number;
  /** Valid events the collector would have dropped too (bots, foreign hostnames, exclusions), or lines the parser passed over. */
  skipped: number;
  /** By DropReason, or by the reason a LineParser gave (`cairn import-log`: `not_get`, `asset`, ...). */
  skippedBy: Record<string, number>;
  rejected: number;
  /** The first rejected lines with their reasons. */
  rejections: { line: number; reason: string }[];
}

/** The import stopped at a malformed line; everything committed before it stays. An AppError, so the CLI exits 2. */
export class ImportLineError extends AppError {
  constructor(readonly line: number, readonly reason: string, readonly summary: ImportSummary) {
    const before = `imported ${summary.imported} event${summary.imported === 1 ? '' : 's'} before line ${line}`;
    super(400, 'invalid_line', `line ${line}: ${reason} (${before})`);
  }
}
