import type { Db } from '../../db/connect.ts';
import type { Site } from '../../db/schema.ts';
import { badRequest } from '../../errors.ts';
import { importEvents, type ImportOptions, type ImportSummary, type LineParser } from '../import/import-events.ts';
import { MAX_LINE_LENGTH, unmapIpv4 } from '../import/import-line.ts';
import { parseEventPayload } from '../payload.ts';
import { LIMITS } from '../../vocabulary/event-limits.ts';
import { parseCaddyLine } from './caddy-format.ts';
import { parseCombinedLine, parseCommonLine } from './clf-format.ts';
import type { LogEntry, LogParser } from './log-entry.ts';
import { pageSkipReason, targetPath } from './page-filter.ts';

export const LOG_FORMATS: Record<string, LogParser> = {
  combined: parseCombinedLine,
  common: parseCommonLine,
  'caddy-json': parseCaddyLine,
};

// A Host header is a name or [IPv6], and an optional port; anything else was never the site.
const HOST = /^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * Access-log lines → page views for `domain`'s site: the format's parser reads a line, the page
 * filter keeps successful GETs of pages, and the result is the tracker's pageview as the
 * collector would have received it, for importEvents' validation, bot check and drop rules.
 */
export function logLineParser(format: string, domain: string): LineParser {
  const parse = Object.hasOwn(LOG_FORMATS, format) ? LOG_FORMATS[format] : undefined;
  if (!parse) throw badRequest(`unknown log format "${format}": use ${Object.keys(LOG_FORMATS).join(', ')}`);
  return (text, now) => {
    if (text.length > MAX_LINE_LENGTH) throw badRequest(`line is longer than ${MAX_LINE_LENGTH} characters`);
    const entry = parse(text, now);
    if ('skip' in entry) return entry;
    const skip = pageSkipReason(entry, targetPath(entry.target));
    if (skip) return { skip };
    const host = entry.host ?? domain;
    if (!HOST.test(host)) return { skip: 'hostname_not_allowed' };
    return {
      payload: parseEventPayload({ n: 'pageview', u: pageUrl(host, entry.target), d: domain, r: fit(entry.referrer) }),
      ctx: {
        ip: unmapIpv4(entry.ip),
        userAgent: entry.userAgent ?? '',
        acceptLanguage: entry.acceptLanguage,
        doNotTrack: entry.doNotTrack ?? false,
        ts: entry.ts,
      },
      noUserAgent: entry.userAgent === undefined,
    };
  };
}

/** Imports an access log into one site as page views; see logLineParser. */
export function importLog(db: Db, site: Site, lines: AsyncIterable<string>, format: string, options: ImportOptions): Promise<ImportSummary> {
  return importEvents(db, site, lines, { ...options, parseLine: logLineParser(format, site.domain) });
}

/**
 * Logs record the scheme only in Caddy's `tls` field, and sites are https now. A query string
 * that would take the URL past the collector's limit is dropped, keeping the page view.
 */
function pageUrl(host: string, target: string): string {
  const url = `https://${host}${target}`;
  return url.length > LIMITS.urlLength ? `https://${host}${targetPath(target)}` : url;
}

/** A referrer past the collector's limit is cut to its origin: only its host and source are kept anyway. */
function fit(referrer: LogEntry['referrer']): string | undefined {
  if (referrer === '') return undefined;
  if (referrer.length <= LIMITS.urlLength) return referrer;
  try {
    return new URL(referrer).origin;
  } catch {
    return undefined;
  }
}
