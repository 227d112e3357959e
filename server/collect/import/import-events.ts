import type { Db } from '../../db/connect.ts';
import { createEventAppender, type EventInsert } from '../../db/event-appender.ts';
import type { Site } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { GeoLookup } from '../enrich/geo.ts';
import { createEnricher } from '../enricher.ts';
import { dropReason, prepareRow } from '../ingest.ts';
import { compileSiteRules } from '../site-rules.ts';
import { cachedGeo } from './cached-geo.ts';
import { parseImportLine, type ImportLine } from './import-line.ts';
import { ImportLineError, MAX_REJECTIONS_LISTED, type ImportSummary } from './import-summary.ts';
import { createImportVisitors } from './import-visitors.ts';

export { ImportLineError, type ImportSummary } from './import-summary.ts';
export type { ImportLine } from './import-line.ts';

/** Rows per transaction: large enough that commits are noise, small enough to hold the write lock briefly. */
export const BATCH_ROWS = 5_000;
const PROGRESS_EVERY = 1_024;

export interface ImportOptions {
  geo: GeoLookup;
  /** Called with the number of lines read so far, every thousand lines or so and at the end. */
  onProgress?: (lines: number) => void;
  /** Count malformed lines as rejected and go on, instead of stopping at the first. */
  skipInvalid?: boolean;
  /** Reads one non-blank line; the default reads `cairn import`'s NDJSON. */
  parseLine?: LineParser;
}

/**
 * One line → an event as the collector would have received it, or `{ skip }` with the reason
 * it is not one (counted in skippedBy). Throws AppError for a malformed line.
 */
export type LineParser = (text: string, now: number) => ImportLine | { skip: string };

/**
 * Imports events (NDJSON lines, or whatever `parseLine` reads) into one site through the collector's own validation, drop rules and
 * enrichment (payload.ts, ingest.ts), with visitor keys under salts that die with the import.
 * Per-line work is synchronous; the only await is the line iterator, and rows are committed
 * BATCH_ROWS at a time through the collector's prepared multi-row insert.
 */
export async function importEvents(db: Db, site: Site, lines: AsyncIterable<string>, options: ImportOptions): Promise<ImportSummary> {
  const { onProgress, skipInvalid = false } = options;
  const parseLine = options.parseLine ?? ((text, now) => parseImportLine(text, site.domain, now));
  const rules = compileSiteRules(site);
  const enricher = createEnricher(cachedGeo(options.geo));
  const visitorFor = createImportVisitors(site.id, site.timezone);
  const append = createEventAppender(db);
  const now = Date.now();
  const summary: ImportSummary = { lines: 0, imported: 0, skipped: 0, skippedBy: {}, rejected: 0, rejections: [] };
  let rows: EventInsert[] = [];
  const commit = () => {
    if (rows.length > 0) append(rows);
    summary.imported += rows.length;
    rows = [];
  };

  function handle(text: string, lineNo: number) {
    if (!/\S/.test(text)) return;
    let line;
    try {
      line = parseLine(text, now);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (!skipInvalid) {
        commit();
        throw new ImportLineError(lineNo, error.message, summary);
      }
      summary.rejected++;
      if (summary.rejections.length < MAX_REJECTIONS_LISTED) summary.rejections.push({ line: lineNo, reason: error.message });
      return;
    }
    if ('skip' in line) return skip(line.skip);
    const { payload, ctx } = line;
    // A source without user agents (Common Log Format) would otherwise be all bots.
    const isBot = line.noUserAgent ? false : enricher.isBot(ctx.userAgent);
    const dropped = isBot ? 'bot' : dropReason(rules, payload, ctx);
    if (dropped) return skip(dropped);
    const visitor = visitorFor(ctx.ts, ctx.ip, ctx.userAgent);
    rows.push(prepareRow(rules, payload, ctx, visitor, enricher.geo(ctx.ip), enricher));
    if (rows.length >= BATCH_ROWS) commit();
  }

  function skip(reason: string) {
    summary.skipped++;
    summary.skippedBy[reason] = (summary.skippedBy[reason] ?? 0) + 1;
  }

  // Iterated by hand, not for-await, to tell an input that breaks off from a line that is bad.
  const iterator = lines[Symbol.asyncIterator]();
  let next: IteratorResult<string> | undefined;
  try {
    for (;;) {
      try {
        next = await iterator.next();
      } catch (error) {
        // A truncated .gz or a vanished file: keep what was read, and say where it broke off.
        commit();
        throw new ImportLineError(summary.lines + 1, `cannot read the input: ${(error as Error).message}`, summary);
      }
      if (next.done) break;
      const lineNo = ++summary.lines;
      if (onProgress && lineNo % PROGRESS_EVERY === 0) onProgress(lineNo);
      handle(next.value, lineNo);
    }
  } finally {
    // Stopped at a bad line: close the file or stdin rather than leave it open.
    if (next && !next.done) await iterator.return?.();
  }
  commit();
  onProgress?.(summary.lines);
  return summary;
}
