import type { Db } from '../../db/connect.ts';
import { createEventAppender, type EventInsert } from '../../db/event-appender.ts';
import type { Site } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { GeoInfo, GeoLookup } from '../enrich/geo.ts';
import { createLruCache } from '../enrich/lru-cache.ts';
import { createEnricher } from '../enricher.ts';
import { dropReason, prepareRow, type DropReason } from '../ingest.ts';
import { compileSiteRules } from '../site-rules.ts';
import { parseImportLine } from './import-line.ts';
import { createImportVisitors } from './import-visitors.ts';

/** Rows per transaction: large enough that commits are noise, small enough to hold the write lock briefly. */
export const BATCH_ROWS = 5_000;
/** How many rejected lines the summary names; the rest are only counted. */
export const MAX_REJECTIONS_LISTED = 10;
const PROGRESS_EVERY = 1_024;
const GEO_CACHE_SIZE = 10_000;

export interface ImportOptions {
  geo: GeoLookup;
  /** Called with the number of lines read so far, every thousand lines or so and at the end. */
  onProgress?: (lines: number) => void;
  /** Count malformed lines as rejected and go on, instead of stopping at the first. */
  skipInvalid?: boolean;
}

export interface ImportSummary {
  /** Lines read, blank ones included, so the number matches the file's line numbers. */
  lines: number;
  imported: number;
  /** Valid events the collector would have dropped too (bots, foreign hostnames, exclusions). */
  skipped: number;
  skippedBy: Partial<Record<DropReason, number>>;
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

/**
 * Imports NDJSON events into one site through the collector's own validation, drop rules and
 * enrichment (payload.ts, ingest.ts), with visitor keys under salts that die with the import.
 * Per-line work is synchronous; the only await is the line iterator, and rows are committed
 * BATCH_ROWS at a time through the collector's prepared multi-row insert.
 */
export async function importEvents(db: Db, site: Site, lines: AsyncIterable<string>, options: ImportOptions): Promise<ImportSummary> {
  const { onProgress, skipInvalid = false } = options;
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

  for await (const text of lines) {
    const lineNo = ++summary.lines;
    if (onProgress && lineNo % PROGRESS_EVERY === 0) onProgress(lineNo);
    if (!/\S/.test(text)) continue;
    let line;
    try {
      line = parseImportLine(text, site.domain, now);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (!skipInvalid) {
        commit();
        throw new ImportLineError(lineNo, error.message, summary);
      }
      summary.rejected++;
      if (summary.rejections.length < MAX_REJECTIONS_LISTED) summary.rejections.push({ line: lineNo, reason: error.message });
      continue;
    }
    const { payload, ctx } = line;
    const dropped = enricher.isBot(ctx.userAgent) ? 'bot' : dropReason(rules, payload, ctx);
    if (dropped) {
      summary.skipped++;
      summary.skippedBy[dropped] = (summary.skippedBy[dropped] ?? 0) + 1;
      continue;
    }
    const visitor = visitorFor(ctx.ts, ctx.ip, ctx.userAgent);
    rows.push(prepareRow(rules, payload, ctx, visitor, enricher.geo(ctx.ip), enricher));
    if (rows.length >= BATCH_ROWS) commit();
  }
  commit();
  onProgress?.(summary.lines);
  return summary;
}

/** A visit's events sit close together in an export, so one address repeats within a few lines. */
function cachedGeo(lookup: GeoLookup): GeoLookup {
  const cache = createLruCache<string, GeoInfo>(GEO_CACHE_SIZE);
  return (ip) => {
    let geo = cache.get(ip);
    if (!geo) {
      geo = lookup(ip);
      cache.set(ip, geo);
    }
    return geo;
  };
}
