import { normalizeDomain } from '../admin/sites.ts';
import { findSiteByDomain } from '../admin/sites.queries.ts';
import { openGeoLookup } from '../collect/enrich/geo.ts';
import { ImportLineError, importEvents, type ImportSummary, type LineParser } from '../collect/import/import-events.ts';
import { openImportSource } from '../collect/import/import-source.ts';
import { createProgressBar } from '../collect/import/progress-bar.ts';
import { badRequest } from '../errors.ts';
import type { Site } from '../db/schema.ts';
import type { Command, CommandContext } from './command.ts';
import { jsonText, line } from './output.ts';
import { UsageError } from './site-commands.ts';

const number = (n: number) => n.toLocaleString('en-US');

export const importCommand: Command = {
  usage: 'import <file.ndjson|file.ndjson.gz|-> --site <domain> [--skip-invalid]',
  options: { site: { type: 'string' }, 'skip-invalid': { type: 'boolean' } },
  async run(ctx) {
    await runImport(ctx, 'import');
  },
};

/**
 * The steps every import command shares: the site, the file, GeoIP, the progress bar, and an
 * error at a bad line that says how to go on. `parseLine` reads the command's format.
 */
export async function runImport(
  { config, db, args, values, out }: CommandContext,
  name: string,
  format: {
    parseLine?: (site: Site) => LineParser;
    unit?: string;
    skippedNote?: string;
    /** Said instead of "fix the line" when no line before the bad one could be read: likely the wrong format. */
    wrongFormat?: string;
  } = {},
): Promise<void> {
  const [file] = args;
  if (!file) throw new UsageError(`${name} needs a file, or - for stdin`);
  if (typeof values.site !== 'string') throw new UsageError(`${name} needs --site <domain>`);
  // The site is checked before a byte is read, so a typo never half-consumes stdin.
  const domain = normalizeDomain(values.site);
  const site = await findSiteByDomain(db.kysely, domain);
  if (!site) throw badRequest(`no site "${domain}"; add it first with: npx cairn site add ${domain}`);
  const parseLine = format.parseLine?.(site);
  const source = await openImportSource(file);
  const geo = await openGeoLookup({ cityDbPath: config.geoipDb });
  const bar = !out.json && process.stderr.isTTY ? createProgressBar(process.stderr, source) : undefined;
  let summary: ImportSummary;
  try {
    summary = await importEvents(db, site, source.lines, { geo, onProgress: bar?.update, skipInvalid: values['skip-invalid'] === true, parseLine });
  } catch (error) {
    if (error instanceof ImportLineError) {
      // Re-running the whole file would store the committed events twice: say how to go on instead.
      const fix = error.reason.startsWith('cannot read') ? 'get a complete file' : 'fix the line (or use --skip-invalid)';
      const { imported, skipped } = error.summary;
      if (format.wrongFormat && imported + skipped === 0 && !error.reason.startsWith('cannot read')) {
        throw badRequest(`${error.message}. ${format.wrongFormat}`, error.code);
      }
      throw badRequest(`${error.message}. Nothing after it was imported: ${fix} and import from line ${error.line} on (tail -n +${error.line})`, error.code);
    }
    throw error;
  } finally {
    bar?.done();
  }
  out.write(out.json ? `${jsonText(summary)}\n` : formatSummary(summary, format.unit, format.skippedNote));
}

export function formatSummary(s: ImportSummary, unit = 'event', skippedNote = 'dropped as the collector would: '): string {
  const text = [`imported ${number(s.imported)} ${unit}${s.imported === 1 ? '' : 's'} from ${number(s.lines)} lines`];
  if (s.skipped > 0) {
    const reasons = Object.entries(s.skippedBy).map(([reason, n]) => `${reason.replaceAll('_', ' ')} ${number(n)}`);
    text.push(`skipped ${number(s.skipped)} (${skippedNote}${reasons.join(', ')})`);
  }
  if (s.rejected > 0) {
    text.push(`rejected ${number(s.rejected)} malformed line${s.rejected === 1 ? '' : 's'}:`);
    for (const r of s.rejections) text.push(`  line ${r.line}: ${r.reason}`);
    if (s.rejected > s.rejections.length) text.push(`  ...and ${number(s.rejected - s.rejections.length)} more`);
  }
  // A rejection's reason may quote the file.
  return text.map(line).join('');
}
